"""Task listings and batch task actions beyond one entity's tasks (Zou's tasks
routes): the shot and asset tasks under a sequence or episode, an entity's
tasks of one type, the tasks related to a person's, open tasks and their
statistics, persons' task dates; clearing assignations and deleting tasks in
batch. Every listing applies the caller's visibility (``crud.base_query``)."""

import uuid

from marshmallow import Schema, fields, validate
from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session, aliased

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import crud, feed, permissions, production, reference
from .models import Entity, EntityType, Project, Task, TaskAssignee, TaskStatus, TaskType
from .tenancy import Tenant


def _tasks(session: Session, tenant: Tenant, *clauses, relations: bool = False) -> list[dict]:
    spec = crud.spec_for("tasks")
    query = crud.base_query(session, tenant, spec).where(*clauses)
    return crud.serialize(session, spec, crud.ordered_rows(session, spec, query), relations=relations)


def _wants_relations(args) -> bool:
    return str((args or {}).get("relations", "")).lower() == "true"


# Zou's /data/<kind>/<id>/<listing>: the kind the parent must be, and the entities whose tasks are listed.
def _shots_of_sequence(parent_id):
    return select(Entity.id).where(Entity.parent_id == parent_id,
                                   Entity.entity_type_id == reference.builtin_type_id("Shot"))


def _shots_of_episode(parent_id):
    sequences = select(Entity.id).where(Entity.parent_id == parent_id,
                                        Entity.entity_type_id == reference.builtin_type_id("Sequence"))
    return select(Entity.id).where(Entity.parent_id.in_(sequences),
                                   Entity.entity_type_id == reference.builtin_type_id("Shot"))


def _assets_of_episode(tenant: Tenant):
    def entities(parent_id):
        # An asset's episode is its source (Zou's ``source_id``); asset types are the workspace's entity types.
        return select(Entity.id).where(Entity.source_id == parent_id, Entity.entity_type_id.in_(
            select(EntityType.id).where(EntityType.workspace_id == tenant.workspace_id)))
    return entities


def _listing(tenant: Tenant, kind: str, listing: str):
    listings = {("sequences", "shot-tasks"): _shots_of_sequence, ("episodes", "shot-tasks"): _shots_of_episode,
                ("episodes", "asset-tasks"): _assets_of_episode(tenant)}
    if (kind, listing) not in listings:
        raise NotFound(f"Unknown listing '{kind}/{listing}'.")
    return listings[(kind, listing)]


def tasks_under(session: Session, tenant: Tenant, kind: str, parent_id, listing: str, args=None) -> list[dict]:
    """The tasks of the shots of a sequence or episode, or of the assets of an episode."""
    entities = _listing(tenant, kind, listing)
    parent = crud.load_row(session, tenant, crud.spec_for(kind), parent_id)
    return _tasks(session, tenant, Task.entity_id.in_(entities(parent.id)), relations=_wants_relations(args))


def entity_tasks_of_type(session: Session, tenant: Tenant, entity_id, task_type_id) -> list[dict]:
    entity = crud.load_row(session, tenant, crud.spec_for("entities"), entity_id)
    task_type = crud.load_row(session, tenant, crud.spec_for("task-types"), task_type_id)
    return _tasks(session, tenant, Task.entity_id == entity.id, Task.task_type_id == task_type.id)


def person_related_tasks(session: Session, tenant: Tenant, person_id, task_type_id) -> list[dict]:
    """Zou's related tasks: the tasks of one type of every entity where the person has a task assigned."""
    person = production._uuid(person_id, "person_id")
    task_type = crud.load_row(session, tenant, crud.spec_for("task-types"), task_type_id)
    entities = select(Task.entity_id).where(Task.workspace_id == tenant.workspace_id, Task.id.in_(
        select(TaskAssignee.task_id).where(TaskAssignee.person_id == person)))
    return _tasks(session, tenant, Task.entity_id.in_(entities), Task.task_type_id == task_type.id)


# -- open tasks ----------------------------------------------------------------------------------

class OpenTasksQuery(Schema):
    project_id = fields.UUID()
    task_type_id = fields.UUID()
    task_status_id = fields.UUID()
    person_id = fields.UUID()
    page = fields.Integer(validate=validate.Range(min=1), load_default=1)
    limit = fields.Integer(validate=validate.Range(min=1, max=500), load_default=100)


def _open_clauses(session: Session) -> list:
    """Tasks of open projects whose status is not a done one (Zou's open tasks)."""
    return [Task.project_id.in_(select(Project.id).where(Project.project_status_id == reference.open_status_id(
        session))), Task.task_status_id.in_(select(TaskStatus.id).where(TaskStatus.is_done.is_(False)))]


