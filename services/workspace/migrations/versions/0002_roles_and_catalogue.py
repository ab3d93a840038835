"""Custom roles (held by memberships, handed out by invites), and the catalogue: industries, template types, templates,
template collections. Seeds a default set of published industries and
template types.

Revision ID: 0002
Revises: 0001
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Seeded rows get stable ids (uuid5 of their name), so every installation
# shows the same ind_/tpt_ ids and a re-seed can find them.
SEED_NAMESPACE = uuid.UUID("5b0e6f57-3c5d-4f63-9a55-6d2f1c6c7e01")

INDUSTRIES = [
    ("Technology", "Software, hardware and online services."),
    ("Healthcare", "Hospitals, clinics, pharma and wellbeing."),
    ("Education", "Schools, universities and training."),
    ("Finance", "Banking, insurance and investment."),
    ("Retail", "Shops, e-commerce and consumer brands."),
    ("Real Estate", "Property sales, rentals and development."),
    ("Hospitality", "Hotels, restaurants and travel."),
    ("Manufacturing", "Industry, engineering and production."),
    ("Non-profit", "Charities, foundations and public causes."),
    ("Media & Entertainment", "Publishing, film, music and events."),
    ("Other", "Anything else."),
]

TEMPLATE_TYPES = [
    ("Testimonial", "Customers or staff tell their story on camera."),
    ("Product Demo", "Show a product and how it is used."),
    ("Explainer", "Explain an idea, a service or a process."),
    ("Event Recap", "The highlights of an event."),
    ("Company Culture", "Who you are and what it is like to work with you."),
    ("Recruiting", "Attract candidates to open positions."),
    ("Announcement", "News, launches and updates."),
    ("Training", "How-to and onboarding videos."),
]


def seed_id(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, f"{kind}:{name}")


def upgrade():
    op.create_table(
        "roles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_roles"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_roles_workspace_id_workspaces"),
    )
    op.create_index("ix_roles_workspace_id", "roles", ["workspace_id"])
    op.create_index("uq_roles_workspace_lower_name", "roles", ["workspace_id", sa.text("lower(name)")], unique=True)
    # batch mode: SQLite can only add a foreign key by rebuilding the table.
    with op.batch_alter_table("memberships") as batch:
        batch.add_column(sa.Column("role_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key("fk_memberships_role_id_roles", "roles", ["role_id"], ["id"])
        batch.create_index("ix_memberships_role_id", ["role_id"])
    with op.batch_alter_table("invites") as batch:  # an invite may hand out a custom role
        batch.add_column(sa.Column("role_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key("fk_invites_role_id_roles", "roles", ["role_id"], ["id"])
        batch.create_index("ix_invites_role_id", ["role_id"])

    industries = op.create_table(
        "industries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_industries"),
    )
    template_types = op.create_table(
        "template_types",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("icon", sa.String(2048), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_template_types"),
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=True),
        sa.Column("industry_id", sa.Uuid(), nullable=True),
        sa.Column("template_type_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("editor_pick", sa.Boolean(), nullable=False),
        sa.Column("image_url", sa.String(2048), nullable=True),
        sa.Column("template", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_templates"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_templates_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["industry_id"], ["industries.id"], name="fk_templates_industry_id_industries"),
        sa.ForeignKeyConstraint(["template_type_id"], ["template_types.id"],
                                name="fk_templates_template_type_id_template_types"),
    )
    for column in ("workspace_id", "industry_id", "template_type_id"):
        op.create_index(f"ix_templates_{column}", "templates", [column])
    op.create_table(
        "template_collections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_template_collections"),
    )
    op.create_table(
        "template_collection_items",
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("collection_id", "template_id", name="pk_template_collection_items"),
        sa.ForeignKeyConstraint(["collection_id"], ["template_collections.id"], ondelete="CASCADE",
                                name="fk_template_collection_items_collection_id_template_collections"),
        sa.ForeignKeyConstraint(["template_id"], ["templates.id"], ondelete="CASCADE",
                                name="fk_template_collection_items_template_id_templates"),
    )
    op.create_index("ix_template_collection_items_template_id", "template_collection_items", ["template_id"])

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    op.bulk_insert(industries, [
        {"id": seed_id("industry", name), "name": name, "description": description, "is_published": True,
         "created_at": now, "updated_at": now}
        for name, description in INDUSTRIES
    ])
    op.bulk_insert(template_types, [
        {"id": seed_id("template_type", name), "name": name, "description": description, "icon": None,
         "is_published": True, "created_at": now, "updated_at": now}
        for name, description in TEMPLATE_TYPES
    ])


def downgrade():
    op.drop_index("ix_template_collection_items_template_id", table_name="template_collection_items")
    op.drop_table("template_collection_items")
    op.drop_table("template_collections")
    for column in ("workspace_id", "industry_id", "template_type_id"):
        op.drop_index(f"ix_templates_{column}", table_name="templates")
    op.drop_table("templates")
    op.drop_table("template_types")
    op.drop_table("industries")
    with op.batch_alter_table("invites") as batch:
        batch.drop_index("ix_invites_role_id")
        batch.drop_constraint("fk_invites_role_id_roles", type_="foreignkey")
        batch.drop_column("role_id")
    with op.batch_alter_table("memberships") as batch:
        batch.drop_index("ix_memberships_role_id")
        batch.drop_constraint("fk_memberships_role_id_roles", type_="foreignkey")
        batch.drop_column("role_id")
    op.drop_index("uq_roles_workspace_lower_name", table_name="roles")
    op.drop_index("ix_roles_workspace_id", table_name="roles")
    op.drop_table("roles")
