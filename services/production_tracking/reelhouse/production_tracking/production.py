"""Production behaviour beyond plain CRUD: project settings and team, entity
creation per kind, task batches and assignment, comments with a status change,
casting. Each function answers a whole request (no per-item round trips)."""

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, feed, notifications, permissions, reference, registry, team
from .models import (
    Comment,
    Entity,
    EntityLink,
    EntityType,
    Project,
    ProjectAssetType,
    ProjectPerson,
    ProjectTaskStatus,
    ProjectTaskType,
    Task,
    TaskAssignee,
    TaskStatus,
    TaskType,
)
from .tenancy import Tenant, members_of


def _uuid(value, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(parse_uuid(value))
    except Exception:
        raise ValidationFailed(details={field: ["Malformed ID."]}) from None


def _project(session: Session, tenant: Tenant, project_id) -> Project:
    return crud.load_row(session, tenant, crud.spec_for("projects"), project_id)


# -- project settings and team -------------------------------------------------------------------

SETTINGS = {
    "asset-types": (ProjectAssetType, "asset_type_id", "asset-types"),
    "task-types": (ProjectTaskType, "task_type_id", "task-types"),
    "task-status": (ProjectTaskStatus, "task_status_id", "task-status"),
}


def _setting(name: str):
    if name not in SETTINGS:
        raise NotFound(f"Unknown project setting '{name}'.")
    return SETTINGS[name]


def add_setting(tx: Transaction, tenant: Tenant, project_id, name: str, payload: dict) -> dict:
    """Add a task type, task status or asset type to a project; answers the project."""
    link_model, column, target_name = _setting(name)
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    if not isinstance(payload, dict) or column not in payload:
        raise ValidationFailed(details={column: ["Missing data for required field."]})
    target_id = crud.load_row(tx.session, tenant, crud.spec_for(target_name), _uuid(payload[column], column)).id
    values = {"project_id": project.id, column: target_id}
    if link_model is ProjectTaskType and payload.get("priority") is not None:
        values["priority"] = payload["priority"]
    if tx.session.get(link_model, (project.id, target_id)) is None:
        tx.session.add(link_model(**values))
        tx.session.flush()
    item = crud.serialize(tx.session, crud.spec_for("projects"), [project])[0]
    feed.record(tx, tenant, "project_updated", "project:update", {"project_id": item["id"], "id": item["id"]},
                project_id=project.id)
    return item


def remove_setting(tx: Transaction, tenant: Tenant, project_id, name: str, target_id) -> dict:
    link_model, column, _target = _setting(name)
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    tx.session.execute(delete(link_model).where(link_model.project_id == project.id,
                                                getattr(link_model, column) == _uuid(target_id)))
    tx.session.flush()
    item = crud.serialize(tx.session, crud.spec_for("projects"), [project])[0]
    feed.record(tx, tenant, "project_updated", "project:update", {"project_id": item["id"], "id": item["id"]},
                project_id=project.id)
    return item


def list_setting(session: Session, tenant: Tenant, project_id, name: str) -> list[dict]:
    link_model, column, target_name = _setting(name)
    project = _project(session, tenant, project_id)
    spec = crud.spec_for(target_name)
    ids = select(getattr(link_model, column)).where(link_model.project_id == project.id)
    # The caller's role in this project decides which of its statuses they see (a client: client-allowed).
    rows = crud.ordered_rows(session, spec, crud.base_query(session, tenant, spec, project.id).where(
        spec.model.id.in_(ids)))
    return crud.serialize(session, spec, rows)


def add_team_member(tx: Transaction, tenant: Tenant, project_id, person_id, role: str | None = None) -> dict:
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    role = team.check_role(role)
    person = _uuid(person_id, "person_id")
    if not members_of(tx.session, tenant.workspace_id, [person]):
        raise ValidationFailed(details={"person_id": ["Not a member of this workspace."]})
    link = tx.session.get(ProjectPerson, (project.id, person))
    if link is None:
        tx.session.add(ProjectPerson(project_id=project.id, person_id=person, role=role))
    else:
        link.role = role
    tx.session.flush()
    feed.record(tx, tenant, "project_team_changed", "project:update",
                {"project_id": str(project.id), "person_id": str(person)}, project_id=project.id)
    return crud.serialize(tx.session, crud.spec_for("projects"), [project])[0]


def remove_team_member(tx: Transaction, tenant: Tenant, project_id, person_id) -> dict:
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    tx.session.execute(delete(ProjectPerson).where(ProjectPerson.project_id == project.id,
                                                   ProjectPerson.person_id == _uuid(person_id, "person_id")))
    feed.record(tx, tenant, "project_team_changed", "project:update",
                {"project_id": str(project.id), "person_id": str(person_id)}, project_id=project.id)
    return crud.serialize(tx.session, crud.spec_for("projects"), [project])[0]


def open_projects(session: Session, tenant: Tenant, only_mine: bool = False) -> list[dict]:
    """Open projects of the workspace; ``only_mine``: those whose team the caller is in (gazu's user context)."""
    spec = crud.spec_for("projects")
    query = crud.base_query(session, tenant, spec).where(Project.project_status_id == reference.open_status_id(session))
    if only_mine:
        query = query.where(Project.id.in_(select(ProjectPerson.project_id).where(
            ProjectPerson.person_id == tenant.user_id)))
    return crud.serialize(session, spec, crud.ordered_rows(session, spec, query))


def project_asset_types(session: Session, tenant: Tenant, project_id) -> list[dict]:
    """The asset types the project's assets use (Zou's ``/data/projects/<p>/asset-types``)."""
    project = _project(session, tenant, project_id)
    spec = crud.spec_for("asset-types")
    used = select(Entity.entity_type_id).where(Entity.project_id == project.id)
    rows = crud.ordered_rows(session, spec, crud.base_query(session, tenant, spec).where(EntityType.id.in_(used)))
    return crud.serialize(session, spec, rows)


# -- entities ------------------------------------------------------------------------------------

def create_entity(tx: Transaction, tenant: Tenant, kind: str, project_id, payload: dict,
                  asset_type_id=None) -> dict:
    """``POST /data/projects/<p>/{shots,sequences,episodes,...}`` and ``.../asset-types/<t>/assets/new``."""
    if kind not in registry.ENTITY_KINDS or kind == "entities":
        raise NotFound(f"Unknown entity kind '{kind}'.")
    fixed = {"project_id": _project(tx.session, tenant, project_id).id}
    if asset_type_id is not None:
        fixed["entity_type_id"] = _uuid(asset_type_id, "asset_type_id")
    if isinstance(payload, dict):
        payload = {k: v for k, v in payload.items() if k != "project_id"}
    payload = dict(payload or {})
    if tenant.user_id and "created_by" not in payload:
        payload["created_by"] = str(tenant.user_id)
    return crud.create_record(tx, tenant, kind, payload, fixed=fixed)


# -- tasks ---------------------------------------------------------------------------------------

def create_entity_tasks(tx: Transaction, tenant: Tenant, entity_id, task_type_ids) -> list[dict]:
    """One task per task type for an entity (existing ones are kept and not duplicated)."""
    if not isinstance(task_type_ids, list) or not task_type_ids:
        raise ValidationFailed(details={"task_type_ids": ["Must be a non-empty list of IDs."]})
    entity = crud.load_row(tx.session, tenant, crud.spec_for("entities"), entity_id)
    wanted = [_uuid(i, "task_type_ids") for i in task_type_ids]
    existing = set(tx.session.scalars(select(Task.task_type_id).where(
        Task.entity_id == entity.id, Task.name == "main", Task.task_type_id.in_(wanted))))
    created = []
    for task_type_id in dict.fromkeys(wanted):
        if task_type_id in existing:
            continue
        created.append(crud.create_record(tx, tenant, "tasks", {
            "project_id": str(entity.project_id), "entity_id": str(entity.id),
            "task_type_id": str(task_type_id)}))
    return created


def assign_tasks(tx: Transaction, tenant: Tenant, person_id, task_ids) -> list[dict]:
    """``PUT /actions/persons/<person>/assign``: add the person to each task's assignees."""
    person = _uuid(person_id, "person_id")
    if not members_of(tx.session, tenant.workspace_id, [person]):
        raise ValidationFailed(details={"person_id": ["Not a member of this workspace."]})
    if not isinstance(task_ids, list) or not task_ids:
        raise ValidationFailed(details={"task_ids": ["Must be a non-empty list of IDs."]})
    spec = crud.spec_for("tasks")
    ids = [_uuid(i, "task_ids") for i in task_ids]
    tasks = tx.session.scalars(crud.base_query(tx.session, tenant, spec).where(Task.id.in_(ids))).all()
    if len(tasks) != len(set(ids)):
        raise NotFound("Task not found.")
    for project_id in {task.project_id for task in tasks}:
        permissions.require(tenant, permissions.MANAGE_PRODUCTION, project_id)
    already = set(tx.session.scalars(select(TaskAssignee.task_id).where(
        TaskAssignee.person_id == person, TaskAssignee.task_id.in_(ids))))
    for task in tasks:
        if task.id not in already:
            tx.session.add(TaskAssignee(task_id=task.id, person_id=person))
            task.assigner_id = tenant.user_id
            record_assignment(tx, tenant, task, person)
    tx.session.flush()
    return crud.serialize(tx.session, spec, tasks)


def record_assignment(tx: Transaction, tenant: Tenant, task: Task, person) -> None:
    """A person was assigned to a task (by the assign action or by a task's ``assignees``):
    the ``task:assign`` event and the person's notification."""
    feed.record(tx, tenant, "task_assigned", "task:assign",
                {"task_id": str(task.id), "person_id": str(person), "project_id": str(task.project_id)},
                project_id=task.project_id)
    notifications.task_assigned(tx, tenant, task, person)


def entity_task_types(session: Session, tenant: Tenant, entity_id) -> list[dict]:
    """The task types of an entity's tasks (gazu's ``all_task_types_for_shot``/``_asset``)."""
    entity = crud.load_row(session, tenant, crud.spec_for("entities"), entity_id)
    spec = crud.spec_for("task-types")
    used = select(Task.task_type_id).where(Task.entity_id == entity.id)
    rows = crud.ordered_rows(session, spec, crud.base_query(session, tenant, spec).where(TaskType.id.in_(used)))
    return crud.serialize(session, spec, rows)


def person_tasks(session: Session, tenant: Tenant, person_id, done: bool = False) -> list[dict]:
    """Tasks assigned to a person: open ones (Zou's ``/persons/<id>/tasks``) or done ones."""
    spec = crud.spec_for("tasks")
    person = tenant.user_id if person_id is None else _uuid(person_id, "person_id")
    done_statuses = select(TaskStatus.id).where(TaskStatus.workspace_id == tenant.workspace_id,
                                                TaskStatus.is_done.is_(True))
    status_clause = Task.task_status_id.in_(done_statuses) if done else Task.task_status_id.not_in(done_statuses)
    query = crud.base_query(session, tenant, spec).where(
        Task.id.in_(select(TaskAssignee.task_id).where(TaskAssignee.person_id == person)), status_clause)
    return crud.serialize(session, spec, crud.ordered_rows(session, spec, query))


def get_task_full(session: Session, tenant: Tenant, task_id) -> dict:
    """``GET /data/tasks/<id>/full``: the task with its type, status, entity and project."""
    task_spec = crud.spec_for("tasks")
    task = crud.load_row(session, tenant, task_spec, task_id)
    item = crud.serialize(session, task_spec, [task])[0]
    entity = session.get(Entity, task.entity_id)
    item["entity"] = crud.serialize(session, crud.spec_for("entities"), [entity])[0]
    item["task_type"] = crud.serialize(session, crud.spec_for("task-types"),
                                       [session.get(TaskType, task.task_type_id)])[0]
    item["task_status"] = crud.serialize(session, crud.spec_for("task-status"),
                                         [session.get(TaskStatus, task.task_status_id)])[0]
    item["project"] = crud.serialize(session, crud.spec_for("projects"), [session.get(Project, task.project_id)],
                                     relations=False)[0]
    item["entity_name"] = entity.name
    item["entity_type_name"] = item["entity"]["type"] if item["entity"]["type"] != "Asset" else \
        item["entity"].get("asset_type_name")
    item["task_type_name"] = item["task_type"]["name"]
    item["task_status_name"] = item["task_status"]["name"]
    item["project_name"] = item["project"]["name"]
    item["persons"] = [{"id": person_id} for person_id in item["assignees"]]
    return item


# -- comments ------------------------------------------------------------------------------------

COMMENT_FIELDS = ("task_status_id", "comment", "text", "person_id", "checklist", "links", "for_client",
                  "created_at", "attachment_files", "preview_files", "task_id", "object_id", "mentions")


def _status_allowed(role: str, status: TaskStatus) -> bool:
    if role == "client":
        return status.is_client_allowed
    if role in ("user", "vendor"):
        return status.is_artist_allowed
    return True


def comment_task(tx: Transaction, tenant: Tenant, task_id, payload: dict) -> dict:
    """Zou's ``POST /actions/tasks/<id>/comment``: a comment, and the task's new status."""
    permissions.require(tenant, permissions.COMMENT)
    session = tx.session
    if not isinstance(payload, dict):
        raise ValidationFailed(details={"_schema": ["Expected a JSON object."]})
    unknown = sorted(set(payload) - set(COMMENT_FIELDS))
    if unknown:
        raise ValidationFailed(details={key: ["Unknown field."] for key in unknown})
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id, for_update=True)
    if payload.get("task_status_id") is None:
        raise ValidationFailed(details={"task_status_id": ["Missing data for required field."]})
    status = crud.load_row(session, tenant, crud.spec_for("task-status"), _uuid(
        payload["task_status_id"], "task_status_id"), project_id=task.project_id)  # statuses seen in this project
    role = tenant.role_in(task.project_id)
    if not _status_allowed(role, status):
        raise Forbidden(f"The {role} role may not set the status {status.name!r}.")
    text = payload.get("comment", payload.get("text", "")) or ""
    if not isinstance(text, str):
        raise ValidationFailed(details={"comment": ["must be a string"]})
    checklist, links = payload.get("checklist") or [], payload.get("links") or []
    if not isinstance(checklist, list) or not isinstance(links, list):
        raise ValidationFailed(details={"checklist": ["must be a list"]})
    mentions = payload.get("mentions") or []
    if not isinstance(mentions, list):
        raise ValidationFailed(details={"mentions": ["must be a list of person ids"]})
    mentioned = {_uuid(value.get("id") if isinstance(value, dict) else value, "mentions") for value in mentions}
    if mentioned - members_of(session, tenant.workspace_id, mentioned):
        raise ValidationFailed(details={"mentions": ["Only members of the workspace can be mentioned."]})
    person_id = tenant.user_id
    if payload.get("person_id") and permissions.sees_whole(tenant, task.project_id):
        person_id = _uuid(payload["person_id"], "person_id")  # a manager may post for someone (Zou)
    now = utcnow()
    created_at = now
    if payload.get("created_at"):
        try:
            created_at = dt.datetime.fromisoformat(str(payload["created_at"]).replace("Z", "")).replace(tzinfo=None)
        except ValueError:
            raise ValidationFailed(details={"created_at": ["must be an ISO-8601 date"]}) from None
    comment = Comment(
        workspace_id=tenant.workspace_id, project_id=task.project_id, object_id=task.id, object_type="Task",
        text=text, checklist=checklist, links=[str(link) for link in links],
        for_client=bool(payload.get("for_client", False)), task_status_id=status.id, person_id=person_id,
        created_at=created_at, updated_at=created_at,
        attachment_files=[str(a) for a in payload.get("attachment_files") or [] if isinstance(a, str)],
        mentions=sorted(str(person) for person in mentioned),
    )
    session.add(comment)
    previous = task.task_status_id
    task.last_comment_date = now
    if previous != status.id:
        # The old status matters only for a retake; reading it otherwise cost a
        # query and, through autoflush, a second UPDATE of the task.
        if status.is_retake:
            old = session.get(TaskStatus, previous)
            if not (old and old.is_retake):
                task.retake_count += 1
        task.task_status_id = status.id
        if status.is_wip and task.real_start_date is None:
            task.real_start_date = now
        if status.is_done:
            task.done_date = task.end_date = now
    session.flush()
    item = crud.serialize(session, crud.spec_for("comments"), [comment])[0]
    feed.record(tx, tenant, "comment_created", "comment:new", {
        "comment_id": item["id"], "task_id": str(task.id), "task_status_id": str(status.id),
        "project_id": str(task.project_id),
    }, project_id=task.project_id)
    notifications.comment_created(tx, tenant, task, comment, change=previous != status.id)
    if previous != status.id:
        registry.task_status_changed(tx, tenant, task, previous, comment.id)
    item["task_status"] = crud.serialize(session, crud.spec_for("task-status"), [status])[0]
    item["person"] = {"id": str(person_id) if person_id else None}
    return item


