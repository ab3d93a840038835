"""The rest of Zou's models on the generic engine: time spents, notifications,
status automations, playlists, schedule items, milestones, search filters,
softwares, salary scales, plugins.

Imported once by ``service``; registering also teaches the core specs what
now depends on them (a task owns its time spents and notifications, a
project its playlists and schedule, ...), so deletes stay Zou's.
"""

import uuid

from sqlalchemy import false

from . import automations, notifications, permissions, playlists, production, search_filters, timesheets
from .crud import REGISTRY, Relation, Spec, register
from .models_more import (
    Milestone,
    Notification,
    Playlist,
    Plugin,
    ProjectStatusAutomation,
    SalaryScale,
    ScheduleItem,
    SearchFilter,
    Software,
    StatusAutomation,
    TimeSpent,
)
from .permissions import MANAGE_PRODUCTION, MANAGE_SETTINGS, SEES_WHOLE_WORKSPACE
from .tenancy import Tenant

register(Spec(name="time-spents", model=TimeSpent, zou_type="TimeSpent", event="time_spent",
              action=MANAGE_PRODUCTION, required=("task_id", "person_id", "date", "duration", "project_id"),
              unique=(("task_id", "person_id", "date"),), prepare=timesheets.prepare_time_spent,
              after_write=timesheets.after_time_spent_write, order=("date", "created_at", "id")))


def _notification_scope(tenant: Tenant) -> list:
    # Managers administer every notification of the projects they manage; anyone else sees only their own.
    return permissions.unless_managing(tenant, Notification.project_id, notifications.own_scope(tenant))


register(Spec(name="notifications", model=Notification, zou_type="Notification", event="notification",
              action=MANAGE_SETTINGS, ignored=("task_type_id", "task_status_id", "entity_id", "comment_text"),
              required=("person_id", "task_id", "notification_type", "project_id"),
              scope=_notification_scope, prepare=notifications.prepare_notification, newest_first=True))

register(Spec(name="status-automations", model=StatusAutomation, zou_type="StatusAutomation",
              event="status_automation", action=MANAGE_SETTINGS,
              required=("in_task_type_id", "in_task_status_id", "out_task_type_id"),
              owned=((ProjectStatusAutomation, "status_automation_id"),),
              prepare=automations.prepare_automation))

register(Spec(name="playlists", model=Playlist, zou_type="Playlist", event="playlist", action=MANAGE_PRODUCTION,
              ignored=("build_jobs",), required=("name", "project_id"),
              unique=(("project_id", "episode_id", "name"),), prepare=playlists.prepare_playlist,
              order=("name", "id")))

register(Spec(name="schedule-items", model=ScheduleItem, zou_type="ScheduleItem", event="schedule_item",
              action=MANAGE_PRODUCTION, required=("project_id",),
              unique=(("project_id", "task_type_id", "object_id"),), order=("start_date", "created_at", "id")))

register(Spec(name="milestones", model=Milestone, zou_type="Milestone", event="milestone", action=MANAGE_PRODUCTION,
              required=("project_id", "name", "date"), order=("date", "name", "id")))

register(Spec(name="search-filters", model=SearchFilter, zou_type="SearchFilter", event="search_filter",
              action=MANAGE_SETTINGS, aliases={"query": "search_query"}, required=("list_type",),
              scope=search_filters.scope, order=("name", "id")))

register(Spec(name="softwares", model=Software, zou_type="Software", event="software", action=MANAGE_SETTINGS,
              required=("name", "short_name", "file_extension"), unique=(("name",),), order=("name", "id")))


def _salaries_scope(tenant: Tenant) -> list:
    # Salaries are for studio and production managers only.
    return [] if tenant.role in SEES_WHOLE_WORKSPACE else [false()]


register(Spec(name="salary-scales", model=SalaryScale, zou_type="SalaryScale", event="salary_scale",
              action=MANAGE_SETTINGS, required=("department_id",), unique=(("department_id",),),
              scope=_salaries_scope))

register(Spec(name="plugins", model=Plugin, zou_type="Plugin", event="plugin", action=MANAGE_SETTINGS,
              required=("plugin_id", "name", "version", "maintainer_name", "license"),
              unique=(("plugin_id",),), order=("name", "id")))

# -- what the core models now own or have depending on them --------------------------------------

REGISTRY["tasks"].owned += ((TimeSpent, "task_id"), (Notification, "task_id"))
REGISTRY["comments"].owned += ((Notification, "comment_id"),)
REGISTRY["comments"].after_write = notifications.after_comment_write
REGISTRY["projects"].dependants += (("playlists", "project_id"), ("schedule-items", "project_id"),
                                    ("milestones", "project_id"), ("time-spents", "project_id"),
                                    ("notifications", "project_id"))
REGISTRY["projects"].owned += ((SearchFilter, "project_id"),)
REGISTRY["projects"].relations["status_automations"] = Relation(
    ProjectStatusAutomation, "project_id", "status_automation_id", StatusAutomation)
REGISTRY["projects"].ignored = tuple(k for k in REGISTRY["projects"].ignored if k != "status_automations")
REGISTRY["task-types"].dependants += (("status-automations", "in_task_type_id"),
                                      ("status-automations", "out_task_type_id"),
                                      ("schedule-items", "task_type_id"), ("milestones", "task_type_id"))
REGISTRY["task-status"].dependants += (("status-automations", "in_task_status_id"),
                                       ("status-automations", "out_task_status_id"))
_core_after_task_write = REGISTRY["tasks"].after_write


def _after_task_write(tx, tenant: Tenant, spec, row, before, item) -> None:
    """The core's hook, then: a task created with assignees notifies them (gazu's new_task); an
    update of ``assignees`` (``PUT /data/tasks/<id>``) assigns the new ones like the assign action."""
    if _core_after_task_write:
        _core_after_task_write(tx, tenant, spec, row, before, item)
    if before is None:
        for person_id in item.get("assignees") or []:
            notifications.task_assigned(tx, tenant, row, uuid.UUID(person_id))
    elif "assignees" in before:
        for person_id in sorted(set(item.get("assignees") or []) - set(before["assignees"])):
            production.record_assignment(tx, tenant, row, uuid.UUID(person_id))


REGISTRY["tasks"].after_write = _after_task_write
# Zou's project settings route for automations: /data/projects/<p>/settings/status-automations.
production.SETTINGS["status-automations"] = (ProjectStatusAutomation, "status_automation_id", "status-automations")
