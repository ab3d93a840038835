"""Day offs, bots (users.is_bot), the revoked bot tokens gateways keep refusing, and users.has_avatar.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("is_bot", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("has_avatar", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("users") as batch:
        batch.alter_column("is_bot", server_default=None)
        batch.alter_column("has_avatar", server_default=None)
    op.create_table(
        "day_offs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("person_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("description", sa.String(1000), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_day_offs_person_id_date", "day_offs", ["person_id", "date"])
    op.create_table(
        "revoked_bot_tokens",
        sa.Column("session_id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_revoked_bot_tokens_user_id", "revoked_bot_tokens", ["user_id"])
    op.create_index("ix_revoked_bot_tokens_expires_at", "revoked_bot_tokens", ["expires_at"])


def downgrade():
    op.drop_table("revoked_bot_tokens")
    op.drop_index("ix_day_offs_person_id_date", table_name="day_offs")
    op.drop_table("day_offs")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("has_avatar")
        batch.drop_column("is_bot")
