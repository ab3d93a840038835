"""Who may see and manage a workspace's billing: its owner, members whose custom
role holds ``billing.manage``, and platform admins.

Membership comes from the shared projection (``reelhouse.shared.memberships``),
custom roles' permissions from ``CustomRoleProjection`` (both fed by the
workspace service's events, no RPC per request). Built-in roles other than the
owner do not hold ``billing.manage`` (docs/permissions.md). A non-member gets
NotFound, never Forbidden, so an ID does not reveal that another tenant
exists; a member without the permission gets Forbidden naming it. Until a
custom role's events have arrived, its holder is refused (403).
"""

import uuid

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.memberships import CUSTOM, OWNER, caller_user_id, custom_role_permissions, role_in

from .models import CUSTOM_ROLES, WorkspaceMember

PERMISSION = "billing.manage"


def workspace_uuid(workspace_id) -> uuid.UUID:
    return uuid.UUID(parse_uuid(workspace_id))


def may_manage_billing(session: Session, role: str, workspace_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    if role == OWNER:
        return True
    return role == CUSTOM and PERMISSION in custom_role_permissions(session, CUSTOM_ROLES, workspace_id, user_id)


def require_billing_access(session: Session, caller: Caller, workspace_id) -> uuid.UUID:
    """The workspace's UUID when the caller may manage its billing; raises otherwise."""
    if not caller.is_authenticated:
        raise Unauthenticated()
    workspace = workspace_uuid(workspace_id)
    if caller.is_admin:
        return workspace
    user_id = caller_user_id(caller)
    role = role_in(session, WorkspaceMember, workspace, user_id)
    if role is None:
        raise NotFound("Workspace not found.")
    if not may_manage_billing(session, role, workspace, user_id):
        raise Forbidden(f"Your role ({role}) may not manage this workspace's billing.", {"permission": PERMISSION})
    return workspace


def require_authenticated(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()
