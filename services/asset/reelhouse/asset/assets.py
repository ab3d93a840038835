"""Candidio assets: register an uploaded object, read, list, correct, delete.

Registering verifies the object first (HEAD: it exists, with the declared
size and type), so an asset never points to a missing or different object.
Deleting hides the asset at once and removes its objects from an event
handler (retried while S3 is away); the row goes with the objects.
"""

import mimetypes
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, Transaction, utcnow
from reelhouse.shared.errors import Conflict, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.memberships import caller_user_id
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from .members import READ, readable_workspaces, require_access, require_authenticated
from .models import (
    ACTIVE,
    DELETING,
    MEDIA_FAILED,
    MEDIA_NONE,
    MEDIA_PENDING,
    UPLOAD_ABORTED,
    UPLOAD_COMPLETED,
    MediaAsset,
    Upload,
)
from .parents import UPLOADABLE_KINDS, Parents, chosen_parent
from .schemas import AssetEventSchema, CreateAssetSchema, ListFiltersSchema
from .storage import ObjectStore
from .uploads import UPLOAD_ABORTING, check_key

ASSET_NOT_FOUND = "Asset not found."
KEY_TAKEN = "Another asset already points to this object."
MEDIA_TYPES = ("audio", "image", "video")
# Types a client or S3 gives when it does not know better: they contradict nothing.
GENERIC_TYPES = ("", "application/octet-stream", "binary/octet-stream")
SORTABLE = {"created_at": MediaAsset.created_at, "updated_at": MediaAsset.updated_at,
            "file_name": MediaAsset.file_name, "size": MediaAsset.size}


def type_of_extension(file_type: str) -> str | None:
    guessed, _ = mimetypes.guess_type(f"file.{file_type.lstrip('.').lower()}")
    major = guessed.split("/")[0] if guessed else None
    return major if major in MEDIA_TYPES else None


def classify(mimetype: str, file_type: str) -> str:
    """audio / image / video / other: by mimetype, falling back to the extension (the spec's rule)."""
    major = mimetype.split("/")[0].lower()
    if major in MEDIA_TYPES:
        return major
    return type_of_extension(file_type) or "other"


def check_mimetype(mimetype: str, file_type: str, stored_type: str | None) -> None:
    """Refuse a mimetype that contradicts the extension or the uploaded object."""
    major = mimetype.split("/")[0].lower()
    by_extension = type_of_extension(file_type)
    if major in MEDIA_TYPES and by_extension and by_extension != major:
        raise ValidationFailed(details={"mimetype": [
            f"A .{file_type} file is {by_extension}, not {mimetype}."]})
    stored = (stored_type or "").split(";")[0].strip().lower()
    if stored not in GENERIC_TYPES and stored != mimetype.lower():
        raise ValidationFailed(details={"mimetype": [f"The uploaded object is {stored}, not {mimetype}."]})


@contextmanager
def conflict_on_duplicate() -> Iterator[None]:
    """A unique key hit by a concurrent create (after our check passed) is a 409."""
    try:
        yield
    except IntegrityError:
        raise Conflict(KEY_TAKEN, {"object_key": [KEY_TAKEN]}) from None


# Writes whose parent production_tracking must confirm ask it *before* their transaction: no connection,
# transaction or row lock is held across the RPC. The transaction then re-checks what is ours to check
# (membership, the asset's row) and takes the confirmed parent as ``[kind, id]``. A parent deleted in
# between is handled as before: its *_deleted event detaches the workspace's assets from it.

def register_asset(db: DatabaseAccess, store: ObjectStore, parents: Parents, caller: Caller, payload: dict,
                   workspace_id: str | None = None, production_id: str | None = None) -> dict:
    """``create_asset``, its parent confirmed first (once per Idempotency-Key, as ``db.write`` does)."""
    parent = check_new_asset_parent(db, parents, caller, payload, workspace_id, production_id)
    with conflict_on_duplicate():
        return db.write(lambda tx, *args: create_asset(tx, store, *args), caller, payload, workspace_id,
                        production_id, parent)


