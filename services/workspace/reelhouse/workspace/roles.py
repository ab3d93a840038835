"""Roles and permissions of a workspace (see docs/permissions.md).

A member holds one role: a built-in one (``owner``, ``producer``,
``co_producer``) or a custom role of that workspace, which is a named set of
permission strings ``<resource>.<verb>``. Every check goes through
:func:`require_permission`; platform administrators pass every check.

Two rules keep roles from being a way up: nobody grants a permission they do
not hold themselves (in a custom role, by assigning a role, or by an invite's
role), and nobody changes the role of, or removes, a member who holds
permissions they lack. The owner's membership is never reassigned or removed
here (ownership transfer is its own act).
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page
from reelhouse.shared.validation import load

from .models import ACTIVE, CUSTOM_ROLE, Invite, Membership, Role, Workspace
from .permissions import (
    ALL_PERMISSIONS,
    BASELINE,
    BUILT_IN_DESCRIPTIONS,
    BUILT_IN_NAMES,
    BUILT_IN_PERMISSIONS,
    BUILT_IN_ROLES,
    OWNER,
    PERMISSIONS,
)
from .role_schemas import AssignRoleSchema, CreateRoleSchema, UpdateRoleSchema

ROLE_LIMIT_PER_WORKSPACE = 50


@dataclass(frozen=True)
class Access:
    """What the caller may do in one workspace. ``role`` None: not a member (an admin)."""

    role: str | None
    role_id: uuid.UUID | None
    permissions: frozenset

    def allows(self, permission: str) -> bool:
        return permission in self.permissions


def role_permissions(role: str, custom: Role | None) -> frozenset:
    if role == CUSTOM_ROLE:
        return BASELINE | frozenset(custom.permissions if custom else ())
    return BUILT_IN_PERMISSIONS.get(role, BASELINE)


def access_of(session: Session, caller: Caller, workspace_id: uuid.UUID) -> Access | None:
    """The caller's access to the workspace; None for a non-member who is not an admin."""
    membership = None
    if caller.user_id:
        membership = session.get(Membership, (workspace_id, uuid.UUID(str(caller.user_id))))
    if membership is not None:
        custom = session.get(Role, membership.role_id) if membership.role_id else None
        permissions = role_permissions(membership.role, custom)
        if caller.is_admin:
            permissions = ALL_PERMISSIONS
        return Access(membership.role, membership.role_id, permissions)
    if caller.is_admin:
        return Access(None, None, ALL_PERMISSIONS)
    return None


def require_permission(session: Session, caller: Caller, workspace_id, permission: str | None,
                       for_update: bool = False) -> tuple[Workspace, Access]:
    """The active workspace and the caller's access, if they hold ``permission``.

    A caller who is not a member (nor an admin) gets NotFound, never
    Forbidden: a workspace id must not reveal that another tenant exists.
    ``permission`` None only checks that the caller may see the workspace.
    """
    if not caller.is_authenticated:
        raise Unauthenticated()
    if not isinstance(workspace_id, uuid.UUID):
        workspace_id = uuid.UUID(parse_uuid(workspace_id))
    workspace = session.get(Workspace, workspace_id, with_for_update=for_update)
    access = access_of(session, caller, workspace_id) if workspace is not None else None
    if workspace is None or workspace.status != ACTIVE or access is None:
        raise NotFound("Workspace not found.")
    if permission is not None and not access.allows(permission):
        raise Forbidden(f"Your role in this workspace lacks the permission {permission}.",
                        {"permission": permission})
    return workspace, access


# -- records ---------------------------------------------------------------

def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def built_in_role_to_dict(key: str) -> dict:
    return {
        "id": key, "key": key, "workspace_id": None, "name": BUILT_IN_NAMES[key],
        "description": BUILT_IN_DESCRIPTIONS[key], "is_custom": False,
        "permissions": sorted(BUILT_IN_PERMISSIONS[key]), "created_at": None, "updated_at": None,
    }


def role_to_dict(role: Role) -> dict:
    return {
        "id": str(role.id), "key": None, "workspace_id": str(role.workspace_id), "name": role.name,
        "description": role.description, "is_custom": True,
        "permissions": sorted(BASELINE | set(role.permissions)),
        "created_at": _time(role.created_at), "updated_at": _time(role.updated_at),
    }


def membership_to_dict(membership: Membership, custom: Role | None) -> dict:
    return {
        "workspace_id": str(membership.workspace_id),
        "user_id": str(membership.user_id),
        "role": membership.role,
        "role_id": str(membership.role_id) if membership.role_id else None,
        "role_name": custom.name if custom else BUILT_IN_NAMES.get(membership.role, membership.role),
        "permissions": sorted(role_permissions(membership.role, custom)),
        "created_at": _time(membership.created_at),
    }


def list_permissions() -> dict:
    items = [{"name": name, "description": text} for name, text in PERMISSIONS.items()]
    return {"items": items, "total": len(items)}


# -- reads -------------------------------------------------------------------

