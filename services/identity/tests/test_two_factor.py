"""Two-factor authentication: TOTP, e-mailed one-time passwords, recovery codes."""

import time

import pyotp
import pytest

from reelhouse.identity import sessions, two_factor
from reelhouse.identity.two_factor import Proof
from reelhouse.shared.errors import Conflict, Forbidden, RateLimited, Unauthenticated, ValidationFailed

PASSWORD = "correct horse battery"


def login(db, **factor):
    with db.transaction() as tx:
        return sessions.login(tx, {"email": "ada@example.com", "password": PASSWORD, **factor})


def next_code(secret):
    """The code of the next 30-second step: accepted (clock drift) and newer
    than one just used, which is never accepted twice."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def enable_totp(db, user):
    with db.transaction() as tx:
        secret = two_factor.pre_enable_totp(tx, user["id"])["otp_secret"]
    with db.transaction() as tx:
        codes = two_factor.enable_totp(tx, user["id"], pyotp.TOTP(secret).now())["otp_recovery_codes"]
    return secret, codes


def test_totp_is_proven_before_it_is_on_and_then_guards_login(db, make_person):
    user = make_person(email="ada@example.com")
    with db.transaction() as tx:
        started = two_factor.pre_enable_totp(tx, user["id"])
    assert started["totp_provisionning_uri"].startswith("otpauth://totp/Reelhouse:ada%40example.com")
    with pytest.raises(ValidationFailed), db.transaction() as tx:
        two_factor.enable_totp(tx, user["id"], "abcdef")
    login(db)  # not on yet
    with db.transaction() as tx:
        codes = two_factor.enable_totp(tx, user["id"], pyotp.TOTP(started["otp_secret"]).now())["otp_recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10

    with pytest.raises(Unauthenticated) as missing:
        login(db)
    assert missing.value.details["reason"] == "missing_otp" and missing.value.details["methods"] == ["totp"]
    with pytest.raises(Unauthenticated) as wrong:
        login(db, totp="12345x")
    assert wrong.value.details["reason"] == "wrong_otp"
    assert login(db, totp=next_code(started["otp_secret"]))["user"]["totp_enabled"] is True


def test_a_recovery_code_works_once(db, make_person):
    user = make_person(email="ada@example.com")
    _secret, codes = enable_totp(db, user)
    login(db, recovery_code=codes[0])
    with pytest.raises(Unauthenticated):
        login(db, recovery_code=codes[0])
    login(db, recovery_code=codes[1])


def test_disabling_needs_a_second_factor(db, make_person):
    user = make_person(email="ada@example.com")
    secret, _codes = enable_totp(db, user)
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        two_factor.disable_totp(tx, user["id"], Proof())
    with db.transaction() as tx:
        two_factor.disable_totp(tx, user["id"], Proof(totp=next_code(secret)))
    assert login(db)["user"]["totp_enabled"] is False


def test_email_otp_codes_are_mailed_and_work_once(db, make_person):
    user = make_person(email="ada@example.com")
    with db.transaction() as tx:
        mail = two_factor.pre_enable_email_otp(tx, user["id"])
    assert mail.to == "ada@example.com" and len(mail.token) == 6 and mail.token.isdigit()
    with db.transaction() as tx:
        assert two_factor.enable_email_otp(tx, user["id"], mail.token)["otp_recovery_codes"]
    with pytest.raises(Unauthenticated):
        login(db, email_otp=mail.token)  # the enabling code is spent
    with db.transaction() as tx:
        login_mail = two_factor.send_login_code(tx, "ada@example.com")
    assert login(db, email_otp=login_mail.token)["user"]["email_otp_enabled"] is True
    with db.transaction() as tx:
        assert two_factor.send_login_code(tx, "nobody@example.com") is None


def test_renewing_recovery_codes_replaces_them(db, make_person):
    user = make_person(email="ada@example.com")
    secret, old_codes = enable_totp(db, user)
    with db.transaction() as tx:
        new_codes = two_factor.renew_recovery_codes(tx, user["id"], Proof(totp=next_code(secret)))[
            "otp_recovery_codes"]
    with pytest.raises(Unauthenticated):
        login(db, recovery_code=old_codes[2])
    login(db, recovery_code=new_codes[0])


def test_an_admin_disables_it_for_a_person_but_not_for_another_admin(db, make_person, caller_for):
    user = make_person(email="ada@example.com")
    enable_totp(db, user)
    admin = caller_for(make_person(email="root@example.com", role="admin"))
    other_admin = make_person(email="root2@example.com", role="admin")
    with db.transaction() as tx:
        two_factor.admin_disable(tx, admin, user["id"])
    assert login(db)["user"]["totp_enabled"] is False
    with pytest.raises(Forbidden), db.transaction() as tx:
        two_factor.admin_disable(tx, admin, other_admin["id"])
    with pytest.raises(Forbidden), db.transaction() as tx:
        two_factor.admin_disable(tx, caller_for(user), other_admin["id"])


def test_enabling_twice_is_a_conflict(db, make_person):
    user = make_person(email="ada@example.com")
    enable_totp(db, user)
    with pytest.raises(Conflict), db.transaction() as tx:
        two_factor.pre_enable_totp(tx, user["id"])


def test_a_totp_code_is_accepted_once(db, make_person):
    user = make_person(email="ada@example.com")
    secret, _codes = enable_totp(db, user)
    with pytest.raises(Unauthenticated) as replayed_enabling_code:
        login(db, totp=pyotp.TOTP(secret).now())
    assert replayed_enabling_code.value.details["reason"] == "wrong_otp"
    code = next_code(secret)
    login(db, totp=code)
    with pytest.raises(Unauthenticated):
        login(db, totp=code)  # overheard: no second use


def test_five_wrong_second_factors_lock_the_checks_for_a_while(db, make_person):
    user = make_person(email="ada@example.com")
    secret, codes = enable_totp(db, user)
    for _ in range(two_factor.MAX_SECOND_FACTOR_FAILURES):
        with pytest.raises(Unauthenticated) as wrong:
            login(db, totp="000000")
        with db.transaction() as tx:  # the service counts it after the rollback
            two_factor.record_failure(tx, wrong.value.failed_user_id)
    with pytest.raises(RateLimited) as locked:
        login(db, recovery_code=codes[0])  # even a right factor waits
    assert locked.value.details["reason"] == "too_many_attempts"
    assert 0 < locked.value.details["retry_after"] <= two_factor.SECOND_FACTOR_LOCK.total_seconds() + 1
