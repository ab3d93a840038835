"""Idempotency keys (reelhouse.shared.idempotency): writes through db.write
answer a retried request with its first result.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from reelhouse.shared.idempotency import create_idempotency_table, drop_idempotency_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    create_idempotency_table(op)


def downgrade():
    drop_idempotency_table(op)
