"""Token names unique; the audit log records the token id and keeps ID numbers masked.

Existing duplicate token names get their id appended (`名称#7`). Existing audit rows are
masked in place, and the ID numbers they mention are kept as keyed hashes in `audit_subject`.

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core import crypto
from core.security.masking import id_numbers_in, mask_text

revision = "core_0005"
down_revision = "core_0004"
branch_labels = None
depends_on = None

CHUNK = 5_000

api_token = sa.table("api_token", sa.column("id", sa.Integer), sa.column("name", sa.String))
audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("record_key", sa.String),
    sa.column("before", sa.Text),
    sa.column("after", sa.Text),
)
audit_subject = sa.table(
    "audit_subject", sa.column("audit_id", sa.Integer), sa.column("id_hash", sa.String)
)


def _unique_token_names(bind: sa.Connection) -> None:
    seen: set[str] = set()
    for row in bind.execute(sa.select(api_token).order_by(api_token.c.id)).all():
        if row.name in seen:
            bind.execute(
                sa.update(api_token)
                .where(api_token.c.id == row.id)
                .values(name=f"{row.name[:56]}#{row.id}")
            )
        seen.add(row.name)
    op.create_index("uq_api_token_name", "api_token", ["name"], unique=True)


def _mask_audit_rows(bind: sa.Connection) -> None:
    ring = crypto.keyring_of(bind.dialect)
    last = 0
    while True:
        rows = bind.execute(
            sa.select(audit_log).where(audit_log.c.id > last).order_by(audit_log.c.id).limit(CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        changed, subjects = [], []
        for row in rows:
            texts = (row.record_key, row.before, row.after)
            numbers = {n.upper() for text in texts for n in id_numbers_in(text)}
            masked = [mask_text(text) for text in texts]
            if masked != list(texts):
                changed.append(
                    {"b_id": row.id, "b_key": masked[0], "b_before": masked[1], "b_after": masked[2]}
                )
            subjects += [{"audit_id": row.id, "id_hash": ring.lookup(n)} for n in sorted(numbers)]
        if changed:
            bind.execute(
                sa.update(audit_log)
                .where(audit_log.c.id == sa.bindparam("b_id"))
                .values(
                    record_key=sa.bindparam("b_key"),
                    before=sa.bindparam("b_before"),
                    after=sa.bindparam("b_after"),
                ),
                changed,
            )
        if subjects:
            bind.execute(sa.insert(audit_subject), subjects)


def upgrade() -> None:
    bind = op.get_bind()
    _unique_token_names(bind)
    op.add_column("audit_log", sa.Column("token_id", sa.Integer(), nullable=True))
    op.create_table(
        "audit_subject",
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["audit_id"], ["audit_log.id"]),
        sa.PrimaryKeyConstraint("audit_id", "id_hash"),
    )
    op.create_index("ix_audit_subject_id_hash", "audit_subject", ["id_hash"])
    _mask_audit_rows(bind)


def downgrade() -> None:
    # The masked values cannot be unmasked; the hashes and token ids are dropped.
    op.drop_table("audit_subject")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("token_id")
    op.drop_index("uq_api_token_name", table_name="api_token")