def check_new_asset_parent(db: DatabaseAccess, parents: Parents, caller: Caller, payload: dict,
                           workspace_id: str | None = None, production_id: str | None = None) -> list | None:
    """Before the transaction: the checks a create starts with, then production_tracking's word on the
    parent. ``[kind, id]``, or None without a parent."""
    require_authenticated(caller)
    data = load(CreateAssetSchema, payload)
    workspace = _workspace_of(data, workspace_id)
    with db.session() as session:  # closed (connection back in the pool) before the RPC
        require_access(session, caller, workspace, "assets.create")
    parent = _parent_from_url(data, production_id)
    if parent is None:
        return None
    return [parents.check(*parent, workspace, in_url=production_id is not None), str(parent[1])]


def create_asset(tx: Transaction, store: ObjectStore, caller: Caller, payload: dict, workspace_id: str | None = None,
                 production_id: str | None = None, parent: list | None = None) -> dict:
    """Register an uploaded object; ``workspace_id`` and ``production_id`` come from the URL when the route
    has them (the body may repeat them, identically). ``parent``: from ``check_new_asset_parent``."""
    require_authenticated(caller)
    data = load(CreateAssetSchema, payload)
    workspace = _workspace_of(data, workspace_id)
    require_access(tx.session, caller, workspace, "assets.create")  # again: a membership may have gone since
    return _register(tx, store, data, workspace, caller_user_id(caller),
                     _confirmed(_parent_from_url(data, production_id), parent))


def register_public_asset(db: DatabaseAccess, store: ObjectStore, parents: Parents, workspace_id: str,
                          production_id: str, payload: dict) -> dict:
    """``create_public_asset``, the production's public uploads confirmed first."""
    workspace, production = uuid.UUID(parse_uuid(workspace_id)), uuid.UUID(parse_uuid(production_id))
    _public_asset_data(payload, workspace, production)
    parents.check_public_production(production, workspace)
    with conflict_on_duplicate():
        return db.write(lambda tx, *args: create_public_asset(tx, store, *args), workspace_id, production_id,
                        payload)


def _public_asset_data(payload: dict, workspace: uuid.UUID, production: uuid.UUID) -> dict:
    data = load(CreateAssetSchema, payload)
    if data.get("workspace_id") not in (None, workspace):
        raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
    _parent_from_url(data, str(production))
    return data


def create_public_asset(tx: Transaction, store: ObjectStore, workspace_id: str, production_id: str,
                        payload: dict) -> dict:
    """No token: register an object uploaded through the production's public upload.

    Only a production that allows public uploads takes one (``register_public_asset`` asks
    production_tracking first: NotFound otherwise, so private productions stay invisible), and only an
    object handed out by a public upload of its workspace: a public caller cannot register a member's
    unregistered upload.
    """
    workspace, production = uuid.UUID(parse_uuid(workspace_id)), uuid.UUID(parse_uuid(production_id))
    data = _public_asset_data(payload, workspace, production)
    check_key(workspace, data["object_key"])
    if tx.session.scalar(select(Upload.id).where(Upload.object_key == data["object_key"],
                                                 Upload.user_id.is_(None))) is None:
        raise ValidationFailed(details={"object_key": ["Must be the key of a public upload to this production."]})
    return _register(tx, store, data, workspace, None, ("production", production))


def _confirmed(named: tuple[str, uuid.UUID] | None, parent: list | None) -> tuple[str, uuid.UUID] | None:
    """The payload's parent as (kind, id), once it is the one confirmed before the transaction."""
    if named is None and parent is None:
        return None
    if named is None or parent is None or parent != [UPLOADABLE_KINDS[named[0]], str(named[1])]:
        raise RuntimeError(f"parent {named} was not the one checked ({parent})")  # a caller's bug, not input
    return parent[0], named[1]


