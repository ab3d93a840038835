"""Zou preview files: a comment's revision of a task, its uploaded original,
a thumbnail and (movies) a low-definition MP4.

``add-preview`` makes the record (status ``processing``); gazu then posts the
bytes to the gateway, which streams them to S3 as a multipart upload whose
part URLs it gets here (:func:`begin_upload`), and asks here to verify and
record the object (:func:`finish_upload`): completed, HEAD says it exists,
has the size the gateway counted, under this preview's own prefix. Nothing
is recorded otherwise, and what reached the bucket is removed.

The renditions are made by the media worker from ``preview_file_uploaded``;
production_tracking follows ``preview_file_created/updated/deleted`` to list
previews on comments. Deleting hides the record at once and removes its
objects from the asset service's own ``preview_file_deleted`` handler (retried
while S3 is away); the row goes with the objects.
"""

import logging
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.pagination import Page
from reelhouse.shared.validation import load

from . import zou_files, zou_uploads
from .media import Derived, Job, MediaJobFailed, MediaTools, derive, record_or_discard
from .models import PREVIEW_BROKEN, PREVIEW_PROCESSING, PREVIEW_READY, ZouPreviewFile
from .storage import ObjectStore
from .zou_schemas import (
    ListQuerySchema,
    MainPreviewSchema,
    NewPreviewSchema,
    PreviewRecordSchema,
    PreviewUpdateSchema,
)

log = logging.getLogger(__name__)

ZOU_TYPE = "PreviewFile"
PICTURES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
            "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff"}
MOVIES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "mkv": "video/x-matroska",
          "avi": "video/x-msvideo", "m4v": "video/mp4"}
MEDIA_TYPES = {**PICTURES, **MOVIES}
RENDITIONS = ("original", "thumbnail", "low")


def prefix_of(row: ZouPreviewFile) -> str:
    # Outside every upload prefix: no client can register or overwrite these keys.
    return f"workspaces/{row.workspace_id}/previews/{row.id}/"


def is_movie(row: ZouPreviewFile) -> bool:
    return row.extension in MOVIES


def to_zou(row: ZouPreviewFile) -> dict:
    record = zou_files.to_zou(row, ZOU_TYPE)
    record["is_movie"] = is_movie(row)
    record["url"] = None
    return record


def event_data(row: ZouPreviewFile, is_new: bool = False) -> dict:
    return {"id": str(row.id), "workspace_id": str(row.workspace_id), "task_id": str(row.task_id),
            "comment_id": str(row.comment_id) if row.comment_id else None, "entity_id": str(row.entity_id),
            "revision": row.revision, "position": row.position, "extension": row.extension,
            "original_name": row.original_name, "status": row.status, "is_new": is_new}


# --- records ------------------------------------------------------------------------------------

def next_revision(session: Session, task_id: uuid.UUID) -> int:
    last = session.scalar(select(func.max(ZouPreviewFile.revision)).where(ZouPreviewFile.task_id == task_id))
    return (last or 0) + 1


def create(tx: Transaction, caller: Caller, context: dict, payload: dict, schema=NewPreviewSchema) -> dict:
    """A preview of the task (and comment) production_tracking placed in ``context``.

    Without a revision it is the task's next one; another preview of the same
    revision takes the next position (Zou's extra previews)."""
    data = load(schema, payload or {})
    session = tx.session
    task_id = uuid.UUID(context["task_id"])
    revision = data.get("revision") or next_revision(session, task_id)
    position = 1 + (session.scalar(select(func.count()).select_from(ZouPreviewFile).where(
        ZouPreviewFile.task_id == task_id, ZouPreviewFile.revision == revision)) or 0)
    now = utcnow()
    row = ZouPreviewFile(
        id=uuid.uuid4(), workspace_id=uuid.UUID(context["workspace_id"]),
        project_id=uuid.UUID(context["project_id"]), task_id=task_id, entity_id=uuid.UUID(context["entity_id"]),
        comment_id=uuid.UUID(context["comment_id"]) if context.get("comment_id") else None,
        person_id=uuid.UUID(context["person_id"]) if context.get("person_id") else None,
        name=data.get("name") or f"v{revision}", revision=revision, position=position,
        description=data.get("description"), source="webgui", file_size=0, status=PREVIEW_PROCESSING,
        validation_status="neutral", deleting=False, created_at=now, updated_at=now,
    )
    session.add(row)
    session.flush()
    tx.emit("preview_file_created", event_data(row, is_new=True))
    return to_zou(row)


