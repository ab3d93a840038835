"""What production tracking knows of the asset service's Zou files.

The asset service owns preview, output and working files; before it records
one it asks here, in one RPC, whether the caller may attach a file to that
task, comment or entity, and where it belongs (workspace, project, entity).
Comments and tasks then follow the files through the asset service's events:
``comments.previews``, ``comments.preview_file_id`` and
``tasks.last_preview_file_id`` are a projection of them.
"""

import uuid

from sqlalchemy import select

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, permissions
from .models import Comment, Entity, Task
from .tenancy import Tenant

PREVIEW_KEYS = ("id", "task_id", "revision", "position", "extension", "original_name", "status")


def _uuid(value, field: str) -> uuid.UUID:
    if value is None:
        raise ValidationFailed(details={field: ["Missing data for required field."]})
    return uuid.UUID(parse_uuid(value))


def file_context(session, tenant: Tenant, task_id=None, comment_id=None, entity_id=None,
                 asset_instance_id=None) -> dict:
    """Where a new file belongs, once the caller may comment there: one task (and
    one of its comments), one entity (with an asset instance: the shot or scene it
    is used in), or (no ids) the workspace itself."""
    permissions.require(tenant, permissions.COMMENT)
    context = {"workspace_id": str(tenant.workspace_id),
               "person_id": str(tenant.user_id) if tenant.user_id else None}
    if task_id is not None:
        task = crud.load_row(session, tenant, crud.spec_for("tasks"), _uuid(task_id, "task_id"))
        context.update(task_id=str(task.id), entity_id=str(task.entity_id), project_id=str(task.project_id),
                       task_type_id=str(task.task_type_id))
        if comment_id is not None:
            comment = crud.load_row(session, tenant, crud.spec_for("comments"), _uuid(comment_id, "comment_id"))
            if comment.object_id != task.id:
                raise NotFound("This comment is not on this task.")
            context["comment_id"] = str(comment.id)
        return context
    if entity_id is None:  # a workspace's own files (preview backgrounds): its settings' managers'
        permissions.require(tenant, permissions.MANAGE_SETTINGS)
        return context
    entity = crud.load_row(session, tenant, crud.spec_for("entities"), _uuid(entity_id, "entity_id"))
    context.update(entity_id=str(entity.id), project_id=str(entity.project_id))
    if asset_instance_id is not None:
        instance = crud.load_row(session, tenant, crud.spec_for("asset-instances"),
                                 _uuid(asset_instance_id, "asset_instance_id"))
        if instance.project_id != entity.project_id:
            raise ValidationFailed(details={"temporal_entity_id": ["Not in the asset instance's project."]})
        context.update(asset_instance_id=str(instance.id), asset_id=str(instance.asset_id))
    return context


def set_entity_preview(tx: Transaction, tenant: Tenant, entity_id, preview_file_id) -> dict:
    """Zou's set-main-preview: the preview becomes the entity's thumbnail."""
    permissions.require(tenant, permissions.COMMENT)
    spec = crud.spec_for("entities")
    entity = crud.load_row(tx.session, tenant, spec, _uuid(entity_id, "entity_id"), for_update=True)
    entity.preview_file_id = _uuid(preview_file_id, "preview_file_id")
    entity.updated_at = utcnow()
    tx.session.flush()
    return crud.serialize(tx.session, spec, [entity])[0]


def preview_file_changed(tx: Transaction, data: dict) -> None:
    """``preview_file_created`` / ``preview_file_updated``: the comment lists it, the task points to it."""
    preview = {key: data.get(key) for key in PREVIEW_KEYS}
    session = tx.session
    if data.get("comment_id"):
        comment = session.get(Comment, uuid.UUID(data["comment_id"]), with_for_update=True)
        if comment is not None:
            others = [p for p in comment.previews or [] if p.get("id") != preview["id"]]
            comment.previews = sorted([*others, preview], key=lambda p: (p["revision"] or 0, p["position"] or 0))
            comment.preview_file_id = uuid.UUID(comment.previews[0]["id"])
    task = session.get(Task, uuid.UUID(data["task_id"]), with_for_update=True)
    if task is not None and data.get("is_new"):
        task.last_preview_file_id = uuid.UUID(preview["id"])


def preview_file_deleted(tx: Transaction, data: dict) -> None:
    """``preview_file_deleted``: nothing keeps pointing at a preview that is gone."""
    session = tx.session
    preview_id = uuid.UUID(data["id"])
    if data.get("comment_id"):
        comment = session.get(Comment, uuid.UUID(data["comment_id"]), with_for_update=True)
        if comment is not None:
            comment.previews = [p for p in comment.previews or [] if p.get("id") != data["id"]]
            comment.preview_file_id = uuid.UUID(comment.previews[0]["id"]) if comment.previews else None
    for task in session.scalars(select(Task).where(Task.last_preview_file_id == preview_id)):
        task.last_preview_file_id = None
    for entity in session.scalars(select(Entity).where(Entity.preview_file_id == preview_id)):
        entity.preview_file_id = None


ATTACHMENT_KEYS = ("id", "name", "extension", "size", "mimetype")


def attachment_file_created(tx: Transaction, data: dict) -> None:
    """``attachment_file_created``: the comment lists it (Zou's ``attachment_files``)."""
    comment = tx.session.get(Comment, uuid.UUID(data["comment_id"]), with_for_update=True)
    if comment is not None:
        others = [a for a in comment.attachment_files or [] if _attachment_id(a) != data["id"]]
        comment.attachment_files = [*others, {key: data.get(key) for key in ATTACHMENT_KEYS}]


def attachment_file_deleted(tx: Transaction, data: dict) -> None:
    comment = tx.session.get(Comment, uuid.UUID(data["comment_id"]), with_for_update=True)
    if comment is not None:
        comment.attachment_files = [a for a in comment.attachment_files or [] if _attachment_id(a) != data["id"]]


def _attachment_id(entry) -> str:
    # Older comments list bare ids (given with the comment); the asset service's events give records.
    return entry.get("id") if isinstance(entry, dict) else entry
