"""Who may touch a workspace's files: the caller must be a member (the shared
membership projection, ``reelhouse.shared.memberships``, fed by the workspace
service's events) or a platform admin.

Anyone else gets NotFound, as from the workspace service, so an ID never
reveals that another tenant exists.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import NotFound, Unauthenticated
from reelhouse.shared.memberships import caller_user_id, role_in

from .models import WorkspaceMember

WORKSPACE_NOT_FOUND = "Workspace not found."


def require_authenticated(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()


def require_access(session: Session, caller: Caller, workspace_id: uuid.UUID) -> None:
    """Members and admins pass; everyone else sees NotFound."""
    require_authenticated(caller)
    if caller.is_admin or role_in(session, WorkspaceMember, workspace_id, caller_user_id(caller)) is not None:
        return
    raise NotFound(WORKSPACE_NOT_FOUND)


def member_workspaces(session: Session, caller: Caller):
    """A subquery of the workspace ids the caller belongs to."""
    return select(WorkspaceMember.workspace_id).where(WorkspaceMember.user_id == caller_user_id(caller))
