"""Media assets, uploads, the workspace membership projection, idempotency keys.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from reelhouse.shared.idempotency import create_idempotency_table, drop_idempotency_table
from reelhouse.shared.memberships import TABLE as MEMBERSHIP_TABLE
from reelhouse.shared.memberships import create_membership_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    create_idempotency_table(op)
    create_membership_table(op)
    op.create_table(
        "uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("object_key", sa.String(1024), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("mimetype", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("multipart_upload_id", sa.String(1024), nullable=True),
        sa.Column("part_size", sa.BigInteger(), nullable=True),
        sa.Column("part_count", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_uploads"),
        sa.UniqueConstraint("object_key", name="uq_uploads_object_key"),
    )
    op.create_index("ix_uploads_workspace_id", "uploads", ["workspace_id"])
    op.create_table(
        "media_assets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("uploadable_type", sa.String(40), nullable=True),
        sa.Column("uploadable_id", sa.Uuid(), nullable=True),
        sa.Column("bucket", sa.String(255), nullable=False),
        sa.Column("object_key", sa.String(1024), nullable=False),
        sa.Column("etag", sa.String(100), nullable=True),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_type", sa.String(50), nullable=False),
        sa.Column("mimetype", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("asset_type", sa.String(10), nullable=False),
        sa.Column("is_stock", sa.Boolean(), nullable=False),
        sa.Column("is_completed_production", sa.Boolean(), nullable=False),
        sa.Column("is_transcoded", sa.Boolean(), nullable=False),
        sa.Column("video_duration", sa.Float(), nullable=True),
        sa.Column("thumbnail_key", sa.String(1024), nullable=True),
        sa.Column("preview_mp4_key", sa.String(1024), nullable=True),
        sa.Column("media_state", sa.String(20), nullable=False),
        sa.Column("media_attempts", sa.Integer(), nullable=False),
        sa.Column("media_error", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_media_assets"),
        sa.UniqueConstraint("object_key", name="uq_media_assets_object_key"),
    )
    op.create_index("ix_media_assets_workspace_id", "media_assets", ["workspace_id"])
    op.create_index("ix_media_assets_created_by", "media_assets", ["created_by"])
    op.create_index("ix_media_assets_asset_type", "media_assets", ["asset_type"])
    op.create_index("ix_media_assets_media_state", "media_assets", ["media_state"])
    op.create_index("ix_media_assets_created_at", "media_assets", ["created_at"])


def downgrade():
    drop_idempotency_table(op)
    op.drop_table("media_assets")
    op.drop_table("uploads")
    op.drop_table(MEMBERSHIP_TABLE)
