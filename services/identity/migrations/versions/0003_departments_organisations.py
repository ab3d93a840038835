"""Departments (with persons' membership of them) and organisations.

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
        "departments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_departments"),
        sa.UniqueConstraint("workspace_id", "name", name="uq_departments_workspace_id_name"),
    )
    op.create_index("ix_departments_workspace_id", "departments", ["workspace_id"])
    op.create_table(
        "person_departments",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name="fk_person_departments_user_id_users"),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], ondelete="CASCADE",
                                name="fk_person_departments_department_id_departments"),
        sa.PrimaryKeyConstraint("user_id", "department_id", name="pk_person_departments"),
    )
    op.create_index("ix_person_departments_department_id", "person_departments", ["department_id"])
    op.create_table(
        "organisations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("hours_by_day", sa.Float(), nullable=False),
        sa.Column("use_original_file_name", sa.Boolean(), nullable=False),
        sa.Column("timesheets_locked", sa.Boolean(), nullable=False),
        sa.Column("format_duration_in_hours", sa.Boolean(), nullable=False),
        sa.Column("hd_by_default", sa.Boolean(), nullable=False),
        sa.Column("dark_theme_by_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("workspace_id", name="uq_organisations_workspace_id"),
    )


def downgrade():
    op.drop_table("organisations")
    op.drop_index("ix_person_departments_department_id", table_name="person_departments")
    op.drop_table("person_departments")
    op.drop_index("ix_departments_workspace_id", table_name="departments")
    op.drop_table("departments")