def _parent_from_url(data: dict, production_id: str | None) -> tuple[str, uuid.UUID] | None:
    """The payload's one parent; a production in the URL is the parent and the body may only repeat it."""
    parent = chosen_parent(data)
    if production_id is None:
        return parent
    production = uuid.UUID(parse_uuid(production_id))
    if parent is not None and parent != ("production_id", production):
        field = parent[0]
        raise ValidationFailed(details={field: ["The asset's parent is the production in the URL."]})
    return "production_id", production


def _register(tx: Transaction, store: ObjectStore, data: dict, workspace: uuid.UUID, created_by: uuid.UUID | None,
              parent: tuple[str, uuid.UUID] | None) -> dict:
    """Verify the object (bucket, key, size, type) and store the asset; ``parent`` is (kind, id), checked."""
    if data["bucket"] != store.bucket:
        raise ValidationFailed(details={"bucket": [f"Must be {store.bucket}."]})
    check_key(workspace, data["object_key"])
    check_mimetype(data["mimetype"], data["file_type"], None)
    if tx.session.scalar(select(MediaAsset.id).where(MediaAsset.object_key == data["object_key"])):
        raise Conflict(KEY_TAKEN, {"object_key": [KEY_TAKEN]})
    # Locked: the sweeper of abandoned uploads takes the same lock before removing an object.
    upload = tx.session.scalar(select(Upload).where(Upload.object_key == data["object_key"]).with_for_update())
    if upload is not None and upload.status in (UPLOAD_ABORTED, UPLOAD_ABORTING):
        raise ValidationFailed(details={"object_key": ["This upload was aborted: ask for a new one."]})
    found = store.head(data["object_key"])
    if found is None:
        raise ValidationFailed("No object at this key: upload the file first.",
                               {"object_key": ["No object at this key."]})
    if found.size != data["size"]:
        raise ValidationFailed("The uploaded object has another size than declared.",
                               {"size": [f"Declared {data['size']} bytes; the object has {found.size}."]})
    check_mimetype(data["mimetype"], data["file_type"], found.content_type)
    asset_type = classify(data["mimetype"], data["file_type"])
    now = utcnow()
    asset = MediaAsset(
        id=uuid.uuid4(), workspace_id=workspace, created_by=created_by, bucket=store.bucket,
        uploadable_type=parent[0] if parent else None, uploadable_id=parent[1] if parent else None,
        object_key=data["object_key"], etag=found.etag, file_name=data["file_name"],
        file_type=data["file_type"].lstrip(".").lower(), mimetype=data["mimetype"], size=found.size,
        asset_type=asset_type, is_stock=False, is_completed_production=data["is_completed_production"],
        is_transcoded=False, media_state=MEDIA_PENDING if asset_type in ("image", "video") else MEDIA_NONE,
        media_attempts=0, status=ACTIVE, created_at=now, updated_at=now,
    )
    tx.session.add(asset)
    if upload is not None:
        upload.status = UPLOAD_COMPLETED
    tx.session.flush()
    # The parent travels with the event: production_tracking links the asset to it (include=assets).
    tx.emit("asset_created", {
        "asset_id": str(asset.id), "workspace_id": str(workspace), "asset_type": asset_type,
        "mimetype": asset.mimetype, "size": asset.size, "created_by": _id(asset.created_by),
        "uploadable_type": asset.uploadable_type, "uploadable_id": _id(asset.uploadable_id),
    })
    return asset_to_dict(asset, store)


def change_asset(db: DatabaseAccess, store: ObjectStore, parents: Parents, caller: Caller, asset_id: str,
                 payload: dict, workspace_id: str | None = None, production_id: str | None = None) -> dict:
    """``update_asset``, a new parent confirmed first: no row lock is held while production_tracking answers."""
    parent = check_new_parent_of(db, parents, caller, asset_id, payload, workspace_id, production_id)
    return db.write(lambda tx, *args: update_asset(tx, store, *args), caller, asset_id, payload, workspace_id,
                    production_id, parent)


