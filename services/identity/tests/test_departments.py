"""Zou departments, persons' departments and organisation settings, per workspace."""

import uuid

import pytest

from reelhouse.identity import accounts, departments, persons
from reelhouse.identity.models import Membership
from reelhouse.shared.context import SYSTEM
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from reelhouse.shared.pagination import page_from

PASSWORD = "correct horse battery"


@pytest.fixture
def studio(db):
    """``studio(caller)``: make the caller a member of a new workspace; returns its id."""

    def join(caller, workspace_id=None):
        workspace_id = workspace_id or uuid.uuid4()
        with db.transaction() as tx:
            tx.session.add(Membership(workspace_id=workspace_id, user_id=uuid.UUID(caller.user_id), role="owner"))
        return workspace_id

    return join


@pytest.fixture
def admin(make_person, caller_for):
    return caller_for(make_person(email="root@example.com", role="admin"))


def create(db, caller, **data):
    with db.transaction() as tx:
        return departments.create_department(tx, caller, {"name": "Modeling", **data})


def listed(db, caller, **filters):
    with db.session() as session:
        return [d["name"] for d in departments.list_departments(session, caller, filters, page_from())["items"]]


def test_departments_belong_to_the_callers_workspace(db, admin, studio, make_person, caller_for):
    studio(admin)
    create(db, admin, name="Modeling", color="#ff0000")
    create(db, admin, name="Animation")
    other_admin = caller_for(make_person(email="other@example.com", role="admin"))
    studio(other_admin)
    create(db, other_admin, name="Compositing")
    assert listed(db, admin) == ["Animation", "Modeling"]
    assert listed(db, admin, name="modeling") == ["Modeling"]
    assert listed(db, other_admin) == ["Compositing"]


def test_department_names_are_unique_per_workspace_and_writes_need_an_admin(
        db, admin, studio, make_person, caller_for):
    workspace_id = studio(admin)
    modeling = create(db, admin)
    with pytest.raises(Conflict):
        create(db, admin, name="MODELING")
    artist = caller_for(make_person(email="artist@example.com"))
    studio(artist, workspace_id)
    with pytest.raises(Forbidden):
        create(db, artist, name="Lighting")
    with db.transaction() as tx:
        renamed = departments.update_department(tx, admin, modeling["id"], {"name": "Surfacing", "archived": True})
    assert (renamed["name"], renamed["archived"], renamed["type"]) == ("Surfacing", True, "Department")
    assert listed(db, artist) == ["Surfacing"]  # artists read


def test_a_caller_without_workspace_is_refused(db, admin):
    with pytest.raises(Forbidden), db.session() as session:
        departments.list_departments(session, admin, {}, page_from())


def test_another_workspaces_department_is_not_found(db, admin, studio, make_person, caller_for):
    studio(admin)
    other_admin = caller_for(make_person(email="other@example.com", role="admin"))
    studio(other_admin)
    theirs = create(db, other_admin, name="Theirs")
    with pytest.raises(NotFound), db.session() as session:
        departments.get_department(session, admin, theirs["id"])
    with pytest.raises(NotFound), db.transaction() as tx:
        departments.delete_department(tx, admin, theirs["id"])


def test_persons_carry_their_departments(db, admin, studio):
    studio(admin)
    modeling, animation = create(db, admin), create(db, admin, name="Animation")
    with db.transaction() as tx:
        paul = persons.create_person(tx, admin, {"email": "paul@example.com", "first_name": "Paul",
                                                 "password": PASSWORD, "departments": [modeling["id"]]})
    assert paul["departments"] == [modeling["id"]]
    with db.transaction() as tx:
        departments.add_person_to_department(tx, admin, paul["id"], animation["id"])
        departments.add_person_to_department(tx, admin, paul["id"], animation["id"])  # twice is once
    with db.session() as session:
        assert sorted(accounts.get_user(session, SYSTEM, paul["id"])["departments"]) == sorted([modeling["id"],
                                                                                        animation["id"]])
    with db.transaction() as tx:
        departments.delete_department(tx, admin, modeling["id"])
        departments.remove_person_from_department(tx, admin, paul["id"], animation["id"])
    with db.session() as session:
        [listed_paul] = [p for p in persons.list_persons(session, admin, {}, page_from())["items"]
                         if p["id"] == paul["id"]]
    assert listed_paul["departments"] == []


def test_an_unknown_department_is_refused_and_nothing_is_written(db, admin, studio):
    studio(admin)
    with pytest.raises(ValidationFailed) as raised, db.transaction() as tx:
        persons.create_person(tx, admin, {"email": "paul@example.com", "first_name": "Paul",
                                          "departments": [str(uuid.uuid4())]})
    assert "departments" in raised.value.details
    with db.session() as session:
        assert persons.list_persons(session, admin, {"email": "paul@example.com"}, page_from())["total"] == 0


def test_the_organisation_is_made_once_per_workspace_and_only_admins_change_it(
        db, admin, studio, make_person, caller_for):
    workspace_id = studio(admin)
    with db.transaction() as tx:
        [organisation] = departments.list_organisations(tx, admin)["items"]
    with db.transaction() as tx:
        assert departments.list_organisations(tx, admin)["items"] == [organisation]  # not a second one
    assert (organisation["type"], organisation["hours_by_day"]) == ("Organisation", 8.0)
    with db.transaction() as tx:
        updated = departments.update_organisation(tx, admin, organisation["id"], {"hours_by_day": 7.5,
                                                                                  "name": "Dune"})
    assert (updated["hours_by_day"], updated["name"]) == (7.5, "Dune")
    artist = caller_for(make_person(email="artist@example.com"))
    studio(artist, workspace_id)
    with pytest.raises(Forbidden), db.transaction() as tx:
        departments.update_organisation(tx, artist, organisation["id"], {"hours_by_day": 1})
    with db.transaction() as tx:
        assert departments.get_organisation(tx, artist, organisation["id"])["name"] == "Dune"
