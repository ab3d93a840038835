"""Tables of the workspace service: workspaces (the tenant), memberships,
invites, custom roles, and the catalogue (industries, template types,
templates, template collections).

``workspaces.industry_id`` and ``template_collection_id`` stay plain UUIDs
without a foreign key (0001 predates those tables); the logic checks that a
referenced record exists before storing it.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base, utcnow

Base = make_base()

ACTIVE = "active"
CANCELLED = "cancelled"


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    organization_name: Mapped[str | None] = mapped_column(String(255))
    workspace_name: Mapped[str] = mapped_column(String(255), nullable=False)
    workspace_path: Mapped[str] = mapped_column(String(255), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(50))
    is_business: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_invite: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    stripe_id: Mapped[str | None] = mapped_column(String(255))
    card_brand: Mapped[str | None] = mapped_column(String(50))
    # A string keeps leading zeros ("0042"), unlike the spec sample's number.
    card_last_four: Mapped[str | None] = mapped_column(String(4))
    features: Mapped[dict] = mapped_column(JSON, nullable=False)
    internal_notes: Mapped[str | None] = mapped_column(Text)
    account: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # balance in cents
    industry_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    template_collection_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=ACTIVE)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# Names and paths are unique among active workspaces, so a cancelled (soft
# deleted) workspace frees its name. Names compare regardless of case ("Acme"
# and "acme" would read as the same tenant). Partial expression indexes work on
# PostgreSQL and SQLite alike.
_ACTIVE_ONLY = Workspace.status == ACTIVE
Index("uq_workspaces_active_lower_name", func.lower(Workspace.workspace_name), unique=True,
      postgresql_where=_ACTIVE_ONLY, sqlite_where=_ACTIVE_ONLY)
Index("uq_workspaces_active_path", Workspace.workspace_path, unique=True,
      postgresql_where=_ACTIVE_ONLY, sqlite_where=_ACTIVE_ONLY)


class Membership(Base):
    __tablename__ = "memberships"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workspaces.id"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    # A built-in role name, or CUSTOM_ROLE with ``role_id`` naming the workspace's custom role.
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    role_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("roles.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # Only the sha256 of the token is stored: a database leak yields no usable link.
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workspaces.id"), nullable=False, index=True)
    email: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    role_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("roles.id"), index=True)  # role "custom"
    invited_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)


CUSTOM_ROLE = "custom"


class Role(Base):
    """A workspace's custom role: a named set of permission strings."""

    __tablename__ = "roles"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workspaces.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    permissions: Mapped[list] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# One name per workspace, regardless of case ("Editor" and "editor" would confuse a member list).
Index("uq_roles_workspace_lower_name", Role.workspace_id, func.lower(Role.name), unique=True)


class Industry(Base):
    __tablename__ = "industries"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class TemplateType(Base):
    __tablename__ = "template_types"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str | None] = mapped_column(String(2048))
    is_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Template(Base):
    """A starting point for productions; ``workspace_id`` None is a global (platform) template."""

    __tablename__ = "templates"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("workspaces.id"), index=True)
    industry_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("industries.id"), index=True)
    template_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("template_types.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    editor_pick: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    image_url: Mapped[str | None] = mapped_column(String(2048))
    # The production blueprint: {"production": {...}, "brief": {...}, "descriptions": [...]}.
    template: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class TemplateCollection(Base):
    """A curated set of global templates an administrator assigns to workspaces."""

    __tablename__ = "template_collections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class TemplateCollectionItem(Base):
    __tablename__ = "template_collection_items"

    collection_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("template_collections.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("templates.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
