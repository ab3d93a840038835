"""Zou attachment files (any file on a comment) and preview background files
(a workspace's backgrounds for 3D previews): one verified object each.

An attachment is recorded only once its upload is verified (the record's id
is chosen when the upload begins, so its key is known and checked at the
end); production_tracking lists it on its comment from
``attachment_file_created``. A background file is a record first (``POST
/data/preview-background-files``), its picture uploaded after, like a preview.
Deleting either hides it at once; the asset service's own ``*_deleted``
handler removes the object, then the row.
"""

import mimetypes
import uuid

from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, NotFound, ValidationFailed
from reelhouse.shared.pagination import Page
from reelhouse.shared.validation import StrictBoolean, load

from . import zou_files, zou_uploads
from .models import ZouAttachmentFile, ZouPreviewBackgroundFile
from .storage import ObjectStore
from .uploads import safe_file_name

ATTACHMENT = "AttachmentFile"
BACKGROUND = "PreviewBackgroundFile"
BACKGROUND_TYPES = {"hdr": "image/vnd.radiance", "exr": "image/x-exr", "png": "image/png", "jpg": "image/jpeg",
                    "jpeg": "image/jpeg"}
GENERIC_TYPE = "application/octet-stream"


class AttachmentUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # gazu may send back the record it read

    name = fields.String(validate=validate.Length(min=1, max=250))


class BackgroundSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=250))
    archived = StrictBoolean(load_default=False)
    is_default = StrictBoolean(load_default=False)


class BackgroundUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(validate=validate.Length(min=1, max=250))
    archived = StrictBoolean()
    is_default = StrictBoolean()


class AttachmentQuerySchema(Schema):
    task_id = fields.UUID()
    comment_id = fields.UUID()
    project_id = fields.UUID()
    id = fields.UUID()


# --- attachment files ---------------------------------------------------------------------------

def attachment_prefix(context: dict) -> str:
    return f"workspaces/{uuid.UUID(context['workspace_id'])}/attachments/"


def attachment_key(context: dict, attachment_id: uuid.UUID, file_name: str) -> str:
    return f"{attachment_prefix(context)}{attachment_id}/{safe_file_name(file_name)}"


def mimetype_of(file_name: str) -> str:
    return mimetypes.guess_type(file_name)[0] or GENERIC_TYPE


def begin_attachment(store: ObjectStore, context: dict, payload: dict) -> dict:
    """An upload for a new attachment of the comment in ``context`` (production_tracking checked it)."""
    data = zou_uploads.load_begin(payload)
    attachment_id = uuid.uuid4()
    upload = zou_uploads.begin(store, attachment_key(context, attachment_id, data["file_name"]),
                               mimetype_of(data["file_name"]), data["max_size"])
    return {**upload, "attachment_id": str(attachment_id)}


def abort_attachment(store: ObjectStore, context: dict, object_key: str, upload_id: str) -> None:
    zou_uploads.abort(store, attachment_prefix(context), object_key, upload_id)


