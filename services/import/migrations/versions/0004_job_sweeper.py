"""Import jobs: a machine-readable reason for a failure (``interrupted`` when the sweeper ends a job left
``running``), and an index for the sweeper's ``status = 'running' AND created_at < bound``.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("import_jobs", sa.Column("reason", sa.String(40)))
    op.create_index("ix_import_jobs_status_created_at", "import_jobs", ["status", "created_at"])


def downgrade():
    op.drop_index("ix_import_jobs_status_created_at", "import_jobs")
    op.drop_column("import_jobs", "reason")
