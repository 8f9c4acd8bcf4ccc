"""every stated time: each analysis keeps all the expressions of time its post holds

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

Analyses read before this keep `times` null; the case page then marks their `event_surface`
alone, as before. Reading a post again fills it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("times", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_column("times")
