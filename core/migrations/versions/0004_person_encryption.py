"""ID numbers and phones encrypted at rest; a keyed hash of the ID number for lookups.

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from core import crypto

revision = "core_0004"
down_revision = "core_0003"
branch_labels = None
depends_on = None

CHUNK = 5_000

person = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("id_number", sa.String),
    sa.column("phone", sa.String),
    sa.column("id_number_hash", sa.String),
)


def _rewrite(bind: sa.Connection, convert: Callable[[Any], dict[str, object]]) -> None:
    """Rewrite every person row in chunks of CHUNK, in id order."""
    last = 0
    while True:
        rows = bind.execute(
            sa.select(person.c.id, person.c.id_number, person.c.phone)
            .where(person.c.id > last)
            .order_by(person.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        bind.execute(
            sa.update(person)
            .where(person.c.id == sa.bindparam("b_id"))
            .values(
                id_number=sa.bindparam("b_id_number"),
                phone=sa.bindparam("b_phone"),
                id_number_hash=sa.bindparam("b_hash"),
            ),
            [convert(row) for row in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    bind = op.get_bind()
    ring = crypto.keyring_of(bind.dialect)
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        for constraint in sa.inspect(bind).get_unique_constraints("person"):
            if constraint["column_names"] == ["id_number"] and constraint["name"]:
                op.drop_constraint(constraint["name"], "person", type_="unique")
        op.alter_column(
            "person", "id_number", type_=sa.String(crypto.ENCRYPTED_LENGTH), existing_nullable=False
        )
        op.alter_column(
            "person", "phone", type_=sa.String(crypto.ENCRYPTED_LENGTH), existing_nullable=True
        )
        op.add_column("person", sa.Column("id_number_hash", sa.String(64), nullable=True))
    else:
        # SQLite enforces no lengths, and dropping a constraint means rebuilding the table, which
        # the tables referring to it forbid inside this transaction: the old unique constraint
        # stays, over ciphertexts that all differ anyway.
        op.add_column(
            "person",
            sa.Column("id_number_hash", sa.String(64), nullable=False, server_default=""),
        )

    def encrypt(row: Any) -> dict[str, object]:
        return {
            "b_id": row.id,
            "b_id_number": ring.encrypt(row.id_number, context="person.id_number"),
            "b_phone": None
            if row.phone is None
            else ring.encrypt(row.phone, context="person.phone"),
            "b_hash": ring.lookup(row.id_number),
        }

    _rewrite(bind, encrypt)
    if postgres:
        op.alter_column("person", "id_number_hash", existing_type=sa.String(64), nullable=False)
    op.create_index("uq_person_id_number_hash", "person", ["id_number_hash"], unique=True)


def downgrade() -> None:
    bind = op.get_bind()
    ring = crypto.keyring_of(bind.dialect)
    postgres = bind.dialect.name == "postgresql"

    def decrypt(row: Any) -> dict[str, object]:
        return {
            "b_id": row.id,
            "b_id_number": ring.decrypt(row.id_number, context="person.id_number"),
            "b_phone": None
            if row.phone is None
            else ring.decrypt(row.phone, context="person.phone"),
            "b_hash": "",
        }

    _rewrite(bind, decrypt)
    op.drop_index("uq_person_id_number_hash", table_name="person")
    if postgres:
        op.drop_column("person", "id_number_hash")
        op.alter_column("person", "id_number", type_=sa.String(18), existing_nullable=False)
        op.alter_column("person", "phone", type_=sa.String(11), existing_nullable=True)
        op.create_unique_constraint("person_id_number_key", "person", ["id_number"])
    else:
        with op.batch_alter_table("person") as batch:
            batch.drop_column("id_number_hash")
