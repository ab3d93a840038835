"""Who may see and manage a workspace's billing: its owner and platform admins.

Membership comes from the shared projection (``reelhouse.shared.memberships``).
A non-member gets NotFound, never Forbidden, so an ID does not reveal that
another tenant exists; a member who is not the owner gets Forbidden naming
the permission.
"""

import uuid

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.memberships import OWNER, caller_user_id, role_in

from .models import WorkspaceMember

PERMISSION = "billing.manage"


def workspace_uuid(workspace_id) -> uuid.UUID:
    return uuid.UUID(parse_uuid(workspace_id))


def require_billing_access(session: Session, caller: Caller, workspace_id) -> uuid.UUID:
    """The workspace's UUID when the caller may manage its billing; raises otherwise."""
    if not caller.is_authenticated:
        raise Unauthenticated()
    workspace = workspace_uuid(workspace_id)
    if caller.is_admin:
        return workspace
    role = role_in(session, WorkspaceMember, workspace, caller_user_id(caller))
    if role is None:
        raise NotFound("Workspace not found.")
    if role != OWNER:
        raise Forbidden("Only the workspace's owner manages its billing.", {"permission": PERMISSION})
    return workspace


def require_authenticated(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()