def check_new_parent_of(db: DatabaseAccess, parents: Parents, caller: Caller, asset_id: str, payload: dict,
                        workspace_id: str | None = None, production_id: str | None = None) -> list | None:
    """Before the transaction: when the payload names a parent, the checks an update starts with, then
    production_tracking's word on it. ``[kind, id]``, or None (no parent named, or all parent fields null)."""
    if not isinstance(payload, dict) or not any(field in payload for field in UPLOADABLE_KINDS):
        return None
    with db.session() as session:  # read, without a lock, and closed before the RPC
        asset = _find(session, caller, asset_id, workspace_id, production_id, permission="assets.update")
        data = load(CreateAssetSchema, payload, partial=True)
        _refuse_object_changes(asset, data)
        workspace = asset.workspace_id  # never changes
    parent = chosen_parent(data)
    return [parents.check(parent[0], parent[1], workspace), str(parent[1])] if parent else None


def update_asset(tx: Transaction, store: ObjectStore, caller: Caller, asset_id: str, payload: dict,
                 workspace_id: str | None = None, production_id: str | None = None, parent: list | None = None) -> dict:
    """Correct an asset's metadata (spec: "to fix mistakes"); the object itself never changes.

    ``file_name``, ``file_type``, ``mimetype`` (checked against the extension
    and the object), ``is_completed_production`` and the parent change;
    ``bucket``, ``object_key`` and ``size`` describe the object and may only be
    repeated (a new file is a new asset). Sending parent fields sets the parent
    to the one non-null among them (``parent``, from ``check_new_parent_of``),
    or none when all are null.
    """
    asset = _find(tx.session, caller, asset_id, workspace_id, production_id, for_update=True,
                  permission="assets.update")
    data = load(CreateAssetSchema, payload, partial=True)  # every field optional, no defaults
    _refuse_object_changes(asset, data)
    previous = (asset.uploadable_type, asset.uploadable_id)
    if any(field in data for field in UPLOADABLE_KINDS):
        confirmed = _confirmed(chosen_parent(data), parent)
        asset.uploadable_type, asset.uploadable_id = confirmed if confirmed else (None, None)
    file_type = data.get("file_type", asset.file_type).lstrip(".").lower()
    mimetype = data.get("mimetype", asset.mimetype)
    if "mimetype" in data or "file_type" in data:
        check_mimetype(mimetype, file_type, None)
        found = store.head(asset.object_key)
        check_mimetype(mimetype, file_type, found.content_type if found else None)
    asset.file_type, asset.mimetype = file_type, mimetype
    asset.asset_type = classify(mimetype, file_type)
    asset.file_name = data.get("file_name", asset.file_name)
    asset.is_completed_production = data.get("is_completed_production", asset.is_completed_production)
    asset.updated_at = utcnow()
    tx.emit("asset_updated", {
        "asset_id": str(asset.id), "workspace_id": str(asset.workspace_id),
        "uploadable_type": asset.uploadable_type, "uploadable_id": _id(asset.uploadable_id),
        "previous_uploadable_type": previous[0], "previous_uploadable_id": _id(previous[1]),
    })
    return asset_to_dict(asset, store)


def _refuse_object_changes(asset: MediaAsset, data: dict) -> None:
    fixed = {"workspace_id": asset.workspace_id, "bucket": asset.bucket, "object_key": asset.object_key,
             "size": asset.size}
    mismatched = {name: ["Describes the stored object and cannot change: register a new asset."]
                  for name, value in fixed.items() if name in data and data[name] != value}
    if mismatched:
        raise ValidationFailed(details=mismatched)


def _workspace_of(data: dict, from_url: str | None) -> uuid.UUID:
    in_body = data.get("workspace_id")
    if from_url is None:
        if in_body is None:
            raise ValidationFailed(details={"workspace_id": ["Missing data for required field."]})
        return in_body
    workspace = uuid.UUID(parse_uuid(from_url))
    if in_body is not None and in_body != workspace:
        raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
    return workspace


