"""Upload sessions: where a client may put bytes, and for how long.

The client asks for an upload, sends the bytes straight to the bucket with
the presigned URL(s) it got, then registers the asset (``assets.py``). A
single PUT suits files up to 5 GiB; multipart (presigned URL per part, then
complete or abort here) suits large files and resumable clients.

Every key handed out lies under ``workspaces/<workspace id>/uploads/``; the
same rule decides which keys an asset may point to (:func:`check_key`).
"""

import datetime as dt
import math
import posixpath
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import ClientError
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, Transaction, utcnow
from reelhouse.shared.errors import Conflict, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.memberships import caller_user_id
from reelhouse.shared.validation import load

from .members import require_access
from .models import UPLOAD_ABORTED, UPLOAD_COMPLETED, UPLOAD_PENDING, MediaAsset, Upload
from .parents import Parents
from .schemas import MAX_PARTS, MAX_SINGLE_PUT_BYTES, CompleteUploadSchema, CreateUploadSchema
from .storage import ObjectStore

UPLOAD_NOT_FOUND = "Upload not found."
# Upload.status while the sweeper removes its parts/object; retried until aborted.
UPLOAD_ABORTING = "aborting"


def upload_prefix(workspace_id) -> str:
    return f"workspaces/{uuid.UUID(str(workspace_id))}/uploads/"


