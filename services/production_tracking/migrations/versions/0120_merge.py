"""Join the branches made side by side: project budgets, metadata descriptors
and background files (0111) and comment replies, concepts and subscriptions (0113).

Revision ID: 0120
Revises: 0111, 0113
"""

revision = "0120"
down_revision = ("0111", "0113")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
