"""Traces of a case's money trail (lexbridge.casework.trails), append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "traces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("policy", sa.String(length=16), nullable=False),
        sa.Column("seeds", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_traces_case_id", "traces", ["case_id"], unique=False)
    _append_only(create=True)


def _append_only(*, create: bool) -> None:
    """A trace is kept as it was run: the database refuses UPDATE and DELETE, as for custody."""
    if op.get_bind().dialect.name == "postgresql":
        if create:
            op.execute(
                "CREATE OR REPLACE FUNCTION lexbridge_append_only() RETURNS trigger AS $$"
                " BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END;"
                " $$ LANGUAGE plpgsql"
            )
            op.execute(
                "CREATE TRIGGER traces_append_only BEFORE UPDATE OR DELETE ON traces"
                " FOR EACH ROW EXECUTE FUNCTION lexbridge_append_only()"
            )
            op.execute(
                "CREATE TRIGGER traces_no_truncate BEFORE TRUNCATE ON traces"
                " FOR EACH STATEMENT EXECUTE FUNCTION lexbridge_append_only()"
            )
        else:
            op.execute("DROP TRIGGER traces_no_truncate ON traces")
            op.execute("DROP TRIGGER traces_append_only ON traces")
        return
    for verb in ("UPDATE", "DELETE"):
        name = f"traces_no_{verb.lower()}"
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {verb} ON traces"
            f" BEGIN SELECT RAISE(ABORT, 'traces are append-only: {verb} refused'); END"
            if create
            else f"DROP TRIGGER {name}"
        )


def downgrade() -> None:
    _append_only(create=False)
    op.drop_index("ix_traces_case_id", table_name="traces")
    op.drop_table("traces")
