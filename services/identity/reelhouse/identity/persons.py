"""Zou persons: admin-managed CRUD over the same users table, and create-admin.

People created by an administrator are trusted: they start confirmed and
with registration complete (there is no self-service saga for them).
"""

import uuid

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, Unauthenticated, ValidationFailed
from reelhouse.shared.pagination import Page, paginate

from . import departments, sessions
from .accounts import emit_user_updated
from .models import Membership, User
from .users import (
    default_preferences,
    ensure_desktop_login_free,
    ensure_email_free,
    flush_unique,
    get_user_or_404,
    hash_password,
    normalize_email,
    random_avatar_color,
    require_admin,
    user_to_dict,
)

DEFAULT_STUDIO_NAME = "Studio"
SIMPLE_FIELDS = ("first_name", "last_name", "role", "phone", "active", "is_beta", "timezone", "locale")


def create_person(tx: Transaction, caller: Caller, data: dict) -> dict:
    """A person made by an admin joins the admin's current workspace.

    Zou has one studio per installation; here the studio is the creator's
    workspace, which the workspace service joins the person to on
    ``person_created`` (persons made by a service caller join none).
    """
    require_admin(caller)
    user = _create(tx, data)
    if data.get("departments"):
        departments.set_person_departments(tx, caller, user, data["departments"])
    workspace_id = memberships.home_workspace(tx.session, Membership, caller)
    if workspace_id is not None:
        tx.emit("person_created", {"user_id": str(user.id), "workspace_id": str(workspace_id), "role": user.role})
    return departments.persons_to_dicts(tx.session, [user])[0]



def create_admin(tx: Transaction, data: dict, studio_name: str = DEFAULT_STUDIO_NAME) -> dict:
    """An administrator with a studio workspace of their own (``create-admin``).

    The workspace comes from the registration saga (``user_registered`` with
    the id chosen here), so a fresh installation has a tenant to work in.
    Callers check rights.
    """
    user = _create(tx, dict(data, role="admin"))
    tx.emit("user_registered", {
        "user_id": str(user.id), "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "is_business": True, "company": studio_name,
        "workspace_id": str(uuid.uuid4()), "invite_token": None,
    })
    return user_to_dict(user)


def _create(tx: Transaction, data: dict) -> User:
    session = tx.session
    email = normalize_email(data["email"])
    ensure_email_free(session, email)
    desktop_login = (data.get("desktop_login") or "").strip() or None
    ensure_desktop_login_free(session, desktop_login)
    color = random_avatar_color()
    user = User(
        id=uuid.uuid4(), email=email,
        password_hash=hash_password(data["password"]) if data.get("password") else None,
        first_name=data["first_name"].strip(), last_name=(data.get("last_name") or "").strip(),
        role=data.get("role", "user"), desktop_login=desktop_login, phone=data.get("phone"),
        is_confirmed=True, is_invite=False, is_beta=data.get("is_beta", False), active=data.get("active", True),
        preferences=default_preferences(color), avatar_color=color, registration_state="complete",
        timezone=data.get("timezone"), locale=data.get("locale"),
    )
    session.add(user)
    flush_unique(session)
    return user


def update_person(tx: Transaction, caller: Caller, user_id: str, data: dict) -> dict:
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    # Checked before assigning: a query after the assignment would autoflush
    # the duplicate and fail with an IntegrityError instead of a 409.
    if "email" in data:
        email = normalize_email(data["email"])
        ensure_email_free(tx.session, email, exclude_id=user.id)
        user.email = email
    if "desktop_login" in data:
        desktop_login = (data["desktop_login"] or "").strip() or None
        ensure_desktop_login_free(tx.session, desktop_login, exclude_id=user.id)
        user.desktop_login = desktop_login
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
        sessions.revoke_sessions_after_password_change(tx, user, caller)
    if "departments" in data:
        departments.set_person_departments(tx, caller, user, data["departments"] or [])
    was_active = user.active
    for name in SIMPLE_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    if was_active and not user.active:
        # A disabled person must lose access now, not when tokens expire.
        sessions.revoke_all_sessions(tx, user)
    flush_unique(tx.session)
    emit_user_updated(tx, user)
    return departments.persons_to_dicts(tx.session, [user])[0]


def delete_person(tx: Transaction, caller: Caller, user_id: str) -> dict:
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if str(user.id) == str(caller.user_id):
        raise Forbidden("You cannot delete your own account.")
    # Revocation and cancellation events first: consumers drop the person's
    # tokens and memberships. Sessions and one-time tokens go by cascade.
    sessions.revoke_all_sessions(tx, user)
    tx.emit("user_cancelled", {"user_id": str(user.id)})
    tx.session.execute(delete(Membership).where(Membership.user_id == user.id))
    tx.session.delete(user)
    tx.session.flush()
    return {"id": str(user.id)}


def list_persons(session: Session, caller: Caller, filters: dict, page: Page) -> dict:
    """Equality filters on simple columns (Zou's ``/data/persons?role=...``).

    Zou lists its studio's persons: here, the members of the caller's current
    workspace (and the caller). Administrators list everyone.
    """
    if not caller.is_authenticated:
        raise Unauthenticated("Log in to list persons.")
    query = select(User).order_by(User.last_name, User.first_name, User.id)
    if not caller.is_admin:
        workspace_id = memberships.home_workspace(session, Membership, caller)
        members = select(Membership.user_id).where(Membership.workspace_id == workspace_id)
        query = query.where(or_(User.id == memberships.caller_user_id(caller), User.id.in_(members)))
    for name, value in filters.items():
        if name == "full_name":
            full_name = func.trim(func.concat(User.first_name, " ", User.last_name))
            query = query.where(func.lower(full_name) == " ".join(value.split()).lower())
            continue
        column = getattr(User, name, None)
        if column is None:  # the schema already refuses unknown keys
            raise ValidationFailed(details={name: ["Unknown filter."]})
        query = query.where(column == (normalize_email(value) if name == "email" else value))
    rows, total = paginate(query, page, session)
    return {"items": departments.persons_to_dicts(session, rows), "total": total}
