"""Unit tests of persons.py: admin-only Zou person CRUD and listing."""

import datetime as dt
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import select

from reelhouse.identity import accounts, persons, sessions
from reelhouse.identity.models import Membership, UserSession
from reelhouse.shared.context import SYSTEM
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated
from reelhouse.shared.pagination import page_from

PASSWORD = "correct horse battery"
PERSON = {"email": "Paul@Studio.com", "first_name": "Paul", "last_name": "Atreides", "password": PASSWORD,
          "role": "supervisor", "desktop_login": "paul"}


@pytest.fixture
def admin(make_person, caller_for):
    return caller_for(make_person(email="root@example.com", role="admin"))


def test_create_person_makes_a_confirmed_person_who_can_log_in(db, admin):
    with db.transaction() as tx:
        person = persons.create_person(tx, admin, PERSON)
    assert (person["email"], person["role"], person["is_confirmed"]) == ("paul@studio.com", "supervisor", True)
    assert person["registration_state"] == "complete"
    with db.transaction() as tx:
        assert sessions.login(tx, {"email": "paul", "password": PASSWORD})["user"]["id"] == person["id"]


def test_create_person_is_admin_only(db, make_person, caller_for):
    user = caller_for(make_person())
    with pytest.raises(Forbidden), db.transaction() as tx:
        persons.create_person(tx, user, PERSON)


def test_create_person_refuses_a_taken_email_or_desktop_login(db, admin):
    with db.transaction() as tx:
        persons.create_person(tx, admin, PERSON)
    with pytest.raises(Conflict), db.transaction() as tx:
        persons.create_person(tx, admin, dict(PERSON, desktop_login="other"))
    with pytest.raises(Conflict), db.transaction() as tx:
        persons.create_person(tx, admin, dict(PERSON, email="other@studio.com"))


def test_update_person_changes_fields_and_is_admin_only(db, admin, make_person, caller_for):
    user = make_person()
    with pytest.raises(Forbidden), db.transaction() as tx:
        persons.update_person(tx, caller_for(user), user["id"], {"role": "admin"})
    with db.transaction() as tx:
        updated = persons.update_person(tx, admin, user["id"], {"role": "manager", "phone": "+33 1 23"})
    assert (updated["role"], updated["phone"]) == ("manager", "+33 1 23")


def test_update_person_refuses_a_taken_email_or_desktop_login(db, admin, make_person):
    user = make_person()
    make_person(email="taken@example.com", desktop_login="taken")
    with pytest.raises(Conflict), db.transaction() as tx:
        persons.update_person(tx, admin, user["id"], {"email": "Taken@example.com"})
    with pytest.raises(Conflict), db.transaction() as tx:
        persons.update_person(tx, admin, user["id"], {"desktop_login": "taken"})


def test_deactivating_a_person_revokes_their_sessions(db, admin, make_person, publisher):
    user = make_person()
    with db.transaction() as tx:
        sessions.login(tx, {"email": user["email"], "password": PASSWORD})
    with db.transaction() as tx:
        persons.update_person(tx, admin, user["id"], {"active": False})
    with db.session() as session:
        assert session.scalars(select(UserSession.revoked_at)).one() is not None
    assert publisher.of_type("user_sessions_revoked")[0]["user_id"] == user["id"]
    with pytest.raises(Unauthenticated), db.transaction() as tx:
        sessions.login(tx, {"email": user["email"], "password": PASSWORD})


def test_delete_person_removes_the_person_and_is_admin_only(db, admin, make_person, caller_for, publisher):
    user = make_person()
    with pytest.raises(Forbidden), db.transaction() as tx:
        persons.delete_person(tx, caller_for(user), user["id"])
    with db.transaction() as tx:
        assert persons.delete_person(tx, admin, user["id"]) == {"id": user["id"]}
    assert publisher.of_type("user_cancelled") == [{"user_id": user["id"]}]
    with pytest.raises(NotFound), db.transaction() as tx:
        persons.delete_person(tx, admin, user["id"])


def test_an_admin_cannot_delete_themselves(db, admin):
    with pytest.raises(Forbidden), db.transaction() as tx:
        persons.delete_person(tx, admin, admin.user_id)


