"""Unit tests of accounts.py: the plain functions over a real database."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from reelhouse.identity import accounts, recovery, sessions
from reelhouse.identity.models import Membership, OneTimeToken, User
from reelhouse.identity.users import sha256
from reelhouse.shared.context import SYSTEM, Caller
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.pagination import page_from

PASSWORD = "correct horse battery"
REGISTRATION = {"first_name": "Grace", "last_name": "Hopper", "email": "Grace@Example.com",
                "password": PASSWORD, "is_business": True, "company": "Navy"}


def register(db, **changes):
    with db.transaction() as tx:
        return accounts.register(tx, dict(REGISTRATION, **changes))


def test_register_creates_an_unconfirmed_pending_user_with_a_lower_cased_email(db):
    user = register(db).user
    assert user["email"] == "grace@example.com"
    assert (user["is_confirmed"], user["registration_state"], user["role"]) == (False, "pending", "user")
    assert "password_hash" not in user and "password" not in user


def test_register_emits_user_registered_with_the_chosen_workspace_id(db, publisher):
    registration = register(db)
    [event] = publisher.of_type("user_registered")
    assert event == {"user_id": registration.user["id"], "email": "grace@example.com", "first_name": "Grace",
                     "last_name": "Hopper", "is_business": True, "company": "Navy",
                     "workspace_id": registration.workspace_id, "invite_token": None}
    assert uuid.UUID(registration.workspace_id)


def test_register_with_an_invite_token_chooses_no_workspace(db, publisher):
    registration = register(db, invite_token="invite-123")
    assert registration.workspace_id is None
    assert registration.user["is_invite"] is True
    assert publisher.of_type("user_registered")[0]["invite_token"] == "invite-123"


def test_register_stores_only_the_sha256_of_the_activation_token(db):
    registration = register(db)
    with db.session() as session:
        row = session.scalars(select(OneTimeToken)).one()
        session.expunge(row)  # keep the loaded values after the read-only session rolls back
    assert row.token_hash == sha256(registration.activation_token)
    assert row.purpose == "activation"
    assert dt.timedelta(days=6, hours=23) < row.expires_at - row.created_at <= dt.timedelta(days=7)


def test_register_refuses_an_email_taken_in_another_case(db):
    register(db)
    with pytest.raises(Conflict):
        register(db, email="GRACE@example.COM")


def test_activate_confirms_the_user_and_emits_user_activated(db, publisher):
    registration = register(db)
    with db.transaction() as tx:
        user = accounts.activate(tx, registration.activation_token)
    assert user["is_confirmed"] is True
    assert publisher.of_type("user_activated") == [{"user_id": user["id"]}]


def test_activation_token_works_only_once(db):
    registration = register(db)
    with db.transaction() as tx:
        accounts.activate(tx, registration.activation_token)
    with pytest.raises(ValidationFailed) as error, db.transaction() as tx:
        accounts.activate(tx, registration.activation_token)
    assert "token" in error.value.details


def test_expired_activation_token_is_refused(db):
    registration = register(db)
    with db.transaction() as tx:
        tx.session.scalars(select(OneTimeToken)).one().expires_at = dt.datetime(2000, 1, 1)
    with pytest.raises(ValidationFailed) as error, db.transaction() as tx:
        accounts.activate(tx, registration.activation_token)
    assert error.value.details == {"token": ["Expired."]}


def test_unknown_activation_token_is_not_found(db):
    with pytest.raises(NotFound) as error, db.transaction() as tx:
        accounts.activate(tx, "no-such-token")
    assert "token" in error.value.details


def test_update_user_needs_the_current_password_to_change_it(db, make_person, caller_for):
    user = make_person()
    me = caller_for(user)
    with pytest.raises(ValidationFailed) as missing, db.transaction() as tx:
        accounts.update_user(tx, me, user["id"], {"new_password": "a brand new one"})
    with pytest.raises(ValidationFailed) as wrong, db.transaction() as tx:
        accounts.update_user(tx, me, user["id"], {"password": "not it at all", "new_password": "a brand new one"})
    assert "password" in missing.value.details and "password" in wrong.value.details
    with db.transaction() as tx:
        accounts.update_user(tx, me, user["id"], {"password": PASSWORD, "new_password": "a brand new one"})
    with db.transaction() as tx:
        assert sessions.login(tx, {"email": user["email"], "password": "a brand new one"})["user"]["id"] == user["id"]
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.login(tx, {"email": user["email"], "password": PASSWORD})


def test_update_user_lets_only_admins_change_is_beta(db, make_person, caller_for):
    user = make_person()
    admin = make_person(email="root@example.com", role="admin")
    with pytest.raises(Forbidden), db.transaction() as tx:
        accounts.update_user(tx, caller_for(user), user["id"], {"is_beta": True})
    with db.transaction() as tx:
        assert accounts.update_user(tx, caller_for(admin), user["id"], {"is_beta": True})["is_beta"] is True


def test_update_user_of_someone_else_is_forbidden(db, make_person, caller_for):
    user = make_person()
    other = make_person(email="other@example.com")
    with pytest.raises(Forbidden), db.transaction() as tx:
        accounts.update_user(tx, caller_for(other), user["id"], {"first_name": "Eve"})


def test_update_user_refuses_an_email_used_by_another_user(db, make_person, caller_for):
    user = make_person()
    make_person(email="taken@example.com")
    with pytest.raises(Conflict), db.transaction() as tx:
        recovery.update_user(tx, caller_for(user), user["id"], {"email": "Taken@example.com"})


def test_update_user_merges_preferences_and_emits_user_updated(db, make_person, caller_for, publisher):
    user = make_person()
    change = {"notifications": {"messages": {"email": False}}}
    with db.transaction() as tx:
        updated = accounts.update_user(tx, caller_for(user), user["id"], {"preferences": change})
    assert updated["preferences"]["notifications"]["messages"] == {"in_app": True, "email": False}
    assert updated["preferences"]["notifications"]["workspace_changes"] == {"in_app": True, "email": True}
    assert publisher.of_type("user_updated")[-1]["user_id"] == user["id"]


def test_cancel_account_deactivates_and_revokes_every_session(db, make_person, caller_for, publisher):
    user = make_person()
    with db.transaction() as tx:
        tokens = sessions.login(tx, {"email": user["email"], "password": PASSWORD})
    with db.transaction() as tx:
        assert accounts.cancel_account(tx, caller_for(user), user["id"])["active"] is False
    assert [e["user_id"] for e in publisher.of_type("user_sessions_revoked")] == [user["id"]]
    assert publisher.of_type("user_cancelled") == [{"user_id": user["id"]}]
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.refresh(tx, tokens["refresh_token"])
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.login(tx, {"email": user["email"], "password": PASSWORD})


def test_cancel_account_of_someone_else_is_forbidden(db, make_person, caller_for):
    user = make_person()
    other = make_person(email="other@example.com")
    with pytest.raises(Forbidden), db.transaction() as tx:
        accounts.cancel_account(tx, caller_for(other), user["id"])


def test_list_users_shows_a_workspace_member_its_workspace_members_only(db, make_person, caller_for):
    me, colleague, stranger = (make_person(email=f"{n}@example.com") for n in ("me", "colleague", "stranger"))
    workspace_id = uuid.uuid4()
    with db.transaction() as tx:
        for member in (me, colleague):
            tx.session.add(Membership(user_id=uuid.UUID(member["id"]), workspace_id=workspace_id, role="member"))
    with db.session() as session:
        listed = accounts.list_users(session, caller_for(me), {"workspace_id": workspace_id}, page_from())
        assert {u["id"] for u in listed["items"]} == {me["id"], colleague["id"]} and listed["total"] == 2
        with pytest.raises(NotFound):
            accounts.list_users(session, caller_for(stranger), {"workspace_id": workspace_id}, page_from())
        with pytest.raises(Forbidden):
            accounts.list_users(session, caller_for(me), {}, page_from())


def test_list_users_shows_admins_everyone_in_pages(db, make_person):
    for n in range(3):
        make_person(email=f"user{n}@example.com")
    with db.session() as session:
        listed = accounts.list_users(session, SYSTEM, {}, page_from(2, 2))
        assert listed["total"] == 3 and len(listed["items"]) == 1
        assert session.scalar(select(User.password_hash).limit(1))  # stored, just never returned


def test_get_user_of_an_unknown_id_is_not_found(db):
    with pytest.raises(NotFound), db.session() as session:
        accounts.get_user(session, SYSTEM, str(uuid.uuid4()))


def test_anonymous_caller_cannot_update_anyone(db, make_person):
    user = make_person()
    with pytest.raises(Forbidden), db.transaction() as tx:
        accounts.update_user(tx, Caller(), user["id"], {"first_name": "Eve"})
