"""Join the branches made side by side: asset instances (0103), comment
previews (0104) and custom roles (0106).

Revision ID: 0110
Revises: 0103, 0104, 0106
"""

revision = "0110"
down_revision = ("0103", "0104", "0106")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