def _find(session: Session, caller: Caller, asset_id: str, workspace_id: str | None, production_id: str | None = None,
          for_update: bool = False, permission: str = READ) -> MediaAsset:
    """The asset where the URL says it is (workspace, production); 404 anywhere else."""
    asset = session.get(MediaAsset, uuid.UUID(parse_uuid(asset_id)), with_for_update=for_update)
    in_other_workspace = workspace_id is not None and asset is not None \
        and asset.workspace_id != uuid.UUID(parse_uuid(workspace_id))
    in_other_production = production_id is not None and asset is not None \
        and (asset.uploadable_type, asset.uploadable_id) != ("production", uuid.UUID(parse_uuid(production_id)))
    if asset is None or asset.status != ACTIVE or in_other_workspace or in_other_production:
        raise NotFound(ASSET_NOT_FOUND)
    try:
        require_access(session, caller, asset.workspace_id, permission)
    except NotFound:
        raise NotFound(ASSET_NOT_FOUND) from None
    return asset


def get_asset(session: Session, store: ObjectStore, caller: Caller, asset_id: str,
              workspace_id: str | None = None, production_id: str | None = None) -> dict:
    return asset_to_dict(_find(session, caller, asset_id, workspace_id, production_id), store)


def list_assets(session: Session, store: ObjectStore, caller: Caller, filters: dict | None, page: Page,
                sort: str | None = None, direction: str | None = None) -> dict:
    """Active assets, oldest first unless sorted; non-admins see their workspaces' only."""
    require_authenticated(caller)
    filters = load(ListFiltersSchema, filters or {})
    if sort is not None and sort not in SORTABLE:
        raise ValidationFailed(details={"sort": [f"Must be one of: {', '.join(SORTABLE)}."]})
    if direction not in (None, "asc", "desc"):
        raise ValidationFailed(details={"direction": ["Must be asc or desc."]})
    query = select(MediaAsset).where(MediaAsset.status == ACTIVE)
    if "workspace_id" in filters:
        require_access(session, caller, filters["workspace_id"])
        query = query.where(MediaAsset.workspace_id == filters["workspace_id"])
    elif not caller.is_admin:
        query = query.where(MediaAsset.workspace_id.in_(readable_workspaces(session, caller)))
    if "user_id" in filters:
        query = query.where(MediaAsset.created_by == filters["user_id"])
    if "asset_type" in filters:
        query = query.where(MediaAsset.asset_type == filters["asset_type"])
    if "completed" in filters:
        query = query.where(MediaAsset.is_completed_production == filters["completed"])
    if "has_failed_jobs" in filters:
        failed = MediaAsset.media_state == MEDIA_FAILED
        query = query.where(failed if filters["has_failed_jobs"] else ~failed)
    if "uploadable_type" in filters:
        query = query.where(MediaAsset.uploadable_type == filters["uploadable_type"])
        if "uploadable_id" in filters:
            query = query.where(MediaAsset.uploadable_id == filters["uploadable_id"])
    column = SORTABLE[sort or "created_at"]
    order = column.desc() if direction == "desc" else column.asc()
    rows, total = paginate(query.order_by(order, MediaAsset.id), page, session)
    return {"items": [asset_to_dict(row, store) for row in rows], "total": total}


# production_tracking's events about a record assets may be uploaded to: the kind and its id field.
PARENT_DELETED = {"production_deleted": ("production", "production_id"), "shot_deleted": ("description", "shot_id"),
                  "deliverable_deleted": ("deliverable", "deliverable_id"),
                  "video_series_deleted": ("video_series", "video_series_id")}


def forget_deleted_parent(tx: Transaction, envelope: dict) -> None:
    """A parent is gone: its assets stay the workspace's files, without a parent.

    ``production_deleted`` also names the shots, revisions and deliverables that went with it.
    """
    data = envelope["data"]
    kind, field = PARENT_DELETED[envelope["type"]]
    if not data.get(field):
        return  # the /api dialect's record of the same event name (a Zou shot): never an asset's parent
    gone = {kind: [data[field]]}
    for child_kind, child_ids in (data.get("removed") or {}).items():
        gone.setdefault(child_kind, []).extend(child_ids)
    for gone_kind, gone_ids in gone.items():
        tx.session.execute(update(MediaAsset).where(
            MediaAsset.workspace_id == uuid.UUID(data["workspace_id"]), MediaAsset.uploadable_type == gone_kind,
            MediaAsset.uploadable_id.in_([uuid.UUID(i) for i in gone_ids])).values(uploadable_type=None,
                                                                                  uploadable_id=None))


