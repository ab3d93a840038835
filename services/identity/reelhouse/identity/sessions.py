"""Sessions and tokens: login, refresh rotation, logout, signing keys, revocations.

A session row holds the sha256 of an opaque refresh token; its id is the
``sid`` claim of every access token it issues, so revoking the session
revokes those tokens at the gateways (via ``session_revoked``).
"""

import datetime as dt
import secrets
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Forbidden, Unauthenticated
from reelhouse.shared.tokens import ACCESS_TOKEN_SECONDS, ALGORITHM, generate_key_pair, sign_access_token

from . import two_factor
from .models import SigningKey, User, UserSession
from .users import (
    find_by_desktop_login,
    find_by_email,
    hash_password,
    needs_rehash,
    sha256,
    user_to_dict,
    verify_password,
)

REFRESH_LIFETIME = dt.timedelta(days=30)
ACCESS_LIFETIME = dt.timedelta(seconds=ACCESS_TOKEN_SECONDS)
WRONG_CREDENTIALS = "Wrong email or password."


def epoch(value: dt.datetime) -> int:
    return int(value.replace(tzinfo=dt.UTC).timestamp())


def precise_epoch(value: dt.datetime) -> float:
    """A revocation cut-off, to the microsecond like the tokens' ``iat``."""
    return value.replace(tzinfo=dt.UTC).timestamp()


def login(tx: Transaction, data: dict) -> dict:
    user = _find_login_user(tx.session, data)
    # The password is checked first, so nothing about an account (inactive,
    # unconfirmed) is revealed to someone who does not know its password.
    if not verify_password(user.password_hash if user else None, data["password"]):
        raise Unauthenticated(WRONG_CREDENTIALS, {"reason": "wrong_credentials"})
    if not user.active:
        raise Unauthenticated("This account is disabled.", {"reason": "account_disabled"})
    if not user.is_confirmed:
        raise Forbidden("Activate your account with the code we emailed you before logging in.",
                        {"reason": "account_not_activated"})
    two_factor.check_login(tx, user, data)
    if needs_rehash(user.password_hash):  # argon2 parameters were raised since
        user.password_hash = hash_password(data["password"])
    refresh_token = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, refresh_token_hash=sha256(refresh_token),
                      expires_at=utcnow() + REFRESH_LIFETIME)
    tx.session.add(row)
    tx.session.flush()
    return _token_response(tx.session, user, row, refresh_token)


def _find_login_user(session: Session, data: dict) -> User | None:
    if data.get("desktop_login"):
        return find_by_desktop_login(session, data["desktop_login"])
    # Zou's rule: an ``email`` that matches no email may be a desktop login ID.
    return find_by_email(session, data["email"]) or find_by_desktop_login(session, data["email"].strip())


def refresh(tx: Transaction, refresh_token: str) -> dict | None:
    """Swap a refresh token for a new one (rotation) and a fresh access token.

    Answers None when the token is the one this session's last rotation
    replaced: a copy of it is in someone else's hands, so the session is
    revoked here (the caller refuses the request once this commits).
    """
    if not isinstance(refresh_token, str) or not refresh_token:
        raise Unauthenticated("A refresh token is required.", {"reason": "token_invalid"})
    digest = sha256(refresh_token)
    # FOR UPDATE: two concurrent refreshes with the same token cannot both win.
    row = tx.session.scalars(
        select(UserSession).where(UserSession.refresh_token_hash == digest).with_for_update()
    ).first()
    if row is None:
        replaced = tx.session.scalars(
            select(UserSession).where(UserSession.previous_refresh_token_hash == digest).with_for_update()
        ).first()
        if replaced is not None and replaced.revoked_at is None and replaced.expires_at > utcnow():
            revoke_session(tx, replaced)
            return None
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise Unauthenticated("The refresh token is invalid or expired.", {"reason": "token_invalid"})
    user = tx.session.get(User, row.user_id)
    if user is None or not user.active:
        raise Unauthenticated("This account is disabled.", {"reason": "account_disabled"})
    new_token = secrets.token_urlsafe(32)
    row.previous_refresh_token_hash, row.refresh_token_hash = digest, sha256(new_token)
    tx.session.flush()
    return _token_response(tx.session, user, row, new_token)


