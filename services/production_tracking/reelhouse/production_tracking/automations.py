"""Status automations, applied when a task's status changes.

"When the modeling task of an asset goes to done, set its rigging task to
ready": a project runs the automations linked to it in its settings. The
change is made as Zou makes it, by a comment on the target task (so it has
its own status-changed event, notifications and, in turn, automations), in
the transaction of the change that triggered it.
"""

import dataclasses

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import ValidationFailed

from . import crud
from .models import Entity, EntityType, ProjectTaskType, Task, TaskStatus, TaskType
from .models_more import ProjectStatusAutomation, StatusAutomation
from .tenancy import Tenant

ENTITY_TYPES = ("asset", "shot", "sequence", "episode", "edit", "scene", "concept")
FIELD_TYPES = ("status", "ready_for")


def _entity_kind(session: Session, entity: Entity) -> str:
    type_row = session.get(EntityType, entity.entity_type_id)
    return "asset" if type_row.workspace_id is not None else type_row.name.lower()


def _priority(session: Session, project_id, task_type_id) -> int:
    """The task type's place in the project's pipeline (project setting first, else the type's own)."""
    own = session.scalar(select(ProjectTaskType.priority).where(
        ProjectTaskType.project_id == project_id, ProjectTaskType.task_type_id == task_type_id))
    if own is not None:
        return own
    return session.scalar(select(func.coalesce(TaskType.priority, 0)).where(TaskType.id == task_type_id)) or 0


def apply(tx: Transaction, tenant: Tenant, task: Task) -> None:
    """Run the automations of ``task``'s project that its new status triggers."""
    session = tx.session
    automations = session.scalars(select(StatusAutomation).join(
        ProjectStatusAutomation, ProjectStatusAutomation.status_automation_id == StatusAutomation.id).where(
        ProjectStatusAutomation.project_id == task.project_id,
        StatusAutomation.in_task_type_id == task.task_type_id,
        StatusAutomation.in_task_status_id == task.task_status_id,
        StatusAutomation.archived.is_(False),
    ).order_by(StatusAutomation.created_at, StatusAutomation.id)).all()
    if not automations:
        return
    entity = session.get(Entity, task.entity_id)
    kind = _entity_kind(session, entity)
    # Each (task, status) once per transaction: automations that feed each other cannot loop.
    done = tx.__dict__.setdefault("status_automations_done", set())
    for automation in automations:
        if automation.entity_type.lower() != kind:
            continue
        if automation.out_field_type == "ready_for":
            _set_ready_for(tx, tenant, entity, automation)
            continue
        # Zou never runs an automation backwards in the pipeline (it would undo later work).
        if _priority(session, task.project_id, automation.in_task_type_id) > \
                _priority(session, task.project_id, automation.out_task_type_id):
            continue
        _set_status(tx, tenant, task, entity, automation, done)


def _set_ready_for(tx: Transaction, tenant: Tenant, entity: Entity, automation: StatusAutomation) -> None:
    if entity.ready_for == automation.out_task_type_id:
        return
    entity.ready_for = automation.out_task_type_id
    tx.session.flush()
    spec = crud.spec_for("entities")
    crud.emit(tx, tenant, spec, crud.serialize(tx.session, spec, [entity], relations=False)[0], "updated")


def _set_status(tx: Transaction, tenant: Tenant, task: Task, entity: Entity, automation: StatusAutomation,
                done: set) -> None:
    from . import production  # production imports registry, which calls this module

    session = tx.session
    target = session.scalar(select(Task).where(
        Task.entity_id == entity.id, Task.task_type_id == automation.out_task_type_id).order_by(
        Task.created_at, Task.id).limit(1))
    key = (target.id, automation.out_task_status_id) if target is not None else None
    if target is None or target.task_status_id == automation.out_task_status_id or key in done:
        return
    done.add(key)
    in_type = session.get(TaskType, automation.in_task_type_id)
    in_status = session.get(TaskStatus, automation.in_task_status_id)
    # The project's managers configured the automation: it runs whatever the role of the person
    # whose change triggered it (who stays the comment's author), on tasks they may not see.
    acting = dataclasses.replace(tenant, role="manager")
    production.comment_task(tx, acting, target.id, {
        "task_status_id": str(automation.out_task_status_id),
        "comment": f"Change triggered by {in_type.name} set to {in_status.name}",
    })


def prepare_automation(session: Session, tenant: Tenant, values: dict, row) -> None:
    errors = {}
    if values.get("entity_type") is not None:
        values["entity_type"] = values["entity_type"].lower()
        if values["entity_type"] not in ENTITY_TYPES:
            errors["entity_type"] = [f"Must be one of: {', '.join(ENTITY_TYPES)}."]
    for key in ("in_field_type", "out_field_type"):
        if values.get(key) is not None and values[key] not in FIELD_TYPES:
            errors[key] = [f"Must be one of: {', '.join(FIELD_TYPES)}."]
    out_field = values.get("out_field_type", row.out_field_type if row is not None else "status")
    out_status = values.get("out_task_status_id", row.out_task_status_id if row is not None else None)
    if out_field == "status" and out_status is None:
        errors["out_task_status_id"] = ["Required when out_field_type is status."]
    if errors:
        raise ValidationFailed(details=errors)
