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
from reelhouse.shared.memberships import CUSTOM, caller_user_id, custom_role_models, custom_role_permissions, role_in

from .models import Base, WorkspaceMember

# Custom roles' permissions and holders, kept by AssetService's CustomRoleProjection.
CUSTOM_ROLES = custom_role_models(Base)

WORKSPACE_NOT_FOUND = "Workspace not found."
# The built-in roles' asset permissions, as the workspace service grants them
# (docs/permissions.md); a custom role holds what its role_* events list.
READ = "assets.read"
ROLE_PERMISSIONS = {
    "owner": frozenset({READ, "assets.create", "assets.update", "assets.delete"}),
    "producer": frozenset({READ, "assets.create", "assets.update", "assets.delete"}),
    "co_producer": frozenset({READ, "assets.create", "assets.update"}),
}


def require_authenticated(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()


def granted_permissions(session: Session, role: str, workspace_id: uuid.UUID, user_id: uuid.UUID) -> frozenset:
    if role == CUSTOM:
        return custom_role_permissions(session, CUSTOM_ROLES, workspace_id, user_id)
    return ROLE_PERMISSIONS.get(role, frozenset({READ}))


def require_access(session: Session, caller: Caller, workspace_id: uuid.UUID, permission: str = READ) -> None:
    """Members whose role holds ``permission``, and admins, pass; non-members see NotFound."""
    require_authenticated(caller)
    if caller.is_admin:
        return
    role = role_in(session, WorkspaceMember, workspace_id, caller_user_id(caller))
    if role is None:
        raise NotFound(WORKSPACE_NOT_FOUND)
    if permission not in granted_permissions(session, role, workspace_id, caller_user_id(caller)):
        raise Forbidden(f"Your role ({role}) may not do this: {permission}.", {"permission": permission})


def member_workspaces(session: Session, caller: Caller):
    """A subquery of the workspace ids the caller belongs to."""
    return select(WorkspaceMember.workspace_id).where(WorkspaceMember.user_id == caller_user_id(caller))


def readable_workspaces(session: Session, caller: Caller) -> list[uuid.UUID]:
    """The caller's workspaces whose role lets them see assets (a custom role may not)."""
    user_id = caller_user_id(caller)
    rows = session.execute(select(WorkspaceMember.workspace_id, WorkspaceMember.role)
                           .where(WorkspaceMember.user_id == user_id)).all()
    return [workspace for workspace, role in rows if READ in granted_permissions(session, role, workspace, user_id)]