def test_list_persons_applies_equality_filters(db, admin, make_person):
    make_person(email="a@example.com", role="supervisor")
    make_person(email="b@example.com", role="supervisor", active=False)
    make_person(email="c@example.com", role="vendor")
    with db.session() as session:
        listed = persons.list_persons(session, admin, {"role": "supervisor", "active": True}, page_from())
        assert [p["email"] for p in listed["items"]] == ["a@example.com"] and listed["total"] == 1
        by_email = persons.list_persons(session, admin, {"email": "C@Example.com"}, page_from())
        assert [p["role"] for p in by_email["items"]] == ["vendor"]


def join(db, user, workspace_id, joined_at):
    with db.transaction() as tx:
        tx.session.add(Membership(user_id=uuid.UUID(user["id"]), workspace_id=workspace_id, role="owner",
                                  joined_at=joined_at))


def test_create_person_joins_the_admins_first_workspace_or_the_chosen_one(db, admin, publisher):
    first, second = uuid.uuid4(), uuid.uuid4()
    join(db, {"id": admin.user_id}, second, dt.datetime(2026, 2, 1))
    join(db, {"id": admin.user_id}, first, dt.datetime(2026, 1, 1))
    with db.transaction() as tx:
        paul = persons.create_person(tx, admin, PERSON)
    with db.transaction() as tx:
        jessica = persons.create_person(tx, replace(admin, workspace_id=str(second)),
                                        dict(PERSON, email="jessica@studio.com", desktop_login="jessica"))
    with db.transaction() as tx:  # a workspace the admin is not in is ignored
        leto = persons.create_person(tx, replace(admin, workspace_id=str(uuid.uuid4())),
                                     dict(PERSON, email="leto@studio.com", desktop_login="leto"))
    joined = {e["user_id"]: e["workspace_id"] for e in publisher.of_type("person_created")}
    assert joined == {paul["id"]: str(first), jessica["id"]: str(second), leto["id"]: str(first)}


def test_a_person_made_by_an_admin_without_workspace_joins_none(db, admin, publisher):
    with db.transaction() as tx:
        persons.create_person(tx, admin, PERSON)
    assert publisher.of_type("person_created") == []


def test_create_admin_makes_an_admin_with_a_studio_workspace_and_refuses_a_taken_email(db, publisher):
    data = {"email": "boss@example.com", "password": PASSWORD, "first_name": "Big", "last_name": "Boss"}
    with db.transaction() as tx:
        boss = persons.create_admin(tx, data, "Dune Studio")
    assert boss["role"] == "admin"
    [registered] = publisher.of_type("user_registered")
    assert registered["user_id"] == boss["id"]
    assert (registered["company"], registered["is_business"]) == ("Dune Studio", True)
    assert uuid.UUID(registered["workspace_id"])
    with pytest.raises(Conflict), db.transaction() as tx:
        persons.create_admin(tx, data)


def test_system_caller_counts_as_admin_for_persons(db):
    with db.transaction() as tx:
        assert persons.create_person(tx, SYSTEM, PERSON)["email"] == "paul@studio.com"


def test_a_non_admin_lists_and_reads_only_persons_of_their_workspace(db, make_person, caller_for):
    studio, elsewhere = uuid.uuid4(), uuid.uuid4()
    ada, bob, eve = (make_person(email=f"{name}@example.com", first_name=name.title())
                     for name in ("ada", "bob", "eve"))
    loner = make_person(email="loner@example.com", first_name="Loner")
    join(db, ada, studio, dt.datetime(2026, 1, 1))
    join(db, bob, studio, dt.datetime(2026, 1, 2))
    join(db, eve, elsewhere, dt.datetime(2026, 1, 1))
    with db.session() as session:
        seen = persons.list_persons(session, caller_for(ada), {}, page_from())
        assert sorted(p["email"] for p in seen["items"]) == ["ada@example.com", "bob@example.com"]
        assert persons.list_persons(session, caller_for(ada), {"email": "eve@example.com"}, page_from())["total"] == 0
        assert [p["email"] for p in persons.list_persons(session, caller_for(loner), {}, page_from())["items"]] == \
            ["loner@example.com"]  # in no workspace: only themselves
        assert accounts.get_user(session, caller_for(ada), bob["id"])["email"] == "bob@example.com"
        with pytest.raises(NotFound):  # another tenant's person reads as unknown
            accounts.get_user(session, caller_for(ada), eve["id"])
        assert accounts.get_user(session, caller_for(make_person(email="root2@example.com", role="admin")),
                                 eve["id"])["email"] == "eve@example.com"
