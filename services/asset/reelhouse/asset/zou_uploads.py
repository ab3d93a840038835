"""The asset service's half of a streamed upload (the gateway's half:
gateway/reelhouse/gateway/api/file_stream.py), for every Zou file that has
bytes: previews, preview background files, attachments.

:func:`begin` opens a multipart upload at the one key the record may have
and presigns its parts; :func:`complete` assembles it and verifies it (the
key is that key, HEAD finds it, its size is the bytes the gateway counted)
or removes it and refuses; :func:`abort` drops an unfinished one. The
callers record nothing until :func:`complete` has answered.
"""

import math
import posixpath

from botocore.exceptions import ClientError

from reelhouse.shared.db import utcnow
from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.validation import load

from . import zou_files
from .schemas import MAX_PARTS, MIN_PART_BYTES
from .storage import ObjectInfo, ObjectStore
from .uploads import storage_refusals
from .zou_schemas import BeginUploadSchema, FinishUploadSchema

# The gateway holds one part in memory while it streams: S3's minimum is 5 MiB.
PART_BYTES = max(MIN_PART_BYTES, 8 * 1024 * 1024)


def extension_of(file_name: str, accepted: dict | None) -> str:
    """The lower-case extension, which must be one of ``accepted`` (None: any)."""
    extension = posixpath.splitext(file_name)[1].lstrip(".").lower()[:10]
    if accepted is not None and extension not in accepted:
        names = ", ".join(sorted(accepted))
        raise ValidationFailed(f"Unsupported file type .{extension or '?'}; send one of {names}.",
                               {"file": [f"Unsupported file type .{extension or '?'}; send one of {names}."]})
    return extension


def load_begin(payload: dict) -> dict:
    return load(BeginUploadSchema, payload)


def load_finish(payload: dict) -> dict:
    return load(FinishUploadSchema, payload)


def begin(store: ObjectStore, key: str, mimetype: str, max_size: int) -> dict:
    """A multipart upload at ``key`` with a presigned URL per part (``max_size`` bounds the file)."""
    part_count = max(1, math.ceil(max_size / PART_BYTES))
    if part_count > MAX_PARTS:
        raise ValidationFailed(details={"file": ["Too large for one upload."]})
    with storage_refusals("file"):
        upload_id = store.create_multipart(key, mimetype)
    return {"object_key": key, "upload_id": upload_id, "part_size": PART_BYTES,
            "parts": [{"part_number": number, "url": store.presign_part(key, upload_id, number)}
                      for number in range(1, part_count + 1)]}


def complete(store: ObjectStore, expected_key: str, data: dict) -> ObjectInfo:
    """Assemble ``data``'s upload at ``expected_key`` and verify it; on refusal nothing stays behind."""
    if data["object_key"] != expected_key:
        raise ValidationFailed("The key is outside this file's prefix.", {"object_key": [f"Must be {expected_key}."]})
    parts = [{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in data["parts"]]
    try:
        store.complete_multipart(expected_key, data["upload_id"], parts)
    except ClientError as error:
        store.abort_multipart(expected_key, data["upload_id"])
        info = error.response.get("Error", {})
        raise ValidationFailed(f"Object storage refused the upload: {info.get('Code')}",
                               {"file": [str(info.get("Message") or info.get("Code"))]}) from None
    found = store.head(expected_key)
    if found is None:
        raise ValidationFailed("No object was stored.", {"file": ["The object does not exist."]})
    if found.size != data["size"]:
        store.delete([expected_key])
        raise ValidationFailed("The stored object has another size than the bytes sent.",
                               {"file": [f"Sent {data['size']} bytes; stored {found.size}."]})
    return found


def abort(store: ObjectStore, prefix: str, object_key: str, upload_id: str) -> None:
    """Drop an unfinished upload, only under ``prefix`` (the record's own)."""
    if not object_key.startswith(prefix) or posixpath.normpath(object_key) != object_key:
        raise ValidationFailed(details={"object_key": ["Not an upload of this file."]})
    store.abort_multipart(object_key, upload_id)


# --- records made first, their file uploaded after (previews, preview backgrounds) -------------------

def begin_for(session, store: ObjectStore, caller, model, record_id: str, payload: dict, prefix_of,
              types: dict) -> dict:
    """An upload of the record's file, at ``<prefix_of(row)>original.<extension>``."""
    data = load_begin(payload)
    row = zou_files.awaiting_file(session, caller, model, record_id)
    extension = extension_of(data["file_name"], types)
    return begin(store, f"{prefix_of(row)}original.{extension}", types[extension], data["max_size"])


def abort_for(session, store: ObjectStore, caller, model, record_id: str, object_key: str, upload_id: str,
              prefix_of) -> None:
    row = zou_files.awaiting_file(session, caller, model, record_id)
    abort(store, prefix_of(row), object_key, upload_id)


def finish_for(tx, store: ObjectStore, caller, model, record_id: str, payload: dict, prefix_of, types: dict):
    """Complete and verify the upload, then point the record at it; the row."""
    data = load_finish(payload)
    row = zou_files.awaiting_file(tx.session, caller, model, record_id, for_update=True)
    extension = extension_of(data["file_name"], types)
    found = complete(store, f"{prefix_of(row)}original.{extension}", data)
    row.object_key = data["object_key"]
    row.extension = extension
    row.original_name = data["file_name"][:250]
    row.file_size = found.size
    row.updated_at = utcnow()
    return row
