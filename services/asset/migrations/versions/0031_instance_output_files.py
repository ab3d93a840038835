"""Output files of asset instances: found by instance and shot (or scene) for
their revisions and listings, and by shot when production_tracking deletes it.

Revision ID: 0031
Revises: 0030
"""

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_zou_output_files_instance_target", "zou_output_files",
                    ["asset_instance_id", "temporal_entity_id"])
    op.create_index("ix_zou_output_files_temporal_entity_id", "zou_output_files", ["temporal_entity_id"])


def downgrade():
    op.drop_index("ix_zou_output_files_temporal_entity_id", table_name="zou_output_files")
    op.drop_index("ix_zou_output_files_instance_target", table_name="zou_output_files")
