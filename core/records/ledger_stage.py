"""A temporary table holding one import's parsed ledger rows, so memory stays flat.

Rows of one household may be scattered over the file (and over several sheets); the staging
table brings them together (`households`), finds ID numbers used twice in the file with one
GROUP BY, and lives only inside the import's transaction on its connection.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.crypto import LookupHash, id_number_of_row

PAGE = 4_000


def _table(name: str) -> Table:
    return Table(
        name,
        MetaData(),
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("sheet", Integer, nullable=False),
        Column("line", Integer, nullable=False),
        Column("bad", Boolean, nullable=False),
        Column("registry", String(32), nullable=False),
        Column("id_number", String(18)),
        # Joined with person.id_number_hash; the clear column lives only as long as the import.
        Column("id_number_hash", LookupHash(), default=id_number_of_row),
        Column("name", Text),
        Column("sex", String(8)),
        Column("birth_date", Date),
        Column("relation", String(16)),
        Column("capacity", String(16)),
        Column("phone", String(11)),
        Column("phone_given", Boolean, nullable=False),
        Column("village", String(12)),
        Column("relocated", Boolean),
        Column("relocated_given", Boolean, nullable=False),
        Column("site", Text),
        Column("employed", Boolean),
        Column("form", String(16)),
        Column("place", String(16)),
        Column("employer", Text),
        Column("start_date", Date),
        Column("income_fen", BigInteger),
        Index(f"ix_{name}_household", "registry", "seq"),
        Index(f"ix_{name}_id_number", "id_number"),
        Index(f"ix_{name}_id_number_hash", "id_number_hash"),
        prefixes=["TEMPORARY"],
    )


@dataclass(frozen=True)
class Keys:
    """Subqueries naming one batch's households and members."""

    registries: Select[Any]
    id_number_hashes: Select[Any]


class Stage:
    """The staging table of one import."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self.table = _table(f"jiuye_stage_{uuid.uuid4().hex[:12]}")

    async def create(self) -> None:
        """Create the table on the import's connection (it vanishes with a rollback)."""
        await self.conn.run_sync(self.table.create)

    async def drop(self) -> None:
        """Drop the table before a commit (temporary tables outlive transactions)."""
        await self.conn.run_sync(self.table.drop)

    async def add(self, rows: Sequence[dict[str, Any]]) -> None:
        """Stage a batch of parsed rows."""
        if rows:
            await self.conn.execute(insert(self.table), list(rows))

    def keys(self, low: str, high: str) -> Keys:
        """The registry numbers and ID number hashes staged for households `low`…`high` (subqueries).

        Lookups join on these instead of binding long IN lists, so every batch runs the same
        few statements (one prepared statement each, however many rows a batch has).
        """
        t = self.table
        within = t.c.registry.between(low, high)
        return Keys(
            registries=select(t.c.registry).where(within),
            id_number_hashes=select(t.c.id_number_hash).where(
                within, t.c.id_number_hash.is_not(None)
            ),
        )

    async def duplicate_ids(self) -> list[Any]:
        """Every staged row whose ID number another staged row also has, grouped by ID number."""
        t = self.table
        twice = (
            select(t.c.id_number)
            .where(t.c.id_number.is_not(None))
            .group_by(t.c.id_number)
            .having(func.count() > 1)
        )
        rows = await self.conn.execute(
            select(t.c.id_number, t.c.sheet, t.c.line)
            .where(t.c.id_number.in_(twice))
            .order_by(t.c.id_number, t.c.seq)
        )
        found = list(rows)
        if found:
            await self.conn.execute(update(t).where(t.c.id_number.in_(twice)).values(bad=True))
        return found

    async def households(self) -> AsyncIterator[list[list[Row[Any]]]]:
        """Batches of whole households (each a list of its rows in file order)."""
        t = self.table
        carry: list[Row[Any]] = []
        last: tuple[str, int] | None = None
        while True:
            query = select(t).order_by(t.c.registry, t.c.seq).limit(PAGE)
            if last is not None:
                query = query.where(
                    or_(t.c.registry > last[0], and_(t.c.registry == last[0], t.c.seq > last[1]))
                )
            page = list(await self.conn.execute(query))
            rows = carry + page
            if not rows:
                return
            groups: list[list[Row[Any]]] = []
            for row in rows:
                if groups and groups[-1][0].registry == row.registry:
                    groups[-1].append(row)
                else:
                    groups.append([row])
            if len(page) == PAGE:
                # The last household may go on in the next page.
                carry = groups.pop()
                last = (page[-1].registry, page[-1].seq)
                if groups:
                    yield groups
                continue
            yield groups
            return
