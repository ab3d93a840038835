"""Workspace logic: create, read, update, cancel, list. Plain functions over a
session or a ``Transaction``; the service only validates the call and opens
the transaction."""

import re
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, ValidationFailed
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from .members import OWNER, add_member, require_user
from .models import ACTIVE, CANCELLED, Industry, Membership, TemplateCollection, Workspace
from .roles import Access, require_permission
from .schemas import CreateWorkspaceSchema, ListFiltersSchema, UpdateWorkspaceSchema

# The spec's sample entitlements for a new workspace (key spelling as in the spec).
DEFAULT_FEATURES = {
    "video_series": False,
    "users": 1,
    "coachingPlatform": "Limited",
    "templates": "Limited",
    "stockLibrary": False,
    "landingPage": False,
    "help_center": True,
    "in_app_chat": True,
    "priority_emails": False,
    "phone_support": False,
}
ADMIN_ONLY_ON_CREATE = ("internal_notes",)
ADMIN_ONLY_ON_UPDATE = ("internal_notes", "features", "template_collection_id")
NAME_TAKEN = "A workspace with this name already exists."
PATH_TAKEN = "A workspace with this path already exists."


def slugify(text: str) -> str:
    """``"My Company, LLC"`` -> ``"my-company-llc"``; accents folded to ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:200] or "workspace"  # room left for a "-N" suffix


@contextmanager
def conflict_on_duplicate(message: str = "The workspace name or path is already taken.") -> Iterator[None]:
    """A unique index hit by a concurrent write (after our checks passed) is a 409."""
    try:
        yield
    except IntegrityError:
        raise Conflict(message) from None


def name_taken(session: Session, name: str, exclude_id: uuid.UUID | None = None) -> bool:
    query = select(Workspace.id).where(func.lower(Workspace.workspace_name) == name.lower(),
                                       Workspace.status == ACTIVE)
    if exclude_id is not None:
        query = query.where(Workspace.id != exclude_id)
    return session.execute(query.limit(1)).first() is not None


def path_taken(session: Session, path: str, exclude_id: uuid.UUID | None = None) -> bool:
    query = select(Workspace.id).where(Workspace.workspace_path == path, Workspace.status == ACTIVE)
    if exclude_id is not None:
        query = query.where(Workspace.id != exclude_id)
    return session.execute(query.limit(1)).first() is not None


def free_path(session: Session, base: str, exclude_id: uuid.UUID | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``…: distinct names may share a slug ("A.B" and "A B")."""
    candidate, number = base, 1
    while path_taken(session, candidate, exclude_id):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def free_name(session: Session, base: str) -> str:
    """``base``, or ``base 2``, ``base 3``…: registration must never fail on a name."""
    base = base[:240]
    candidate, number = base, 1
    while name_taken(session, candidate):
        number += 1
        candidate = f"{base} {number}"
    return candidate


def refuse_admin_only_fields(caller: Caller, payload: dict, names: tuple[str, ...]) -> None:
    refused = [name for name in names if isinstance(payload, dict) and name in payload]
    if refused and not caller.is_admin:
        raise Forbidden("Only administrators may set these fields.",
                        {name: ["Only administrators may set this field."] for name in refused})


