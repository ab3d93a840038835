"""Notifications: who should look at what, written in the transaction of the
change that causes them (an assignment, a comment, a mention).

``task_assigned`` and ``comment_created`` are called by the code that
assigns and comments (``production``); the ``/data/user/notifications``
routes read and mark a person's own notifications.
"""

import uuid

from marshmallow import Schema, fields
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import crud, feed
from .models import Comment, Task, TaskAssignee
from .models_more import Notification
from .models_subscriptions import Subscription
from .tenancy import Tenant, members_of

TYPES = ("comment", "mention", "assignation", "reply", "reply-mention")


def _notify(tx: Transaction, tenant: Tenant, task: Task, person_ids, kind: str, comment_id=None,
            change: bool = False) -> None:
    session = tx.session
    spec = crud.spec_for("notifications")
    # Nobody is notified of their own action; only members of the workspace are.
    wanted = {p for p in person_ids if p and p != tenant.user_id}
    wanted &= members_of(session, tenant.workspace_id, wanted)
    rows = [Notification(workspace_id=tenant.workspace_id, project_id=task.project_id, person_id=person,
                         author_id=tenant.user_id, task_id=task.id, comment_id=comment_id,
                         notification_type=kind, change=change)
            for person in sorted(wanted)]
    if not rows:
        return
    session.add_all(rows)
    session.flush()
    for item in crud.serialize(session, spec, rows):
        crud.emit(tx, tenant, spec, item, "created")


def task_assigned(tx: Transaction, tenant: Tenant, task: Task, person_id) -> None:
    _notify(tx, tenant, task, [person_id], "assignation")


def _mentioned(comment: Comment) -> set:
    found = set()
    for value in comment.mentions or []:
        try:
            found.add(uuid.UUID(str(value.get("id") if isinstance(value, dict) else value)))
        except (ValueError, AttributeError):
            continue  # a malformed mention names nobody
    return found


def comment_created(tx: Transaction, tenant: Tenant, task: Task, comment: Comment, change: bool = False) -> None:
    """The task's assignees and subscribers get a ``comment`` notification; people mentioned a ``mention``."""
    assignees = set(tx.session.scalars(select(TaskAssignee.person_id).where(TaskAssignee.task_id == task.id)))
    assignees |= set(tx.session.scalars(select(Subscription.person_id).where(Subscription.task_id == task.id)))
    _notify(tx, tenant, task, assignees, "comment", comment.id, change)
    _notify(tx, tenant, task, _mentioned(comment), "mention", comment.id, change)


def after_comment_write(tx, tenant: Tenant, spec, row, before, item) -> None:
    """``POST /data/comments`` (and edits adding mentions) notify like a posted comment."""
    task = tx.session.get(Task, row.object_id)
    if before is None:
        comment_created(tx, tenant, task, row)
    elif "mentions" in before:
        added = _mentioned(row) - _mentioned(Comment(mentions=before["mentions"] or []))
        if added:  # someone mentioned, unmentioned, then mentioned again is not notified twice
            added -= set(tx.session.scalars(select(Notification.person_id).where(
                Notification.comment_id == row.id, Notification.notification_type == "mention")))
        _notify(tx, tenant, task, added, "mention", row.id)


# -- the caller's own notifications --------------------------------------------------------------

def own_scope(tenant: Tenant) -> list:
    return [Notification.person_id == tenant.user_id]


def _enrich(session: Session, items: list[dict]) -> list[dict]:
    """Zou's user notifications carry the task's context and the comment's text."""
    task_ids = {uuid.UUID(i["task_id"]) for i in items}
    comment_ids = {uuid.UUID(i["comment_id"]) for i in items if i["comment_id"]}
    tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(task_ids)))} if task_ids else {}
    comments = {c.id: c for c in session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))} \
        if comment_ids else {}
    for item in items:
        task = tasks.get(uuid.UUID(item["task_id"]))
        comment = comments.get(uuid.UUID(item["comment_id"])) if item["comment_id"] else None
        item["task_type_id"] = str(task.task_type_id) if task else None
        item["task_status_id"] = str(comment.task_status_id if comment else task.task_status_id) if task else None
        item["entity_id"] = str(task.entity_id) if task else None
        item["comment_text"] = comment.text if comment else None
    return items


def user_notifications(session: Session, tenant: Tenant, args: dict | None = None) -> list[dict]:
    args = dict(args or {})
    args.pop("fields", None)
    result = crud.list_records(session, tenant, "notifications", args, fixed={"person_id": str(tenant.user_id)})
    return _enrich(session, result["items"])


def user_notification(session: Session, tenant: Tenant, notification_id) -> dict:
    row = _own(session, tenant, notification_id)
    return _enrich(session, crud.serialize(session, crud.spec_for("notifications"), [row]))[0]


def _own(session: Session, tenant: Tenant, notification_id, for_update: bool = False) -> Notification:
    row = crud.load_row(session, tenant, crud.spec_for("notifications"), notification_id, for_update)
    if row.person_id != tenant.user_id:
        raise NotFound(crud.NOT_FOUND)  # someone else's notification does not exist for the caller
    return row


class ReadSchema(Schema):
    read = fields.Boolean(required=True, truthy={True}, falsy={False})


# Output fields gazu sends back with update_notification; accepted and ignored.
_ECHOED = ("id", "type", "notification_type", "created_at", "updated_at", "person_id", "author_id", "task_id",
           "comment_id", "reply_id", "project_id", "change", "task_type_id", "task_status_id", "entity_id",
           "comment_text")


def mark_notification(tx: Transaction, tenant: Tenant, notification_id, payload) -> dict:
    """``PUT /data/user/notifications/<id>``: only ``read`` may change."""
    row = _own(tx.session, tenant, notification_id, for_update=True)
    payload = {k: v for k, v in payload.items() if k not in _ECHOED} if isinstance(payload, dict) else payload
    row.read = load(ReadSchema, payload)["read"]
    tx.session.flush()
    spec = crud.spec_for("notifications")
    item = crud.serialize(tx.session, spec, [row])[0]
    crud.emit(tx, tenant, spec, item, "updated")
    return _enrich(tx.session, [item])[0]


def mark_all_read(tx: Transaction, tenant: Tenant) -> dict:
    count = tx.session.execute(update(Notification).where(
        Notification.workspace_id == tenant.workspace_id, Notification.person_id == tenant.user_id,
        Notification.read.is_(False)).values(read=True, updated_at=utcnow())).rowcount
    if count:
        feed.record(tx, tenant, "notifications_read", "notification:all-read",
                    {"person_id": str(tenant.user_id), "count": count})
    return {"success": True, "count": count}


def prepare_notification(session: Session, tenant: Tenant, values: dict, row) -> None:
    """Generic ``/data/notifications`` writes: a known type; the project follows the task."""
    kind = values.get("notification_type")
    if kind is not None and kind not in TYPES:
        raise ValidationFailed(details={"notification_type": [f"Must be one of: {', '.join(TYPES)}."]})
    if values.get("task_id") is not None:
        values["project_id"] = session.scalar(select(Task.project_id).where(
            Task.id == values["task_id"], Task.workspace_id == tenant.workspace_id))
        if values["project_id"] is None:
            raise ValidationFailed(details={"task_id": ["No such task."]})
    if row is None:
        values.setdefault("author_id", tenant.user_id)