def finish_attachment(tx: Transaction, store: ObjectStore, caller: Caller, context: dict, payload: dict) -> dict:
    data = zou_uploads.load_finish(payload)
    try:
        attachment_id = uuid.UUID(data["object_key"][len(attachment_prefix(context)):].split("/", 1)[0])
    except ValueError:
        raise ValidationFailed(details={"object_key": ["Not an attachment key of this workspace."]}) from None
    if tx.session.get(ZouAttachmentFile, attachment_id) is not None:
        raise Conflict("This attachment is recorded already.")
    found = zou_uploads.complete(store, attachment_key(context, attachment_id, data["file_name"]), data)
    now = utcnow()
    row = ZouAttachmentFile(
        id=attachment_id, workspace_id=uuid.UUID(context["workspace_id"]),
        project_id=uuid.UUID(context["project_id"]), task_id=uuid.UUID(context["task_id"]),
        comment_id=uuid.UUID(context["comment_id"]),
        person_id=uuid.UUID(context["person_id"]) if context.get("person_id") else None,
        name=data["file_name"][:250], size=found.size, extension=zou_uploads.extension_of(data["file_name"], None),
        mimetype=mimetype_of(data["file_name"]), object_key=data["object_key"], deleting=False,
        created_at=now, updated_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    tx.emit("attachment_file_created", attachment_event(row))
    return zou_files.to_zou(row, ATTACHMENT)


def attachment_event(row: ZouAttachmentFile) -> dict:
    return {"id": str(row.id), "workspace_id": str(row.workspace_id), "comment_id": str(row.comment_id),
            "task_id": str(row.task_id), "name": row.name, "extension": row.extension, "size": row.size,
            "mimetype": row.mimetype}


def list_attachments(session: Session, caller: Caller, filters: dict | None, page: Page | None) -> dict:
    data = load(AttachmentQuerySchema, filters or {})
    query = zou_files.visible(caller, ZouAttachmentFile, select(ZouAttachmentFile)).where(
        ZouAttachmentFile.deleting.is_(False), *[getattr(ZouAttachmentFile, k) == v for k, v in data.items()])
    return zou_files.listing(session, ZouAttachmentFile, query, page, ATTACHMENT)


def download_attachment(session: Session, store: ObjectStore, caller: Caller, attachment_id: str) -> dict:
    row = zou_files.find(session, caller, ZouAttachmentFile, attachment_id)
    return {"url": store.presign_get(row.object_key, row.name)}


def update_attachment(tx: Transaction, caller: Caller, attachment_id: str, payload: dict) -> dict:
    data = load(AttachmentUpdateSchema, payload)
    return zou_files.to_zou(zou_files.change(tx.session, caller, ZouAttachmentFile, attachment_id, data), ATTACHMENT)


def delete_attachment(tx: Transaction, caller: Caller, attachment_id: str) -> dict:
    return zou_files.hide(tx, caller, ZouAttachmentFile, attachment_id, "attachment_file_deleted", attachment_event)


# --- preview background files ---------------------------------------------------------------------

def background_prefix(row: ZouPreviewBackgroundFile) -> str:
    return f"workspaces/{row.workspace_id}/preview-backgrounds/{row.id}/"


def _single_default(session: Session, row: ZouPreviewBackgroundFile) -> None:
    """One default background per workspace: making one the default unsets the others."""
    if row.is_default:
        session.execute(update(ZouPreviewBackgroundFile).where(
            ZouPreviewBackgroundFile.workspace_id == row.workspace_id, ZouPreviewBackgroundFile.id != row.id,
            ZouPreviewBackgroundFile.is_default.is_(True)).values(is_default=False))


def create_background(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    data = load(BackgroundSchema, payload)
    now = utcnow()
    row = ZouPreviewBackgroundFile(
        id=uuid.uuid4(), workspace_id=uuid.UUID(context["workspace_id"]),
        person_id=uuid.UUID(context["person_id"]) if context.get("person_id") else None, name=data["name"],
        archived=data["archived"], is_default=data["is_default"], file_size=0, deleting=False,
        created_at=now, updated_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    _single_default(tx.session, row)
    return zou_files.to_zou(row, BACKGROUND)


def list_backgrounds(session: Session, caller: Caller, filters: dict | None, page: Page | None) -> dict:
    unknown = set(filters or {}) - {"archived", "is_default", "name"}
    if unknown:
        raise ValidationFailed(details={name: ["Unknown field."] for name in sorted(unknown)})
    query = zou_files.visible(caller, ZouPreviewBackgroundFile, select(ZouPreviewBackgroundFile)).where(
        ZouPreviewBackgroundFile.deleting.is_(False))
    for name, value in (filters or {}).items():
        column = getattr(ZouPreviewBackgroundFile, name)
        query = query.where(column == (value.lower() == "true" if name != "name" else value))
    return zou_files.listing(session, ZouPreviewBackgroundFile, query, page, BACKGROUND)


def update_background(tx: Transaction, caller: Caller, background_id: str, payload: dict) -> dict:
    data = load(BackgroundUpdateSchema, payload)
    row = zou_files.change(tx.session, caller, ZouPreviewBackgroundFile, background_id, data)
    _single_default(tx.session, row)
    return zou_files.to_zou(row, BACKGROUND)


def delete_background(tx: Transaction, caller: Caller, background_id: str) -> dict:
    return zou_files.hide(tx, caller, ZouPreviewBackgroundFile, background_id, "preview_background_file_deleted")


def begin_background(session: Session, store: ObjectStore, caller: Caller, background_id: str,
                     payload: dict) -> dict:
    return zou_uploads.begin_for(session, store, caller, ZouPreviewBackgroundFile, background_id, payload,
                                 background_prefix, BACKGROUND_TYPES)


def abort_background(session: Session, store: ObjectStore, caller: Caller, background_id: str, object_key: str,
                     upload_id: str) -> None:
    zou_uploads.abort_for(session, store, caller, ZouPreviewBackgroundFile, background_id, object_key, upload_id,
                          background_prefix)


def finish_background(tx: Transaction, store: ObjectStore, caller: Caller, background_id: str,
                      payload: dict) -> dict:
    row = zou_uploads.finish_for(tx, store, caller, ZouPreviewBackgroundFile, background_id, payload,
                                 background_prefix, BACKGROUND_TYPES)
    return zou_files.to_zou(row, BACKGROUND)


def download_background(session: Session, store: ObjectStore, caller: Caller, background_id: str) -> dict:
    row = zou_files.find(session, caller, ZouPreviewBackgroundFile, background_id)
    if row.object_key is None:
        raise NotFound("This background has no file yet.")
    return {"url": store.presign_get(row.object_key, row.original_name)}

