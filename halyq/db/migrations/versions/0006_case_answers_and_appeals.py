"""case answers, answer templates, Open311 API keys and public status tokens

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # reserved for the cases work (issue 5); filled in the same change as its models


def downgrade() -> None:
    pass
