"""Memberships. Access rules live in roles.py (``require_permission``).

Built-in roles: ``owner`` (one per workspace), ``producer`` and
``co_producer``; a member may instead hold a custom role of the workspace.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Unauthenticated
from reelhouse.shared.pagination import MAX_LIMIT, Page, paginate

from .models import Membership, Role
from .permissions import BUILT_IN_ROLES as ROLES  # noqa: F401 - re-exported for callers
from .permissions import CO_PRODUCER, OWNER, PRODUCER  # noqa: F401 - re-exported for callers
from .roles import membership_to_dict, require_permission


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


def add_member(tx: Transaction, workspace_id: uuid.UUID, user_id: uuid.UUID, role: str,
               role_id: uuid.UUID | None = None) -> Membership:
    """``role`` is a built-in role, or ``custom`` with the custom role's ``role_id``."""
    membership = Membership(workspace_id=workspace_id, user_id=user_id, role=role, role_id=role_id)
    tx.session.add(membership)
    tx.session.flush()
    data = {"workspace_id": str(workspace_id), "user_id": str(user_id), "role": role}
    if role_id is not None:  # only for a custom role: built-in memberships read as before
        data["role_id"] = str(role_id)
    tx.emit("member_added", data)
    return membership


def remove_member(tx: Transaction, membership: Membership) -> None:
    tx.session.delete(membership)
    tx.emit("member_removed", {"workspace_id": str(membership.workspace_id), "user_id": str(membership.user_id)})


def list_members(session: Session, caller: Caller, workspace_id: str, page: Page | None = None) -> dict:
    """Members with their roles, oldest first (one page; the first 500 without ``page``)."""
    workspace, _access = require_permission(session, caller, workspace_id, "members.read")
    query = select(Membership).where(Membership.workspace_id == workspace.id).order_by(
        Membership.created_at, Membership.user_id)
    rows, total = paginate(query, page or Page(1, MAX_LIMIT), session)
    role_ids = {m.role_id for m in rows if m.role_id}
    custom = {r.id: r for r in session.scalars(select(Role).where(Role.id.in_(role_ids)))} if role_ids else {}
    return {"items": [membership_to_dict(m, custom.get(m.role_id)) for m in rows], "total": total}