def open_tasks(session: Session, tenant: Tenant, args: dict | None) -> dict:
    """Zou's ``GET /data/tasks/open-tasks``: a page of open tasks with their names, and statistics."""
    query_args = load(OpenTasksQuery, {k: v for k, v in (args or {}).items() if k != "relations"})
    spec = crud.spec_for("tasks")
    clauses = _open_clauses(session)
    for key in ("project_id", "task_type_id", "task_status_id"):
        if key in query_args:
            clauses.append(getattr(Task, key) == query_args[key])
    if "person_id" in query_args:
        clauses.append(Task.id.in_(select(TaskAssignee.task_id).where(TaskAssignee.person_id == query_args[
            "person_id"])))
    query = crud.base_query(session, tenant, spec).where(*clauses)
    page, limit = query_args["page"], query_args["limit"]
    rows = session.scalars(crud._ordered(spec, query).limit(limit).offset((page - 1) * limit)).all()
    items = _with_names(session, crud.serialize(session, spec, rows))
    matching = query.order_by(None).subquery()
    total, duration, estimation = session.execute(select(
        func.count(), func.coalesce(func.sum(matching.c.duration), 0),
        func.coalesce(func.sum(matching.c.estimation), 0))).one()
    by_status = session.execute(select(matching.c.task_status_id, func.count()).group_by(matching.c.task_status_id))
    return {"data": items, "stats": {"total": total, "total_duration": duration, "total_estimation": estimation,
                                     "status": [{"task_status_id": str(status), "amount": amount}
                                                for status, amount in by_status]},
            "limit": limit, "page": page, "is_more": page * limit < total}


def _with_names(session: Session, items: list[dict]) -> list[dict]:
    """Zou's open tasks carry the names of their project, entity, type and status."""
    def names(model, key):
        ids = {uuid.UUID(item[key]) for item in items}
        return {str(i): n for i, n in session.execute(select(model.id, model.name).where(model.id.in_(ids)))} \
            if ids else {}
    projects, entities = names(Project, "project_id"), names(Entity, "entity_id")
    types, statuses = names(TaskType, "task_type_id"), names(TaskStatus, "task_status_id")
    for item in items:
        item.update(project_name=projects.get(item["project_id"]), entity_name=entities.get(item["entity_id"]),
                    task_type_name=types.get(item["task_type_id"]),
                    task_status_name=statuses.get(item["task_status_id"]))
    return items


def open_tasks_stats(session: Session, tenant: Tenant) -> dict:
    """Zou's ``GET /data/tasks/open-tasks/stats``: per open project, the amounts per task type and status."""
    visible = crud.base_query(session, tenant, crud.spec_for("tasks")).where(*_open_clauses(session)).subquery()
    task = aliased(Task, visible)
    done = select(TaskStatus.id).where(TaskStatus.is_done.is_(True))
    # Open tasks are never done; Zou counts amount_done all the same, so it is kept (always 0 here).
    rows = session.execute(select(
        task.project_id, task.task_type_id, task.task_status_id, func.count(),
        func.count(case((task.task_status_id.in_(done), 1))), func.coalesce(func.sum(task.duration), 0),
        func.coalesce(func.sum(task.estimation), 0),
    ).group_by(task.project_id, task.task_type_id, task.task_status_id)
        .order_by(task.project_id, task.task_type_id, task.task_status_id))
    stats: dict = {}
    for project_id, task_type_id, task_status_id, amount, amount_done, duration, estimation in rows:
        project = stats.setdefault(str(project_id), {"amount": 0, "amount_done": 0, "total_duration": 0,
                                                      "total_estimation": 0, "task_types": []})
        entry = {"project_id": str(project_id), "task_type_id": str(task_type_id),
                 "task_status_id": str(task_status_id), "amount": amount, "amount_done": amount_done,
                 "total_duration": duration, "total_estimation": estimation}
        project["task_types"].append(entry)
        for key in ("amount", "amount_done", "total_duration", "total_estimation"):
            project[key] += entry[key]
    return stats


