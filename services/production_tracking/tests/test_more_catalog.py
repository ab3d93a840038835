"""Schedule items, milestones, search filters, softwares, salary scales, plugins."""

import uuid

import pytest

from reelhouse.shared.errors import BadRequest, Forbidden, NotFound, ValidationFailed


@pytest.fixture
def artist(call, admin, studio, project, join):
    artist = join(studio[0], role="user")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    return artist


def test_schedule_items_and_milestones_per_project(call, admin, project, events):
    task_type = call("create_record", "task-types", {"name": "Layout"}, caller=admin)
    events.drain()
    item = call("create_record", "schedule-items", {"project_id": project["id"], "task_type_id": task_type["id"],
                                                    "start_date": "2026-12-01", "end_date": "2027-01-15",
                                                    "man_days": 30}, caller=admin)
    assert (item["type"], item["start_date"], item["man_days"]) == ("ScheduleItem", "2026-12-01", 30)
    with pytest.raises(ValidationFailed):  # one per project, task type and object
        call("create_record", "schedule-items", {"project_id": project["id"], "task_type_id": task_type["id"]},
             caller=admin)
    milestone = call("create_record", "milestones", {"project_id": project["id"], "name": "Animatic",
                                                     "date": "2027-02-01"}, caller=admin)
    assert milestone["type"] == "Milestone"
    listed = call("list_records", "milestones", {}, None, None, {"project_id": project["id"]}, caller=admin)
    assert [m["id"] for m in listed["items"]] == [milestone["id"]]
    assert events.types() == ["schedule_item_created", "milestone_created"]
    with pytest.raises(ValidationFailed):
        call("create_record", "milestones", {"project_id": project["id"], "name": "X", "date": "soon"}, caller=admin)
    with pytest.raises(BadRequest):  # the task type is used by the schedule
        call("delete_record", "task-types", task_type["id"], caller=admin)


def test_user_filters_are_nested_by_list_type_and_project(call, admin, artist, project):
    mine = call("create_user_filter", {"name": "Props", "query": "type=prop", "list_type": "asset",
                                       "project_id": project["id"], "entity_type": "Asset"}, caller=artist)
    anywhere = call("create_user_filter", {"name": "Late", "query": "late", "list_type": "todos"}, caller=artist)
    assert (mine["type"], mine["query"], mine["person_id"]) == ("SearchFilter", "type=prop", artist.user_id)
    filters = call("list_user_filters", caller=artist)
    assert [f["id"] for f in filters["asset"][project["id"]]] == [mine["id"]]
    assert [f["id"] for f in filters["todos"]["all"]] == [anywhere["id"]]
    assert call("list_user_filters", caller=admin) == {}  # not shared

    updated = call("update_user_filter", mine["id"], {**mine, "name": "All props", "is_shared": True},
                   caller=artist)
    assert updated["name"] == "All props" and updated["project_id"] == project["id"]
    assert [f["id"] for f in call("list_user_filters", caller=admin)["asset"][project["id"]]] == [mine["id"]]
    with pytest.raises(Forbidden):  # shared, but not theirs to change
        call("update_user_filter", mine["id"], {"name": "Mine now"}, caller=admin)
    call("delete_user_filter", anywhere["id"], caller=artist)
    assert "todos" not in call("list_user_filters", caller=artist)


@pytest.mark.parametrize("payload", [
    {"query": "x", "list_type": "asset"},
    {"name": "x", "query": "x", "list_type": ""},
    {"name": "x", "query": "x", "list_type": "asset", "project_id": "nope"},
    {"name": "x", "query": "x", "list_type": "asset", "project_id": str(uuid.uuid4())},
    {"name": "x", "query": "x", "list_type": "asset", "is_shared": "yes"},
])
def test_bad_filters_write_nothing(call, artist, payload):
    with pytest.raises((ValidationFailed, NotFound)):
        call("create_user_filter", payload, caller=artist)
    assert call("list_user_filters", caller=artist) == {}


def test_softwares_plugins_and_salary_scales(call, admin, artist):
    blender = call("create_record", "softwares", {"name": "Blender", "short_name": "bl", "file_extension": ".blend",
                                                  "secondary_extensions": [".blend1"]}, caller=admin)
    assert blender["type"] == "Software" and blender["secondary_extensions"] == [".blend1"]
    with pytest.raises(ValidationFailed):
        call("create_record", "softwares", {"name": "blender", "short_name": "b", "file_extension": ".b"},
             caller=admin)
    with pytest.raises(Forbidden):
        call("create_record", "softwares", {"name": "Maya", "short_name": "ma", "file_extension": ".ma"},
             caller=artist)
    plugin = call("create_record", "plugins", {"plugin_id": "kitsu-stats", "name": "Stats", "version": "1.0",
                                               "maintainer_name": "Studio", "license": "MIT"}, caller=admin)
    assert plugin["type"] == "Plugin"
    with pytest.raises(ValidationFailed):
        call("create_record", "plugins", {"plugin_id": "kitsu-stats", "name": "Again", "version": "2",
                                          "maintainer_name": "x", "license": "MIT"}, caller=admin)
    department = str(uuid.uuid4())
    scale = call("create_record", "salary-scales", {"department_id": department, "senior_artist_salary": 5000},
                 caller=admin)
    assert scale["type"] == "SalaryScale" and scale["junior_lead_salary"] == 0
    with pytest.raises(ValidationFailed):
        call("update_record", "salary-scales", scale["id"], {"mid_artist_salary": "lots"}, caller=admin)
    # Salaries are for managers: an artist sees none of them.
    assert call("list_records", "salary-scales", caller=artist)["items"] == []
    assert [s["id"] for s in call("list_records", "salary-scales", caller=admin)["items"]] == [scale["id"]]
    names = [e["name"] for e in call("list_last_events", {"limit": "3"}, caller=admin)]
    assert names == ["salary-scale:new", "plugin:new", "software:new"]
