"""Unit tests of sessions.py: login, refresh rotation, logout, keys, revocations."""

import datetime as dt
import time

import pytest
from sqlalchemy import select, update

from reelhouse.identity import accounts, sessions
from reelhouse.identity.models import SigningKey, UserSession
from reelhouse.shared.errors import Forbidden, Unauthenticated
from reelhouse.shared.tokens import key_id_of, verify_access_token

PASSWORD = "correct horse battery"


def login(db, **payload):
    with db.transaction() as tx:
        return sessions.login(tx, payload)


def test_login_with_a_wrong_password_is_unauthenticated(db, make_person):
    make_person()
    with pytest.raises(Unauthenticated) as error:
        login(db, email="ada@example.com", password="wrong password")
    assert error.value.message == "Wrong email or password."


def test_login_with_an_unknown_email_gives_the_same_message_as_a_wrong_password(db):
    with pytest.raises(Unauthenticated) as error:
        login(db, email="nobody@example.com", password=PASSWORD)
    assert error.value.message == "Wrong email or password."


def test_login_of_an_unactivated_account_is_forbidden_with_a_reason(db):
    with db.transaction() as tx:
        accounts.register(tx, {"first_name": "G", "last_name": "H", "email": "g@example.com",
                               "password": PASSWORD, "is_business": False})
    with pytest.raises(Forbidden) as error:
        login(db, email="g@example.com", password=PASSWORD)
    assert error.value.details == {"reason": "account_not_activated"}
    assert "activ" in error.value.message.lower()


def test_login_of_an_unactivated_account_with_a_wrong_password_reveals_nothing(db):
    with db.transaction() as tx:
        accounts.register(tx, {"first_name": "G", "last_name": "H", "email": "g@example.com",
                               "password": PASSWORD, "is_business": False})
    with pytest.raises(Unauthenticated):
        login(db, email="g@example.com", password="wrong password")


def test_login_ignores_the_case_of_the_email(db, make_person):
    user = make_person()
    assert login(db, email="ADA@Example.com", password=PASSWORD)["user"]["id"] == user["id"]


def test_login_accepts_a_desktop_login_field(db, make_person):
    user = make_person(desktop_login="ada.l")
    assert login(db, desktop_login="ada.l", password=PASSWORD)["user"]["id"] == user["id"]


def test_login_accepts_a_desktop_login_sent_as_email(db, make_person):
    user = make_person(desktop_login="ada.l")
    assert login(db, email="ada.l", password=PASSWORD)["user"]["id"] == user["id"]


def test_login_returns_an_access_token_signed_with_a_published_key(db, make_person):
    user = make_person()
    result = login(db, email=user["email"], password=PASSWORD)
    assert (result["token_type"], result["expires_in"]) == ("Bearer", 900)
    with db.transaction() as tx:
        keys = {k["kid"]: k["public_key"] for k in sessions.get_public_keys(tx)["keys"]}
    claims = verify_access_token(result["access_token"], keys[key_id_of(result["access_token"])])
    assert (claims["sub"], claims["role"]) == (user["id"], "user")
    with db.session() as session:
        row = session.scalars(select(UserSession)).one()
        assert str(row.id) == claims["sid"]
        assert row.refresh_token_hash != result["refresh_token"]  # only a hash is stored


def test_signing_key_is_created_once_and_reused(db, make_person):
    user = make_person()
    first = login(db, email=user["email"], password=PASSWORD)["access_token"]
    second = login(db, email=user["email"], password=PASSWORD)["access_token"]
    assert key_id_of(first) == key_id_of(second)
    with db.session() as session:
        assert len(session.scalars(select(SigningKey)).all()) == 1


def test_refresh_rotates_the_refresh_token_and_refuses_the_old_one(db, make_person):
    user = make_person()
    first = login(db, email=user["email"], password=PASSWORD)
    with db.transaction() as tx:
        second = sessions.refresh(tx, first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]
    assert verify_access_token(second["access_token"], _public_key(db))["sid"] == \
        verify_access_token(first["access_token"], _public_key(db))["sid"]
    with db.transaction() as tx:
        assert sessions.refresh(tx, second["refresh_token"])["user"]["id"] == user["id"]


def test_a_reused_refresh_token_revokes_its_session(db, make_person, publisher):
    user = make_person()
    first = login(db, email=user["email"], password=PASSWORD)
    with db.transaction() as tx:
        second = sessions.refresh(tx, first["refresh_token"])
    # Someone else presents the token the rotation replaced: a copy was taken.
    with db.transaction() as tx:
        assert sessions.refresh(tx, first["refresh_token"]) is None
    session_id = verify_access_token(second["access_token"], _public_key(db))["sid"]
    assert [event["session_id"] for event in publisher.of_type("session_revoked")] == [session_id]
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.refresh(tx, second["refresh_token"])  # the thief's rotation is dead too


def test_refresh_of_an_expired_session_is_unauthenticated(db, make_person):
    user = make_person()
    tokens = login(db, email=user["email"], password=PASSWORD)
    with db.transaction() as tx:
        tx.session.execute(update(UserSession).values(expires_at=dt.datetime(2000, 1, 1)))
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.refresh(tx, tokens["refresh_token"])


def test_refresh_with_an_unknown_token_is_unauthenticated(db):
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.refresh(tx, "not-a-token")


def test_logout_revokes_the_session_and_emits_session_revoked(db, make_person, caller_for, publisher):
    user = make_person()
    tokens = login(db, email=user["email"], password=PASSWORD)
    sid = verify_access_token(tokens["access_token"], _public_key(db))["sid"]
    with db.transaction() as tx:
        assert sessions.logout(tx, caller_for(user, sid))["session_id"] == sid
    [event] = publisher.of_type("session_revoked")
    assert (event["session_id"], event["user_id"]) == (sid, user["id"])
    assert time.time() + 800 < event["expires_epoch"] <= time.time() + 901
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.refresh(tx, tokens["refresh_token"])


def test_logout_twice_emits_one_event(db, make_person, caller_for, publisher):
    user = make_person()
    tokens = login(db, email=user["email"], password=PASSWORD)
    sid = verify_access_token(tokens["access_token"], _public_key(db))["sid"]
    for _ in range(2):
        with db.transaction() as tx:
            sessions.logout(tx, caller_for(user, sid))
    assert len(publisher.of_type("session_revoked")) == 1


def test_logout_without_a_session_is_unauthenticated(db, make_person, caller_for):
    user = make_person()
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.logout(tx, caller_for(user))


def test_list_revocations_lists_recent_logouts_and_cancellations(db, make_person, caller_for):
    user = make_person()
    other = make_person(email="other@example.com")
    tokens = login(db, email=user["email"], password=PASSWORD)
    sid = verify_access_token(tokens["access_token"], _public_key(db))["sid"]
    with db.transaction() as tx:
        sessions.logout(tx, caller_for(user, sid))
    with db.transaction() as tx:
        accounts.cancel_account(tx, caller_for(other), other["id"])
    with db.session() as session:
        revocations = sessions.list_revocations(session)
    assert list(revocations["sessions"]) == [sid]
    assert abs(revocations["users"][other["id"]] - time.time()) < 5


def _public_key(db):
    with db.transaction() as tx:
        return sessions.get_public_keys(tx)["keys"][0]["public_key"]
