"""Join the two branches made side by side: Zou files (0010) and custom roles (0020).

Revision ID: 0030
Revises: 0010, 0020
"""

revision = "0030"
down_revision = ("0010", "0020")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
