"""gazu 1.3.1, unchanged, on asset instances (in assets, in layout scenes, in
shots), a project's team and per-project roles, @Full Name mentions and
assignees set by updating a task, against the whole suite in this process.
Each test is a row of the gazu compatibility table in docs/api-zou.md; ``kitsu``
(the admin's gazu client) and ``k`` come from conftest."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from .gazu_studio import new_member

MISSING = "6f1c1d1e-0000-4000-8000-000000000000"


@pytest.fixture
def layout(k):
    """A set, a prop, a sequence with a layout scene and a shot."""
    project = gazu.project.new_project("Forest Tales", **k)
    environment = gazu.asset.new_asset_type("Environment", **k)
    prop = gazu.asset.new_asset_type("Prop", **k)
    forest = gazu.asset.new_asset(project, environment, "Forest", **k)
    tree = gazu.asset.new_asset(project, prop, "Big Tree", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    scene = gazu.scene.new_scene(project, sequence, "SC01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
    return {"project": project, "forest": forest, "tree": tree, "scene": scene, "shot": shot}


def last_event_names(kitsu, limit):
    return [e["name"] for e in gazu.client.fetch_all("events/last", params={"limit": limit}, client=kitsu)]


def test_row_asset_asset_instances(kitsu, k, layout):
    forest, tree = layout["forest"], layout["tree"]
    first = gazu.asset.new_asset_asset_instance(forest, tree, **k)
    second = gazu.asset.new_asset_asset_instance(forest, tree, description="by the river", **k)
    assert (first["type"], first["number"], first["name"]) == ("AssetInstance", 1, "Big_Tree_0001")
    assert (second["number"], second["description"], second["target_asset_id"]) == (2, "by the river", forest["id"])
    grouped = gazu.asset.all_asset_instances_for_asset(forest, **k)
    assert {key: [i["id"] for i in items] for key, items in grouped.items()} == {
        tree["id"]: [first["id"], second["id"]]}
    assert gazu.asset.get_asset_instance(first["id"], **k)["name"] == "Big_Tree_0001"
    assert gazu.asset.disable_asset_instance(first, **k)["active"] is False
    assert gazu.asset.enable_asset_instance(first, **k)["active"] is True
    assert last_event_names(kitsu, 1) == ["asset-instance:update"]
    with pytest.raises(RouteNotFoundException):  # a shot is not an asset to instantiate
        gazu.asset.new_asset_asset_instance(forest, layout["shot"], **k)
    with pytest.raises(ParameterException):
        gazu.client.post(f"data/assets/{forest['id']}/asset-asset-instances", {"asset_to_instantiate_id": "x"},
                         client=kitsu)
    with pytest.raises(RouteNotFoundException):
        gazu.asset.all_asset_instances_for_asset(MISSING, **k)


def test_row_scene_and_shot_asset_instances(kitsu, k, layout):
    scene, shot, tree = layout["scene"], layout["shot"], layout["tree"]
    instance = gazu.scene.new_scene_asset_instance(scene, tree, **k)
    assert (instance["scene_id"], instance["asset_id"], instance["number"]) == (scene["id"], tree["id"], 1)
    assert gazu.scene.all_asset_instances_for_scene(scene, **k) == {tree["id"]: [instance]}
    assert gazu.scene.get_asset_instance_by_name(scene, "big_tree_0001", **k)["id"] == instance["id"]
    assert gazu.asset.all_scene_asset_instances_for_asset(tree, **k) == {scene["id"]: [instance]}
    assert gazu.scene.all_camera_instances_for_scene(scene, **k) == {}  # no asset of the "Camera" type
    camera = gazu.asset.new_asset(layout["project"], gazu.asset.new_asset_type("Camera", **k), "Cam A", **k)
    camera_instance = gazu.scene.new_scene_asset_instance(scene, camera, **k)
    assert gazu.scene.all_camera_instances_for_scene(scene, **k) == {camera["id"]: [camera_instance]}

    answered = gazu.shot.add_asset_instance_to_shot(shot, instance, **k)
    assert answered["id"] == shot["id"] and answered["instance_casting"] == [instance["id"]]
    assert gazu.shot.get_asset_instances_for_shot(shot, **k) == {tree["id"]: [instance]}
    assert gazu.asset.all_asset_instances_for_shot(shot, **k) == {tree["id"]: [instance]}
    assert gazu.asset.all_shot_asset_instances_for_asset(tree, **k) == {shot["id"]: [instance]}
    assert last_event_names(kitsu, 1) == ["asset-instance:add-to-shot"]
    gazu.shot.remove_asset_instance_from_shot(shot, instance, **k)
    assert gazu.shot.all_asset_instances_for_shot(shot, **k) == {}
    assert last_event_names(kitsu, 1) == ["asset-instance:remove-from-shot"]
    with pytest.raises(RouteNotFoundException):  # no longer in the shot
        gazu.shot.remove_asset_instance_from_shot(shot, instance, **k)
    with pytest.raises(ParameterException):
        gazu.client.post(f"data/shots/{shot['id']}/asset-instances", {}, client=kitsu)
    with pytest.raises(RouteNotFoundException):  # a shot is not a scene
        gazu.scene.new_scene_asset_instance(shot, tree, **k)
    with pytest.raises(ParameterException):
        gazu.client.post(f"data/scenes/{scene['id']}/asset-instances", {"asset_id": tree["id"], "extra": 1},
                         client=kitsu)


def test_row_generic_asset_instances_crud(kitsu, k, layout):
    made = gazu.client.create("asset-instances", {"asset_id": layout["tree"]["id"],
                                                  "target_asset_id": layout["forest"]["id"]}, client=kitsu)
    assert (made["number"], made["project_id"]) == (1, layout["project"]["id"])
    listed = gazu.client.fetch_all("asset-instances", params={"asset_id": layout["tree"]["id"]}, client=kitsu)
    assert [i["id"] for i in listed] == [made["id"]]
    with pytest.raises(ParameterException):  # the same number in the same asset
        gazu.client.create("asset-instances", {"asset_id": layout["tree"]["id"], "number": 1,
                                               "target_asset_id": layout["forest"]["id"]}, client=kitsu)
    with pytest.raises(ParameterException):
        gazu.client.fetch_all("asset-instances", params={"number": "one"}, client=kitsu)
    with pytest.raises(ParameterException):  # an instance of a shot is no asset instance
        gazu.client.create("asset-instances", {"asset_id": layout["shot"]["id"]}, client=kitsu)
    gazu.client.delete(f"data/asset-instances/{made['id']}", client=kitsu)
    assert gazu.client.fetch_all("asset-instances", client=kitsu) == []


def test_row_team_and_project_roles(kitsu, k, suite, layout):
    project = layout["project"]
    ann = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    gazu.project.add_person_to_team(project, ann, role="supervisor", **k)
    team = gazu.project.get_team(project, **k)
    assert [(p["id"], p["full_name"], p["project_role"]) for p in team] == [(ann["id"], "Ann Artist", "supervisor")]
    link = gazu.project.update_team_member_role(project, ann, "manager", **k)
    assert (link["person_id"], link["role"]) == (ann["id"], "manager")
    as_ann = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("ann@studio.example", "kitsu-artist-1", client=as_ann)
    a = {"client": as_ann}
    # A manager in this project: she manages its shots and team; elsewhere she is an artist.
    assert gazu.shot.new_shot(project, gazu.shot.get_sequence_by_name(project, "SQ01", **k), "SH020", **a)
    gazu.project.add_task_type(project, gazu.task.new_task_type("Layout", for_entity="Shot", **k), 1, **a)
    with pytest.raises(NotAllowedException):
        gazu.project.new_project("Ann's own", **a)
    gazu.project.update_team_member_role(project, ann, None, **k)  # back to her workspace role
    with pytest.raises(NotAllowedException):
        gazu.shot.new_shot(project, gazu.shot.get_sequence_by_name(project, "SQ01", **k), "SH030", **a)
    with pytest.raises(ParameterException):
        gazu.project.update_team_member_role(project, ann, "emperor", **k)
    with pytest.raises(ParameterException):
        gazu.project.add_person_to_team(project, ann, role="admin", **k)
    assert "project:update" in last_event_names(kitsu, 3)
    gazu.project.remove_person_from_team(project, ann, **k)
    assert gazu.project.get_team(project, **k) == []
    with pytest.raises(RouteNotFoundException):  # no longer in the team
        gazu.project.update_team_member_role(project, ann, "user", **k)
    with pytest.raises(RouteNotFoundException):
        gazu.project.get_team(MISSING, **k)


def test_row_full_name_mentions_and_assignees_by_update(kitsu, k, suite, layout):
    project = layout["project"]
    ann = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    bob = new_member(kitsu, "Bob", "bob@studio.example", password="kitsu-artist-2")
    for person in (ann, bob):
        gazu.project.add_person_to_team(project, person, **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    task = gazu.task.new_task(layout["shot"], animation, **k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    comment = gazu.task.add_comment(task, wip, "@Ann Artist please look (cc bob@studio.example)", **k)
    assert comment["mentions"] == [ann["id"]]
    as_ann = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("ann@studio.example", "kitsu-artist-1", client=as_ann)
    as_bob = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("bob@studio.example", "kitsu-artist-2", client=as_bob)
    [mention] = gazu.user.all_notifications(client=as_ann)
    assert (mention["notification_type"], mention["comment_id"]) == ("mention", comment["id"])
    assert gazu.user.all_notifications(client=as_bob) == []
    [batched] = gazu.task.add_tasks_batch_comments([task], {"task_status_id": wip["id"],
                                                            "comment": "@bob artist and @Nobody Here"}, **k)
    assert batched["mentions"] == [bob["id"]]
    [bob_mentioned] = gazu.user.all_notifications(client=as_bob)
    assert (bob_mentioned["notification_type"], bob_mentioned["comment_id"]) == ("mention", batched["id"])

    task = gazu.task.get_task(task["id"], **k)
    task["assignees"] = [bob["id"]]
    assert gazu.task.update_task(task, **k)["assignees"] == [bob["id"]]
    assigned = gazu.user.all_notifications(client=as_bob)[0]  # newest first
    assert (assigned["notification_type"], assigned["task_id"]) == ("assignation", task["id"])
    assert "task:assign" in last_event_names(kitsu, 3)
    task["assignees"] = [MISSING]  # not a member of the workspace
    with pytest.raises(ParameterException):
        gazu.task.update_task(task, **k)


def test_row_bare_lists_are_bounded(kitsu, k, suite, monkeypatch):
    from reelhouse.production_tracking import crud

    monkeypatch.setattr(crud, "BARE_LIST_MAX", 2)  # the suite runs in this process; the real cap is 10,000
    for name in ("Agent 327", "Cosmos", "Sintel"):
        gazu.project.new_project(name, **k)
    assert [p["name"] for p in gazu.project.all_projects(**k)] == ["Agent 327", "Cosmos"]
    token = kitsu.tokens["access_token"]
    bare = suite.get("/api/data/projects", token=token)
    assert bare.headers["X-Reelhouse-Truncated"] == "true" and len(bare.json()) == 2
    paged = gazu.client.fetch_all("projects", params={"page": 2, "limit": 2}, client=kitsu)
    assert paged["total"] == 3 and [p["name"] for p in paged["data"]] == ["Sintel"]
    one = suite.get("/api/data/projects", token=token, params={"name": "cosmos"})
    assert "X-Reelhouse-Truncated" not in one.headers and len(one.json()) == 1
    with pytest.raises(ParameterException):  # pages stay bounded too
        gazu.client.fetch_all("projects", params={"page": 1, "limit": 100000}, client=kitsu)
