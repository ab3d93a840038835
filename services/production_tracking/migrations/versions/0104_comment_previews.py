"""Comments keep their preview files (a projection of the asset service's events).

Revision ID: 0104
Revises: 0102
"""

import sqlalchemy as sa
from alembic import op

revision = "0104"
down_revision = "0102"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("comments", sa.Column("previews", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    op.drop_column("comments", "previews")
