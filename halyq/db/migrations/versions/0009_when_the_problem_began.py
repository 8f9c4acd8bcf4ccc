"""when the problem began: the stated time of day and start of each analysis, and each case's
start

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

Existing analyses get `event_start` from their `event_date` at the start of that day in the
configured city's time zone (they were read before the time of day was kept), never later than
their post; each case then starts at the earliest of its posts' starts and times.
"""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from halyq.db.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _zone() -> ZoneInfo:
    from halyq.city.profile import load_profile
    from halyq.config import Settings

    return ZoneInfo(load_profile(Settings().city).timezone)


def upgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_time", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("event_start", UTCDateTime(), nullable=True))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("started_precision", sa.String(length=8), server_default="post",
                      nullable=False)
        )  # fmt: skip

    bind = op.get_bind()
    analyses = sa.table(
        "analyses", sa.column("id", sa.Integer()), sa.column("post_id", sa.Integer()),
        sa.column("event_date", sa.Date()), sa.column("event_start", UTCDateTime()),
    )  # fmt: skip
    posts = sa.table("posts", sa.column("id", sa.Integer()), sa.column("created_at", UTCDateTime()))
    dated = bind.execute(
        sa.select(analyses.c.id, analyses.c.event_date, posts.c.created_at)
        .join(posts, posts.c.id == analyses.c.post_id)
        .where(analyses.c.event_date.is_not(None))
    ).all()
    if dated:
        zone = _zone()
        for row_id, day, created_at in dated:
            start = datetime.combine(day, time(0), zone).astimezone(UTC)
            bind.execute(
                analyses.update()
                .where(analyses.c.id == row_id)
                .values(event_start=min(start, created_at))
            )
    op.execute("UPDATE cases SET started_at = first_post_at, started_precision = 'post'")
    op.execute(
        "UPDATE cases SET started_at = (SELECT MIN(a.event_start) FROM case_posts cp "
        "JOIN analyses a ON a.post_id = cp.post_id WHERE cp.case_id = cases.id), "
        "started_precision = 'date' WHERE EXISTS (SELECT 1 FROM case_posts cp "
        "JOIN analyses a ON a.post_id = cp.post_id WHERE cp.case_id = cases.id "
        "AND a.event_start <= cases.first_post_at)"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("started_at", existing_type=UTCDateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("started_precision")
        batch_op.drop_column("started_at")
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_column("event_start")
        batch_op.drop_column("event_time")
