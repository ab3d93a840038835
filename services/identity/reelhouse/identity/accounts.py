"""Accounts: registration, activation, self-service updates, cancellation, listing.

Write functions take a ``Transaction`` (``tx.session`` + ``tx.emit``) so the
change and its events commit together; read functions take a session.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load, load_ids

from . import one_time_tokens, sessions
from .departments import persons_to_dicts
from .models import Membership, User
from .schemas import AdminRegisterSchema, RegisterSchema
from .users import (
    default_preferences,
    ensure_email_free,
    flush_unique,
    get_user_or_404,
    hash_password,
    normalize_email,
    random_avatar_color,
    require_self_or_admin,
    user_to_dict,
    verify_password,
)

ACTIVATION_LIFETIME = dt.timedelta(days=7)


@dataclass(frozen=True)
class Registration:
    user: dict
    workspace_id: str | None
    activation_token: str  # raw token, mailed after commit and never stored

    def result(self) -> dict:
        return {"user": self.user, "workspace_id": self.workspace_id}


def registration_data(caller: Caller, payload) -> dict:
    """The digest's two contracts for ``POST /v1/register`` [INCONSISTENT], as one.

    Anyone: ``first_name, last_name, email, password, is_business, company``.
    An administrator may instead register a producer with ``name`` (the new
    workspace's name), ``email, first_name, last_name`` and no password: the
    person is invited, and chooses a password when activating.
    """
    if caller.is_admin and isinstance(payload, dict) and "password" not in payload:
        data = load(AdminRegisterSchema, payload)
        company = data.pop("name")
        return {**data, "is_business": True, "company": company}
    return load(RegisterSchema, payload)


def register(tx: Transaction, data: dict) -> Registration:
    """Create an unconfirmed user and start the registration saga.

    Identity chooses the workspace id; the workspace service creates the
    workspace when it consumes ``user_registered``. With an invite token the
    user joins the invite's workspace instead, so no id is chosen.
    """
    session = tx.session
    email = normalize_email(data["email"])
    ensure_email_free(session, email)
    color = random_avatar_color()
    invite_token = data.get("invite_token") or None
    password = data.get("password")  # none when an administrator registers someone
    user = User(
        id=uuid.uuid4(), email=email, password_hash=hash_password(password) if password else None,
        first_name=data["first_name"].strip(), last_name=data["last_name"].strip(), role="user",
        is_confirmed=False, is_invite=invite_token is not None or not password, is_beta=False, active=True,
        preferences=default_preferences(color), avatar_color=color, registration_state="pending",
    )
    session.add(user)
    flush_unique(session)
    raw_token = one_time_tokens.issue(tx, user, one_time_tokens.ACTIVATION, ACTIVATION_LIFETIME)
    workspace_id = None if invite_token else str(uuid.uuid4())
    company = (data.get("company") or "").strip() or None
    tx.emit("user_registered", {
        "user_id": str(user.id), "email": user.email, "first_name": user.first_name,
        "last_name": user.last_name, "is_business": data["is_business"], "company": company,
        "workspace_id": workspace_id, "invite_token": invite_token,
    })
    session.flush()
    return Registration(user_to_dict(user), workspace_id, raw_token)


def send_activation_mail(mailer, registration: Registration) -> None:
    token = registration.activation_token
    mailer.send(
        to=registration.user["email"], subject="Activate your Reelhouse account",
        body=f"Welcome to Reelhouse. Your activation code is:\n\n{token}\n\nIt is valid for 7 days.",
        kind="activation", data={"token": token},
    )


def activate(tx: Transaction, token: str, password: str | None = None) -> dict:
    """Confirm the account behind a mailed activation token. Each token works once.

    A person an administrator registered has no password yet and sets it here.
    """
    row = one_time_tokens.consume(tx, token, one_time_tokens.ACTIVATION, "activation")
    user = get_user_or_404(tx.session, row.user_id, for_update=True)
    if user.password_hash is None:
        if not isinstance(password, str) or not 8 <= len(password) <= 200:
            raise ValidationFailed("Choose a password (8 to 200 characters) to activate this account.",
                                   {"password": ["Required: this account has no password yet."]})
        user.password_hash = hash_password(password)
    user.is_confirmed = True
    tx.emit("user_activated", {"user_id": str(user.id)})
    tx.session.flush()
    return user_to_dict(user)


def get_user(session: Session, caller: Caller, user_id: str) -> dict:
    """A user the caller may see: themselves, a member of a workspace they share,
    or anyone for an administrator. Others are 404, like an unknown id, so an
    id never tells whether someone exists in another tenant."""
    user = get_user_or_404(session, user_id)
    if not (caller.is_admin or str(user.id) == str(caller.user_id)
            or shares_a_workspace(session, memberships.caller_user_id(caller), user.id)):
        raise NotFound("User not found.")
    return persons_to_dicts(session, [user])[0]


def shares_a_workspace(session: Session, user_id: uuid.UUID | None, other_id: uuid.UUID) -> bool:
    if user_id is None:
        return False
    return session.scalar(select(Membership.user_id).where(
        Membership.user_id == other_id, Membership.workspace_id.in_(workspaces_of(user_id))).limit(1)) is not None


def workspaces_of(user_id: uuid.UUID | None):
    """The ids of ``user_id``'s workspaces, as a subquery."""
    return select(Membership.workspace_id).where(Membership.user_id == user_id)


def update_user(tx: Transaction, caller: Caller, user_id: str, data: dict) -> dict:
    """Self-service profile update (Candidio ``PUT /v1/users/{u}``)."""
    require_self_or_admin(caller, user_id)
    if "is_beta" in data and not caller.is_admin:
        raise Forbidden("Only administrators can change is_beta.", {"is_beta": ["Administrators only."]})
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if "new_password" in data:
        if not data.get("password"):
            raise ValidationFailed(details={"password": ["The current password is required to change it."]})
        if not verify_password(user.password_hash, data["password"]):
            raise ValidationFailed(details={"password": ["The current password is wrong."]})
        user.password_hash = hash_password(data["new_password"])
        sessions.revoke_sessions_after_password_change(tx, user, caller)
    if "email" in data and caller.is_admin:  # admins are trusted; users confirm (recovery.py)
        email = normalize_email(data["email"])
        ensure_email_free(tx.session, email, exclude_id=user.id)
        user.email = email
    for name in ("first_name", "last_name"):
        if name in data:
            setattr(user, name, data[name].strip())
    if "is_beta" in data:
        user.is_beta = data["is_beta"]
    if "preferences" in data:
        # Merged, so a client can send only the branch it changes.
        user.preferences = merge(user.preferences or {}, data["preferences"])
        color = (user.preferences.get("avatar") or {}).get("color")
        if isinstance(color, str) and len(color) == 6:
            user.avatar_color = color.upper()
    flush_unique(tx.session)
    emit_user_updated(tx, user)
    return user_to_dict(user)


def emit_user_updated(tx: Transaction, user: User) -> None:
    tx.emit("user_updated", {"user_id": str(user.id), "email": user.email,
                             "first_name": user.first_name, "last_name": user.last_name})


def merge(base: dict, change: dict) -> dict:
    merged = dict(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def cancel_account(tx: Transaction, caller: Caller, user_id: str) -> dict:
    """Deactivate the account and revoke every session it has. Repeating is a no-op."""
    require_self_or_admin(caller, user_id)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not user.active:
        return user_to_dict(user)
    user.active = False
    sessions.revoke_all_sessions(tx, user)
    tx.emit("user_cancelled", {"user_id": str(user.id)})
    tx.session.flush()
    return user_to_dict(user)


MAX_USERS_AT_ONCE = 500  # a page of users


def workspaces_of_users(session: Session, caller: Caller, user_ids: list) -> dict:
    """Each user's workspaces that the caller may see: admins all, others those they share.

    The /v1 ``include=workspaces`` of a page of users, in one query.
    """
    if not caller.is_authenticated:
        raise Unauthenticated()
    users = load_ids(user_ids, "user_ids", MAX_USERS_AT_ONCE)
    query = (select(Membership.user_id, Membership.workspace_id).where(Membership.user_id.in_(users))
             .order_by(Membership.joined_at, Membership.workspace_id))
    if not caller.is_admin:
        query = query.where(Membership.workspace_id.in_(workspaces_of(memberships.caller_user_id(caller))))
    found = {str(user): [] for user in users}
    for user_id, workspace_id in session.execute(query):
        found[str(user_id)].append(str(workspace_id))
    return found


def list_users(session: Session, caller: Caller, filters: dict, page: Page) -> dict:
    """Admins list everyone; a workspace's members list that workspace's members."""
    query = select(User).order_by(User.created_at, User.id)
    workspace_id = filters.get("workspace_id")
    if workspace_id is not None:
        if not caller.is_admin and memberships.role_in(session, Membership, workspace_id,
                                                       memberships.caller_user_id(caller)) is None:
            # As the workspace service answers: a workspace id never reveals a tenant.
            raise NotFound("Workspace not found.")
        members = select(Membership.user_id).where(Membership.workspace_id == workspace_id)
        query = query.where(User.id.in_(members))
    elif not caller.is_admin:
        raise Forbidden("Only administrators can list every user.")
    if filters.get("id") is not None:
        query = query.where(User.id == filters["id"])
    rows, total = paginate(query, page, session)
    return {"items": [user_to_dict(user) for user in rows], "total": total}