def batch_comment(tx: Transaction, tenant: Tenant, task_id, comments) -> list[dict]:
    """Several comments in one transaction: all are written, or none."""
    if isinstance(comments, dict):
        comments = comments.get("comments")
    if not isinstance(comments, list):
        raise ValidationFailed(details={"comments": ["Must be a list of comments."]})
    results = []
    for index, comment in enumerate(comments):
        if not isinstance(comment, dict):
            raise ValidationFailed(details={f"comments.{index}": ["Expected a JSON object."]})
        target = task_id or comment.get("task_id") or comment.get("object_id")
        if target is None:
            raise ValidationFailed(details={f"comments.{index}.task_id": ["Missing data for required field."]})
        fields = {k: v for k, v in comment.items() if k in COMMENT_FIELDS and k not in ("task_id", "object_id")}
        results.append(comment_task(tx, tenant, target, fields))
    return results


def task_comments(session: Session, tenant: Tenant, task_id) -> list[dict]:
    """A task's comments, newest first, with their status (one query for all statuses)."""
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id)
    result = crud.list_records(session, tenant, "comments", fixed={"object_id": str(task.id)})
    status_ids = {item["task_status_id"] for item in result["items"]}
    statuses = {str(s.id): s for s in session.scalars(select(TaskStatus).where(
        TaskStatus.id.in_([uuid.UUID(i) for i in status_ids])))} if status_ids else {}
    for item in result["items"]:
        status = statuses.get(item["task_status_id"])
        item["task_status"] = {"id": item["task_status_id"], "name": status.name, "short_name": status.short_name,
                               "color": status.color, "type": "TaskStatus"} if status else None
        item["person"] = {"id": item["person_id"]}
    return result["items"]


