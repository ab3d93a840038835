"""The generic /data/<model> engine against real RabbitMQ and PostgreSQL."""

import uuid

import pytest
from sqlalchemy import create_engine, text

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import BadRequest, Forbidden, MalformedId, NotFound, ValidationFailed


def test_create_project_defaults_to_open_status_and_lists_bare_or_paged(call, admin):
    project = call("create_record", "projects", {"name": "Sintel", "production_type": "featurefilm"}, caller=admin)
    assert project["type"] == "Project" and project["name"] == "Sintel"
    assert project["team"] == [] and project["task_types"] == []
    statuses = call("list_records", "project-status", caller=admin)["items"]
    assert {s["name"] for s in statuses} == {"Open", "Closed"}
    assert project["project_status_id"] == next(s["id"] for s in statuses if s["name"] == "Open")
    assert "workspace_id" not in project

    call("create_record", "projects", {"name": "Agent 327"}, caller=admin)
    everything = call("list_records", "projects", caller=admin)
    assert everything["total"] == 2 and [p["name"] for p in everything["items"]] == ["Agent 327", "Sintel"]
    paged = call("list_records", "projects", {}, 2, 1, caller=admin)
    assert paged["total"] == 2 and [p["name"] for p in paged["items"]] == ["Sintel"]


def test_filters_name_case_insensitive_json_list_and_fields(call, admin):
    first = call("create_record", "projects", {"name": "Sintel"}, caller=admin)
    second = call("create_record", "projects", {"name": "Spring"}, caller=admin)
    call("create_record", "projects", {"name": "Cosmos"}, caller=admin)
    assert [p["id"] for p in call("list_records", "projects", {"name": "SINTEL"}, caller=admin)["items"]] == [
        first["id"]]
    listed = call("list_records", "projects", {"id": f'["{first["id"]}", "{second["id"]}"]'}, caller=admin)
    assert {p["id"] for p in listed["items"]} == {first["id"], second["id"]}
    projected = call("list_records", "projects", {"name": "spring", "fields": "name"}, caller=admin)["items"]
    assert projected == [{"id": second["id"], "type": "Project", "name": "Spring"}]


@pytest.mark.parametrize("args, error", [
    ({"nope": "1"}, BadRequest),
    ({"workspace_id": str(uuid.uuid4())}, BadRequest),
    ({"data": "{}"}, BadRequest),
    ({"id": "not-a-uuid"}, MalformedId),
    ({"id": '["not-a-uuid"]'}, BadRequest),
    ({"fps": '["24", '}, BadRequest),
    ({"max_retakes": "many"}, BadRequest),
])
def test_bad_filters_are_refused(call, admin, args, error):
    with pytest.raises(error):
        call("list_records", "projects", args, caller=admin)


def test_duplicate_names_wrong_types_and_unknown_fields_write_nothing(call, admin):
    call("create_record", "projects", {"name": "Sintel"}, caller=admin)
    with pytest.raises(ValidationFailed) as duplicate:
        call("create_record", "projects", {"name": "sintel"}, caller=admin)
    assert "name" in duplicate.value.details
    with pytest.raises(ValidationFailed) as wrong:
        call("create_record", "projects", {"name": "X", "max_retakes": "three", "bogus": 1}, caller=admin)
    assert set(wrong.value.details) == {"max_retakes", "bogus"}
    assert [p["name"] for p in call("list_records", "projects", caller=admin)["items"]] == ["Sintel"]


def test_dangling_and_foreign_references_are_refused(call, admin, project, studio, join):
    with pytest.raises(ValidationFailed) as dangling:
        call("create_record", "entities", {"name": "x", "project_id": project["id"],
                                           "entity_type_id": str(uuid.uuid4())}, caller=admin)
    assert "entity_type_id" in dangling.value.details
    other_admin = join(uuid.uuid4(), role="admin")
    character = call("create_record", "entity-types", {"name": "Character"}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_record", "entities", {"name": "x", "project_id": project["id"],
                                           "entity_type_id": character["id"]}, caller=other_admin)


def test_other_workspaces_see_nothing(call, admin, project, join):
    stranger = join(uuid.uuid4(), role="admin")
    assert call("list_records", "projects", caller=stranger)["items"] == []
    with pytest.raises(NotFound):
        call("get_record", "projects", project["id"], caller=stranger)
    with pytest.raises(NotFound):
        call("update_record", "projects", project["id"], {"name": "Mine"}, caller=stranger)
    with pytest.raises(NotFound):
        call("delete_record", "projects", project["id"], True, caller=stranger)


