"""Two-factor authentication as Kitsu has it: TOTP apps, one-time passwords
sent by e-mail, and recovery codes for when neither is at hand.

Enabling a method proves it works first (a code from the new TOTP secret, or
from the mailed OTP) and hands out ten recovery codes, shown once and stored
as sha256. Disabling a method or renewing the codes needs a second factor too,
so a stolen access token alone cannot switch 2FA off. An administrator may
switch it off for a person who lost every factor, but never for another
administrator.
"""

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

import pyotp

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthenticated, ValidationFailed

from . import one_time_tokens
from .mails import Mail
from .models import User
from .users import find_by_email, get_user_or_404, require_admin, sha256

TOTP = "totp"
EMAIL_OTP = "email_otp"
ISSUER = "Reelhouse"
EMAIL_OTP_LIFETIME = dt.timedelta(minutes=10)
RECOVERY_CODES = 10
TOTP_DRIFT_STEPS = 1  # accept the previous and next 30-second code: phone clocks drift
# Wrong second factors in a row before checks stop for a while: a six-digit
# code must not be guessable by trying (the password is known by then).
MAX_SECOND_FACTOR_FAILURES = 5
SECOND_FACTOR_LOCK = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Proof:
    """The second factor a request carries (any one of them)."""

    totp: str | None = None
    email_otp: str | None = None
    recovery_code: str | None = None

    @classmethod
    def of(cls, data: dict) -> "Proof":
        return cls(*(str(data[key]).strip() if data.get(key) else None
                     for key in ("totp", "email_otp", "recovery_code")))

    def is_empty(self) -> bool:
        return not (self.totp or self.email_otp or self.recovery_code)


def is_enabled(user: User) -> bool:
    return bool(user.totp_secret) or bool(user.email_otp_enabled)


def methods(user: User) -> list[str]:
    return [name for name, on in ((TOTP, user.totp_secret), (EMAIL_OTP, user.email_otp_enabled)) if on]


# -- proving ----------------------------------------------------------------------

def check(tx: Transaction, user: User, proof: Proof) -> None:
    """Pass when the proof is a valid second factor of ``user``; a recovery code
    or TOTP code is spent. A wrong proof raises ``Unauthenticated`` carrying
    ``failed_user_id`` (kept in this process, never sent) so the service can
    count the failure after this transaction rolls back (``record_failure``)."""
    if user.second_factor_locked_until and user.second_factor_locked_until > utcnow():
        retry_after = int((user.second_factor_locked_until - utcnow()).total_seconds()) + 1
        raise RateLimited("Too many wrong second factors; try again later.",
                          {"reason": "too_many_attempts", "retry_after": retry_after})
    if proof.is_empty():
        raise Unauthenticated("A second factor is required.", {
            "reason": "missing_otp", "methods": methods(user),
            "preferred_two_factor_authentication": user.preferred_two_factor or (methods(user) or [None])[0],
        })
    if _proof_matches(tx, user, proof):
        user.second_factor_failures = 0
        return
    error = Unauthenticated("The second factor is wrong.", {"reason": "wrong_otp"})
    error.failed_user_id = user.id
    raise error