# -- casting -------------------------------------------------------------------------------------

def _entity_in_project(session: Session, tenant: Tenant, project_id, entity_id) -> Entity:
    """The entity; when ``project_id`` is given (Zou's project-scoped routes) it must be in that project."""
    entity = crud.load_row(session, tenant, crud.spec_for("entities"), entity_id)
    if project_id is not None and entity.project_id != _project(session, tenant, project_id).id:
        raise NotFound("Entity not found in this project.")
    return entity


def _casting_items(session: Session, links) -> list[dict]:
    assets = {e.id: e for e in session.scalars(select(Entity).where(
        Entity.id.in_([link.entity_out_id for link in links])))} if links else {}
    type_names = dict(session.execute(select(EntityType.id, EntityType.name).where(
        EntityType.id.in_({a.entity_type_id for a in assets.values()}))).all()) if assets else {}
    items = []
    for link in links:
        asset = assets[link.entity_out_id]
        items.append({
            "id": str(link.id), "asset_id": str(asset.id), "name": asset.name, "asset_name": asset.name,
            "asset_type_id": str(asset.entity_type_id), "asset_type_name": type_names.get(asset.entity_type_id),
            "nb_occurences": link.nb_occurences, "label": link.label, "is_shared": asset.is_shared,
            "preview_file_id": str(asset.preview_file_id) if asset.preview_file_id else None,
            "ready_for": str(asset.ready_for) if asset.ready_for else None,
            "project_id": str(asset.project_id),
        })
    return sorted(items, key=lambda i: (i["asset_type_name"] or "", i["asset_name"]))


