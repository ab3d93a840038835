"""Administrators acting on a person's account: Zou's change-password and invite
actions, whether the person has an avatar (the picture itself is in the asset
service's bucket), and the names the presence log prints.

Both actions are Zou's ``check_admin_permissions`` and refuse bots (400), as
Zou does; a person an administrator cannot see does not exist for them (404).
"""

import datetime as dt

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, ValidationFailed
from reelhouse.shared.validation import load, load_ids

from . import one_time_tokens, sessions
from .accounts import get_user
from .bots import require_not_bot
from .mails import Mail
from .models import User
from .schemas import PASSWORD
from .users import get_user_or_404, hash_password, require_admin

INVITATION_LIFETIME = dt.timedelta(days=7)
MAX_NAMES = 2_000


class ChangePasswordSchema(Schema):
    password = fields.String(required=True)
    password_2 = fields.String(required=True)


def change_password_for_person(tx: Transaction, caller: Caller, user_id: str, payload) -> tuple[dict, Mail]:
    """Set another person's password; every session of theirs (but the caller's own) ends."""
    require_admin(caller)
    data = load(ChangePasswordSchema, payload)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    require_not_bot(user)
    if data["password"] != data["password_2"]:
        raise ValidationFailed("Confirmation password doesn't match.",
                               {"password_2": ["Confirmation password doesn't match."]})
    try:
        PASSWORD(data["password"])
    except Exception:
        raise ValidationFailed("Password is too short.", {"password": ["From 8 to 200 characters."]}) from None
    if not user.active:
        raise ValidationFailed("User is unactive.", {"person_id": ["This person is disabled."]})
    user.password_hash = hash_password(data["password"])
    sessions.revoke_sessions_after_password_change(tx, user, caller)
    tx.session.flush()
    tx.emit("password_changed_by_admin", {"user_id": str(user.id), "by": str(caller.user_id)})
    mail = Mail(user.email, "Your Reelhouse password was changed",
                "An administrator changed your password. Ask them for the new one; your other sessions have "
                "ended.", "password_changed_by_admin", "")
    return {"success": True}, mail


def invite_person(tx: Transaction, caller: Caller, user_id: str) -> tuple[dict, Mail]:
    """Mail the person a code to choose their password (``POST /v1/users/reset-password``), valid 7 days."""
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    require_not_bot(user)
    if not user.active:
        raise ValidationFailed("User is unactive.", {"person_id": ["This person is disabled."]})
    token = one_time_tokens.issue(tx, user, one_time_tokens.PASSWORD_RESET, INVITATION_LIFETIME)
    user.is_invite = True
    tx.session.flush()
    tx.emit("person_invited", {"user_id": str(user.id), "by": str(caller.user_id)})
    mail = Mail(user.email, "You are invited to Reelhouse",
                f"An administrator invited you to Reelhouse ({user.email}). Choose your password with this code "
                f"within 7 days:\n\n{token}", "invitation", token)
    return {"success": True, "message": "Email sent"}, mail


def person_names(session: Session, caller: Caller, user_ids: list) -> dict:
    """``{id: {"full_name", "is_bot"}}`` for the presence log (administrators only)."""
    require_admin(caller)
    ids = load_ids(user_ids, "user_ids", MAX_NAMES)
    rows = session.scalars(select(User).where(User.id.in_(ids)).order_by(User.last_name, User.first_name)).all()
    return {str(user.id): {"full_name": f"{user.first_name} {user.last_name}".strip(), "is_bot": user.is_bot,
                           "active": user.active} for user in rows}


def set_person_avatar(tx: Transaction, caller: Caller, user_id: str) -> dict:
    """Record that the person's picture is in the asset service's bucket (the person or an admin)."""
    get_user(tx.session, caller, user_id)  # 404 for someone the caller cannot see
    if not (caller.is_admin or str(caller.user_id) == str(user_id)):
        raise Forbidden("Only the person and administrators change an avatar.")
    user = get_user_or_404(tx.session, user_id, for_update=True)
    user.has_avatar = True
    tx.session.flush()
    tx.emit("person_avatar_changed", {"user_id": str(user.id), "has_avatar": True})
    return {"thumbnail_path": f"pictures/thumbnails/persons/{user.id}.png"}


def clear_person_avatar(tx: Transaction, caller: Caller, user_id: str) -> dict:
    """Zou's clear-avatar: administrators only."""
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    user.has_avatar = False
    tx.session.flush()
    tx.emit("person_avatar_changed", {"user_id": str(user.id), "has_avatar": False})
    return {"id": str(user.id)}