def delete_asset(tx: Transaction, caller: Caller, asset_id: str, workspace_id: str | None = None,
                 production_id: str | None = None) -> dict:
    asset = _find(tx.session, caller, asset_id, workspace_id, production_id, for_update=True,
                  permission="assets.delete")
    asset.status = DELETING
    asset.updated_at = utcnow()
    tx.emit("asset_deleted", {"asset_id": str(asset.id), "workspace_id": str(asset.workspace_id),
                              "object_keys": object_keys(asset)})
    return {"id": str(asset.id)}


def object_keys(asset: MediaAsset) -> list[str]:
    return [key for key in (asset.object_key, asset.thumbnail_key, asset.preview_mp4_key) if key]


def purge_deleted(db: DatabaseAccess, store: ObjectStore, envelope: dict) -> None:
    """``asset_deleted``: remove the objects, then the row. S3 away raises: retried later.

    The S3 calls happen outside any transaction: a write transaction held
    across network I/O would, under SQLite, make the next writer's busy-wait
    block the whole eventlet process (and so the I/O it waits for).
    """
    event = AssetEventSchema().load(envelope["data"])
    keys = set(event["object_keys"])
    with db.session() as session:
        asset = session.get(MediaAsset, event["asset_id"])
        if asset is not None:
            keys.update(object_keys(asset))  # renditions recorded after the delete began
    store.delete(sorted(keys))
    db.run_once(envelope, remove_deleted)


def remove_deleted(tx: Transaction, data: dict) -> None:
    asset = tx.session.get(MediaAsset, AssetEventSchema().load(data)["asset_id"])
    if asset is not None and asset.status == DELETING:
        tx.session.delete(asset)


def _id(value) -> str | None:
    return str(value) if value is not None else None


def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def asset_to_dict(asset: MediaAsset, store: ObjectStore) -> dict:
    """The RPC record; links are presigned GET URLs valid for a short while."""
    is_image = asset.asset_type == "image"
    return {
        "id": str(asset.id),
        "workspace_id": str(asset.workspace_id),
        "created_by": _id(asset.created_by),
        "uploadable_type": asset.uploadable_type,
        "uploadable_id": _id(asset.uploadable_id),
        "bucket": asset.bucket,
        "object_key": asset.object_key,
        "file_name": asset.file_name,
        "file_type": asset.file_type,
        "mimetype": asset.mimetype,
        "size": asset.size,
        "asset_type": asset.asset_type,
        "video_duration": asset.video_duration,
        "is_stock": asset.is_stock,
        "is_transcoded": asset.is_transcoded,
        "is_completed_production": asset.is_completed_production,
        "media_state": asset.media_state,
        "has_failed_jobs": asset.media_state == MEDIA_FAILED,
        "media_attempts": asset.media_attempts,
        "media_error": asset.media_error,
        "link_download": store.presign_get(asset.object_key, asset.file_name),
        "link_thumbnail": store.presign_get(asset.thumbnail_key) if asset.thumbnail_key else None,
        # An image is its own full-size rendition.
        "link_fullsize": store.presign_get(asset.object_key, asset.file_name, inline=True) if is_image else None,
        "link_preview_mp4": store.presign_get(asset.preview_mp4_key) if asset.preview_mp4_key else None,
        "link_preview_webm": None,  # not produced: MP4/H.264 plays everywhere
        "links_expire_at": store.expiry(store.settings.download_expiry_seconds),
        "created_at": _time(asset.created_at),
        "updated_at": _time(asset.updated_at),
    }