def persons_task_dates(session: Session, tenant: Tenant) -> list[dict]:
    """Zou's ``GET /data/persons/task-dates``: per assigned person, the first start and last due date of
    their visible tasks in open projects (``None`` when no task has one)."""
    visible = crud.base_query(session, tenant, crud.spec_for("tasks")).where(
        Task.project_id.in_(select(Project.id).where(Project.project_status_id == reference.open_status_id(
            session)))).subquery()
    task = aliased(Task, visible)
    rows = session.execute(select(TaskAssignee.person_id, func.min(task.start_date), func.max(task.due_date))
                           .join(task, task.id == TaskAssignee.task_id).group_by(TaskAssignee.person_id)
                           .order_by(TaskAssignee.person_id))
    return [{"person_id": str(person), "min_date": crud.jsonable(first), "max_date": crud.jsonable(last)}
            for person, first, last in rows]


# -- batch actions -------------------------------------------------------------------------------

class ClearAssignationSchema(Schema):
    task_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=crud.BARE_LIST_MAX))
    person_id = fields.UUID(allow_none=True)


def _visible_tasks(session: Session, tenant: Tenant, ids: list, for_update: bool = False) -> list[Task]:
    spec = crud.spec_for("tasks")
    query = crud.base_query(session, tenant, spec).where(Task.id.in_(ids)).order_by(Task.id)
    tasks = session.scalars(query.with_for_update() if for_update else query).all()
    if len(tasks) != len(set(ids)):
        raise NotFound("Task not found.")
    return tasks


def clear_assignations(tx: Transaction, tenant: Tenant, payload) -> list[str]:
    """Zou's ``PUT /actions/tasks/clear-assignation``: unassign one person (``person_id``) or everyone
    from the tasks; answers the tasks' ids. One ``task:unassign`` per person taken off a task."""
    data = load(ClearAssignationSchema, payload if payload is not None else {})
    tasks = _visible_tasks(tx.session, tenant, data["task_ids"], for_update=True)
    for project_id in sorted({task.project_id for task in tasks}):
        permissions.require(tenant, permissions.MANAGE_PRODUCTION, project_id)
    clauses = [TaskAssignee.task_id.in_([task.id for task in tasks])]
    if data.get("person_id") is not None:
        clauses.append(TaskAssignee.person_id == data["person_id"])
    removed = tx.session.execute(select(TaskAssignee.task_id, TaskAssignee.person_id).where(*clauses)
                                 .order_by(TaskAssignee.task_id, TaskAssignee.person_id)).all()
    tx.session.execute(delete(TaskAssignee).where(*clauses))
    by_id = {task.id: task for task in tasks}
    for task_id, person_id in removed:
        task = by_id[task_id]
        feed.record(tx, tenant, "task_unassigned", "task:unassign",
                    {"task_id": str(task_id), "person_id": str(person_id), "project_id": str(task.project_id)},
                    project_id=task.project_id)
    return [str(task_id) for task_id in dict.fromkeys(data["task_ids"])]


def delete_tasks(tx: Transaction, tenant: Tenant, project_id, task_ids) -> list[str]:
    """Zou's ``POST /actions/projects/<p>/delete-tasks``: delete these tasks of the project (with their
    comments, time spents and notifications); each publishes ``task_deleted``. All or nothing."""
    project = crud.load_row(tx.session, tenant, crud.spec_for("projects"), project_id)
    if not isinstance(task_ids, list) or not task_ids:
        raise ValidationFailed(details={"task_ids": ["Must be a non-empty list of task ids."]})
    ids = list(dict.fromkeys(production._uuid(i.get("id") if isinstance(i, dict) else i, "task_ids")
                             for i in task_ids))
    tasks = _visible_tasks(tx.session, tenant, ids)
    if any(task.project_id != project.id for task in tasks):
        raise ValidationFailed(details={"task_ids": ["Every task must be one of this project's."]})
    for task_id in ids:
        crud.delete_record(tx, tenant, "tasks", task_id, force=True)
    return [str(task_id) for task_id in ids]


def delete_tasks_of_type(tx: Transaction, tenant: Tenant, project_id, task_type_id) -> dict:
    """Zou's ``DELETE /actions/projects/<p>/task-types/<t>/delete-tasks``: every task of that type."""
    project = crud.load_row(tx.session, tenant, crud.spec_for("projects"), project_id)
    task_type = crud.load_row(tx.session, tenant, crud.spec_for("task-types"), task_type_id)
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, project.id)
    ids = tx.session.scalars(crud.base_query(tx.session, tenant, crud.spec_for("tasks")).with_only_columns(Task.id)
                             .where(Task.project_id == project.id, Task.task_type_id == task_type.id)
                             .order_by(Task.id)).all()
    for task_id in ids:
        crud.delete_record(tx, tenant, "tasks", task_id, force=True)
    return {"deleted": len(ids)}