def _token_response(session: Session, user: User, row: UserSession, refresh_token: str) -> dict:
    key = current_signing_key(session)
    access_token = sign_access_token(key.kid, key.private_pem, user.id, row.id, user.role)
    return {"user": user_to_dict(user), "access_token": access_token, "refresh_token": refresh_token,
            "token_type": "Bearer", "expires_in": ACCESS_TOKEN_SECONDS}


def logout(tx: Transaction, caller: Caller) -> dict:
    if not caller.session_id or not caller.user_id:
        raise Unauthenticated("Log in first.")
    row = tx.session.get(UserSession, _uuid(caller.session_id), with_for_update=True)
    if row is None or str(row.user_id) != str(caller.user_id):
        raise Unauthenticated("Unknown session.")
    if row.revoked_at is None:  # logging out twice is harmless and emits once
        revoke_session(tx, row)
    # expires_epoch (beyond the contract's session_id) lets the calling gateway
    # revoke locally for exactly as long as the event's consumers will.
    return {"session_id": str(row.id), "expires_epoch": epoch(row.revoked_at + ACCESS_LIFETIME)}


def revoke_session(tx: Transaction, row: UserSession) -> None:
    """Revoke one session: its refresh token now, its access tokens at every gateway."""
    row.revoked_at = utcnow()
    tx.emit("session_revoked", {"session_id": str(row.id), "user_id": str(row.user_id),
                                "expires_epoch": epoch(row.revoked_at + ACCESS_LIFETIME)})
    tx.session.flush()


def revoke_sessions_after_password_change(tx: Transaction, user: User, caller: Caller) -> None:
    """A new password ends every other session of ``user``: whoever knew the old
    one is logged out. The session that made the change (the user's own) stays."""
    keep = caller.session_id if str(caller.user_id) == str(user.id) else None
    rows = tx.session.scalars(select(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None), UserSession.expires_at > utcnow(),
    ).with_for_update()).all()
    for row in rows:
        if str(row.id) != str(keep):
            revoke_session(tx, row)


def revoke_all_sessions(tx: Transaction, user: User) -> None:
    """Revoke every session and every access token issued so far to ``user``."""
    now = utcnow()
    tx.session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=now))
    user.tokens_revoked_at = now
    tx.emit("user_sessions_revoked", {"user_id": str(user.id), "revoked_before_epoch": precise_epoch(now)})


def current_signing_key(session: Session) -> SigningKey:
    """The newest key; the first caller creates one. Concurrent first calls may
    each create a key, which is harmless: every stored key is published."""
    key = session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc()).limit(1)).first()
    if key is None:
        kid, private_pem, public_pem = generate_key_pair()
        key = SigningKey(kid=kid, private_pem=private_pem, public_pem=public_pem, created_at=utcnow())
        session.add(key)
        session.flush()
    return key


def get_public_keys(tx: Transaction) -> dict:
    current_signing_key(tx.session)  # so a gateway starting first still gets a key
    keys = tx.session.scalars(select(SigningKey).order_by(SigningKey.created_at)).all()
    return {"keys": [{"kid": k.kid, "alg": ALGORITHM, "public_key": k.public_pem} for k in keys]}


def list_revocations(session: Session) -> dict:
    """Revocations still able to matter: an access token lives 15 minutes at most."""
    horizon = utcnow() - ACCESS_LIFETIME
    revoked = session.execute(select(UserSession.id, UserSession.revoked_at)
                              .where(UserSession.revoked_at > horizon)).all()
    users = session.execute(select(User.id, User.tokens_revoked_at).where(User.tokens_revoked_at > horizon)).all()
    return {
        "sessions": {str(sid): epoch(at + ACCESS_LIFETIME) for sid, at in revoked},
        "users": {str(uid): precise_epoch(at) for uid, at in users},
    }


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Unauthenticated("Unknown session.") from None
