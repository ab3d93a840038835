"""Status automations: linked in project settings, applied when a status changes."""

import uuid

import pytest

from reelhouse.shared.errors import BadRequest, ValidationFailed


def statuses(call, admin):
    return {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}


@pytest.fixture
def pipeline(call, admin, project):
    """An asset with modeling, rigging and shading tasks, and a shot with a layout task."""
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    box = call("create_entity", "assets", project["id"], {"name": "Box"}, prop["id"], caller=admin)
    types = {name: call("create_record", "task-types", {"name": name, "priority": priority}, caller=admin)
             for name, priority in (("Modeling", 1), ("Rigging", 2), ("Shading", 3))}
    tasks = {name: call("create_record", "tasks", {"project_id": project["id"], "entity_id": box["id"],
                                                   "task_type_id": task_type["id"]}, caller=admin)
             for name, task_type in types.items()}
    return {"box": box, "types": types, "tasks": tasks, "statuses": statuses(call, admin)}


def automation(call, admin, project, in_type, in_status, out_type, out_status=None, **extra):
    created = call("create_record", "status-automations", {
        "entity_type": "asset", "in_task_type_id": in_type["id"], "in_task_status_id": in_status["id"],
        "out_task_type_id": out_type["id"], "out_task_status_id": out_status["id"] if out_status else None,
        **extra}, caller=admin)
    call("add_project_setting", project["id"], "status-automations", {"status_automation_id": created["id"]},
         caller=admin)
    return created


def test_modeling_done_sets_rigging_ready_by_a_comment(call, admin, project, pipeline, events):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    rule = automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"], by_name["wip"])
    assert call("get_record", "projects", project["id"], caller=admin)["status_automations"] == [rule["id"]]
    assert [a["id"] for a in call("list_project_setting", project["id"], "status-automations", caller=admin)] == [
        rule["id"]]
    events.drain()
    call("comment_task", tasks["Modeling"]["id"], {"task_status_id": by_name["done"]["id"], "comment": "ok"},
         caller=admin)
    rigging = call("get_record", "tasks", tasks["Rigging"]["id"], caller=admin)
    assert rigging["task_status_id"] == by_name["wip"]["id"]
    [note] = call("list_task_comments", tasks["Rigging"]["id"], caller=admin)
    assert note["text"] == "Change triggered by Modeling set to Done"
    assert call("get_record", "tasks", tasks["Shading"]["id"], caller=admin)["task_status_id"] == \
        by_name["todo"]["id"]
    assert events.types().count("task_status_changed") == 2


def test_generic_status_update_also_runs_automations(call, admin, project, pipeline):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"], by_name["wip"])
    call("update_record", "tasks", tasks["Modeling"]["id"], {"task_status_id": by_name["done"]["id"]}, caller=admin)
    assert call("get_record", "tasks", tasks["Rigging"]["id"], caller=admin)["task_status_id"] == \
        by_name["wip"]["id"]


def test_automations_chain_forward_but_never_run_backwards(call, admin, project, pipeline):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"], by_name["done"])
    automation(call, admin, project, types["Rigging"], by_name["done"], types["Shading"], by_name["wip"])
    # A rollback (later step to an earlier one) is ignored, as in Zou: it would undo work.
    automation(call, admin, project, types["Shading"], by_name["wip"], types["Modeling"], by_name["retake"])
    call("comment_task", tasks["Modeling"]["id"], {"task_status_id": by_name["done"]["id"]}, caller=admin)
    now = {name: call("get_record", "tasks", task["id"], caller=admin)["task_status_id"]
           for name, task in tasks.items()}
    assert now == {"Modeling": by_name["done"]["id"], "Rigging": by_name["done"]["id"],
                   "Shading": by_name["wip"]["id"]}


def test_unlinked_archived_or_other_kind_automations_do_not_run(call, admin, project, pipeline):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    call("create_record", "status-automations", {
        "in_task_type_id": types["Modeling"]["id"], "in_task_status_id": by_name["done"]["id"],
        "out_task_type_id": types["Rigging"]["id"], "out_task_status_id": by_name["wip"]["id"]}, caller=admin)
    automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"], by_name["retake"],
               archived=True)
    automation(call, admin, project, types["Modeling"], by_name["done"], types["Shading"], by_name["wip"],
               entity_type="shot")
    call("comment_task", tasks["Modeling"]["id"], {"task_status_id": by_name["done"]["id"]}, caller=admin)
    assert {call("get_record", "tasks", tasks[name]["id"], caller=admin)["task_status_id"]
            for name in ("Rigging", "Shading")} == {by_name["todo"]["id"]}


def test_ready_for_marks_the_asset(call, admin, project, pipeline):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"],
               out_field_type="ready_for")
    call("comment_task", tasks["Modeling"]["id"], {"task_status_id": by_name["done"]["id"]}, caller=admin)
    assert call("get_record", "assets", pipeline["box"]["id"], caller=admin)["ready_for"] == types["Rigging"]["id"]


def test_an_artist_change_runs_the_automation_on_tasks_they_cannot_change(call, admin, studio, project, pipeline,
                                                                           join):
    types, tasks, by_name = pipeline["types"], pipeline["tasks"], pipeline["statuses"]
    automation(call, admin, project, types["Modeling"], by_name["wfa"], types["Rigging"], by_name["wip"])
    artist = join(studio[0], role="vendor")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    call("assign_tasks", artist.user_id, [tasks["Modeling"]["id"]], caller=admin)
    call("comment_task", tasks["Modeling"]["id"], {"task_status_id": by_name["wfa"]["id"]}, caller=artist)
    assert call("get_record", "tasks", tasks["Rigging"]["id"], caller=admin)["task_status_id"] == \
        by_name["wip"]["id"]


@pytest.mark.parametrize("change", [
    {"entity_type": "spaceship"},
    {"out_field_type": "colour"},
    {"out_task_status_id": None},
    {"in_task_type_id": str(uuid.uuid4())},
    {"in_task_status_id": "nope"},
])
def test_bad_automations_are_refused(call, admin, pipeline, change):
    types, by_name = pipeline["types"], pipeline["statuses"]
    payload = {"in_task_type_id": types["Modeling"]["id"], "in_task_status_id": by_name["done"]["id"],
               "out_task_type_id": types["Rigging"]["id"], "out_task_status_id": by_name["wip"]["id"], **change}
    with pytest.raises(ValidationFailed):
        call("create_record", "status-automations", payload, caller=admin)
    assert call("list_records", "status-automations", caller=admin)["items"] == []


def test_a_status_used_by_an_automation_cannot_be_deleted(call, admin, project, pipeline):
    types, by_name = pipeline["types"], pipeline["statuses"]
    rule = automation(call, admin, project, types["Modeling"], by_name["done"], types["Rigging"], by_name["wip"])
    with pytest.raises(BadRequest):
        call("delete_record", "task-status", by_name["wip"]["id"], True, caller=admin)
    call("remove_project_setting", project["id"], "status-automations", rule["id"], caller=admin)
    assert call("get_record", "projects", project["id"], caller=admin)["status_automations"] == []
    call("delete_record", "status-automations", rule["id"], caller=admin)
