"""Two-factor authentication: TOTP, e-mailed one-time passwords, recovery codes.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("totp_pending_secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("email_otp_enabled", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("preferred_two_factor", sa.String(20), nullable=True))
        batch.add_column(sa.Column("recovery_code_hashes", sa.JSON(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.alter_column("email_otp_enabled", server_default=None)


def downgrade():
    with op.batch_alter_table("users") as batch:
        for column in ("recovery_code_hashes", "preferred_two_factor", "email_otp_enabled", "totp_pending_secret",
                       "totp_secret"):
            batch.drop_column(column)