def list_roles(session: Session, caller: Caller, workspace_id: str, page: Page | None = None) -> dict:
    """Built-in roles first (fixed order), then custom roles by name; at most 53, paged all the same."""
    workspace, _access = require_permission(session, caller, workspace_id, "roles.read")
    custom = session.scalars(select(Role).where(Role.workspace_id == workspace.id)
                             .order_by(func.lower(Role.name), Role.id)).all()
    items = [built_in_role_to_dict(key) for key in BUILT_IN_ROLES] + [role_to_dict(r) for r in custom]
    if page is not None:
        return {"items": items[page.offset:page.offset + page.limit], "total": len(items)}
    return {"items": items, "total": len(items)}


def list_roles_of(session: Session, workspace_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
    """Every role of each workspace (the ``roles`` include), one query."""
    custom: dict[uuid.UUID, list[dict]] = {wid: [] for wid in workspace_ids}
    if workspace_ids:
        rows = session.scalars(select(Role).where(Role.workspace_id.in_(workspace_ids))
                               .order_by(func.lower(Role.name), Role.id)).all()
        for row in rows:
            custom[row.workspace_id].append(role_to_dict(row))
    return {wid: [built_in_role_to_dict(k) for k in BUILT_IN_ROLES] + items for wid, items in custom.items()}


def _find_role(session: Session, workspace: Workspace, role_id: str, for_update: bool = False) -> Role:
    try:
        wanted = uuid.UUID(str(role_id))
    except ValueError:
        raise NotFound("Role not found.") from None
    role = session.get(Role, wanted, with_for_update=for_update)
    # Another workspace's role is "not found", like any other tenant's record.
    if role is None or role.workspace_id != workspace.id:
        raise NotFound("Role not found.")
    return role


def get_role(session: Session, caller: Caller, workspace_id: str, role_id: str) -> dict:
    workspace, _access = require_permission(session, caller, workspace_id, "roles.read")
    if role_id in BUILT_IN_ROLES:
        return built_in_role_to_dict(role_id)
    return role_to_dict(_find_role(session, workspace, role_id))


def get_member_access(session: Session, caller: Caller, workspace_id: str, user_id: str) -> dict:
    """A member's role and effective permissions (for services enforcing their own records)."""
    workspace, _access = require_permission(session, caller, workspace_id, None)
    membership = session.get(Membership, (workspace.id, uuid.UUID(parse_uuid(user_id))))
    if membership is None:
        raise NotFound("Member not found.")
    custom = session.get(Role, membership.role_id) if membership.role_id else None
    return membership_to_dict(membership, custom)


# -- writes ------------------------------------------------------------------

def no_escalation(caller: Caller, access: Access, permissions, field: str) -> None:
    beyond = sorted(set(permissions) - access.permissions)
    if beyond and not caller.is_admin:
        raise Forbidden("You cannot grant permissions you do not hold.",
                        {field: [f"You do not hold: {', '.join(beyond)}."]})


def _clean_name(session: Session, workspace: Workspace, name: str, exclude: uuid.UUID | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed(details={"name": ["Must not be blank."]})
    if name.lower() in (*BUILT_IN_ROLES, *(n.lower() for n in BUILT_IN_NAMES.values()), CUSTOM_ROLE):
        raise ValidationFailed(details={"name": ["This name belongs to a built-in role."]})
    query = select(Role.id).where(Role.workspace_id == workspace.id, func.lower(Role.name) == name.lower())
    if exclude is not None:
        query = query.where(Role.id != exclude)
    if session.execute(query.limit(1)).first() is not None:
        raise Conflict("A role with this name already exists.", {"name": ["A role with this name already exists."]})
    return name


def _role_event(role: Role) -> dict:
    return {"workspace_id": str(role.workspace_id), "role_id": str(role.id), "name": role.name,
            "permissions": sorted(BASELINE | set(role.permissions))}


def create_role(tx: Transaction, caller: Caller, workspace_id: str, payload: dict) -> dict:
    session = tx.session
    # The workspace row is locked: concurrent creations count roles one at a time.
    workspace, access = require_permission(session, caller, workspace_id, "roles.create", for_update=True)
    data = load(CreateRoleSchema, payload)
    no_escalation(caller, access, data["permissions"], "permissions")
    name = _clean_name(session, workspace, data["name"])
    count = session.scalar(select(func.count()).select_from(Role).where(Role.workspace_id == workspace.id))
    if count >= ROLE_LIMIT_PER_WORKSPACE:
        raise Conflict(f"A workspace has at most {ROLE_LIMIT_PER_WORKSPACE} custom roles.")
    now = utcnow()
    role = Role(id=uuid.uuid4(), workspace_id=workspace.id, name=name, description=data.get("description"),
                permissions=sorted(set(data["permissions"])), created_at=now, updated_at=now)
    session.add(role)
    session.flush()
    tx.emit("role_created", _role_event(role))
    return role_to_dict(role)


def update_role(tx: Transaction, caller: Caller, workspace_id: str, role_id: str, payload: dict) -> dict:
    session = tx.session
    workspace, access = require_permission(session, caller, workspace_id, "roles.update")
    if role_id in BUILT_IN_ROLES:
        raise Forbidden("Built-in roles cannot be changed.")
    role = _find_role(session, workspace, role_id, for_update=True)
    data = load(UpdateRoleSchema, payload)
    if "permissions" in data:
        no_escalation(caller, access, data["permissions"], "permissions")
        # Changing a role its holders have beyond you would be editing their powers.
        no_escalation(caller, access, role.permissions, "permissions")
        role.permissions = sorted(set(data["permissions"]))
    if "name" in data:
        role.name = _clean_name(session, workspace, data["name"], exclude=role.id)
    if "description" in data:
        role.description = data["description"]
    role.updated_at = utcnow()
    session.flush()
    tx.emit("role_updated", _role_event(role))
    return role_to_dict(role)


def delete_role(tx: Transaction, caller: Caller, workspace_id: str, role_id: str) -> dict:
    session = tx.session
    workspace, _access = require_permission(session, caller, workspace_id, "roles.delete")
    if role_id in BUILT_IN_ROLES:
        raise Forbidden("Built-in roles cannot be deleted.")
    role = _find_role(session, workspace, role_id, for_update=True)
    holders = session.scalar(select(func.count()).select_from(Membership).where(Membership.role_id == role.id))
    # A pending invite would hand the role out later; used or expired ones are history.
    pending = Invite.role_id == role.id, Invite.accepted_at.is_(None), Invite.expires_at > utcnow()
    invites = session.scalar(select(func.count()).select_from(Invite).where(*pending))
    if holders or invites:
        raise Conflict(f"{holders} member(s) and {invites} pending invite(s) name this role; "
                       "give them another role first.", {"members": holders, "invites": invites})
    session.execute(update(Invite).where(Invite.role_id == role.id).values(role_id=None))
    session.delete(role)
    session.flush()
    tx.emit("role_deleted", {"workspace_id": str(workspace.id), "role_id": str(role.id)})
    return {"id": str(role.id)}


def assign_role(tx: Transaction, caller: Caller, workspace_id: str, user_id: str, payload: dict) -> dict:
    """Give a member a built-in role (``role``) or a custom one (``role_id``)."""
    session = tx.session
    workspace, access = require_permission(session, caller, workspace_id, "members.update", for_update=True)
    data = load(AssignRoleSchema, payload)
    membership = session.get(Membership, (workspace.id, uuid.UUID(parse_uuid(user_id))), with_for_update=True)
    if membership is None:
        raise NotFound("Member not found.")
    if membership.role == OWNER:
        raise Forbidden("The owner's role cannot be changed.")
    if data.get("role_id") is not None:
        custom = session.get(Role, data["role_id"])
        if custom is None or custom.workspace_id != workspace.id:
            raise ValidationFailed(details={"role": ["No such role in this workspace."]})
        new_role, new_role_id = CUSTOM_ROLE, custom.id
    else:
        custom, new_role, new_role_id = None, data["role"], None
    current_custom = session.get(Role, membership.role_id) if membership.role_id else None
    no_escalation(caller, access, role_permissions(membership.role, current_custom), "role")
    no_escalation(caller, access, role_permissions(new_role, custom), "role")
    previous = (membership.role, membership.role_id)
    membership.role, membership.role_id = new_role, new_role_id
    session.flush()
    if previous != (new_role, new_role_id):
        tx.emit("member_role_changed", {
            "workspace_id": str(workspace.id), "user_id": str(membership.user_id),
            "role": new_role, "role_id": str(new_role_id) if new_role_id else None,
            "permissions": sorted(role_permissions(new_role, custom)),
            "previous_role": previous[0], "previous_role_id": str(previous[1]) if previous[1] else None,
        })
    return membership_to_dict(membership, custom)


def remove_membership(tx: Transaction, caller: Caller, workspace_id: str, user_id: str) -> dict:
    """Remove a member (``members.delete``), or leave (anyone but the owner may leave)."""
    session = tx.session
    target_id = uuid.UUID(parse_uuid(user_id))
    leaving = caller.user_id is not None and uuid.UUID(str(caller.user_id)) == target_id
    workspace, access = require_permission(session, caller, workspace_id, None if leaving else "members.delete",
                                           for_update=True)
    membership = session.get(Membership, (workspace.id, target_id), with_for_update=True)
    if membership is None:
        raise NotFound("Member not found.")
    if membership.role == OWNER:
        raise Forbidden("The owner cannot be removed; delete the workspace or transfer it first.")
    if not leaving:
        custom = session.get(Role, membership.role_id) if membership.role_id else None
        no_escalation(caller, access, role_permissions(membership.role, custom), "user_id")
    session.delete(membership)
    session.flush()
    tx.emit("member_removed", {"workspace_id": str(workspace.id), "user_id": str(target_id)})
    return {"workspace_id": str(workspace.id), "user_id": str(target_id)}
