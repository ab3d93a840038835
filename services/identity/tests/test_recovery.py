"""Forgotten passwords and e-mail changes, each proven by a mailed one-time token."""

import pytest
from sqlalchemy import select

from reelhouse.identity import recovery, sessions
from reelhouse.identity.models import UserSession
from reelhouse.shared.errors import Conflict, NotFound, Unauthenticated, ValidationFailed

PASSWORD = "correct horse battery"


def test_forgot_password_mails_a_token_that_resets_once_and_logs_out_everywhere(db, make_person):
    user = make_person(email="ada@example.com")
    with db.transaction() as tx:
        sessions.login(tx, {"email": "ada@example.com", "password": PASSWORD})
    with db.transaction() as tx:
        mail = recovery.forgot_password(tx, "ADA@example.com")
    assert (mail.to, mail.kind) == ("ada@example.com", "password_reset")
    with db.transaction() as tx:
        assert recovery.reset_password(tx, mail.token, "a brand new password")["id"] == user["id"]
    with db.session() as session:
        assert all(s.revoked_at is not None for s in session.scalars(select(UserSession)))
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.login(tx, {"email": "ada@example.com", "password": PASSWORD})
    with db.transaction() as tx:
        sessions.login(tx, {"email": "ada@example.com", "password": "a brand new password"})
    with pytest.raises(ValidationFailed), db.transaction() as tx:
        recovery.reset_password(tx, mail.token, "yet another password")  # used already


def test_forgot_password_for_an_unknown_address_sends_nothing(db):
    with db.transaction() as tx:
        assert recovery.forgot_password(tx, "nobody@example.com") is None


def test_a_made_up_reset_token_is_not_found(db):
    with pytest.raises(NotFound), db.transaction() as tx:
        recovery.reset_password(tx, "made-up", "a brand new password")


def test_a_user_changing_their_email_keeps_the_old_one_until_they_confirm(db, make_person, caller_for):
    user = make_person(email="ada@example.com")
    with db.transaction() as tx:
        record, mail = recovery.update_user(tx, caller_for(user), user["id"], {"email": "Ada@New.example"})
    assert record["email"] == "ada@example.com" and (mail.to, mail.kind) == ("ada@new.example", "email_change")
    with db.transaction() as tx:
        assert recovery.confirm_email(tx, mail.token)["email"] == "ada@new.example"
    with pytest.raises(ValidationFailed), db.transaction() as tx:
        recovery.confirm_email(tx, mail.token)


def test_an_address_taken_meanwhile_is_refused_at_confirmation(db, make_person, caller_for):
    user = make_person(email="ada@example.com")
    with db.transaction() as tx:
        _record, mail = recovery.update_user(tx, caller_for(user), user["id"], {"email": "new@example.com"})
    make_person(email="new@example.com")
    with pytest.raises(Conflict), db.transaction() as tx:
        recovery.confirm_email(tx, mail.token)


def test_an_admin_changes_an_email_at_once(db, make_person, caller_for):
    user = make_person(email="ada@example.com")
    admin = caller_for(make_person(email="root@example.com", role="admin"))
    with db.transaction() as tx:
        record, mail = recovery.update_user(tx, admin, user["id"], {"email": "ada@new.example"})
    assert record["email"] == "ada@new.example" and mail is None
