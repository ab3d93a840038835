"""Tables for the rest of Zou's production model: time spents, notifications,
status automations, playlists, schedule items, milestones, search filters,
softwares, salary scales and plugins.

Same conventions as ``models``: every row carries its tenant's
``workspace_id``; person ids (identity's) carry no foreign key.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, _created, _id, _updated, _workspace


class TimeSpent(Base):
    """Minutes a person spent on a task on a day; one row per (task, person, day) as in Zou."""

    __tablename__ = "time_spents"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    # Denormalised from the task so visibility (team of the project) is one equality.
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.id"), nullable=False, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    duration: Mapped[float] = mapped_column(Float, nullable=False)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("uq_time_spents_task_person_date", TimeSpent.task_id, TimeSpent.person_id, TimeSpent.date, unique=True)


class Notification(Base):
    """Something a person should look at: an assignment, a comment on their task, a mention."""

    __tablename__ = "notifications"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.id"), nullable=False, index=True)
    comment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("comments.id"), index=True)
    reply_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # a reply's notifications go with it (0113)
    # Zou serialises its ``type`` column as ``notification_type``: comment, mention, assignation.
    notification_type: Mapped[str] = mapped_column(String(20), nullable=False)
    read: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    change: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class StatusAutomation(Base):
    """When a task of ``in_task_type`` reaches ``in_task_status``, set the entity's ``out_task_type``
    task to ``out_task_status`` (or, with ``out_field_type == "ready_for"``, mark the asset ready for it)."""

    __tablename__ = "status_automations"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    entity_type: Mapped[str] = mapped_column(String(40), nullable=False, default="asset")
    in_field_type: Mapped[str] = mapped_column(String(40), nullable=False, default="status")
    in_task_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_types.id"), nullable=False, index=True)
    in_task_status_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_statuses.id"), nullable=False,
                                                         index=True)
    out_field_type: Mapped[str] = mapped_column(String(40), nullable=False, default="status")
    out_task_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("task_types.id"), nullable=False,
                                                        index=True)
    out_task_status_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("task_statuses.id"), index=True)
    import_last_revision: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class ProjectStatusAutomation(Base):
    """The automations a project runs (Zou's project settings)."""

    __tablename__ = "project_status_automations"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    status_automation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("status_automations.id"),
                                                            primary_key=True)


class Playlist(Base):
    __tablename__ = "playlists"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    # [{"entity_id", "preview_file_id"}]: read and written whole, with the playlist.
    shots: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    episode_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    # No foreign key: a filter hint that must not block deleting the task type.
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    for_client: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    for_entity: Mapped[str] = mapped_column(String(10), nullable=False, default="shot")
    is_for_all: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class ScheduleItem(Base):
    """Start and end of a task type's work in a project (or in one of its sequences, episodes, asset types)."""

    __tablename__ = "schedule_items"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("task_types.id"), index=True)
    object_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)  # a sequence, episode or asset type
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    man_days: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Milestone(Base):
    __tablename__ = "milestones"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("task_types.id"), index=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class SearchFilter(Base):
    """A saved search of a list (assets, shots, todos...), a person's own or shared."""

    __tablename__ = "search_filters"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    list_type: Mapped[str] = mapped_column(String(80), nullable=False)
    entity_type: Mapped[str | None] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    search_query: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    is_shared: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    department_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # identity's departments
    search_filter_group_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    project_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("projects.id"), index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Software(Base):
    __tablename__ = "softwares"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    short_name: Mapped[str] = mapped_column(String(20), nullable=False)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    version: Mapped[str | None] = mapped_column(String(20))
    file_extension: Mapped[str] = mapped_column(String(20), nullable=False)
    secondary_extensions: Mapped[list | None] = mapped_column(JSON)
    monthly_cost: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    inventory_amount: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


SALARY_LEVELS = tuple(f"{seniority}_{position}_salary" for position in ("supervisor", "lead", "artist")
                      for seniority in ("senior", "mid", "junior"))


class SalaryScale(Base):
    __tablename__ = "salary_scales"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    department_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)  # identity's departments
    senior_supervisor_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    mid_supervisor_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    junior_supervisor_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    senior_lead_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    mid_lead_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    junior_lead_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    senior_artist_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    mid_artist_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    junior_artist_salary: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class Plugin(Base):
    __tablename__ = "plugins"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    plugin_id: Mapped[str] = mapped_column(String(80), nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(50), nullable=False)
    maintainer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    maintainer_email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(255))
    license: Mapped[str] = mapped_column(String(80), nullable=False)
    revision: Mapped[str | None] = mapped_column(String(12))
    frontend_project_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    frontend_studio_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    icon: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()