def safe_file_name(name: str) -> str:
    """A key segment from a file name: no separators, no dot-only names."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"
    return cleaned[-200:]


def check_key(workspace_id, key: str, field: str = "object_key") -> None:
    """Refuse a key outside the workspace's upload prefix, however it is spelled.

    ``posixpath.normpath`` folds ``..``, ``.`` and ``//``: a key that changes
    under it is refused, so ``workspaces/<w>/uploads/../../<other>`` never
    reaches another tenant's objects.
    """
    prefix = upload_prefix(workspace_id)
    malformed = ("\\" in key or any(ord(ch) < 32 or ord(ch) == 127 for ch in key)
                 or posixpath.normpath(key) != key)
    if malformed or not key.startswith(prefix) or len(key) == len(prefix):
        raise ValidationFailed(details={field: [f"Must be a key under {prefix} (as given by an upload)."]})


@contextmanager
def storage_refusals(field: str = "upload") -> Iterator[None]:
    """S3's 4xx answers (a missing part, a part too small) are the client's to fix."""
    try:
        yield
    except ClientError as error:
        info = error.response.get("Error", {})
        raise ValidationFailed(f"Object storage refused: {info.get('Message') or info.get('Code')}",
                               {field: [str(info.get("Code") or "refused")]}) from None


def choose_part_size(size: int, requested: int | None, default: int) -> int:
    part_size = requested or default
    if math.ceil(size / part_size) > MAX_PARTS:
        # Grow to whole MiB so the parts still fit in S3's 10,000.
        mib = 1024 * 1024
        part_size = math.ceil(size / MAX_PARTS / mib) * mib
    return part_size


def create_upload(tx: Transaction, store: ObjectStore, caller: Caller, workspace_id: str, payload: dict) -> dict:
    workspace = uuid.UUID(parse_uuid(workspace_id))
    require_access(tx.session, caller, workspace, "assets.create")
    return _new_upload(tx, store, workspace, caller_user_id(caller), load(CreateUploadSchema, payload))


def create_public_upload(tx: Transaction, store: ObjectStore, parents: Parents, workspace_id: str,
                         production_id: str, payload: dict) -> dict:
    """No token: an upload for a production that allows public uploads (NotFound otherwise).

    Its ``user_id`` stays null: that marks the keys a public asset may be registered from.
    A single PUT only: completing a multipart upload is a member's call.
    """
    workspace, production = uuid.UUID(parse_uuid(workspace_id)), uuid.UUID(parse_uuid(production_id))
    data = load(CreateUploadSchema, payload)
    if data["multipart"]:
        raise ValidationFailed(details={"multipart": ["Public uploads are one PUT (files up to 5 GiB)."]})
    parents.check_public_production(production, workspace)
    return _new_upload(tx, store, workspace, None, data)


def _new_upload(tx: Transaction, store: ObjectStore, workspace: uuid.UUID, user_id: uuid.UUID | None,
                data: dict) -> dict:
    if not data["multipart"] and data["size"] > MAX_SINGLE_PUT_BYTES:
        raise ValidationFailed(details={"multipart": ["Files over 5 GiB need a multipart upload."]})
    upload_id = uuid.uuid4()
    key = f"{upload_prefix(workspace)}{upload_id}/{safe_file_name(data['file_name'])}"
    now = utcnow().replace(microsecond=0)
    expires_at = now + dt.timedelta(seconds=store.settings.upload_expiry_seconds)
    upload = Upload(
        id=upload_id, workspace_id=workspace, user_id=user_id, object_key=key,
        file_name=data["file_name"], mimetype=data["mimetype"], size=data["size"], status=UPLOAD_PENDING,
        created_at=now, expires_at=expires_at,
    )
    if data["multipart"]:
        upload.part_size = choose_part_size(data["size"], data.get("part_size"), store.settings.part_size)
        upload.part_count = math.ceil(data["size"] / upload.part_size)
        with storage_refusals():
            upload.multipart_upload_id = store.create_multipart(key, data["mimetype"])
    tx.session.add(upload)
    tx.session.flush()
    return upload_to_dict(upload, store, with_urls=True)


def _find(session: Session, caller: Caller, upload_id: str, for_update: bool = False,
          permission: str = "assets.read") -> Upload:
    upload = session.get(Upload, uuid.UUID(parse_uuid(upload_id)), with_for_update=for_update)
    if upload is None:
        raise NotFound(UPLOAD_NOT_FOUND)
    try:
        require_access(session, caller, upload.workspace_id, permission)
    except NotFound:
        raise NotFound(UPLOAD_NOT_FOUND) from None
    return upload


def get_upload(session: Session, store: ObjectStore, caller: Caller, upload_id: str) -> dict:
    return upload_to_dict(_find(session, caller, upload_id), store, with_urls=False)


def complete_upload(tx: Transaction, store: ObjectStore, caller: Caller, upload_id: str, payload: dict) -> dict:
    """Assemble a multipart upload (or check a single PUT arrived) and verify its size."""
    upload = _find(tx.session, caller, upload_id, for_update=True, permission="assets.create")
    data = load(CompleteUploadSchema, payload or {})
    if upload.status in (UPLOAD_ABORTED, UPLOAD_ABORTING):
        raise Conflict("This upload was aborted.")
    if upload.status == UPLOAD_PENDING and upload.multipart_upload_id:
        with storage_refusals("parts"):
            parts = ([{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in data["parts"]]
                     if data.get("parts") else store.list_parts(upload.object_key, upload.multipart_upload_id))
            if not parts:
                raise ValidationFailed(details={"parts": ["No part has been uploaded yet."]})
            store.complete_multipart(upload.object_key, upload.multipart_upload_id, parts)
    found = store.head(upload.object_key)
    if found is None:
        raise ValidationFailed("Nothing was uploaded yet.", {"upload": ["The object does not exist."]})
    if found.size != upload.size:
        raise ValidationFailed("The uploaded object has another size than declared.",
                               {"size": [f"Declared {upload.size} bytes, uploaded {found.size}."]})
    upload.status = UPLOAD_COMPLETED
    return upload_to_dict(upload, store, with_urls=False)


def abort_upload(tx: Transaction, store: ObjectStore, caller: Caller, upload_id: str) -> dict:
    """Drop the parts (multipart) or the object (single PUT) of an unregistered upload."""
    upload = _find(tx.session, caller, upload_id, for_update=True, permission="assets.create")
    registered = tx.session.scalar(select(MediaAsset.id).where(MediaAsset.object_key == upload.object_key))
    if registered is not None:
        raise Conflict("This upload is registered as an asset; delete the asset instead.")
    if upload.multipart_upload_id and upload.status == UPLOAD_PENDING:
        store.abort_multipart(upload.object_key, upload.multipart_upload_id)
    store.delete([upload.object_key])
    upload.status = UPLOAD_ABORTED
    return upload_to_dict(upload, store, with_urls=False)


def sweep_abandoned(db: DatabaseAccess, store: ObjectStore, now: dt.datetime | None = None,
                    batch: int = 100) -> int:
    """Abort uploads nobody registered or aborted, ``abandoned_after_seconds`` after their URLs expired.

    Each is first marked ``aborting`` under its row lock, and only if no asset
    took its key (registering locks the same row and refuses such keys), so
    removing the parts and the object never pulls a file from under an asset.
    S3 calls run outside any transaction; when one fails the upload stays
    ``aborting`` and the next sweep retries it. Answers how many were aborted.
    """
    cutoff = (now or utcnow()) - dt.timedelta(seconds=store.settings.abandoned_after_seconds)
    with db.transaction() as tx:
        rows = tx.session.scalars(
            select(Upload).where(Upload.status != UPLOAD_ABORTED, Upload.expires_at < cutoff)
            .order_by(Upload.expires_at, Upload.id).limit(batch).with_for_update(skip_locked=True)).all()
        registered = set(tx.session.scalars(select(MediaAsset.object_key).where(
            MediaAsset.object_key.in_([row.object_key for row in rows]))))
        swept = []
        for row in rows:
            if row.object_key in registered:
                row.status = UPLOAD_COMPLETED  # registered: nothing was abandoned
                continue
            row.status = UPLOAD_ABORTING
            swept.append((row.id, row.object_key, row.multipart_upload_id))
    for upload_id, key, multipart_upload_id in swept:
        if multipart_upload_id:
            store.abort_multipart(key, multipart_upload_id)
        store.delete([key])
        with db.transaction() as tx:
            tx.session.get(Upload, upload_id).status = UPLOAD_ABORTED
    return len(swept)


def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def upload_to_dict(upload: Upload, store: ObjectStore, with_urls: bool) -> dict:
    record = {
        "id": str(upload.id),
        "workspace_id": str(upload.workspace_id),
        "bucket": store.bucket,
        "object_key": upload.object_key,
        "file_name": upload.file_name,
        "mimetype": upload.mimetype,
        "size": upload.size,
        "multipart": upload.multipart_upload_id is not None,
        "part_size": upload.part_size,
        "part_count": upload.part_count,
        "status": upload.status,
        "created_at": _time(upload.created_at),
        "expires_at": _time(upload.expires_at),
    }
    if with_urls and upload.status == UPLOAD_PENDING:
        if upload.multipart_upload_id:
            record["parts"] = [
                {"part_number": number,
                 "url": store.presign_part(upload.object_key, upload.multipart_upload_id, number)}
                for number in range(1, upload.part_count + 1)
            ]
        else:
            record["method"] = "PUT"
            record["url"] = store.presign_put(upload.object_key, upload.size, upload.mimetype)
            record["headers"] = {"Content-Type": upload.mimetype}
    return record
