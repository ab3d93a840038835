"""Import jobs: state, counts and per-row errors of every import request; refused ShotGrid records.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("created_by", sa.Uuid),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("project_id", sa.Uuid),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rows_total", sa.Integer, nullable=False),
        sa.Column("created", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
        sa.Column("message", sa.String(500)),
        sa.Column("ignored_columns", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
    )
    op.create_index("ix_import_jobs_created_by", "import_jobs", ["created_by"])
    op.create_table(
        "import_errors",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("job_id", sa.Uuid, nullable=False),
        sa.Column("created_by", sa.Uuid),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("event_data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_import_errors_created_by", "import_errors", ["created_by"])


def downgrade():
    op.drop_index("ix_import_errors_created_by", "import_errors")
    op.drop_table("import_errors")
    op.drop_index("ix_import_jobs_created_by", "import_jobs")
    op.drop_table("import_jobs")
