"""Mailed one-time tokens (activation, password reset, e-mail change).

Only the sha256 of a token is stored; the raw token exists in the mail alone.
Each token works once, before it expires, for the purpose it was made for.
"""

import datetime as dt
import secrets

from sqlalchemy import select

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed

from .models import OneTimeToken, User
from .users import sha256

ACTIVATION = "activation"
EMAIL_OTP = "email_otp"
PASSWORD_RESET = "password_reset"
EMAIL_CHANGE = "email_change"


def issue(tx: Transaction, user: User, purpose: str, lifetime: dt.timedelta, data: dict | None = None,
          raw_token: str | None = None) -> str:
    raw_token = raw_token or secrets.token_urlsafe(32)
    tx.session.add(OneTimeToken(token_hash=sha256(raw_token), user_id=user.id, purpose=purpose,
                                expires_at=utcnow() + lifetime, data=data))
    return raw_token


def consume(tx: Transaction, token, purpose: str, label: str, user_id=None) -> OneTimeToken:
    """Mark the token used and return it; refuse unknown, used or expired ones.

    ``user_id`` narrows the search: short codes (e-mail OTPs) are only unique per person.
    """
    if not isinstance(token, str) or not token:
        raise ValidationFailed(details={"token": ["Missing data for required field."]})
    query = select(OneTimeToken).where(OneTimeToken.token_hash == sha256(token), OneTimeToken.purpose == purpose)
    if user_id is not None:
        query = query.where(OneTimeToken.user_id == user_id, OneTimeToken.used_at.is_(None))
    row = tx.session.scalars(query.order_by(OneTimeToken.created_at.desc()).with_for_update()).first()
    if row is None:
        raise NotFound(f"Unknown {label} token.", {"token": [f"Unknown {label} token."]})
    if row.used_at is not None:
        raise ValidationFailed(f"This {label} token was already used.", {"token": ["Already used."]})
    if row.expires_at <= utcnow():
        raise ValidationFailed(f"This {label} token has expired.", {"token": ["Expired."]})
    row.used_at = utcnow()
    return row
