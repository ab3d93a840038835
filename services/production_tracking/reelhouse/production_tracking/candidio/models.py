"""Tables of the Candidio (/v1) production API, on the service's own Base.

One domain model under both dialects (docs/domain.md): a video series and a
production are each a row of ``projects`` (same UUID: ``vds_``/``prd_`` on
/v1, the bare UUID on /api), and a shot is a ``Shot`` row of ``entities``.
These tables hold what Zou has no column for, keyed by those rows' ids.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import utcnow
from reelhouse.shared.memberships import custom_role_models

from ..models import Base

# Custom workspace roles' permissions and holders (CustomRoleProjection), read by access.py.
WorkspaceRole, WorkspaceMemberRole = custom_role_models(Base)


def _created():
    return mapped_column(DateTime, nullable=False, default=utcnow)


def _updated():
    return mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class VideoSeries(Base):
    __tablename__ = "candidio_video_series"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    audience: Mapped[str] = mapped_column(Text, nullable=False, default="")
    synopsis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    turnaround: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    video_length: Mapped[str | None] = mapped_column(String(12))
    internal_notes: Mapped[str | None] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    template_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # workspace service's template
    example_video_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # asset service's asset
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()



class Production(Base):
    __tablename__ = "candidio_productions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    series_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("candidio_video_series.id"), index=True)
    template_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="planning")
    is_queued: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    allow_public_upload: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    allow_public_shotlist: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    goal_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    first_submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("ix_candidio_productions_workspace_created", Production.workspace_id, Production.created_at)


class Snapshot(Base):
    """The production as it stood when its status changed."""

    __tablename__ = "candidio_production_snapshots"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    production_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("candidio_productions.id"), nullable=False,
                                                     index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    from_status: Mapped[str] = mapped_column(String(20), nullable=False)
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    state: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()


class Brief(Base):
    __tablename__ = "candidio_briefs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    production_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("candidio_productions.id"), nullable=False,
                                                     index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    purpose: Mapped[str | None] = mapped_column(Text)
    purpose_because: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    end_screen: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Shot(Base):
    """A shot description; ``id`` is its ``Shot`` entity's (visible on /api)."""

    __tablename__ = "candidio_shots"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), primary_key=True)
    production_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("candidio_productions.id"), nullable=False,
                                                     index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    shot_type: Mapped[str] = mapped_column(String(50), nullable=False)
    fields: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class AssetLink(Base):
    """An asset (the asset service's ``ast_``) attached to a shot, production, revision, ... of this service."""

    __tablename__ = "candidio_asset_links"

    asset_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    uploadable_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    uploadable_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    created_at: Mapped[dt.datetime] = _created()


class Revision(Base):
    __tablename__ = "candidio_revisions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    production_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("candidio_productions.id"), nullable=False,
                                                     index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    instructions: Mapped[str | None] = mapped_column(Text)
    is_open: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Deliverable(Base):
    __tablename__ = "candidio_deliverables"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    production_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("candidio_productions.id"), nullable=False,
                                                     index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    revision_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("candidio_revisions.id"), index=True)
    notes_for_producer: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="uploading")
    rating: Mapped[str | None] = mapped_column(String(10))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()



class Action(Base):
    """The activity log: one row per domain event, written with the change (or from another service's event)."""

    __tablename__ = "candidio_actions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    verb: Mapped[str] = mapped_column(String(60), nullable=False)
    actionable_type: Mapped[str] = mapped_column(String(40), nullable=False)
    actionable_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    data: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("ix_candidio_actions_workspace_created", Action.workspace_id, Action.created_at)
