"""case notifications, forwarded letters and appeal extensions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # reserved for the case deadlines and notices work (issue 5); filled in the same change as its models


def downgrade() -> None:
    pass
