"""Zou files: preview files, output files, working files, attachment files, preview background files.

Revision ID: 0010
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0002"
branch_labels = None
depends_on = None


def _stamps():
    return [sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False)]


def upgrade():
    op.create_table(
        "zou_preview_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("comment_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(250), nullable=False),
        sa.Column("original_name", sa.String(250), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("extension", sa.String(10), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(40), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("validation_status", sa.String(20), nullable=False),
        sa.Column("annotations", sa.JSON(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("object_key", sa.String(1024), nullable=True),
        sa.Column("thumbnail_key", sa.String(1024), nullable=True),
        sa.Column("low_movie_key", sa.String(1024), nullable=True),
        sa.Column("deleting", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_zou_preview_files"),
        sa.UniqueConstraint("object_key", name="uq_zou_preview_files_object_key"),
    )
    for column in ("workspace_id", "project_id", "task_id", "entity_id", "comment_id"):
        op.create_index(f"ix_zou_preview_files_{column}", "zou_preview_files", [column])
    op.create_table(
        "zou_output_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("asset_instance_id", sa.Uuid(), nullable=True),
        sa.Column("temporal_entity_id", sa.Uuid(), nullable=True),
        sa.Column("output_type_id", sa.Uuid(), nullable=False),
        sa.Column("task_type_id", sa.Uuid(), nullable=False),
        sa.Column("file_status_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("source_file_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(250), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("representation", sa.String(20), nullable=False),
        sa.Column("nb_elements", sa.Integer(), nullable=False),
        sa.Column("extension", sa.String(10), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("checksum", sa.String(32), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("path", sa.String(400), nullable=True),
        sa.Column("source", sa.String(40), nullable=True),
        sa.Column("canceled", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_zou_output_files"),
    )
    for column in ("workspace_id", "project_id", "entity_id", "asset_instance_id"):
        op.create_index(f"ix_zou_output_files_{column}", "zou_output_files", [column])
    op.create_table(
        "zou_working_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("software_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(250), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("path", sa.String(400), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("checksum", sa.String(32), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_zou_working_files"),
        sa.UniqueConstraint("task_id", "name", "revision", name="uq_zou_working_files_task_id"),
    )
    for column in ("workspace_id", "task_id", "entity_id"):
        op.create_index(f"ix_zou_working_files_{column}", "zou_working_files", [column])


    op.create_table(
        "zou_attachment_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("comment_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(250), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("extension", sa.String(10), nullable=False),
        sa.Column("mimetype", sa.String(255), nullable=False),
        sa.Column("object_key", sa.String(1024), nullable=False),
        sa.Column("deleting", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_zou_attachment_files"),
        sa.UniqueConstraint("object_key", name="uq_zou_attachment_files_object_key"),
    )
    for column in ("workspace_id", "project_id", "task_id", "comment_id"):
        op.create_index(f"ix_zou_attachment_files_{column}", "zou_attachment_files", [column])
    op.create_table(
        "zou_preview_background_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(250), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("original_name", sa.String(250), nullable=True),
        sa.Column("extension", sa.String(10), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("object_key", sa.String(1024), nullable=True),
        sa.Column("deleting", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_zou_preview_background_files"),
        sa.UniqueConstraint("object_key", name="uq_zou_preview_background_files_object_key"),
    )
    op.create_index("ix_zou_preview_background_files_workspace_id", "zou_preview_background_files",
                    ["workspace_id"])


def downgrade():
    op.drop_table("zou_preview_background_files")
    op.drop_table("zou_attachment_files")
    op.drop_table("zou_working_files")
    op.drop_table("zou_output_files")
    op.drop_table("zou_preview_files")
