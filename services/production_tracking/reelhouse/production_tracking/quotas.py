"""Quotas: how much of a project's shots each person finished, by day, week and month
(Zou's ``/data/projects/<p>/quotas/<task_type>`` and ``…/quotas/persons/<person>``).

Computed from the tasks, never stored. A shot counts once its task of the
type is done; it is shared among the people who logged time on that task,
in proportion to their time, on the days they logged it (Zou's weighted
quotas). A done task nobody logged time on is shared equally among its
assignees on the day it was done. Each share counts its part of the shot
(``count``), of its frames (``frames``, from ``nb_frames``, else the
``frame_in``/``frame_out`` of its data) and of its length in seconds at the
project's fps (default 25).

Supervisors and managers of the project read everyone's quotas; anyone else
only their own.
"""

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.errors import Forbidden, MalformedId, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, reference
from .models import Entity, Task, TaskAssignee, TaskStatus
from .models_more import TimeSpent
from .tenancy import Tenant

PERIODS = ("day", "week", "month")
MEASURES = ("count", "frames", "seconds")
SEES_EVERYONE = ("admin", "manager", "supervisor")
DEFAULT_FPS = 25.0


def _uuid(value, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(parse_uuid(value))
    except MalformedId:
        raise ValidationFailed(details={field: ["Malformed ID."]}) from None


def _fps(project) -> float:
    try:
        fps = float(project.fps or DEFAULT_FPS)
    except ValueError:
        return DEFAULT_FPS
    return fps if fps > 0 else DEFAULT_FPS


def _frames(nb_frames, data) -> int:
    if nb_frames:
        return nb_frames
    data = data if isinstance(data, dict) else {}
    try:
        return max(int(data["frame_out"]) - int(data["frame_in"]) + 1, 0)
    except (KeyError, TypeError, ValueError):
        return 0


def _keys(day) -> dict:
    year, week, _ = day.isocalendar()
    return {"day": day.isoformat(), "week": f"{year}-{week:02d}", "month": f"{day.year}-{day.month:02d}"}


def _empty() -> dict:
    return {measure: {period: {} for period in PERIODS} for measure in MEASURES}


def _add(entry: dict, day, share: float, frames: int, fps: float) -> None:
    for period, key in _keys(day).items():
        for measure, value in (("count", share), ("frames", share * frames), ("seconds", share * frames / fps)):
            bucket = entry[measure][period]
            bucket[key] = round(bucket.get(key, 0) + value, 4)


def _shares(session: Session, tenant: Tenant, project, task_type_id=None):
    """(person_id, task_type_id, day, share, frames) of every done shot task of the project."""
    done = select(TaskStatus.id).where(TaskStatus.workspace_id == tenant.workspace_id, TaskStatus.is_done.is_(True))
    query = select(Task.id, Task.task_type_id, Task.done_date, Task.end_date, Task.updated_at, Entity.nb_frames,
                   Entity.data).join(Entity, Entity.id == Task.entity_id).where(
        Task.workspace_id == tenant.workspace_id, Task.project_id == project.id, Task.task_status_id.in_(done),
        Entity.entity_type_id == reference.builtin_type_id("Shot"))
    if task_type_id is not None:
        query = query.where(Task.task_type_id == task_type_id)
    tasks = {row.id: row for row in session.execute(query)}
    if not tasks:
        return []
    logged = defaultdict(list)
    for task_id, person_id, day, duration in session.execute(
            select(TimeSpent.task_id, TimeSpent.person_id, TimeSpent.date, TimeSpent.duration).where(
                TimeSpent.task_id.in_(list(tasks)), TimeSpent.duration > 0)):
        logged[task_id].append((person_id, day, duration))
    assignees = defaultdict(list)
    for task_id, person_id in session.execute(select(TaskAssignee.task_id, TaskAssignee.person_id).where(
            TaskAssignee.task_id.in_([t for t in tasks if t not in logged]))):
        assignees[task_id].append(person_id)
    shares = []
    for task_id, task in tasks.items():
        frames = _frames(task.nb_frames, task.data)
        if logged[task_id]:
            total = sum(duration for _person, _day, duration in logged[task_id])
            shares += [(person, task.task_type_id, day, duration / total, frames)
                       for person, day, duration in logged[task_id]]
        elif assignees[task_id]:
            day = (task.done_date or task.end_date or task.updated_at).date()
            shares += [(person, task.task_type_id, day, 1 / len(assignees[task_id]), frames)
                       for person in assignees[task_id]]
    return shares


def _project(session: Session, tenant: Tenant, project_id):
    return crud.load_row(session, tenant, crud.spec_for("projects"), project_id)


def project_quotas(session: Session, tenant: Tenant, project_id, task_type_id) -> dict:
    """``{person_id: {count|frames|seconds: {day|week|month: {key: value}}}}`` for one task type."""
    project = _project(session, tenant, project_id)
    task_type = crud.load_row(session, tenant, crud.spec_for("task-types"), _uuid(task_type_id, "task_type_id"))
    fps = _fps(project)
    sees_everyone = tenant.role_in(project.id) in SEES_EVERYONE
    quotas: dict = {}
    for person, _type, day, share, frames in _shares(session, tenant, project, task_type.id):
        if not sees_everyone and person != tenant.user_id:
            continue
        _add(quotas.setdefault(str(person), _empty()), day, share, frames, fps)
    return quotas


def person_quotas(session: Session, tenant: Tenant, project_id, person_id) -> dict:
    """One person's quotas in a project: over every task type, and by task type (``task_types``)."""
    project = _project(session, tenant, project_id)
    person = _uuid(person_id, "person_id")
    if person != tenant.user_id and tenant.role_in(project.id) not in SEES_EVERYONE:
        raise Forbidden("Only supervisors and managers read other people's quotas.")
    fps = _fps(project)
    result = {**_empty(), "task_types": {}}
    for someone, task_type_id, day, share, frames in _shares(session, tenant, project):
        if someone != person:
            continue
        _add(result, day, share, frames, fps)
        _add(result["task_types"].setdefault(str(task_type_id), _empty()), day, share, frames, fps)
    return result