def test_caller_without_workspace_is_refused_clearly(call):
    with pytest.raises(Forbidden) as error:
        call("list_records", "projects", caller=Caller(user_id=str(uuid.uuid4()), role="admin"))
    assert "workspace" in error.value.message


def test_x_workspace_id_picks_among_memberships(call, join):
    first, second = uuid.uuid4(), uuid.uuid4()
    user = join(first, role="admin")
    join(second, role="admin", user=user)
    call("create_record", "projects", {"name": "In first"}, caller=user)
    in_second = Caller(user_id=user.user_id, role="admin", workspace_id=str(second))
    call("create_record", "projects", {"name": "In second"}, caller=in_second)
    assert [p["name"] for p in call("list_records", "projects", caller=user)["items"]] == ["In first"]
    assert [p["name"] for p in call("list_records", "projects", caller=in_second)["items"]] == ["In second"]


def test_update_ignores_output_fields_and_replaces_relations(call, admin, project):
    task_type = call("create_record", "task-types", {"name": "Modeling", "for_entity": "Asset"}, caller=admin)
    updated = call("update_record", "projects", project["id"],
                   {**project, "description": "A rabbit", "task_types": [task_type["id"]]}, caller=admin)
    assert updated["description"] == "A rabbit" and updated["task_types"] == [task_type["id"]]
    assert updated["updated_at"] >= project["updated_at"]


def test_delete_refuses_dependants_unless_forced(call, admin, project, database_url):
    asset_type = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    call("create_entity", "assets", project["id"], {"name": "Box"}, asset_type["id"], caller=admin)
    with pytest.raises(BadRequest) as refused:
        call("delete_record", "projects", project["id"], caller=admin)
    assert refused.value.details["dependants"] == {"entities": 1}
    with pytest.raises(BadRequest):  # an asset type in use cannot be forced away
        call("delete_record", "entity-types", asset_type["id"], True, caller=admin)
    call("delete_record", "projects", project["id"], True, caller=admin)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM entities")).scalar() == 0
    engine.dispose()


def test_built_in_entity_types_are_shared_and_read_only(call, admin):
    names = {t["name"] for t in call("list_records", "entity-types", caller=admin)["items"]}
    assert {"Shot", "Sequence", "Episode"} <= names
    shot_type = call("list_records", "entity-types", {"name": "shot"}, caller=admin)["items"][0]
    with pytest.raises(Forbidden):
        call("update_record", "entity-types", shot_type["id"], {"name": "Plan"}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_record", "entity-types", {"name": "Sequence"}, caller=admin)
    assert call("list_records", "asset-types", caller=admin)["items"] == []


def test_every_change_lands_in_the_feed_with_zou_names(call, admin, project):
    call("update_record", "projects", project["id"], {"description": "x"}, caller=admin)
    names = [e["name"] for e in call("list_last_events", {}, caller=admin)]
    assert names == ["project:update", "project:new"]
    assert call("list_last_events", {"limit": "1"}, caller=admin)[0]["name"] == "project:update"


def test_a_record_cannot_move_to_another_project(call, admin, project):
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    with pytest.raises(ValidationFailed) as error:
        call("update_record", "entities", sequence["id"], {"project_id": other["id"]}, caller=admin)
    assert "project_id" in error.value.details
    assert call("update_record", "entities", sequence["id"], {**sequence, "code": "S1"}, caller=admin)["code"] == "S1"


def test_bare_lists_are_bounded_and_say_so(call, admin, monkeypatch):
    from reelhouse.production_tracking import crud

    monkeypatch.setattr(crud, "BARE_LIST_MAX", 2)  # the container runs in this process
    for name in ("Agent 327", "Cosmos", "Sintel"):
        call("create_record", "projects", {"name": name}, caller=admin)
    bare = call("list_records", "projects", caller=admin)
    assert [p["name"] for p in bare["items"]] == ["Agent 327", "Cosmos"] and bare["truncated"] is True
    paged = call("list_records", "projects", {}, 2, 2, caller=admin)
    assert paged["total"] == 3 and [p["name"] for p in paged["items"]] == ["Sintel"] and not paged["truncated"]
    assert call("list_records", "projects", {"name": "cosmos"}, caller=admin)["truncated"] is False
