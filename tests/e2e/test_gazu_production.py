"""gazu 1.3.1, unchanged, drives production tracking through /api: a realistic
studio workflow end to end, against the whole suite in this process."""

import gazu
import pytest
from gazu.exception import ParameterException, RouteNotFoundException

from .gazu_studio import new_member


def test_gazu_studio_workflow_end_to_end(kitsu):
    k = {"client": kitsu}
    # project and settings
    project = gazu.project.new_project("Big Buck Bunny", "featurefilm", **k)
    assert project["type"] == "Project"
    assert gazu.project.get_project_by_name("big buck bunny", **k)["id"] == project["id"]
    assert gazu.project.new_project("Big Buck Bunny", **k)["id"] == project["id"]  # gazu finds it, no duplicate
    characters = gazu.asset.new_asset_type("Characters", **k)
    props = gazu.asset.new_asset_type("Props", **k)
    assert gazu.asset.get_asset_type_by_name("characters", **k)["id"] == characters["id"]
    modeling = gazu.task.new_task_type("Modeling", for_entity="Asset", **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    layout = gazu.task.new_task_type("Layout", for_entity="Shot", **k)
    todo = gazu.task.get_default_task_status(**k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    retake = gazu.task.get_task_status_by_short_name("retake", **k)
    review = gazu.task.new_task_status("Client Review", "crev", "#FF00FF", **k)
    for task_type in (modeling, animation, layout):
        gazu.project.add_task_type(project, task_type, 1, **k)
    for status in (todo, wip, retake, review):
        gazu.project.add_task_status(project, status, **k)
    gazu.project.add_asset_type(project, characters, **k)
    assert {t["id"] for t in gazu.project.get_project_task_types(project, **k)} == {
        modeling["id"], animation["id"], layout["id"]}
    assert {s["id"] for s in gazu.project.get_project_task_statuses(project, **k)} == {
        todo["id"], wip["id"], retake["id"], review["id"]}

    # breakdown
    bunny = gazu.asset.new_asset(project, characters, "Bunny", "The hero", extra_data={"height": 2}, **k)
    squirrel = gazu.asset.new_asset(project, characters, "Squirrel", **k)
    acorn = gazu.asset.new_asset(project, props, "Acorn", **k)
    assert bunny["type"] == "Asset" and bunny["data"] == {"height": 2}
    assert gazu.asset.new_asset(project, characters, "Bunny", **k)["id"] == bunny["id"]
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot1 = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1, frame_out=48, **k)
    shot2 = gazu.shot.new_shot(project, sequence, "SH020", **k)
    assert shot1["type"] == "Shot" and shot1["nb_frames"] == 48 and shot1["parent_id"] == sequence["id"]
    assert gazu.shot.get_shot_by_name(sequence, "sh010", **k)["id"] == shot1["id"]
    assert gazu.shot.get_sequence_by_name(project, "SQ01", **k)["id"] == sequence["id"]
    assert gazu.asset.get_asset_by_name(project, "Squirrel", **k)["id"] == squirrel["id"]

    # tasks and assignment
    artist = new_member(kitsu, "Ann", "ann@studio.example")
    gazu.project.add_person_to_team(project, artist, **k)
    model_task = gazu.task.new_task(bunny, modeling, assignees=[artist], **k)
    assert model_task["task_status_id"] == todo["id"] and model_task["assignees"] == [artist["id"]]
    assert gazu.task.new_task(bunny, modeling, **k)["id"] == model_task["id"]
    shot_tasks = gazu.task.create_shot_tasks(shot1, [animation, layout], **k)
    assert {t["task_type_id"] for t in shot_tasks} == {animation["id"], layout["id"]}
    anim_task = next(t for t in shot_tasks if t["task_type_id"] == animation["id"])
    assigned = gazu.task.assign_task(anim_task, artist, **k)
    assert assigned[0]["assignees"] == [artist["id"]]

    # comments with status changes
    comment = gazu.task.add_comment(anim_task, wip, "Blocking started", checklist=[{"text": "poses", "checked": False}],
                                    **k)
    assert comment["text"] == "Blocking started" and comment["task_status_id"] == wip["id"]
    gazu.task.add_comment(anim_task, retake, "Faster please", **k)
    full = gazu.task.get_task(anim_task, **k)
    assert full["task_status_id"] == retake["id"] and full["retake_count"] == 1
    assert full["task_type"]["name"] == "Animation" and full["entity"]["name"] == "SH010"
    assert full["real_start_date"] is not None
    assert [c["text"] for c in gazu.task.all_comments_for_task(anim_task, **k)] == ["Faster please",
                                                                                    "Blocking started"]
    assert gazu.task.get_last_comment_for_task(anim_task, **k)["text"] == "Faster please"

    # casting
    gazu.casting.update_shot_casting(project, shot1, [{"asset_id": bunny["id"], "nb_occurences": 1},
                                                      {"asset_id": acorn["id"], "nb_occurences": 3}], **k)
    gazu.casting.update_shot_casting(project, shot2, [{"asset_id": bunny["id"], "nb_occurences": 2}], **k)
    casting = gazu.casting.get_shot_casting(shot1, **k)
    assert {(c["asset_name"], c["nb_occurences"]) for c in casting} == {("Bunny", 1), ("Acorn", 3)}
    cast_in = gazu.casting.get_asset_cast_in(bunny, **k)
    assert {(c["shot_name"], c["sequence_name"], c["nb_occurences"]) for c in cast_in} == {
        ("SH010", "SQ01", 1), ("SH020", "SQ01", 2)}
    links = gazu.casting.all_entity_links_for_project(project, **k)
    assert len(links) == 3

    # listings and gets
    assert [a["name"] for a in gazu.asset.all_assets_for_project(project, **k)] == ["Acorn", "Bunny", "Squirrel"]
    assert [a["name"] for a in gazu.asset.all_assets_for_project_and_type(project, characters, **k)] == [
        "Bunny", "Squirrel"]
    assert {t["name"] for t in gazu.asset.all_asset_types_for_project(project, **k)} == {"Characters", "Props"}
    assert [s["name"] for s in gazu.shot.all_shots_for_project(project, **k)] == ["SH010", "SH020"]
    assert [s["name"] for s in gazu.shot.all_shots_for_sequence(sequence, **k)] == ["SH010", "SH020"]
    assert [s["name"] for s in gazu.shot.all_sequences_for_project(project, **k)] == ["SQ01"]
    assert gazu.shot.get_shot(shot1["id"], **k)["sequence_name"] == "SQ01"
    assert gazu.asset.get_asset(bunny["id"], **k)["asset_type_name"] == "Characters"
    assert {t["id"] for t in gazu.task.all_tasks_for_shot(shot1, **k)} == {t["id"] for t in shot_tasks}
    assert {t["name"] for t in gazu.task.all_task_types_for_shot(shot1, **k)} == {"Animation", "Layout"}
    assert len(gazu.task.all_tasks_for_project(project, **k)) == 3
    assert [t["id"] for t in gazu.task.all_tasks_for_task_status(project, animation, retake, **k)] == [anim_task["id"]]
    assert [p["name"] for p in gazu.project.all_open_projects(**k)] == ["Big Buck Bunny"]
    assert gazu.context.all_open_projects(**k)[0]["id"] == project["id"]

    # updates
    shot1["description"] = "Opening shot"
    assert gazu.shot.update_shot(shot1, **k)["description"] == "Opening shot"
    bunny["description"] = "Fluffy"
    assert gazu.asset.update_asset(bunny, **k)["description"] == "Fluffy"
    updated = gazu.project.update_project_data(project, {"fps": 24}, **k)
    assert updated["data"] == {"fps": 24}
    updated_task = gazu.task.update_task({"id": model_task["id"], "priority": 3}, **k)
    assert updated_task["priority"] == 3

    # deletes: refused with dependants, forced away
    with pytest.raises(ParameterException):
        gazu.shot.remove_sequence(sequence, **k)
    gazu.shot.remove_shot(shot2, **k)  # no task: deleted
    with pytest.raises(RouteNotFoundException):
        gazu.shot.get_shot(shot2["id"], **k)
    gazu.shot.remove_shot(shot1, **k)  # has tasks: canceled, as Zou does
    assert gazu.shot.get_shot(shot1["id"], **k)["canceled"] is True
    gazu.shot.remove_shot(shot1, force=True, **k)
    gazu.asset.remove_asset(squirrel, force=True, **k)
    gazu.task.remove_task(model_task, **k)
    with pytest.raises(ParameterException):
        gazu.project.remove_project(project, **k)
    gazu.project.remove_project(project, force=True, **k)
    assert gazu.project.all_projects(**k) == []
