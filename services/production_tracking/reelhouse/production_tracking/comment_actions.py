"""What people do to a comment once it is posted (Zou's comment actions):
acknowledge it, reply to it and delete a reply, move it to another task of the
same entity, post several at once for a project, and the checks before one of
its files (the asset service's) is removed.

Every write records its domain event and Zou's feed row (``comment:acknowledge``,
``comment:reply``, ``comment:delete-reply``, ``comment:move``, ...) in the
transaction of the change.
"""

import uuid

from marshmallow import Schema, fields, validate
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import crud, feed, file_links, notifications, permissions, production
from .models import Comment, Task, TaskAssignee
from .models_more import Notification
from .subscriptions import subscribers as subscribers_of
from .tenancy import Tenant, members_of


def _comment_of_task(session: Session, tenant: Tenant, task_id, comment_id, for_update: bool = False):
    """The task and its comment, both visible to the caller; 404 when the comment is another task's."""
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id)
    comment = crud.load_row(session, tenant, crud.spec_for("comments"), comment_id, for_update=for_update)
    if comment.object_id != task.id:
        raise NotFound("This comment is not one of this task's.")
    return task, comment


def _person(tenant: Tenant) -> uuid.UUID:
    if tenant.user_id is None:
        raise Forbidden("Only a person can do this.")
    return tenant.user_id


def _manages(tenant: Tenant, project_id) -> bool:
    """Admins, and managers in that project (its per-project role decides)."""
    return tenant.role_in(project_id) in permissions.SEES_WHOLE_WORKSPACE


def _shaped(session: Session, comment: Comment) -> dict:
    return crud.serialize(session, crud.spec_for("comments"), [comment])[0]


def _event_data(task: Task, comment: Comment, **more) -> dict:
    return {"comment_id": str(comment.id), "task_id": str(task.id), "project_id": str(task.project_id), **more}


# -- acknowledgements ----------------------------------------------------------------------------

def acknowledge(tx: Transaction, tenant: Tenant, task_id, comment_id) -> dict:
    """Add the caller to the comment's acknowledgements, or take them out if they are in (Zou's toggle)."""
    task, comment = _comment_of_task(tx.session, tenant, task_id, comment_id, for_update=True)
    permissions.require(tenant, permissions.COMMENT, task.project_id)
    person = str(_person(tenant))
    acknowledged = list(comment.acknowledgements or [])
    if person in acknowledged:
        acknowledged.remove(person)
        action = "unacknowledge"
    else:
        acknowledged.append(person)
        action = "acknowledge"
    comment.acknowledgements = acknowledged  # a new list: the JSON column sees the change
    tx.session.flush()
    feed.record(tx, tenant, f"comment_{action}d", f"comment:{action}",
                _event_data(task, comment, person_id=person), project_id=task.project_id)
    return _shaped(tx.session, comment)


# -- replies -------------------------------------------------------------------------------------

