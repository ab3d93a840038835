"""Unit tests of person_imports.py: a CSV's persons written together, matched by e-mail within the studio."""

import uuid

import pytest

from reelhouse.identity import person_imports
from reelhouse.identity.models import Membership
from reelhouse.shared.errors import BadRequest, Forbidden

ROWS = [{"row": 2, "first_name": "Ann", "last_name": "Lee", "email": "Ann@Studio.example", "role": "supervisor"},
        {"row": 3, "first_name": "Bo", "email": "bo@studio.example"}]


@pytest.fixture
def studio(db, make_person, caller_for):
    """An admin in a workspace, and a person of another studio."""
    workspace_id = uuid.uuid4()
    admin = make_person(email="root@studio.example", role="admin")
    with db.transaction() as tx:
        tx.session.add(Membership(workspace_id=workspace_id, user_id=uuid.UUID(admin["id"]), role="owner"))
    return workspace_id, caller_for(admin)


def import_rows(db, caller, rows, update_existing=False):
    with db.transaction() as tx:
        return person_imports.import_persons(tx, caller, rows, update_existing)


def test_new_persons_are_created_together_and_join_the_admins_studio(db, studio, publisher):
    result = import_rows(db, studio[1], ROWS)
    assert [(p["email"], p["role"]) for p in result["records"]] == [("ann@studio.example", "supervisor"),
                                                                    ("bo@studio.example", "user")]
    assert result["created"] == 2
    joined = publisher.of_type("person_created")
    assert {d["workspace_id"] for d in joined} == {str(studio[0])}


def test_a_known_member_is_updated_only_with_update_existing(db, studio):
    created = import_rows(db, studio[1], ROWS)["records"]
    with db.transaction() as tx:  # the workspace service's projection would add them on person_created
        for record in created:
            tx.session.add(Membership(workspace_id=studio[0], user_id=uuid.UUID(record["id"]), role="member"))
    renamed = [dict(ROWS[0], first_name="Anne"), ROWS[1]]
    kept = import_rows(db, studio[1], renamed)
    assert (kept["records"][0]["first_name"], kept["unchanged"]) == ("Ann", 2)
    updated = import_rows(db, studio[1], renamed, update_existing=True)
    assert (updated["records"][0]["first_name"], updated["updated"], updated["unchanged"]) == ("Anne", 1, 1)


def test_another_studios_email_bad_values_and_repeats_refuse_every_row(db, studio, make_person):
    make_person(email="outsider@elsewhere.example")
    rows = ROWS + [{"row": 4, "first_name": "Out", "email": "outsider@elsewhere.example"},
                   {"row": 5, "first_name": "Cy", "email": "not-an-email", "role": "boss"},
                   {"row": 6, "first_name": "Ann again", "email": "ann@studio.example"}]
    with pytest.raises(BadRequest) as caught:
        import_rows(db, studio[1], rows)
    assert sorted((e["row"], e["column"]) for e in caught.value.details["rows"]) == [
        (4, "Email"), (5, "Email"), (5, "Role"), (6, "Email")]
    with pytest.raises(BadRequest):  # nothing was written: Ann is still new
        import_rows(db, studio[1], rows)
    assert import_rows(db, studio[1], ROWS)["created"] == 2


def test_only_admins_import_persons(db, make_person, caller_for):
    with pytest.raises(Forbidden):
        import_rows(db, caller_for(make_person(email="artist@studio.example")), ROWS)
