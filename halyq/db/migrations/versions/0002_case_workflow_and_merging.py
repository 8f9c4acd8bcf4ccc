"""case workflow and incident merging

Residents count, the posts' time span and the duplicate link on cases; evidence on case
events; the MinHash LSH bands of complaints for near-copy lookups; indexes for the merge
lookup and the deadline lists. Existing cases are backfilled from their posts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from halyq.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FIRST_POST = (
    "(SELECT MIN(p.created_at) FROM case_posts cp JOIN posts p ON p.id = cp.post_id "
    "WHERE cp.case_id = cases.id)"
)
_LAST_POST = _FIRST_POST.replace("MIN(", "MAX(")
_RESIDENTS = (
    "(SELECT COUNT(DISTINCT p.author_hash) "
    "+ SUM(CASE WHEN p.author_hash IS NULL THEN 1 ELSE 0 END) "
    "FROM case_posts cp JOIN posts p ON p.id = cp.post_id WHERE cp.case_id = cases.id)"
)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("residents", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("first_post_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_post_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_cases_duplicate_of_id_cases", "cases", ["duplicate_of_id"], ["id"]
        )

    op.execute(
        f"UPDATE cases SET first_post_at = COALESCE({_FIRST_POST}, opened_at), "
        f"last_post_at = COALESCE({_LAST_POST}, opened_at), "
        f"residents = COALESCE({_RESIDENTS}, 1)"
    )

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("first_post_at", existing_type=UTCDateTime(), nullable=False)
        batch_op.alter_column("last_post_at", existing_type=UTCDateTime(), nullable=False)
        batch_op.create_index(
            "ix_cases_incident", ["place_canonical", "category", "last_post_at"], unique=False
        )
        batch_op.create_index(
            "ix_cases_category_last_post_at", ["category", "last_post_at"], unique=False
        )
        batch_op.create_index("ix_cases_due_at", ["due_at"], unique=False)

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))

    op.create_table(
        "post_bands",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "band"),
    )
    with op.batch_alter_table("post_bands", schema=None) as batch_op:
        batch_op.create_index("ix_post_bands_band", ["band"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("post_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_post_bands_band")
    op.drop_table("post_bands")

    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_column("details")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_due_at")
        batch_op.drop_index("ix_cases_category_last_post_at")
        batch_op.drop_index("ix_cases_incident")
        batch_op.drop_constraint("fk_cases_duplicate_of_id_cases", type_="foreignkey")
        batch_op.drop_column("duplicate_of_id")
        batch_op.drop_column("last_post_at")
        batch_op.drop_column("first_post_at")
        batch_op.drop_column("residents")
