"""Time spents over RPC: set, add, remove, read per task; the task's duration follows."""

import uuid

import pytest
from sqlalchemy import create_engine, text

from reelhouse.shared.errors import Forbidden, MalformedId, NotFound, ValidationFailed


@pytest.fixture
def task(call, admin, project):
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                caller=admin)
    task_type = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    return call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)


@pytest.fixture
def artist(call, admin, studio, project, join):
    artist = join(studio[0], role="user")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    return artist


def test_set_then_add_then_read_per_person_with_total(call, admin, task, artist, events):
    events.drain()
    first = call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 90}, caller=artist)
    assert (first["type"], first["duration"], first["date"], first["person_id"]) == (
        "TimeSpent", 90.0, "2026-11-20", artist.user_id)
    added = call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 30}, True, caller=artist)
    assert added["id"] == first["id"] and added["duration"] == 120.0
    call("set_time_spent", task["id"], "2026-11-21", admin.user_id, {"duration": 60}, caller=admin)

    spent = call("get_task_time_spents", task["id"], caller=admin)
    assert spent["total"] == 180.0
    assert [t["duration"] for t in spent[artist.user_id]] == [120.0]
    assert [t["date"] for t in spent[admin.user_id]] == ["2026-11-21"]
    of_day = call("get_task_time_spents", task["id"], "2026-11-21", caller=admin)
    assert of_day["total"] == 60.0 and artist.user_id not in of_day
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 180.0
    types = events.types()
    assert types.count("time_spent_created") == 2 and "time_spent_updated" in types and "task_updated" in types


def test_setting_zero_removes_the_entry_and_the_duration(call, admin, task, artist):
    call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 45}, caller=artist)
    call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 0}, caller=artist)
    assert call("get_task_time_spents", task["id"], caller=admin) == {"total": 0}
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 0
    names = [e["name"] for e in call("list_last_events", {"limit": "3"}, caller=admin)]
    assert names[:2] == ["task:update", "time-spent:delete"]


def test_an_artist_cannot_log_time_for_someone_else(call, admin, task, artist):
    with pytest.raises(Forbidden):
        call("set_time_spent", task["id"], "2026-11-20", admin.user_id, {"duration": 30}, caller=artist)


@pytest.mark.parametrize("date, person, body, error", [
    ("2026-13-01", None, {"duration": 30}, ValidationFailed),
    ("yesterday", None, {"duration": 30}, ValidationFailed),
    ("2026-11-20", None, {"duration": "30"}, ValidationFailed),
    ("2026-11-20", None, {"duration": True}, ValidationFailed),
    ("2026-11-20", None, {"duration": -5}, ValidationFailed),
    ("2026-11-20", None, {"duration": 2000}, ValidationFailed),
    ("2026-11-20", None, {}, ValidationFailed),
    ("2026-11-20", None, {"duration": 30, "extra": 1}, ValidationFailed),
    ("2026-11-20", "not-a-uuid", {"duration": 30}, ValidationFailed),
    ("2026-11-20", str(uuid.uuid4()), {"duration": 30}, ValidationFailed),  # not a member
])
def test_bad_input_writes_nothing(call, admin, task, database_url, date, person, body, error):
    with pytest.raises(error):
        call("set_time_spent", task["id"], date, person or admin.user_id, body, caller=admin)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM time_spents")).scalar() == 0
    engine.dispose()


def test_unknown_or_malformed_task_is_not_found(call, admin):
    with pytest.raises(NotFound):
        call("set_time_spent", str(uuid.uuid4()), "2026-11-20", admin.user_id, {"duration": 5}, caller=admin)
    with pytest.raises(MalformedId):
        call("get_task_time_spents", "nope", caller=admin)


def test_generic_crud_serves_time_spents_and_keeps_the_duration(call, admin, task, artist):
    created = call("create_record", "time-spents", {"task_id": task["id"], "person_id": artist.user_id,
                                                    "date": "2026-11-22", "duration": 240}, caller=admin)
    assert created["project_id"] == task["project_id"]
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 240
    listed = call("list_records", "time-spents", {"task_id": task["id"]}, caller=admin)["items"]
    assert [t["id"] for t in listed] == [created["id"]]
    with pytest.raises(ValidationFailed):  # one entry per task, person and day
        call("create_record", "time-spents", {"task_id": task["id"], "person_id": artist.user_id,
                                              "date": "2026-11-22", "duration": 10}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_record", "time-spents", {"task_id": str(uuid.uuid4()), "person_id": artist.user_id,
                                              "date": "2026-11-22", "duration": 10}, caller=admin)
    call("delete_record", "time-spents", created["id"], caller=admin)


def test_deleting_a_task_takes_its_time_spents(call, admin, task, artist):
    call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 45}, caller=artist)
    call("delete_record", "tasks", task["id"], True, caller=admin)
    assert call("list_records", "time-spents", caller=admin)["items"] == []


def test_a_person_reads_their_own_time_spents_by_date_range(call, admin, task, artist):
    for day, minutes in (("2026-11-19", 30), ("2026-11-20", 60), ("2026-11-23", 90)):
        call("set_time_spent", task["id"], day, artist.user_id, {"duration": minutes}, caller=artist)
    call("set_time_spent", task["id"], "2026-11-20", admin.user_id, {"duration": 15}, caller=admin)
    week = call("list_user_time_spents", "2026-11-20", "2026-11-23", caller=artist)
    assert [(t["date"], t["duration"]) for t in week] == [("2026-11-20", 60.0), ("2026-11-23", 90.0)]
    assert [t["person_id"] for t in call("list_user_time_spents", caller=admin)] == [admin.user_id]
    with pytest.raises(ValidationFailed):
        call("list_user_time_spents", "last week", caller=artist)


def test_deleting_a_time_spent_updates_the_task_and_is_the_owners_or_a_managers(call, admin, task, artist):
    mine = call("set_time_spent", task["id"], "2026-11-20", artist.user_id, {"duration": 45}, caller=artist)
    theirs = call("set_time_spent", task["id"], "2026-11-20", admin.user_id, {"duration": 30}, caller=admin)
    with pytest.raises(Forbidden):
        call("delete_time_spent", theirs["id"], caller=artist)
    call("delete_time_spent", mine["id"], caller=artist)
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 30
    call("delete_time_spent", theirs["id"], caller=admin)
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 0
    with pytest.raises(NotFound):
        call("delete_time_spent", theirs["id"], caller=admin)
