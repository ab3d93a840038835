"""Tables of the production_tracking service (Zou's production model).

Every row carries the ``workspace_id`` of its tenant, denormalised from its
project: the tenant filter is then one indexed equality on every table, for
every query of the generic engine, with no join. Rows with a NULL
``workspace_id`` (project statuses, the built-in entity types) are shared,
read-only reference data.

Persons are identity's: ``person_id``/``assigner_id``/... are user ids
without a foreign key. Lists that Zou keeps in side tables but that are only
ever read with their owner (comment replies, acknowledgements, mentions) are
JSON columns here.
"""

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base, utcnow
from reelhouse.shared.memberships import membership_model

Base = make_base()

# Entity types every workspace shares; every other entity type is an asset type.
BUILTIN_ENTITY_TYPES = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")


def _id():
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def _workspace(nullable=False):
    return mapped_column(Uuid, nullable=nullable, index=True)


def _created():
    return mapped_column(DateTime, nullable=False, default=utcnow)


def _updated():
    return mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


# The workspace service's memberships, kept by the shared projection.
WorkspaceMember = membership_model(Base)


class ProjectStatus(Base):
    __tablename__ = "project_statuses"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID | None] = _workspace(nullable=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    color: Mapped[str] = mapped_column(String(7), nullable=False, default="#000000")
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


# Shared reference rows are unique by name (a partial index: PostgreSQL and SQLite).
_SHARED = ProjectStatus.workspace_id.is_(None)
Index("uq_project_statuses_shared_name", ProjectStatus.name, unique=True,
      postgresql_where=_SHARED, sqlite_where=_SHARED)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    code: Mapped[str | None] = mapped_column(String(80))
    description: Mapped[str | None] = mapped_column(Text)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    file_tree: Mapped[dict | None] = mapped_column(JSON)
    data: Mapped[dict | None] = mapped_column(JSON)
    has_avatar: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    fps: Mapped[str | None] = mapped_column(String(10))
    ratio: Mapped[str | None] = mapped_column(String(10))
    resolution: Mapped[str | None] = mapped_column(String(12))
    production_type: Mapped[str] = mapped_column(String(20), nullable=False, default="short")
    production_style: Mapped[str] = mapped_column(String(20), nullable=False, default="2d3d")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    man_days: Mapped[int | None] = mapped_column(Integer)
    nb_episodes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    episode_span: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_retakes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_clients_isolated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_preview_download_allowed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    homepage: Mapped[str] = mapped_column(String(80), nullable=False, default="assets")
    project_status_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("project_statuses.id"), index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


# Project names are unique per workspace regardless of case (Zou: unique name).
Index("uq_projects_workspace_lower_name", Project.workspace_id, func.lower(Project.name), unique=True)


class ProjectPerson(Base):
    """The project team; ``role`` overrides the person's global role in this project."""

    __tablename__ = "project_persons"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    role: Mapped[str | None] = mapped_column(String(20))


class ProjectAssetType(Base):
    __tablename__ = "project_asset_types"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    asset_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entity_types.id"), primary_key=True)


class ProjectTaskType(Base):
    __tablename__ = "project_task_types"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    task_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_types.id"), primary_key=True)
    priority: Mapped[int | None] = mapped_column(Integer)


class ProjectTaskStatus(Base):
    __tablename__ = "project_task_statuses"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    task_status_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_statuses.id"), primary_key=True)
    priority: Mapped[int | None] = mapped_column(Integer)


class EntityType(Base):
    __tablename__ = "entity_types"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID | None] = _workspace(nullable=True)
    name: Mapped[str] = mapped_column(String(30), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


_SHARED_TYPE = EntityType.workspace_id.is_(None)
Index("uq_entity_types_shared_name", EntityType.name, unique=True,
      postgresql_where=_SHARED_TYPE, sqlite_where=_SHARED_TYPE)


class TaskType(Base):
    __tablename__ = "task_types"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    short_name: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(7), nullable=False, default="#FFFFFF")
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    for_entity: Mapped[str] = mapped_column(String(30), nullable=False, default="Asset")
    allow_timelog: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    department_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class TaskStatus(Base):
    __tablename__ = "task_statuses"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    short_name: Mapped[str] = mapped_column(String(10), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(7), nullable=False, default="#FFFFFF")
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    is_done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_artist_allowed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    is_client_allowed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    is_retake: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_wip: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_feedback_request: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    for_concept: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Entity(Base):
    """Assets, sequences, episodes, shots, scenes and edits: one table, as in Zou."""

    __tablename__ = "entities"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    entity_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entity_types.id"), nullable=False)
    # shot -> sequence -> episode; scene -> sequence
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entities.id"), index=True)
    # an asset's episode
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(String(160), nullable=False)
    code: Mapped[str | None] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(Text)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    canceled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    nb_frames: Mapped[int | None] = mapped_column(Integer)
    nb_entities_out: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_casting_standby: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_shared: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="running")
    preview_file_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    ready_for: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("ix_entities_project_type", Entity.project_id, Entity.entity_type_id)


class EntityLink(Base):
    """Casting: ``entity_in`` (a shot, sequence, episode or asset) uses ``entity_out`` (an asset)."""

    __tablename__ = "entity_links"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    entity_in_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), nullable=False)
    entity_out_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), nullable=False, index=True)
    nb_occurences: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    label: Mapped[str | None] = mapped_column(String(80))
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("uq_entity_links_in_out", EntityLink.entity_in_id, EntityLink.entity_out_id, unique=True)


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), nullable=False, index=True)
    task_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_types.id"), nullable=False, index=True)
    task_status_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_statuses.id"), nullable=False,
                                                      index=True)
    assigner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(80), nullable=False, default="main")
    description: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    difficulty: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    duration: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    estimation: Mapped[float] = mapped_column(Float, nullable=False, default=0)
    completion_rate: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retake_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    start_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    due_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    real_start_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    end_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    done_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_comment_date: Mapped[dt.datetime | None] = mapped_column(DateTime)
    nb_assets_ready: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    nb_drawings: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    data: Mapped[dict | None] = mapped_column(JSON)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    last_preview_file_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("uq_tasks_entity_type_name", Task.entity_id, Task.task_type_id, Task.name, unique=True)


class TaskAssignee(Base):
    __tablename__ = "task_assignees"

    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    object_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.id"), nullable=False, index=True)
    object_type: Mapped[str] = mapped_column(String(80), nullable=False, default="Task")
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    data: Mapped[dict | None] = mapped_column(JSON)
    replies: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    checklist: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    for_client: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    links: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    mentions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    department_mentions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    acknowledgements: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    # References to the asset service's attachment files.
    attachment_files: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    task_status_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_statuses.id"), nullable=False)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    editor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    preview_file_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # The asset service's preview files of this comment, kept from its events
    # (preview_file_created/updated/deleted): [{"id", "revision", "position", ...}].
    previews: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    shotgun_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class FeedEvent(Base):
    """The events feed (``GET /data/events/last``), written with the change it reports."""

    __tablename__ = "feed_events"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("ix_feed_events_workspace_created", FeedEvent.workspace_id, FeedEvent.created_at)
