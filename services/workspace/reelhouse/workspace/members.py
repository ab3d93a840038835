"""Memberships and the access rules built on them.

Roles: ``owner`` (one per workspace), ``producer`` and ``co_producer``. A
caller who is neither a member nor an admin gets NotFound, so a workspace id
never reveals that another tenant exists.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated
from reelhouse.shared.ids import parse_uuid

from .models import ACTIVE, Membership, Workspace

OWNER = "owner"
PRODUCER = "producer"
CO_PRODUCER = "co_producer"
ROLES = (OWNER, PRODUCER, CO_PRODUCER)
MANAGERS = (OWNER, PRODUCER)  # may update the workspace and invite


def require_user(caller: Caller) -> uuid.UUID:
    """The caller's user id; anonymous and user-less service callers are refused."""
    if not caller.user_id:
        raise Unauthenticated()
    return uuid.UUID(str(caller.user_id))


def role_of(session: Session, workspace_id: uuid.UUID, user_id: uuid.UUID | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(select(Membership.role).where(
        Membership.workspace_id == workspace_id, Membership.user_id == user_id,
    ))


def visible_workspace(session: Session, caller: Caller, workspace_id: str,
                      for_update: bool = False) -> tuple[Workspace, str | None]:
    """The active workspace and the caller's role in it, or NotFound."""
    if not caller.is_authenticated:
        raise Unauthenticated()
    workspace = session.get(Workspace, uuid.UUID(parse_uuid(workspace_id)), with_for_update=for_update)
    user_id = uuid.UUID(str(caller.user_id)) if caller.user_id else None
    role = role_of(session, workspace.id, user_id) if workspace else None
    if workspace is None or workspace.status != ACTIVE or (role is None and not caller.is_admin):
        raise NotFound("Workspace not found.")
    return workspace, role


def require_role(caller: Caller, role: str | None, allowed: tuple[str, ...], action: str) -> None:
    if caller.is_admin or role in allowed:
        return
    raise Forbidden(f"Only a workspace {' or '.join(allowed)} may {action}.")


def add_member(tx: Transaction, workspace_id: uuid.UUID, user_id: uuid.UUID, role: str) -> Membership:
    membership = Membership(workspace_id=workspace_id, user_id=user_id, role=role)
    tx.session.add(membership)
    tx.session.flush()
    tx.emit("member_added", {"workspace_id": str(workspace_id), "user_id": str(user_id), "role": role})
    return membership


def remove_member(tx: Transaction, membership: Membership) -> None:
    tx.session.delete(membership)
    tx.emit("member_removed", {"workspace_id": str(membership.workspace_id), "user_id": str(membership.user_id)})


def list_members(session: Session, caller: Caller, workspace_id: str) -> dict:
    workspace, _role = visible_workspace(session, caller, workspace_id)
    rows = session.scalars(select(Membership).where(Membership.workspace_id == workspace.id)
                           .order_by(Membership.created_at, Membership.user_id)).all()
    items = [{"user_id": str(m.user_id), "role": m.role} for m in rows]
    return {"items": items, "total": len(items)}
