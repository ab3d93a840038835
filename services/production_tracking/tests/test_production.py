"""Production behaviour over RPC: entities per kind, tasks, comments, casting."""

import pytest

from reelhouse.shared.errors import ValidationFailed


@pytest.fixture
def breakdown(call, admin, project):
    character = call("create_record", "entity-types", {"name": "Character"}, caller=admin)
    bunny = call("create_entity", "assets", project["id"], {"name": "Bunny"}, character["id"], caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                caller=admin)
    return {"character": character, "bunny": bunny, "sequence": sequence, "shot": shot}


def test_entities_of_every_kind_share_one_table_and_show_their_kind(call, admin, project, breakdown):
    shot, sequence, bunny = breakdown["shot"], breakdown["sequence"], breakdown["bunny"]
    assert (bunny["type"], sequence["type"], shot["type"]) == ("Asset", "Sequence", "Shot")
    assert shot["sequence_id"] == sequence["id"] and shot["sequence_name"] == "SQ01"
    assert bunny["asset_type_name"] == "Character"
    everything = call("list_records", "entities", {"project_id": project["id"]}, caller=admin)["items"]
    assert {e["type"] for e in everything} == {"Asset", "Sequence", "Shot"}
    assert [s["id"] for s in call("list_records", "shots", {"sequence_id": sequence["id"]}, caller=admin)["items"]] \
        == [shot["id"]]


def test_a_shot_under_a_shot_or_a_duplicate_shot_name_is_refused(call, admin, project, breakdown):
    with pytest.raises(ValidationFailed):
        call("create_entity", "shots", project["id"], {"name": "X", "sequence_id": breakdown["shot"]["id"]},
             caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_entity", "shots", project["id"], {"name": "sh010", "sequence_id": breakdown["sequence"]["id"]},
             caller=admin)


@pytest.fixture
def task(call, admin, project, breakdown):
    task_type = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    return call("create_record", "tasks", {"project_id": project["id"], "entity_id": breakdown["shot"]["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)


def statuses(call, admin):
    return {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}


def test_a_new_workspace_has_zou_default_statuses_and_tasks_start_at_todo(call, admin, task):
    assert set(statuses(call, admin)) == {"todo", "wip", "wfa", "retake", "done"}
    assert task["task_status_id"] == statuses(call, admin)["todo"]["id"] and task["name"] == "main"


def test_comment_with_status_change_updates_the_task_and_publishes_events(call, admin, task, events):
    events.drain()
    by_name = statuses(call, admin)
    comment = call("comment_task", task["id"], {"task_status_id": by_name["retake"]["id"], "comment": "Again",
                                                "checklist": [{"text": "timing", "checked": False}]}, caller=admin)
    assert comment["text"] == "Again" and comment["checklist"] == [{"text": "timing", "checked": False}]
    assert comment["person_id"] == admin.user_id
    full = call("get_task_full", task["id"], caller=admin)
    assert full["task_status_id"] == by_name["retake"]["id"] and full["retake_count"] == 1
    assert full["last_comment_date"] is not None and full["task_status"]["short_name"] == "retake"
    assert events.types() == ["comment_created", "task_status_changed"]
    names = [e["name"] for e in call("list_last_events", {"limit": "2"}, caller=admin)]
    assert names == ["task:status-changed", "comment:new"]


def test_a_batch_of_comments_is_all_or_nothing(call, admin, task):
    by_name = statuses(call, admin)
    with pytest.raises(ValidationFailed):
        call("batch_comment", task["id"], [{"task_status_id": by_name["wip"]["id"], "comment": "one"},
                                           {"comment": "no status"}], caller=admin)
    assert call("list_task_comments", task["id"], caller=admin) == []
    done = call("batch_comment", None, {"comments": [{"task_id": task["id"], "task_status_id": by_name["done"]["id"],
                                                      "comment": "ok"}]}, caller=admin)
    assert [c["text"] for c in done] == ["ok"]


def test_casting_replaces_links_counts_occurrences_and_publishes(call, admin, project, breakdown, events):
    events.drain()
    shot, bunny = breakdown["shot"], breakdown["bunny"]
    cast = call("update_casting", project["id"], shot["id"], [{"asset_id": bunny["id"], "nb_occurences": 3}],
                caller=admin)
    assert [(c["asset_id"], c["nb_occurences"], c["asset_type_name"]) for c in cast] == [
        (bunny["id"], 3, "Character")]
    assert call("get_record", "shots", shot["id"], caller=admin)["nb_entities_out"] == 1
    assert call("get_record", "shots", shot["id"], caller=admin)["entities_out"] == [bunny["id"]]
    assert [c["shot_id"] for c in call("get_cast_in", bunny["id"], caller=admin)] == [shot["id"]]
    assert events.types() == ["casting_updated"]
    with pytest.raises(ValidationFailed):  # a shot is not an asset
        call("update_casting", project["id"], shot["id"], [{"asset_id": shot["id"]}], caller=admin)
    assert len(call("get_casting", project["id"], shot["id"], caller=admin)) == 1


def test_creating_a_project_and_a_task_publishes_domain_events(call, admin, events, breakdown, project):
    events.drain()
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    task_type = call("create_record", "task-types", {"name": "Layout", "for_entity": "Shot"}, caller=admin)
    call("create_entity_tasks", breakdown["shot"]["id"], [task_type["id"]], caller=admin)
    envelopes = events.drain()
    assert [e["type"] for e in envelopes] == ["project_created", "task_type_created", "task_created"]
    assert envelopes[0]["data"]["project_id"] == other["id"] and envelopes[0]["actor"] == admin.user_id


def test_sharing_assets_of_a_project_or_of_one_type(call, admin, project, breakdown):
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    acorn = call("create_entity", "assets", project["id"], {"name": "Acorn"}, prop["id"], caller=admin)
    shared = call("share_assets", project["id"], {"is_shared": True}, prop["id"], caller=admin)
    assert [(a["id"], a["is_shared"]) for a in shared] == [(acorn["id"], True)]
    assert call("get_record", "assets", breakdown["bunny"]["id"], caller=admin)["is_shared"] is False
    everything = call("share_assets", project["id"], {}, caller=admin)
    assert {a["name"]: a["is_shared"] for a in everything} == {"Acorn": True, "Bunny": True}
    call("share_assets", project["id"], {"is_shared": False, "asset_ids": [acorn["id"]]}, caller=admin)
    assert call("get_record", "assets", acorn["id"], caller=admin)["is_shared"] is False
    with pytest.raises(ValidationFailed):
        call("share_assets", project["id"], {"is_shared": "yes"}, caller=admin)


def test_an_asset_casts_other_assets_without_naming_its_project(call, admin, project, breakdown):
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    carrot = call("create_entity", "assets", project["id"], {"name": "Carrot"}, prop["id"], caller=admin)
    call("update_casting", None, breakdown["bunny"]["id"], [{"asset_id": carrot["id"], "nb_occurences": 2}],
         caller=admin)
    assert [(c["asset_name"], c["nb_occurences"]) for c in call("get_casting", None, breakdown["bunny"]["id"],
                                                                 caller=admin)] == [("Carrot", 2)]