class ReplySchema(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    person_id = fields.UUID(allow_none=True)
    mentions = fields.List(fields.String(), load_default=list)


def reply(tx: Transaction, tenant: Tenant, task_id, comment_id, payload) -> dict:
    """Zou's ``POST /data/tasks/<t>/comments/<c>/reply``: a reply in the comment's ``replies``.

    The comment's author, the people who replied before, the task's assignees and
    subscribers get a ``reply`` notification, the people named a ``reply-mention``."""
    data = load(ReplySchema, payload if payload is not None else {})
    if not data["text"].strip():
        raise ValidationFailed(details={"text": ["A reply needs some text."]})
    task, comment = _comment_of_task(tx.session, tenant, task_id, comment_id, for_update=True)
    permissions.require(tenant, permissions.COMMENT, task.project_id)
    author = _person(tenant)
    if data.get("person_id") not in (None, author):
        if not _manages(tenant, task.project_id):  # as in Zou, only a manager writes for someone else
            raise Forbidden("Only a manager may reply in someone else's name.")
        if not members_of(tx.session, tenant.workspace_id, [data["person_id"]]):
            raise ValidationFailed(details={"person_id": ["Not a member of this workspace."]})
        author = data["person_id"]
    mentioned = _mention_ids(tx.session, tenant, data["mentions"])
    now = utcnow().isoformat(timespec="seconds")
    entry = {"id": str(uuid.uuid4()), "date": now, "created_at": now, "person_id": str(author), "text": data["text"],
             "mentions": sorted(str(m) for m in mentioned), "department_mentions": []}
    comment.replies = [*(comment.replies or []), entry]
    tx.session.flush()
    feed.record(tx, tenant, "comment_replied", "comment:reply", _event_data(task, comment, reply_id=entry["id"]),
                project_id=task.project_id)
    earlier = {_as_uuid(r.get("person_id")) for r in comment.replies[:-1] if isinstance(r, dict)}
    assignees = set(tx.session.scalars(select(TaskAssignee.person_id).where(TaskAssignee.task_id == task.id)))
    concerned = ({comment.person_id} | earlier | assignees | subscribers_of(tx.session, task.id)) - mentioned - {None}
    _notify_reply(tx, tenant, task, comment, entry["id"], concerned, "reply")
    _notify_reply(tx, tenant, task, comment, entry["id"], mentioned, "reply-mention")
    return {**entry, "person": {"id": entry["person_id"]}}


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _mention_ids(session: Session, tenant: Tenant, values) -> set:
    mentioned = {_as_uuid(value) for value in values} - {None}
    if len(mentioned) != len(set(values)):
        raise ValidationFailed(details={"mentions": ["Malformed ID."]})
    if mentioned - members_of(session, tenant.workspace_id, mentioned):
        raise ValidationFailed(details={"mentions": ["Only members of the workspace can be mentioned."]})
    return mentioned


def _notify_reply(tx: Transaction, tenant: Tenant, task: Task, comment: Comment, reply_id: str, people,
                  kind: str) -> None:
    # As for comments: nobody is notified of their own action; only members of the workspace are.
    wanted = {p for p in people if p and p != tenant.user_id}
    wanted &= members_of(tx.session, tenant.workspace_id, wanted)
    rows = [Notification(workspace_id=tenant.workspace_id, project_id=task.project_id, person_id=person,
                         author_id=tenant.user_id, task_id=task.id, comment_id=comment.id,
                         reply_id=uuid.UUID(reply_id), notification_type=kind) for person in sorted(wanted)]
    if not rows:
        return
    tx.session.add_all(rows)
    tx.session.flush()
    spec = crud.spec_for("notifications")
    for item in crud.serialize(tx.session, spec, rows):
        crud.emit(tx, tenant, spec, item, "created")


def delete_reply(tx: Transaction, tenant: Tenant, task_id, comment_id, reply_id) -> dict:
    """Remove a reply (its author, or an admin or the project's manager) and its notifications."""
    task, comment = _comment_of_task(tx.session, tenant, task_id, comment_id, for_update=True)
    reply_id = str(production._uuid(reply_id, "reply_id"))
    found = next((r for r in comment.replies or [] if isinstance(r, dict) and r.get("id") == reply_id), None)
    if found is None:
        raise NotFound("No such reply on this comment.")
    if found.get("person_id") != str(tenant.user_id) and not _manages(tenant, task.project_id):
        raise Forbidden("Only the reply's author or a manager may delete it.")
    comment.replies = [r for r in comment.replies if not (isinstance(r, dict) and r.get("id") == reply_id)]
    tx.session.execute(delete(Notification).where(Notification.reply_id == uuid.UUID(reply_id)))
    tx.session.flush()
    feed.record(tx, tenant, "comment_reply_deleted", "comment:delete-reply",
                _event_data(task, comment, reply_id=reply_id), project_id=task.project_id)
    return _shaped(tx.session, comment)


# -- moving a comment ----------------------------------------------------------------------------

class MoveSchema(Schema):
    target_task_id = fields.UUID(required=True)


def move(tx: Transaction, tenant: Tenant, task_id, comment_id, payload) -> dict:
    """Move a comment to another task of the same entity (admins and the project's managers).

    Its date, text, mentions and status change stay; its notifications are made
    again for the target task. A comment with previews or attachments stays
    where it is (400): their records are the asset service's, kept per task."""
    data = load(MoveSchema, payload if payload is not None else {})
    session = tx.session
    task, comment = _comment_of_task(session, tenant, task_id, comment_id, for_update=True)
    if not _manages(tenant, task.project_id):
        raise Forbidden("Only an admin or the project's manager may move a comment.")
    target = crud.load_row(session, tenant, crud.spec_for("tasks"), data["target_task_id"], for_update=True)
    if target.entity_id != task.entity_id:
        raise ValidationFailed(details={"target_task_id": ["Must be a task of the same entity."]})
    if target.id == task.id:
        raise ValidationFailed(details={"target_task_id": ["The comment is already on this task."]})
    if comment.previews or comment.attachment_files:
        raise ValidationFailed("A comment with previews or attachments cannot be moved yet.",
                               {"comment_id": ["Has previews or attachments."]})
    comment.object_id = target.id
    if target.last_comment_date is None or comment.created_at > target.last_comment_date:
        target.last_comment_date = comment.created_at
    session.execute(delete(Notification).where(Notification.comment_id == comment.id))
    session.flush()
    feed.record(tx, tenant, "comment_moved", "comment:move",
                _event_data(target, comment, previous_task_id=str(task.id)), project_id=task.project_id)
    notifications.comment_created(tx, tenant, target, comment)
    return _shaped(session, comment)


# -- several comments of a project ---------------------------------------------------------------

def comment_many(tx: Transaction, tenant: Tenant, project_id, comments) -> list[dict]:
    """Zou's ``POST /actions/projects/<p>/tasks/comment-many``: each comment names its task
    (``object_id`` or ``task_id``), which must be of that project; all are written, or none."""
    project = crud.load_row(tx.session, tenant, crud.spec_for("projects"), project_id)
    if isinstance(comments, dict):
        comments = comments.get("comments")
    if not isinstance(comments, list) or not comments:
        raise ValidationFailed(details={"comments": ["Must be a non-empty list of comments."]})
    targets = []
    for index, comment in enumerate(comments):
        target = comment.get("object_id") or comment.get("task_id") if isinstance(comment, dict) else None
        if target is None:
            raise ValidationFailed(details={f"comments.{index}.object_id": ["Missing data for required field."]})
        targets.append(production._uuid(target, f"comments.{index}.object_id"))
    in_project = set(tx.session.scalars(select(Task.id).where(Task.id.in_(targets), Task.project_id == project.id)))
    outside = [str(t) for t in targets if t not in in_project]
    if outside:
        raise ValidationFailed(details={"object_id": [f"Not tasks of this project: {', '.join(outside)}."]})
    return production.batch_comment(tx, tenant, None, [
        # gazu names the files it sends as parts in these keys; those parts are not read (yet).
        {**{k: v for k, v in comment.items() if k not in ("object_id", "attachment_files", "preview_files")},
         "task_id": str(target)}
        for comment, target in zip(comments, targets, strict=True)])


# -- removing a comment's files ------------------------------------------------------------------

def check_file_removal(session: Session, tenant: Tenant, task_id, comment_id, kind: str, file_id) -> dict:
    """May the caller remove this preview or attachment of this comment? Its author may, and admins and
    the project's managers (Zou). The asset service, which owns the file, then deletes it."""
    task, comment = _comment_of_task(session, tenant, task_id, comment_id)
    file_id = str(production._uuid(file_id, f"{kind}_id"))
    if kind == "preview_file":
        listed = {str(p.get("id")) for p in comment.previews or [] if isinstance(p, dict)}
        listed |= {str(comment.preview_file_id)} if comment.preview_file_id else set()
    elif kind == "attachment_file":
        listed = {file_links._attachment_id(a) for a in comment.attachment_files or []}
    else:
        raise NotFound(f"Unknown kind of file '{kind}'.")
    if file_id not in listed:
        raise NotFound(f"This {kind.replace('_', ' ')} is not one of this comment's.")
    if comment.person_id != tenant.user_id and not _manages(tenant, task.project_id):
        raise Forbidden("Only the comment's author or a manager may remove its files.")
    return {"task_id": str(task.id), "comment_id": str(comment.id), "id": file_id}
