"""case answers, Open311 API keys and public status tokens

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import secrets

import sqlalchemy as sa
from alembic import op

from halyq.db.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("public_text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_answers", schema=None) as batch_op:
        batch_op.create_index("ix_case_answers_case_id", ["case_id"], unique=False)
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_sha256"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_token", sa.String(length=32), nullable=True))
    _give_every_case_a_token()
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("public_token", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_index("ix_cases_public_token", ["public_token"], unique=True)


def _give_every_case_a_token() -> None:
    conn = op.get_bind()
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("public_token", sa.String))
    ids = [row.id for row in conn.execute(sa.select(cases.c.id))]
    for case_id in ids:
        token = secrets.token_urlsafe(12)
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(public_token=token))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_public_token")
        batch_op.drop_column("public_token")
    op.drop_table("api_keys")
    with op.batch_alter_table("case_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_case_answers_case_id")
    op.drop_table("case_answers")
