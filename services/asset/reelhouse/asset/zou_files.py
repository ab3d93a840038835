"""What every Zou file record shares: its shape on the wire, who may read or
change it, and bounded listings.

Zou files live in a workspace (the tenant). Where they belong inside it (the
task, comment, entity, project) is production_tracking's to say: the RPC
entrypoints ask it once (``get_file_context``) before anything is written.
Reads check workspace membership here, without an RPC.
"""

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, NotFound
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.memberships import caller_user_id, role_in
from reelhouse.shared.pagination import MAX_LIMIT, Page, paginate

from .members import member_workspaces, require_authenticated
from .models import WorkspaceMember
from .storage import ObjectStore

NOT_FOUND = "Not found."
# Workspace roles that may change anyone's files (others change their own).
MANAGING_ROLES = ("owner", "producer")
HIDDEN_COLUMNS = ("workspace_id", "object_key", "thumbnail_key", "low_movie_key", "deleting")
KEY_COLUMNS = ("object_key", "thumbnail_key", "low_movie_key")
# Zou lists without ``page`` answer a bare array; ours stop at the largest page.
UNPAGED = Page(1, MAX_LIMIT)


def _jsonable(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value


def to_zou(row, zou_type: str) -> dict:
    """A row as Zou shapes it: its columns (not our storage internals) and a ``type``."""
    record = {column.key: _jsonable(getattr(row, column.key)) for column in row.__table__.columns
              if column.key not in HIDDEN_COLUMNS}
    record["type"] = zou_type
    return record


def find(session: Session, caller: Caller, model, record_id, for_update: bool = False):
    """A record of a workspace the caller belongs to, or NotFound (never revealing another tenant's)."""
    require_authenticated(caller)
    row = session.get(model, uuid.UUID(parse_uuid(record_id)), with_for_update=for_update)
    if row is None or getattr(row, "deleting", False):
        raise NotFound(NOT_FOUND)
    if not caller.is_admin and role_in(session, WorkspaceMember, row.workspace_id, caller_user_id(caller)) is None:
        raise NotFound(NOT_FOUND)
    return row


def require_writer(session: Session, caller: Caller, row) -> None:
    """The author, a workspace owner or producer, or an admin may change a file record."""
    if caller.is_admin or (row.person_id is not None and row.person_id == caller_user_id(caller)):
        return
    if role_in(session, WorkspaceMember, row.workspace_id, caller_user_id(caller)) in MANAGING_ROLES:
        return
    raise Forbidden("Only its author or a workspace manager may change this file.")


def awaiting_file(session: Session, caller: Caller, model, record_id, for_update: bool = False):
    """A record the caller may change whose file is still to come (a file is set once: else 409)."""
    row = find(session, caller, model, record_id, for_update=for_update)
    require_writer(session, caller, row)
    if row.object_key is not None:
        raise Conflict("This record already has its file; make another one instead.")
    return row


def change(session: Session, caller: Caller, model, record_id, values: dict):
    """Set ``values`` on a record the caller may change; the row, for the caller to shape."""
    row = find(session, caller, model, record_id, for_update=True)
    require_writer(session, caller, row)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    return row


def hide(tx: Transaction, caller: Caller, model, record_id, event: str, data=None) -> dict:
    """Hide a record the caller may delete and announce it (``purge`` then removes objects and row).

    ``data(row)`` adds to the event what other services need to forget it."""
    row = find(tx.session, caller, model, record_id, for_update=True)
    require_writer(tx.session, caller, row)
    announce_deleted(tx, row, event, data)
    return {"id": str(row.id)}


def announce_deleted(tx: Transaction, row, event: str, data=None) -> None:
    row.deleting = True
    row.updated_at = utcnow()
    extra = data(row) if data else {}
    tx.emit(event, {"id": str(row.id), "workspace_id": str(row.workspace_id), **extra,
                    "object_keys": object_keys(row)})


def visible(caller: Caller, model, query):
    """Restrict ``query`` to the workspaces the caller belongs to (admins see all)."""
    require_authenticated(caller)
    if caller.is_admin:
        return query
    return query.where(model.workspace_id.in_(member_workspaces(None, caller)))


def listing(session: Session, model, query, page: Page | None, zou_type: str) -> dict:
    """One page (``page`` asked) or the first ``MAX_LIMIT`` rows, oldest first."""
    query = query.order_by(model.created_at, model.id)
    rows, total = paginate(query, page or UNPAGED, session)
    return {"items": [to_zou(row, zou_type) for row in rows], "total": total}


# --- deletion: hidden at once, objects then row removed by the owner's event handler ----------------

def object_keys(row) -> list[str]:
    return [key for column in KEY_COLUMNS if (key := getattr(row, column, None))]


def purge(db: DatabaseAccess, store: ObjectStore, envelope: dict, model) -> None:
    """A ``*_deleted`` event: remove the objects (outside any transaction), then the row.

    S3 away raises, so the reliable handler retries; a rendition recorded
    after the delete began is found on the row and removed too."""
    data = envelope["data"]
    keys = set(data.get("object_keys") or [])
    with db.session() as session:
        row = session.get(model, uuid.UUID(data["id"]))
        if row is not None:
            keys.update(object_keys(row))
    store.delete(sorted(keys))

    def remove_row(tx: Transaction, data: dict) -> None:
        row = tx.session.get(model, uuid.UUID(data["id"]))
        if row is not None and row.deleting:
            tx.session.delete(row)

    db.run_once(envelope, remove_row)
