"""Re-encrypting every encrypted column under the current data key (`jiuye keys rotate`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Integer, String, Table, and_, column, select, update
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.sql.expression import table as light_table

from core.crypto import Encrypted, Keyring, keyring_of
from core.db import Database

BATCH = 2_000


@dataclass
class Rotation:
    """What a rotation did, per table: rows re-encrypted, rows left (changed meanwhile)."""

    rewritten: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    key_id: str = ""


def encrypted_tables(tables: Iterable[Table]) -> list[tuple[Table, list[str]]]:
    """The tables with encrypted columns, each with those columns' names."""
    found = []
    for table in tables:
        names = [c.name for c in table.columns if isinstance(c.type, Encrypted)]
        if names:
            found.append((table, names))
    return found


def _contexts(table: Table, names: list[str]) -> dict[str, str]:
    contexts = {}
    for name in names:
        kind = table.c[name].type
        assert isinstance(kind, Encrypted)
        contexts[name] = kind.context
    return contexts


def _raw(table: Table, names: list[str]) -> TableClause:
    return light_table(table.name, column("id", Integer), *(column(n, String) for n in names))


async def rotate(db: Database, tables: Iterable[Table], *, batch: int = BATCH) -> Rotation:
    """Re-encrypt, under the current key, every value another key encrypted.

    Each batch is its own transaction, so a long rotation can be stopped and run again: rows
    already under the current key are left alone. A row changed between the read and the
    write (compared on its stored ciphertexts) is skipped; that change was written under the
    current key anyway.
    """
    ring: Keyring = keyring_of(db.engine.dialect)
    done = Rotation(key_id=ring.current_id)
    for table, names in encrypted_tables(tables):
        contexts = _contexts(table, names)
        # Read and compare the stored text itself, not the clear values the model type gives.
        raw = _raw(table, names)
        rewritten = skipped = 0
        last = 0
        while True:
            async with db.begin() as conn:
                rows = (
                    await conn.execute(
                        select(raw).where(raw.c.id > last).order_by(raw.c.id).limit(batch)
                    )
                ).all()
                if not rows:
                    break
                last = rows[-1].id
                for row in rows:
                    stored = {n: getattr(row, n) for n in names}
                    stale = {
                        n: v
                        for n, v in stored.items()
                        if v is not None and ring.key_id_of(v) != ring.current_id
                    }
                    if not stale:
                        continue
                    fresh = {
                        n: ring.encrypt(ring.decrypt(v, context=contexts[n]), context=contexts[n])
                        for n, v in stale.items()
                    }
                    same = [
                        raw.c[n] == v if v is not None else raw.c[n].is_(None)
                        for n, v in stored.items()
                    ]
                    result = await conn.execute(
                        update(raw).where(raw.c.id == row.id, and_(*same)).values(fresh)
                    )
                    if result.rowcount:
                        rewritten += 1
                    else:
                        skipped += 1
        done.rewritten[table.name] = rewritten
        done.skipped[table.name] = skipped
    return done


async def stale_rows(
    db: Database, tables: Iterable[Table], *, batch: int = BATCH * 5
) -> dict[str, int]:
    """Per table, how many rows hold a value not under the current key."""
    ring = keyring_of(db.engine.dialect)
    counts = {}
    for table, names in encrypted_tables(tables):
        raw = _raw(table, names)
        count = last = 0
        while True:
            async with db.connect() as conn:
                rows = (
                    await conn.execute(
                        select(raw).where(raw.c.id > last).order_by(raw.c.id).limit(batch)
                    )
                ).all()
            if not rows:
                break
            last = rows[-1].id
            count += sum(
                any(
                    getattr(row, n) is not None
                    and ring.key_id_of(getattr(row, n)) != ring.current_id
                    for n in names
                )
                for row in rows
            )
        counts[table.name] = count
    return counts
