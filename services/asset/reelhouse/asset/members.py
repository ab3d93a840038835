"""Who may touch a workspace's files: the caller must be a member (the shared
membership projection, ``reelhouse.shared.memberships``, fed by the workspace
service's events) or a platform admin, and the member's role must hold the
``assets.*`` permission of the act (the workspace service's catalogue).

Anyone else gets NotFound, as from the workspace service, so an ID never
reveals that another tenant exists; a member lacking the permission gets 403.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated
from reelhouse.shared.memberships import caller_user_id, role_in

from .models import WorkspaceMember

WORKSPACE_NOT_FOUND = "Workspace not found."
# The built-in roles' asset permissions, as the workspace service grants them
# (docs/permissions.md). Custom roles read only until this service projects
# their permission lists.
READ = "assets.read"
ROLE_PERMISSIONS = {
    "owner": frozenset({READ, "assets.create", "assets.update", "assets.delete"}),
    "producer": frozenset({READ, "assets.create", "assets.update", "assets.delete"}),
    "co_producer": frozenset({READ, "assets.create", "assets.update"}),
}


def require_authenticated(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()


def require_access(session: Session, caller: Caller, workspace_id: uuid.UUID, permission: str = READ) -> None:
    """Members whose role holds ``permission``, and admins, pass; non-members see NotFound."""
    require_authenticated(caller)
    if caller.is_admin:
        return
    role = role_in(session, WorkspaceMember, workspace_id, caller_user_id(caller))
    if role is None:
        raise NotFound(WORKSPACE_NOT_FOUND)
    if permission not in ROLE_PERMISSIONS.get(role, {READ}):
        raise Forbidden(f"Your role ({role}) may not do this: {permission}.", {"permission": permission})


def member_workspaces(session: Session, caller: Caller):
    """A subquery of the workspace ids the caller belongs to."""
    return select(WorkspaceMember.workspace_id).where(WorkspaceMember.user_id == caller_user_id(caller))