def get_casting(session: Session, tenant: Tenant, project_id, entity_id) -> list[dict]:
    entity = _entity_in_project(session, tenant, project_id, entity_id)
    links = session.scalars(select(EntityLink).where(EntityLink.entity_in_id == entity.id)
                            .limit(crud.BARE_LIST_MAX)).all()
    return _casting_items(session, links)


def update_casting(tx: Transaction, tenant: Tenant, project_id, entity_id, casting) -> list[dict]:
    """Replace what ``entity`` casts with ``[{asset_id, nb_occurences, label}]``."""
    session = tx.session
    entity = _entity_in_project(session, tenant, project_id, entity_id)
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, entity.project_id)
    if not isinstance(casting, list):
        raise ValidationFailed(details={"casting": ["Must be a list of {asset_id, nb_occurences}."]})
    wanted = {}
    for index, cast in enumerate(casting):
        if not isinstance(cast, dict) or "asset_id" not in cast:
            raise ValidationFailed(details={f"casting.{index}": ["Expected {asset_id, nb_occurences}."]})
        count = cast.get("nb_occurences", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationFailed(details={f"casting.{index}.nb_occurences": ["Must be a whole number >= 0."]})
        if count:
            wanted[_uuid(cast["asset_id"], f"casting.{index}.asset_id")] = (count, cast.get("label"))
    assets_spec = crud.spec_for("assets")
    found = {a.id: a for a in session.scalars(crud.base_query(session, tenant, assets_spec).where(
        Entity.id.in_(list(wanted))))} if wanted else {}
    unknown = [str(i) for i in wanted if i not in found or (found[i].project_id != entity.project_id
                                                            and not found[i].is_shared)]
    if unknown:
        raise ValidationFailed(details={"asset_id": [f"Unknown assets for this project: {', '.join(unknown)}."]})
    session.execute(delete(EntityLink).where(EntityLink.entity_in_id == entity.id))
    for asset_id, (count, label) in wanted.items():
        session.add(EntityLink(workspace_id=tenant.workspace_id, project_id=entity.project_id,
                               entity_in_id=entity.id, entity_out_id=asset_id, nb_occurences=count,
                               label=label if isinstance(label, str) else None))
    entity.nb_entities_out = len(wanted)
    session.flush()
    kind = crud.serialize(session, crud.spec_for("entities"), [entity], relations=False)[0]["type"].lower()
    feed.record(tx, tenant, "casting_updated", f"{kind}:casting-update", {
        f"{kind}_id": str(entity.id), "entity_id": str(entity.id), "project_id": str(entity.project_id),
        "nb_entities_out": len(wanted)}, project_id=entity.project_id)
    return get_casting(session, tenant, project_id, entity_id)


def cast_in(session: Session, tenant: Tenant, asset_id) -> list[dict]:
    """Where an asset is cast: the shots (and other entities) that use it."""
    asset = crud.load_row(session, tenant, crud.spec_for("assets"), asset_id)
    links = session.scalars(select(EntityLink).where(EntityLink.entity_out_id == asset.id)
                            .limit(crud.BARE_LIST_MAX)).all()
    users = {e.id: e for e in session.scalars(select(Entity).where(
        Entity.id.in_([link.entity_in_id for link in links]), *permissions.visibility(tenant, Entity)))} \
        if links else {}
    spec = crud.spec_for("entities")
    shaped = {row.id: item for row, item in zip(users.values(), crud.serialize(session, spec, list(users.values()),
                                                                               relations=False), strict=True)}
    items = []
    for link in links:
        item = shaped.get(link.entity_in_id)
        if item is None:
            continue
        kind = item["type"].lower()
        entry = {f"{kind}_id": item["id"], f"{kind}_name": item["name"], "nb_occurences": link.nb_occurences,
                 "label": link.label, "preview_file_id": item["preview_file_id"], "project_id": item["project_id"],
                 "type": item["type"]}
        if kind == "shot":
            entry.update(sequence_id=item.get("sequence_id"), sequence_name=item.get("sequence_name"))
        items.append(entry)
    return sorted(items, key=lambda i: (i.get("sequence_name") or "", i.get(f"{i['type'].lower()}_name") or ""))


def share_assets(tx: Transaction, tenant: Tenant, project_id, payload, asset_type_id=None) -> list[dict]:
    """Zou's ``/actions/projects/<p>[/asset-types/<t>]/assets/share``: (un)share all or listed assets."""
    permissions.require(tenant, permissions.MANAGE_PRODUCTION)
    payload = payload if payload is not None else {}
    if not isinstance(payload, dict):
        raise ValidationFailed(details={"_schema": ["Expected a JSON object."]})
    is_shared = payload.get("is_shared", True)
    if not isinstance(is_shared, bool):
        raise ValidationFailed(details={"is_shared": ["must be a boolean"]})
    spec = crud.spec_for("assets")
    query = crud.base_query(tx.session, tenant, spec).where(
        Entity.project_id == _project(tx.session, tenant, project_id).id)
    if asset_type_id is not None:
        query = query.where(Entity.entity_type_id == _uuid(asset_type_id, "asset_type_id"))
    if payload.get("asset_ids") is not None:
        if not isinstance(payload["asset_ids"], list):
            raise ValidationFailed(details={"asset_ids": ["Must be a list of IDs."]})
        query = query.where(Entity.id.in_([_uuid(i, "asset_ids") for i in payload["asset_ids"]]))
    rows = tx.session.scalars(crud._ordered(spec, query)).all()
    for row in rows:
        if row.is_shared != is_shared:
            row.is_shared = is_shared
            feed.record(tx, tenant, "asset_updated", "asset:update",
                        {"asset_id": str(row.id), "id": str(row.id), "project_id": str(row.project_id),
                         "is_shared": is_shared}, project_id=row.project_id)
    tx.session.flush()
    return crud.serialize(tx.session, spec, rows)


def delete_project_entity_link(tx: Transaction, tenant: Tenant, project_id, link_id) -> dict:
    project = _project(tx.session, tenant, project_id)
    link = crud.load_row(tx.session, tenant, crud.spec_for("entity-links"), link_id)
    if link.project_id != project.id:
        raise NotFound("Entity link not found in this project.")
    return crud.delete_record(tx, tenant, "entity-links", link_id)
