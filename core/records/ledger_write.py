"""What a batch of ledger households changes, and the bulk statements that write it.

Every change of a batch is collected first, then written with one executemany statement per
kind of change (SQLAlchemy Core), in an order the constraints accept: heads that step down
before anyone becomes head, households before their new members, members before their jobs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from core.records.ledger_stage import Keys
from core.records.models import employment, household, person
from core.security import audit

SPELL_FIELDS = ("form", "place", "employer", "start_date", "monthly_income_fen")


@dataclass
class SpellPlan:
    """What one ledger row does to its member's employment records."""

    ends: list[tuple[int, date]] = field(default_factory=list)
    """(employment id, last day worked) of spells the row closes."""
    correct: tuple[int, dict[str, Any]] | None = None
    """(employment id, new values) of a spell the row corrects in place."""
    begin: dict[str, Any] | None = None
    """Values of a new spell."""

    @property
    def changes(self) -> bool:
        return bool(self.ends or self.correct or self.begin)


def _differs(spell: Row[Any], values: dict[str, Any]) -> bool:
    return any(getattr(spell, key) != value for key, value in values.items())


def plan_spell(row: Row[Any], spells: list[Row[Any]], *, as_of: date) -> SpellPlan:
    """Compare a row's 就业 columns with the member's spells (docs/import.md, "Employment")."""
    plan = SpellPlan()
    open_spells = [s for s in spells if s.end_date is None]
    if not row.employed:
        # 未就业 on the ledger's date: a spell begun before it ended the day before; a spell
        # begun on or after it is newer than the ledger and left alone.
        plan.ends = [(s.id, row_end(as_of)) for s in open_spells if s.start_date < as_of]
        return plan
    values = {
        "form": row.form,
        "place": row.place,
        "employer": row.employer,
        "start_date": row.start_date,
        "monthly_income_fen": row.income_fen,
    }
    same = [s for s in spells if s.start_date == row.start_date]
    if same:
        # The same spell (a spell is known by its start): correct it in place if it differs.
        # A spell that has ended is never reopened.
        spell = max(same, key=lambda s: (s.end_date is None, s.id))
        if _differs(spell, values):
            plan.correct = (spell.id, values)
        return plan
    earlier = [s for s in open_spells if s.start_date < row.start_date]
    later = [s for s in open_spells if s.start_date > row.start_date]
    if earlier:
        # A new job: the old one ended the day before the new one began.
        plan.ends = [(s.id, row.start_date - timedelta(days=1)) for s in earlier]
        plan.begin = values
    elif later:
        # The current spell began earlier than recorded: move its start back (a correction).
        spell = max(later, key=lambda s: (s.start_date, s.id))
        plan.correct = (spell.id, values)
    else:
        plan.begin = values
    return plan


def row_end(as_of: date) -> date:
    """The last day worked of a spell a 未就业 row ends: the day before the ledger's date."""
    return as_of - timedelta(days=1)


@dataclass
class NewMember:
    """A member to insert, with the spell to begin for them (if any)."""

    registry: str
    values: dict[str, Any]
    spell: dict[str, Any] | None


@dataclass
class Changes:
    """Every write of one batch of households."""

    households: list[dict[str, Any]] = field(default_factory=list)
    household_ids: dict[str, int] = field(default_factory=dict)
    """Registry number → id of the batch's households already in the database."""
    household_updates: list[dict[str, Any]] = field(default_factory=list)
    step_downs: list[dict[str, Any]] = field(default_factory=list)
    person_updates: list[dict[str, Any]] = field(default_factory=list)
    members: list[NewMember] = field(default_factory=list)
    spell_ends: list[dict[str, Any]] = field(default_factory=list)
    spell_corrections: list[dict[str, Any]] = field(default_factory=list)
    spells: list[dict[str, Any]] = field(default_factory=list)
    entries: list[audit.Entry] = field(default_factory=list)
    """One audit entry per record written, logged with the batch."""

    def add_spell_plan(self, id_number: str, person_id: int | None, plan: SpellPlan) -> None:
        """Queue a plan's ends, correction and new spell (inserted here for a known person)."""
        self.spell_ends += [{"b_id": spell, "b_end": end} for spell, end in plan.ends]
        self.entries += [
            audit.Entry("import end employment", "employment", spell, after={"end_date": end})
            for spell, end in plan.ends
        ]
        if plan.correct is not None:
            spell, values = plan.correct
            self.spell_corrections.append(
                {"b_id": spell, **{f"b_{key}": value for key, value in values.items()}}
            )
            self.entries.append(
                audit.Entry("import update employment", "employment", spell, after=values)
            )
        if plan.begin is not None:
            if person_id is not None:
                self.spells.append({**plan.begin, "person_id": person_id})
            key = f"{id_number}@{plan.begin['start_date']}"
            self.entries.append(
                audit.Entry("import create employment", "employment", key, after=plan.begin)
            )


