"""A person's time spents over a period, the month's presence, and a day off clearing the time inside it."""

import pytest

from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope


@pytest.fixture
def task(call, admin, project):
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                caller=admin)
    task_type = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    return call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)


@pytest.fixture
def artist(call, admin, studio, project, join, task):
    artist = join(studio[0], role="user")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    for day, minutes in (("2026-11-16", 90), ("2026-11-17", 30), ("2026-12-01", 15)):
        call("set_time_spent", task["id"], day, artist.user_id, {"duration": minutes}, caller=artist)
    return artist


def test_day_month_and_aggregated_periods(call, admin, task, artist):
    me = artist.user_id
    assert [t["duration"] for t in call("list_person_day_time_spents", me, "2026-11-16", caller=artist)] == [90.0]
    assert [t["date"] for t in call("list_person_month_time_spents", me, 2026, 11, caller=artist)] == \
        ["2026-11-16", "2026-11-17"]
    [week] = call("aggregate_person_time_spents", me, "week", 2026, 47, caller=artist)
    assert (week["task_id"], week["duration"], week["entity_name"], week["sequence_name"], week["project_name"]) == \
        (task["id"], 120.0, "SH010", "SQ01", "Big Buck Bunny")
    assert call("aggregate_person_time_spents", me, "year", 2026, caller=admin)[0]["duration"] == 135.0
    assert call("aggregate_person_time_spents", me, "month", 2026, 10, caller=admin) == []
    assert [t["date"] for t in call("list_person_time_spents", me, "2026-11-17", "2026-12-31", caller=admin)] == \
        ["2026-11-17", "2026-12-01"]


def test_who_reads_whose_time_and_bad_periods(call, admin, studio, join, artist):
    other = join(studio[0], role="user")
    with pytest.raises(Forbidden):  # an artist reads only their own
        call("aggregate_person_time_spents", artist.user_id, "week", 2026, 47, caller=other)
    with pytest.raises(Forbidden):  # the plain range is for admins
        call("list_person_time_spents", artist.user_id, None, None, caller=artist)
    supervisor = join(studio[0], role="supervisor")
    assert call("list_person_day_time_spents", artist.user_id, "2026-11-16", caller=supervisor) == []  # not in team
    assert len(call("list_person_day_time_spents", artist.user_id, "2026-11-16", caller=admin)) == 1
    with pytest.raises(NotFound):  # someone outside the workspace
        call("list_person_day_time_spents", "8f1c5a52-9d1e-4a55-9a8e-9b8f1f3f2a10", "2026-11-16", caller=admin)
    for args in (("week", 2026, 54), ("month", 2026, 13), ("year", "twenty")):
        with pytest.raises(ValidationFailed):
            call("aggregate_person_time_spents", artist.user_id, *args, caller=admin)
    with pytest.raises(ValidationFailed):
        call("list_person_time_spents", artist.user_id, "2026-11-01", None, caller=admin)


def test_month_presence_is_for_admins(call, admin, artist):
    presence = call("get_month_presence", 2026, 11, caller=admin)
    assert presence["days_in_month"] == 30
    assert presence["persons"][artist.user_id] == [16, 17] and presence["persons"][admin.user_id] == []
    with pytest.raises(Forbidden):
        call("get_month_presence", 2026, 11, caller=artist)


def test_a_day_off_clears_the_time_inside_it_once(call, admin, task, artist):
    envelope = make_envelope("day_off_created", {"id": "d1", "person_id": artist.user_id, "date": "2026-11-17",
                                                 "end_date": "2026-11-30"})
    call("on_day_off_created", envelope)
    call("on_day_off_created", envelope)  # a redelivery changes nothing
    assert [t["date"] for t in call("list_person_time_spents", artist.user_id, None, None, caller=admin)] == \
        ["2026-11-16", "2026-12-01"]
    assert call("get_record", "tasks", task["id"], caller=admin)["duration"] == 105.0
