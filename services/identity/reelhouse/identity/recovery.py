"""Forgotten passwords and e-mail changes, both proven by a mailed one-time token.

``forgot_password`` answers the same whether or not the address is known, so
it cannot be used to find out who has an account. A reset revokes every
session: whoever knew the old password is logged out. A user changing their
own e-mail keeps the old one until the new address is confirmed.
"""

import datetime as dt

from sqlalchemy import select

from reelhouse.shared.db import Transaction

from . import accounts, one_time_tokens, sessions
from .accounts import emit_user_updated
from .mails import Mail
from .models import User
from .users import ensure_email_free, get_user_or_404, hash_password, normalize_email, user_to_dict

RESET_LIFETIME = dt.timedelta(hours=1)
EMAIL_CHANGE_LIFETIME = dt.timedelta(days=2)


def forgot_password(tx: Transaction, email: str) -> Mail | None:
    user = tx.session.scalars(select(User).where(User.email == normalize_email(email))).first()
    if user is None or not user.active:
        return None
    token = one_time_tokens.issue(tx, user, one_time_tokens.PASSWORD_RESET, RESET_LIFETIME)
    return Mail(user.email, "Reset your Reelhouse password",
                f"Someone asked to reset your password. If it was you, use this code within an hour:\n\n{token}\n\n"
                "Otherwise ignore this mail: your password has not changed.", "password_reset", token)


def reset_password(tx: Transaction, token: str, password: str) -> dict:
    row = one_time_tokens.consume(tx, token, one_time_tokens.PASSWORD_RESET, "password reset")
    user = get_user_or_404(tx.session, row.user_id, for_update=True)
    user.password_hash = hash_password(password)
    sessions.revoke_all_sessions(tx, user)
    tx.session.flush()
    return user_to_dict(user)


def request_email_change(tx: Transaction, user: User, new_email: str) -> Mail:
    """Mail a confirmation token to the new address; the account keeps the old one until then."""
    email = normalize_email(new_email)
    ensure_email_free(tx.session, email, exclude_id=user.id)
    token = one_time_tokens.issue(tx, user, one_time_tokens.EMAIL_CHANGE, EMAIL_CHANGE_LIFETIME, {"email": email})
    return Mail(email, "Confirm your new Reelhouse e-mail address",
                f"Use this code to confirm {email} as your Reelhouse address:\n\n{token}", "email_change", token)


def confirm_email(tx: Transaction, token: str) -> dict:
    row = one_time_tokens.consume(tx, token, one_time_tokens.EMAIL_CHANGE, "e-mail confirmation")
    user = get_user_or_404(tx.session, row.user_id, for_update=True)
    email = row.data["email"]
    ensure_email_free(tx.session, email, exclude_id=user.id)  # someone may have taken it since
    user.email = email
    tx.session.flush()
    emit_user_updated(tx, user)
    return user_to_dict(user)


def update_user(tx: Transaction, caller, user_id: str, data: dict) -> tuple[dict, Mail | None]:
    """``accounts.update_user``, plus the confirmation mail when a user changes their own e-mail."""
    record = accounts.update_user(tx, caller, user_id, data)
    if "email" not in data or normalize_email(data["email"]) == record["email"]:
        return record, None
    return record, request_email_change(tx, get_user_or_404(tx.session, user_id), data["email"])
