"""Subscriptions to tasks (Zou's): a person follows a task they can see and is then notified of its
comments and replies like an assignee. ``subscribe``/``unsubscribe`` act for the caller; a project's
subscriptions list all of them for its managers, the caller's own for anyone else."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden

from . import crud, permissions
from .crud import REGISTRY, Spec, register
from .models_subscriptions import Subscription
from .tenancy import Tenant


def _scope(tenant: Tenant) -> list:
    return permissions.unless_managing(tenant, Subscription.project_id, [Subscription.person_id == tenant.user_id])


SPEC = register(Spec(name="subscriptions", model=Subscription, zou_type="Subscription", event="subscription",
                     action=permissions.COMMENT, scope=_scope, read_only=True))
REGISTRY["tasks"].owned += ((Subscription, "task_id"),)  # a deleted task takes its subscriptions with it


def _task(session: Session, tenant: Tenant, task_id):
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id)
    if tenant.user_id is None:
        raise Forbidden("Only a person can subscribe.")
    return task


def _own(session: Session, tenant: Tenant, task) -> Subscription | None:
    return session.scalar(select(Subscription).where(Subscription.task_id == task.id,
                                                     Subscription.person_id == tenant.user_id))


def subscribe(tx: Transaction, tenant: Tenant, task_id) -> dict:
    """Follow a visible task (idempotent: subscribing twice answers the same subscription)."""
    task = _task(tx.session, tenant, task_id)
    permissions.require(tenant, permissions.COMMENT, task.project_id)
    row = _own(tx.session, tenant, task)
    if row is not None:
        return crud.serialize(tx.session, SPEC, [row])[0]
    row = Subscription(workspace_id=tenant.workspace_id, project_id=task.project_id, person_id=tenant.user_id,
                       task_id=task.id)
    tx.session.add(row)
    tx.session.flush()
    item = crud.serialize(tx.session, SPEC, [row])[0]
    crud.emit(tx, tenant, SPEC, item, "created")
    return item


def unsubscribe(tx: Transaction, tenant: Tenant, task_id) -> dict:
    task = _task(tx.session, tenant, task_id)
    row = _own(tx.session, tenant, task)
    if row is None:
        return {"subscribed": False}
    item = crud.serialize(tx.session, SPEC, [row])[0]
    tx.session.execute(delete(Subscription).where(Subscription.id == row.id))
    crud.emit(tx, tenant, SPEC, item, "deleted")
    return {"subscribed": False}


def is_subscribed(session: Session, tenant: Tenant, task_id) -> bool:
    return _own(session, tenant, _task(session, tenant, task_id)) is not None


def project_subscriptions(session: Session, tenant: Tenant, project_id) -> list[dict]:
    project = crud.load_row(session, tenant, crud.spec_for("projects"), project_id)
    return crud.list_records(session, tenant, "subscriptions", fixed={"project_id": str(project.id)})["items"]


def subscribers(session: Session, task_id) -> set:
    return set(session.scalars(select(Subscription.person_id).where(Subscription.task_id == task_id)))
