"""Who may do what on /v1 production data, from the caller's workspace role.

Roles come from the service's membership projection (``workspace_members``,
fed by the workspace service's events). The built-in workspace roles map to
permission strings here, in one function, named as the workspace service
names them (``productions.create`` ...). A custom role holds exactly the
permissions the workspace service gave it (the service's
``CustomRoleProjection``, fed by the ``role_*`` and member events) that
concern this service; none until those events arrived.

Platform administrators (Candidio staff) hold every permission in every
workspace, plus the staff-only ones: setting a production's status,
creating deliverables and moving them through review, internal notes.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated
from reelhouse.shared.memberships import CUSTOM, caller_user_id, custom_role_permissions, role_in, workspaces_of

from ..models import WorkspaceMember
from .models import WorkspaceMemberRole, WorkspaceRole

READS = frozenset({"productions.read", "video_series.read", "revisions.read", "deliverables.read",
                   "actions.read", "assets.read"})
PRODUCTION_PERMISSIONS = READS | {
    "productions.create", "productions.update", "productions.delete",
    "video_series.create", "video_series.update", "video_series.delete",
    "revisions.create", "revisions.update", "deliverables.review", "assets.update",
}
# Only platform staff: never granted by a workspace role.
STAFF_ONLY = frozenset({"productions.set_status", "deliverables.create", "deliverables.update",
                        "deliverables.delete", "internal_notes"})
WORKSPACE_NOT_FOUND = "Workspace not found."


def role_permissions(role: str) -> frozenset:
    """What a built-in workspace role may do here (mirrors the workspace service's catalogue)."""
    if role in ("owner", "producer"):
        return PRODUCTION_PERMISSIONS
    if role == "co_producer":
        return READS | {"productions.create", "productions.update", "video_series.create",
                        "video_series.update", "revisions.create", "revisions.update", "assets.update"}
    return READS  # a role this map does not know; custom roles: see workspace_access


@dataclass(frozen=True)
class Access:
    workspace_id: uuid.UUID
    user_id: uuid.UUID | None
    role: str
    permissions: frozenset
    is_staff: bool = False

    def can(self, permission: str) -> bool:
        return self.is_staff or permission in self.permissions

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise Forbidden(f"Your role ({self.role}) may not do this: {permission}.",
                            {"permission": permission})


def require_caller(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()


def workspace_access(session: Session, caller: Caller, workspace_id) -> Access:
    """The caller's access in a workspace; a non-member gets 404 (tenants are not revealed)."""
    require_caller(caller)
    try:
        workspace = uuid.UUID(str(workspace_id))
    except ValueError:
        raise NotFound(WORKSPACE_NOT_FOUND) from None
    if caller.is_admin:
        return Access(workspace, caller_user_id(caller), "admin", PRODUCTION_PERMISSIONS | STAFF_ONLY, is_staff=True)
    role = role_in(session, WorkspaceMember, workspace, caller_user_id(caller))
    if role is None:
        raise NotFound(WORKSPACE_NOT_FOUND)
    permissions = role_permissions(role)
    if role == CUSTOM:  # never the staff-only ones, whatever a role lists
        permissions = PRODUCTION_PERMISSIONS & custom_role_permissions(
            session, (WorkspaceRole, WorkspaceMemberRole), workspace, caller_user_id(caller))
    return Access(workspace, caller_user_id(caller), role, permissions)


def member_workspaces(session: Session, caller: Caller) -> list[uuid.UUID]:
    return workspaces_of(session, WorkspaceMember, caller_user_id(caller))