def create_record(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    """``POST /data/preview-files``: the same record, its task and comment named in the body."""
    body = {k: v for k, v in (payload or {}).items() if k not in ("task_id", "comment_id")}
    return create(tx, caller, context, body)


def record_target(payload) -> tuple[str, str | None]:
    """The task and comment a ``POST /data/preview-files`` body names (validated before any RPC)."""
    data = load(PreviewRecordSchema, payload)
    return str(data["task_id"]), str(data["comment_id"]) if data.get("comment_id") else None


def get(session: Session, caller: Caller, preview_id: str) -> dict:
    return to_zou(zou_files.find(session, caller, ZouPreviewFile, preview_id))


def list_records(session: Session, caller: Caller, filters: dict | None, page: Page | None) -> dict:
    filters = load(ListQuerySchema, filters or {})
    filters.pop("relations", None)
    query = zou_files.visible(caller, ZouPreviewFile, select(ZouPreviewFile)).where(
        ZouPreviewFile.deleting.is_(False),
        *[getattr(ZouPreviewFile, name) == value for name, value in filters.items()])
    result = zou_files.listing(session, ZouPreviewFile, query, page, ZOU_TYPE)
    for item in result["items"]:
        item["is_movie"] = item["extension"] in MOVIES
        item["url"] = None
    return result


def update(tx: Transaction, caller: Caller, preview_id: str, payload: dict) -> dict:
    data = load(PreviewUpdateSchema, payload)
    row = zou_files.change(tx.session, caller, ZouPreviewFile, preview_id, data)
    tx.emit("preview_file_updated", event_data(row))
    return to_zou(row)


def delete(tx: Transaction, caller: Caller, preview_id: str) -> dict:
    """Hide at once; the objects and the row go in ``zou_files.purge`` (the owner's event handler)."""
    return zou_files.hide(tx, caller, ZouPreviewFile, preview_id, "preview_file_deleted", event_data)


# --- upload (the gateway streams, this service decides: zou_uploads) ------------------------------

def begin_upload(session: Session, store: ObjectStore, caller: Caller, preview_id: str, payload: dict) -> dict:
    return zou_uploads.begin_for(session, store, caller, ZouPreviewFile, preview_id, payload, prefix_of, MEDIA_TYPES)


def abort_upload(session: Session, store: ObjectStore, caller: Caller, preview_id: str, object_key: str,
                 upload_id: str) -> None:
    zou_uploads.abort_for(session, store, caller, ZouPreviewFile, preview_id, object_key, upload_id, prefix_of)


def finish_upload(tx: Transaction, store: ObjectStore, caller: Caller, preview_id: str, payload: dict) -> dict:
    """Complete and verify the upload, then record it (renditions follow from the event)."""
    row = zou_uploads.finish_for(tx, store, caller, ZouPreviewFile, preview_id, payload, prefix_of, MEDIA_TYPES)
    row.status = PREVIEW_PROCESSING
    tx.emit("preview_file_uploaded", {"id": str(row.id), "workspace_id": str(row.workspace_id)})
    tx.emit("preview_file_updated", event_data(row))
    return to_zou(row)


# --- downloads, main preview ----------------------------------------------------------------------

def download(session: Session, store: ObjectStore, caller: Caller, preview_id: str, rendition: str) -> dict:
    """A presigned GET for the original, the thumbnail or the low-definition movie.

    ``{"processing": True}`` while the renditions are being made (the gateway
    answers 202 and gazu retries); NotFound when there is nothing to give."""
    if rendition not in RENDITIONS:
        raise ValidationFailed(details={"rendition": [f"Must be one of {', '.join(RENDITIONS)}."]})
    row = zou_files.find(session, caller, ZouPreviewFile, preview_id)
    if row.object_key is None:
        raise NotFound("This preview has no file yet.")
    if rendition == "original":
        name = row.original_name or f"{row.id}.{row.extension}"
        return {"url": store.presign_get(row.object_key, name)}
    key = row.thumbnail_key if rendition == "thumbnail" else row.low_movie_key
    if rendition == "low" and not is_movie(row):
        raise NotFound("A picture has no movie rendition.")
    if key is None:
        if row.status == PREVIEW_PROCESSING:
            return {"processing": True}
        raise NotFound("This rendition could not be made.")
    return {"url": store.presign_get(key)}


def main_preview_target(session: Session, caller: Caller, preview_id: str, payload: dict | None) -> dict:
    """The entity whose thumbnail the preview becomes (Zou's set-main-preview)."""
    data = load(MainPreviewSchema, payload or {})
    row = zou_files.find(session, caller, ZouPreviewFile, preview_id)
    if data.get("frame_number") is not None and is_movie(row):
        raise ValidationFailed(details={"frame_number": ["Choosing a movie's frame is not supported yet."]})
    if row.object_key is None:
        raise ValidationFailed(details={"preview_file_id": ["This preview has no file yet."]})
    return {"entity_id": str(row.entity_id), "preview_file_id": str(row.id)}


# --- renditions (the media worker) ----------------------------------------------------------------

def pending_job(db: DatabaseAccess, data: dict) -> Job | None:
    with db.session() as session:
        row = session.get(ZouPreviewFile, uuid.UUID(data["id"]))
        if row is None or row.deleting or row.object_key is None or row.status != PREVIEW_PROCESSING:
            return None
        return Job(row.id, row.workspace_id, row.object_key, "video" if is_movie(row) else "image")


def record_renditions(tx: Transaction, data: dict, *, derived: Derived | None) -> bool:
    """Ready with its renditions, or broken (``derived`` None); False if deleted meanwhile."""
    row = tx.session.get(ZouPreviewFile, uuid.UUID(data["id"]), with_for_update=True)
    if row is None or row.deleting:
        return False
    if derived is None:
        row.status = PREVIEW_BROKEN
    else:
        row.status = PREVIEW_READY
        row.thumbnail_key = derived.thumbnail_key
        row.low_movie_key = derived.preview_mp4_key
        row.duration = derived.video_duration
    row.updated_at = utcnow()
    tx.emit("preview_file_updated", event_data(row))
    return True


def make_renditions(db: DatabaseAccess, store: ObjectStore, tools: MediaTools, envelope: dict) -> None:
    """``preview_file_uploaded``: thumbnail (and a low-definition MP4 of a movie), then ready.

    A file ffmpeg cannot read makes the preview ``broken`` at once (retrying
    cannot help); storage trouble raises, so the event is retried."""
    job = pending_job(db, envelope["data"])
    if job is None:
        db.run_once(envelope, lambda tx, data: None)
        return
    try:
        derived = derive(store, tools, job)
    except MediaJobFailed as error:
        log.warning("renditions of preview %s failed: %s", job.asset_id, error)
        db.run_once(envelope, lambda tx, data: record_renditions(tx, data, derived=None))
        return
    record_or_discard(db, store, envelope, derived, lambda tx, data: record_renditions(tx, data, derived=derived))
