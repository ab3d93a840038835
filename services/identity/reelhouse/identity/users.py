"""Helpers every identity module uses: passwords, lookups, the user record."""

import hashlib
import random
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventlet import tpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated
from reelhouse.shared.ids import parse_uuid

from .models import User

_hasher = PasswordHasher()  # argon2id with the library's current defaults

# A real hash to verify against when the user is unknown, so a login for an
# unknown email costs as long as one with a wrong password (no enumeration).
_DUMMY_HASH = _hasher.hash("reelhouse-not-a-password")

AVATAR_COLORS = ("2B8ACA", "E6594A", "F2A93B", "4CAF50", "8E5FD6", "1ABC9C", "D35400", "607D8B")
NOTIFICATION_TOPICS = ("project_production_changes", "something_shared_with_me", "messages", "workspace_changes")


def hash_password(password: str) -> str:
    # argon2 takes tens of milliseconds of CPU: run it in a real thread so the
    # eventlet loop keeps serving other workers (and AMQP heartbeats).
    return tpool.execute(_hasher.hash, password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        tpool.execute(_hasher.verify, password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    return email.strip().lower()


def default_preferences(color: str) -> dict:
    notifications = {topic: {"in_app": True, "email": True} for topic in NOTIFICATION_TOPICS}
    return {"notifications": notifications, "avatar": {"color": color}}


def random_avatar_color() -> str:
    return random.choice(AVATAR_COLORS)


def iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def user_to_dict(user: User) -> dict:
    """The contract's user record. Never includes the password hash."""
    return {
        "id": str(user.id),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": f"{user.first_name} {user.last_name}".strip(),
        "role": user.role,
        "desktop_login": user.desktop_login,
        "phone": user.phone,
        "is_confirmed": user.is_confirmed,
        "is_invite": user.is_invite,
        "is_beta": user.is_beta,
        "active": user.active,
        "is_bot": bool(user.is_bot),
        "has_avatar": bool(user.has_avatar),
        "preferences": user.preferences or {},
        "avatar_color": user.avatar_color,
        "registration_state": user.registration_state,
        "timezone": user.timezone,
        "locale": user.locale,
        "totp_enabled": bool(user.totp_secret),
        "email_otp_enabled": bool(user.email_otp_enabled),
        "preferred_two_factor_authentication": user.preferred_two_factor,
        "created_at": iso(user.created_at),
        "updated_at": iso(user.updated_at),
    }


def get_user_or_404(session: Session, user_id, for_update: bool = False) -> User:
    query = select(User).where(User.id == uuid.UUID(parse_uuid(user_id)))
    if for_update:
        query = query.with_for_update()
    user = session.scalars(query).first()
    if user is None:
        raise NotFound("User not found.")
    return user


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalize_email(email))).first()


def find_by_desktop_login(session: Session, login: str) -> User | None:
    return session.scalars(select(User).where(User.desktop_login == login)).first()


def ensure_email_free(session: Session, email: str, exclude_id=None) -> None:
    user = find_by_email(session, email)
    if user is not None and user.id != exclude_id:
        message = "This email is already used."
        raise Conflict(message, {"email": [message]})


def flush_unique(session: Session) -> None:
    """Flush now so a concurrent writer's duplicate surfaces as a 409, not a 500."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("This email or desktop login is already used.") from None


def ensure_desktop_login_free(session: Session, login: str | None, exclude_id=None) -> None:
    if not login:
        return
    user = find_by_desktop_login(session, login)
    if user is not None and user.id != exclude_id:
        message = "This desktop login is already used."
        raise Conflict(message, {"desktop_login": [message]})


def require_admin(caller: Caller) -> None:
    if not caller.is_admin:
        raise Forbidden("Only administrators can do this.")


def require_user_id(caller: Caller) -> str:
    """The caller's own user id; anonymous callers are refused."""
    if not caller.user_id:
        raise Unauthenticated()
    return caller.user_id


def require_self_or_admin(caller: Caller, user_id) -> None:
    # Checked before the lookup, so a non-admin cannot probe which ids exist.
    if not caller.is_admin and str(caller.user_id) != parse_uuid(user_id):
        raise Forbidden("You can only change your own account.")