def _stamped(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    return [{**row, "version": 1, "created_at": now, "updated_at": now} for row in rows]


_PERSON_UPDATE = (
    update(person)
    .where(person.c.id == bindparam("b_id"))
    .values(
        name=bindparam("b_name"),
        relation=bindparam("b_relation"),
        labour_capacity=bindparam("b_labour_capacity"),
        phone=bindparam("b_phone"),
        version=person.c.version + 1,
        updated_at=bindparam("b_now"),
    )
)
_HOUSEHOLD_UPDATE = (
    update(household)
    .where(household.c.id == bindparam("b_id"))
    .values(
        village_code=bindparam("b_village_code"),
        relocated=bindparam("b_relocated"),
        version=household.c.version + 1,
        updated_at=bindparam("b_now"),
    )
)
_SPELL_END = (
    update(employment)
    .where(employment.c.id == bindparam("b_id"))
    .values(
        end_date=bindparam("b_end"), version=employment.c.version + 1, updated_at=bindparam("b_now")
    )
)
_SPELL_CORRECTION = (
    update(employment)
    .where(employment.c.id == bindparam("b_id"))
    .values(
        **{key: bindparam(f"b_{key}") for key in SPELL_FIELDS},
        version=employment.c.version + 1,
        updated_at=bindparam("b_now"),
    )
)


async def apply(conn: AsyncConnection, changes: Changes, keys: Keys, now: datetime) -> None:
    """Write one batch's changes in an order every constraint accepts."""

    async def many(statement: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            await conn.execute(statement, [{**row, "b_now": now} for row in rows])

    # New ids are read back by their unique keys rather than with RETURNING: SQLite cannot
    # return ids in parameter order from a multi-row INSERT, so SQLAlchemy would fall back
    # to one INSERT per row.
    ids = dict(changes.household_ids)
    if changes.households:
        await conn.execute(insert(household), _stamped(changes.households, now))
        found = await conn.execute(
            select(household.c.registry_number, household.c.id).where(
                household.c.registry_number.in_(keys.registries)
            )
        )
        ids.update({registry: int(new_id) for registry, new_id in found})
    await many(_HOUSEHOLD_UPDATE, changes.household_updates)
    # The one-head index is checked row by row: a head steps down before another steps up.
    await many(_PERSON_UPDATE, changes.step_downs)
    await many(_PERSON_UPDATE, changes.person_updates)
    if changes.members:
        await conn.execute(
            insert(person),
            _stamped([{**m.values, "household_id": ids[m.registry]} for m in changes.members], now),
        )
        if any(m.spell is not None for m in changes.members):
            found = await conn.execute(
                select(person.c.id_number, person.c.id).where(
                    person.c.id_number_hash.in_(keys.id_number_hashes)
                )
            )
            person_ids = {number: int(new_id) for number, new_id in found}
            changes.spells += [
                {**m.spell, "person_id": person_ids[m.values["id_number"]]}
                for m in changes.members
                if m.spell is not None
            ]
    await audit.log_many(conn, changes.entries)
    await many(_SPELL_END, changes.spell_ends)
    await many(_SPELL_CORRECTION, changes.spell_corrections)
    if changes.spells:
        await conn.execute(
            insert(employment), _stamped([{**s, "programme": None} for s in changes.spells], now)
        )