def _proof_matches(tx: Transaction, user: User, proof: Proof) -> bool:
    if proof.totp and user.totp_secret:
        step = accepted_totp_step(user.totp_secret, proof.totp, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            return True
    if proof.email_otp and user.email_otp_enabled and _email_code_matches(tx, user, proof.email_otp):
        return True
    return bool(proof.recovery_code and _spend_recovery_code(user, proof.recovery_code))


def accepted_totp_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The 30-second step whose code ``code`` is, if it is current (± drift) and
    later than ``last_step``, the step of the last code accepted."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(dt.datetime.now(dt.UTC))
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def record_failure(tx: Transaction, user_id) -> None:
    """Count a wrong second factor; the fifth in a row locks checks for a while."""
    user = get_user_or_404(tx.session, user_id, for_update=True)
    user.second_factor_failures = (user.second_factor_failures or 0) + 1
    if user.second_factor_failures >= MAX_SECOND_FACTOR_FAILURES:
        user.second_factor_failures = 0
        user.second_factor_locked_until = utcnow() + SECOND_FACTOR_LOCK


def check_login(tx: Transaction, user: User, data: dict) -> None:
    """Login's second step: nothing to do for persons without 2FA."""
    if is_enabled(user):
        check(tx, user, Proof.of(data))


def _email_code_matches(tx: Transaction, user: User, code: str) -> bool:
    try:
        one_time_tokens.consume(tx, code, one_time_tokens.EMAIL_OTP, "one-time password", user_id=user.id)
    except (NotFound, ValidationFailed):  # unknown, used or expired
        return False
    return True


def _spend_recovery_code(user: User, code: str) -> bool:
    digest = sha256(code)
    remaining = list(user.recovery_code_hashes or [])
    if digest not in remaining:
        return False
    remaining.remove(digest)
    user.recovery_code_hashes = remaining  # a new list: JSON columns see reassignment, not mutation
    return True


def _new_recovery_codes(user: User) -> list[str]:
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    user.recovery_code_hashes = [sha256(code) for code in codes]
    return codes


def _enabled(user: User, method: str) -> dict:
    """Bookkeeping once a method works: preferred method, first recovery codes."""
    user.preferred_two_factor = user.preferred_two_factor or method
    codes = _new_recovery_codes(user) if not user.recovery_code_hashes else []
    return {"otp_recovery_codes": codes}


def _disabled(user: User) -> None:
    if not is_enabled(user):
        user.preferred_two_factor = None
        user.recovery_code_hashes = None
    elif user.preferred_two_factor not in methods(user):
        user.preferred_two_factor = methods(user)[0]


# -- TOTP ---------------------------------------------------------------------------

def pre_enable_totp(tx: Transaction, user_id: str) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if user.totp_secret:
        raise Conflict("TOTP is already enabled.")
    user.totp_pending_secret = pyotp.random_base32()
    uri = pyotp.TOTP(user.totp_pending_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    # Zou's spelling of the key, which clients read.
    return {"totp_provisionning_uri": uri, "otp_secret": user.totp_pending_secret}


def enable_totp(tx: Transaction, user_id: str, code: str) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not user.totp_pending_secret:
        raise Conflict("Start with PUT /auth/totp to get a secret.")
    step = accepted_totp_step(user.totp_pending_secret, str(code or ""), None)
    if step is None:
        raise ValidationFailed("The TOTP code is wrong.", {"totp": ["Wrong code."]})
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = user.totp_pending_secret, None, step
    return _enabled(user, TOTP)


def disable_totp(tx: Transaction, user_id: str, proof: Proof) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not user.totp_secret:
        raise Conflict("TOTP is not enabled.")
    check(tx, user, proof)
    user.totp_secret = None
    _disabled(user)
    return {"success": True}


# -- e-mailed one-time passwords -----------------------------------------------------

def email_code(tx: Transaction, user: User) -> Mail:
    code = f"{secrets.randbelow(10**6):06d}"
    one_time_tokens.issue(tx, user, one_time_tokens.EMAIL_OTP, EMAIL_OTP_LIFETIME, raw_token=code)
    return Mail(user.email, "Your Reelhouse one-time password",
                f"Your one-time password is {code}. It is valid for 10 minutes.", "email_otp", code)


def send_login_code(tx: Transaction, email: str) -> Mail | None:
    """For a person about to log in with e-mail OTP; silent for anyone else."""
    user = find_by_email(tx.session, email or "")
    if user is None or not user.active or not user.email_otp_enabled:
        return None
    return email_code(tx, user)


def pre_enable_email_otp(tx: Transaction, user_id: str) -> Mail:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if user.email_otp_enabled:
        raise Conflict("E-mail one-time passwords are already enabled.")
    return email_code(tx, user)


def enable_email_otp(tx: Transaction, user_id: str, code: str) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if user.email_otp_enabled:
        raise Conflict("E-mail one-time passwords are already enabled.")
    if not code or not _email_code_matches(tx, user, str(code)):
        raise ValidationFailed("The one-time password is wrong.", {"email_otp": ["Wrong code."]})
    user.email_otp_enabled = True
    return _enabled(user, EMAIL_OTP)


def disable_email_otp(tx: Transaction, user_id: str, proof: Proof) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not user.email_otp_enabled:
        raise Conflict("E-mail one-time passwords are not enabled.")
    check(tx, user, proof)
    user.email_otp_enabled = False
    _disabled(user)
    return {"success": True}


# -- recovery codes and the administrator's switch -------------------------------------

def renew_recovery_codes(tx: Transaction, user_id: str, proof: Proof) -> dict:
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if not is_enabled(user):
        raise Conflict("Two-factor authentication is not enabled.")
    check(tx, user, proof)
    return {"otp_recovery_codes": _new_recovery_codes(user)}


def admin_disable(tx: Transaction, caller: Caller, user_id: str) -> dict:
    require_admin(caller)
    user = get_user_or_404(tx.session, user_id, for_update=True)
    if user.role == "admin" and str(user.id) != str(caller.user_id):
        raise Forbidden("An administrator cannot disable two-factor authentication for another administrator.")
    user.totp_secret = user.totp_pending_secret = None
    user.email_otp_enabled = False
    _disabled(user)
    tx.emit("two_factor_disabled", {"user_id": str(user.id), "by": str(caller.user_id)})
    return {"success": True}
