"""Zou's bots: persons with ``is_bot`` and one long-lived API token.

A bot has no password and never logs in; an administrator creates it and
gets its access token once, in the creation answer. The token is an access
token of identity's usual kind (same keys, same ``sid`` revocation) bound to a
session of its own that lives until the bot's ``expiration_date`` (end of
that day, UTC) or ``DEFAULT_LIFETIME``. Removing or disabling the bot, or
changing its role, revokes the session; because the token outlives the
15-minute horizon of ordinary revocations, the revocation is kept in
``revoked_bot_tokens`` until the token expires and served by
``list_revocations`` to every gateway (also to one that starts later).
A role change issues a new token, answered once as ``access_token``.
"""

import datetime as dt
import secrets

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.context import ROLES, Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.tokens import sign_access_token
from reelhouse.shared.validation import load

from . import persons, sessions
from .models import User, UserSession
from .models_persons import RevokedBotToken
from .schemas import NAME
from .users import get_user_or_404, require_admin, sha256

DEFAULT_LIFETIME = dt.timedelta(days=365)


class BotSchema(Schema):
    first_name = fields.String(required=True, validate=NAME)  # gazu sends the bot's name here
    last_name = fields.String(load_default="", validate=validate.Length(max=80))
    email = fields.Email(required=True, validate=validate.Length(max=255))
    role = fields.String(load_default="user", validate=validate.OneOf(ROLES))
    departments = fields.List(fields.UUID(), allow_none=True)
    active = fields.Boolean(load_default=True)
    expiration_date = fields.Date(allow_none=True)
    is_bot = fields.Boolean(validate=validate.Equal(True))


def create_bot(tx: Transaction, caller: Caller, payload) -> dict:
    require_admin(caller)
    data = load(BotSchema, payload)
    expires_at = _expiry(data.get("expiration_date"))
    person = {k: v for k, v in data.items() if k not in ("expiration_date", "is_bot")}
    record = persons.create_person(tx, caller, person)  # joins the admin's workspace, like a person
    user = get_user_or_404(tx.session, record["id"], for_update=True)
    user.is_bot = True
    tx.session.flush()
    record = dict(record, is_bot=True, expiration_date=data.get("expiration_date") and
                  data["expiration_date"].isoformat())
    if user.active:
        record["access_token"] = _issue_token(tx, user, expires_at)
    tx.emit("bot_created", {"user_id": record["id"], "role": user.role,
                            "expires_at": expires_at.isoformat(timespec="seconds")})
    return record


def _expiry(day: dt.date | None) -> dt.datetime:
    now = utcnow()
    if day is None:
        return now + DEFAULT_LIFETIME
    expires_at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    if expires_at <= now:
        raise ValidationFailed(details={"expiration_date": ["Must be today or later."]})
    return expires_at


def _issue_token(tx: Transaction, user: User, expires_at: dt.datetime) -> str:
    # The refresh token is never handed out: a bot only ever has this access token.
    row = UserSession(user_id=user.id, refresh_token_hash=sha256(secrets.token_urlsafe(32)), expires_at=expires_at)
    tx.session.add(row)
    tx.session.flush()
    key = sessions.current_signing_key(tx.session)
    lifetime = int((expires_at - utcnow()).total_seconds())
    return sign_access_token(key.kid, key.private_pem, user.id, row.id, user.role, lifetime=lifetime)


def revoke_tokens(tx: Transaction, user: User) -> None:
    """Revoke the bot's live token(s) at every gateway, until they would have expired."""
    now = utcnow()
    rows = tx.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None), UserSession.expires_at > now,
    ).with_for_update()).all()
    for row in rows:
        row.revoked_at = now
        tx.session.add(RevokedBotToken(session_id=row.id, user_id=user.id, expires_at=row.expires_at,
                                       revoked_at=now))
        tx.emit("session_revoked", {"session_id": str(row.id), "user_id": str(user.id),
                                    "expires_epoch": sessions.epoch(row.expires_at)})
    tx.session.flush()


def update_person(tx: Transaction, caller: Caller, user_id: str, data: dict) -> dict:
    """``persons.update_person``, plus a bot's token rules (see the module's docstring)."""
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not user.is_bot:
        return persons.update_person(tx, caller, user_id, data)
    if data.get("password"):
        raise ValidationFailed(details={"password": ["A bot has no password."]})
    live = tx.session.scalars(select(UserSession.expires_at).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None),
        UserSession.expires_at > utcnow())).first()
    changes_token = (data.get("role", user.role), data.get("active", user.active)) != (user.role, user.active)
    if changes_token:  # first: a disabled person's sessions are all revoked by persons.update_person
        revoke_tokens(tx, user)
    record = dict(persons.update_person(tx, caller, user_id, data), is_bot=True)
    if changes_token and user.active:
        record["access_token"] = _issue_token(tx, user, live or utcnow() + DEFAULT_LIFETIME)
    return record


def delete_person(tx: Transaction, caller: Caller, user_id: str) -> dict:
    """``persons.delete_person``; a bot's token is refused from then on."""
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if user.is_bot:
        revoke_tokens(tx, user)
    return persons.delete_person(tx, caller, user_id)


def revoked_tokens(session: Session) -> dict:
    """Session ids of revoked bot tokens that have not expired -> their expiry (epoch seconds)."""
    rows = session.execute(select(RevokedBotToken.session_id, RevokedBotToken.expires_at)
                           .where(RevokedBotToken.expires_at > utcnow())).all()
    return {str(session_id): sessions.epoch(expires_at) for session_id, expires_at in rows}


def require_not_bot(user: User) -> None:
    if user.is_bot:
        raise ValidationFailed("This person is a bot.", {"person_id": ["Not allowed for a bot."]})
