"""A person's avatar picture in the bucket, at one key per person.

Identity owns the person and whether they have an avatar (``has_avatar``);
this service only holds the bytes, as it does every file: the gateway streams
gazu's upload to presigned part URLs (file_stream.py), :func:`finish` checks
what arrived. No table: the key is the record. Who may change an avatar is
Zou's rule, the person themselves or an administrator (checked here on the
caller, and again by identity before ``has_avatar`` changes).
"""

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import zou_uploads
from .storage import ObjectStore

PICTURE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
                 "webp": "image/webp"}
MAX_BYTES = 10 * 1024 * 1024  # an avatar is a small picture


def avatar_key(person_id: str) -> str:
    return f"avatars/{parse_uuid(person_id)}/avatar"


def _may_change(caller: Caller, person_id: str) -> str:
    if not caller.is_authenticated:
        raise Unauthenticated()
    person_id = parse_uuid(person_id)
    if not (caller.is_admin or str(caller.user_id) == person_id):
        raise Forbidden("Only the person and administrators change an avatar.")
    return person_id


def begin(store: ObjectStore, caller: Caller, person_id: str, payload: dict) -> dict:
    person_id = _may_change(caller, person_id)
    data = zou_uploads.load_begin(payload)
    extension = zou_uploads.extension_of(data["file_name"], PICTURE_TYPES)
    if data["max_size"] > MAX_BYTES + 64 * 1024:  # the request's length: the file plus its multipart envelope
        raise ValidationFailed("An avatar is at most 10 MiB.", {"file": ["At most 10 MiB."]})
    return zou_uploads.begin(store, avatar_key(person_id), PICTURE_TYPES[extension], data["max_size"])


def finish(store: ObjectStore, caller: Caller, person_id: str, payload: dict) -> dict:
    person_id = _may_change(caller, person_id)
    data = zou_uploads.load_finish(payload)
    zou_uploads.extension_of(data["file_name"], PICTURE_TYPES)
    found = zou_uploads.complete(store, avatar_key(person_id), data)
    if found.size > MAX_BYTES:
        store.delete([avatar_key(person_id)])
        raise ValidationFailed("An avatar is at most 10 MiB.", {"file": ["At most 10 MiB."]})
    return {"person_id": person_id, "size": found.size, "content_type": found.content_type}


def abort(store: ObjectStore, caller: Caller, person_id: str, object_key: str, upload_id: str) -> None:
    person_id = _may_change(caller, person_id)
    zou_uploads.abort(store, avatar_key(person_id), object_key, upload_id)


def delete(store: ObjectStore, caller: Caller, person_id: str) -> dict:
    person_id = _may_change(caller, person_id)
    store.delete([avatar_key(person_id)])
    return {"person_id": person_id}


def download(store: ObjectStore, caller: Caller, person_id: str) -> dict:
    """A short-lived URL of the picture. The gateway asks identity first whether the caller may see the person."""
    if not caller.is_authenticated:
        raise Unauthenticated()
    key = avatar_key(person_id)
    if store.head(key) is None:
        raise NotFound("This person has no avatar.")
    return {"url": store.presign_get(key)}
