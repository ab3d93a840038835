"""Session hardening: TOTP replay guard, a lock after wrong second factors,
and detection of a reused (stolen) refresh token.

Revision ID: 0011
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("second_factor_failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("second_factor_locked_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.alter_column("second_factor_failures", server_default=None)
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("previous_refresh_token_hash", sa.String(64), nullable=True))
        batch.create_index("ix_sessions_previous_refresh_token_hash", ["previous_refresh_token_hash"])


def downgrade():
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_previous_refresh_token_hash")
        batch.drop_column("previous_refresh_token_hash")
    with op.batch_alter_table("users") as batch:
        for column in ("second_factor_locked_until", "second_factor_failures", "totp_last_step"):
            batch.drop_column(column)