def clean_name(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ValidationFailed(details={field: ["Must not be blank."]})
    return value


def new_workspace(tx: Transaction, *, workspace_id: uuid.UUID, owner_id: uuid.UUID, name: str, path: str,
                  organization: str | None, is_business: bool, phone: str | None = None,
                  internal_notes: str | None = None) -> Workspace:
    """Insert a workspace and its owner membership; emit both facts."""
    now = utcnow()
    workspace = Workspace(
        id=workspace_id, organization_name=organization, workspace_name=name, workspace_path=path,
        phone=phone, is_business=bool(is_business), is_invite=False, features=dict(DEFAULT_FEATURES),
        internal_notes=internal_notes, account=0, owner_id=owner_id, status=ACTIVE,
        created_at=now, updated_at=now,
    )
    tx.session.add(workspace)
    tx.session.flush()
    tx.emit("workspace_created", {"workspace_id": str(workspace_id), "owner_id": str(owner_id)})
    add_member(tx, workspace_id, owner_id, OWNER)
    return workspace


def create_workspace(tx: Transaction, caller: Caller, payload: dict) -> dict:
    owner_id = require_user(caller)
    refuse_admin_only_fields(caller, payload, ADMIN_ONLY_ON_CREATE)
    data = load(CreateWorkspaceSchema, payload)
    organization = clean_name(data.get("organization") or data.get("company"), "organization")
    name = clean_name(data.get("name"), "name") or organization
    if not name:
        raise ValidationFailed(details={"name": ["Give a name, an organization or a company."]})
    if name_taken(tx.session, name):
        raise Conflict(NAME_TAKEN, {"name": [NAME_TAKEN]})
    if data.get("path"):
        path = slugify(data["path"])
        if path_taken(tx.session, path):
            raise Conflict(PATH_TAKEN, {"path": [PATH_TAKEN]})
    else:
        path = free_path(tx.session, slugify(name))
    workspace = new_workspace(
        tx, workspace_id=uuid.uuid4(), owner_id=owner_id, name=name, path=path, organization=organization,
        is_business=data["is_business"], phone=data.get("phone"), internal_notes=data.get("internal_notes"),
    )
    return workspace_to_dict(workspace, OWNER, caller)


def update_workspace(tx: Transaction, caller: Caller, workspace_id: str, payload: dict) -> dict:
    session = tx.session
    # industry_id needs the spec's `workspaces.update` permission, like any update.
    workspace, access = require_permission(session, caller, workspace_id, "workspaces.update", for_update=True)
    refuse_admin_only_fields(caller, payload, ADMIN_ONLY_ON_UPDATE)
    changes = load(UpdateWorkspaceSchema, payload)
    check_references(session, caller, changes)
    if "name" in changes:
        name = clean_name(changes["name"], "name")
        if name_taken(session, name, exclude_id=workspace.id):
            raise Conflict(NAME_TAKEN, {"name": [NAME_TAKEN]})
        workspace.workspace_name = name
        if "path" not in changes:  # the slug follows renames
            workspace.workspace_path = free_path(session, slugify(name), exclude_id=workspace.id)
    if "path" in changes:
        path = slugify(changes["path"])
        if path_taken(session, path, exclude_id=workspace.id):
            raise Conflict(PATH_TAKEN, {"path": [PATH_TAKEN]})
        workspace.workspace_path = path
    if "organization" in changes:
        workspace.organization_name = clean_name(changes["organization"], "organization")
    for field in ("phone", "industry_id", "template_collection_id", "internal_notes"):
        if field in changes:
            setattr(workspace, field, changes[field])
    if "features" in changes:
        # A new dict, not an in-place edit: JSON columns don't track mutation.
        workspace.features = {**workspace.features, **changes["features"]}
    workspace.updated_at = utcnow()
    session.flush()
    tx.emit("workspace_updated", {"workspace_id": str(workspace.id)})
    return workspace_to_dict(workspace, access.role, caller, access)


def check_references(session: Session, caller: Caller, changes: dict) -> None:
    """Referenced catalogue records must exist (and an industry be published for non-admins)."""
    errors = {}
    if changes.get("industry_id") is not None:
        industry = session.get(Industry, changes["industry_id"])
        if industry is None or not (industry.is_published or caller.is_admin):
            errors["industry_id"] = ["No such industry."]
    if changes.get("template_collection_id") is not None:
        if session.get(TemplateCollection, changes["template_collection_id"]) is None:
            errors["template_collection_id"] = ["No such template collection."]
    if errors:
        raise ValidationFailed(details=errors)


def cancel_workspace(tx: Transaction, workspace: Workspace) -> None:
    """Soft delete: hidden from reads; billing cancels the subscription on the event."""
    workspace.status = CANCELLED
    workspace.updated_at = utcnow()
    tx.emit("workspace_deleted", {"workspace_id": str(workspace.id)})


def delete_workspace(tx: Transaction, caller: Caller, workspace_id: str) -> dict:
    workspace, _access = require_permission(tx.session, caller, workspace_id, "workspaces.delete", for_update=True)
    cancel_workspace(tx, workspace)
    return {"id": str(workspace.id)}


def get_workspace(session: Session, caller: Caller, workspace_id: str) -> dict:
    workspace, access = require_permission(session, caller, workspace_id, "workspaces.read")
    return workspace_to_dict(workspace, access.role, caller, access)


def list_workspaces(session: Session, caller: Caller, filters: dict | None, page: Page) -> dict:
    """Active workspaces, oldest first; non-admins only ever see their own."""
    caller_id = require_user(caller) if not caller.is_admin else None
    filters = load(ListFiltersSchema, filters or {})
    user_id = filters.get("user_id")
    if caller_id is not None:
        if user_id not in (None, caller_id):
            raise Forbidden(details={"filters": {"user_id": ["Only administrators may list other users."]}})
        user_id = caller_id
    query = select(Workspace).where(Workspace.status == ACTIVE)
    if user_id is not None:
        query = query.where(Workspace.id.in_(select(Membership.workspace_id).where(Membership.user_id == user_id)))
    rows, total = paginate(query.order_by(Workspace.created_at, Workspace.id), page, session)
    roles = caller_roles(session, caller, [row.id for row in rows])
    return {"items": [workspace_to_dict(row, roles.get(row.id), caller) for row in rows], "total": total}


def caller_roles(session: Session, caller: Caller, workspace_ids: list[uuid.UUID]) -> dict:
    if not caller.user_id or not workspace_ids:
        return {}
    rows = session.execute(select(Membership.workspace_id, Membership.role).where(
        Membership.user_id == uuid.UUID(str(caller.user_id)), Membership.workspace_id.in_(workspace_ids),
    ))
    return dict(rows.all())


def _id(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def workspace_to_dict(workspace: Workspace, role: str | None, caller: Caller, access: Access | None = None) -> dict:
    """The contract's workspace record plus the caller's ``role`` in it (and, when
    known, the custom ``role_id`` and the caller's ``permissions`` there)."""
    record = {
        "id": str(workspace.id),
        "organization_name": workspace.organization_name,
        "workspace_name": workspace.workspace_name,
        "workspace_path": workspace.workspace_path,
        "phone": workspace.phone,
        "is_business": workspace.is_business,
        "is_invite": workspace.is_invite,
        "stripe_id": workspace.stripe_id,
        "card_brand": workspace.card_brand,
        "card_last_four": workspace.card_last_four,
        "features": dict(workspace.features),
        # Staff notes about the customer: shown to administrators only.
        "internal_notes": workspace.internal_notes if caller.is_admin else None,
        "account": workspace.account,
        "industry_id": _id(workspace.industry_id),
        "template_collection_id": _id(workspace.template_collection_id),
        "owner_id": str(workspace.owner_id),
        "status": workspace.status,
        "created_at": _time(workspace.created_at),
        "updated_at": _time(workspace.updated_at),
        "role": role,
    }
    if access is not None:
        record["role_id"] = str(access.role_id) if access.role_id else None
        record["permissions"] = sorted(access.permissions)
    return record
