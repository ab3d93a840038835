"""Notifications of a comment's replies name the reply, so deleting the reply removes them.

Revision ID: 0113
Revises: 0110
"""

import sqlalchemy as sa
from alembic import op

revision = "0113"
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("notifications", sa.Column("reply_id", sa.Uuid(), nullable=True))


def downgrade():
    op.drop_column("notifications", "reply_id")
