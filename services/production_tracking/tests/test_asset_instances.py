"""Asset instances in assets and layout scenes, the shots that use them, and
the generic /data/asset-instances records, against real RabbitMQ and PostgreSQL."""

import uuid

import pytest

from reelhouse.shared.errors import BadRequest, Forbidden, MalformedId, NotFound, ValidationFailed


@pytest.fixture
def layout(call, admin, project):
    """A set and two props in the project, a layout scene and a shot."""
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    environment = call("create_record", "entity-types", {"name": "Environment"}, caller=admin)
    forest = call("create_entity", "assets", project["id"], {"name": "Forest"}, environment["id"], caller=admin)
    tree = call("create_entity", "assets", project["id"], {"name": "Big Tree"}, prop["id"], caller=admin)
    rock = call("create_entity", "assets", project["id"], {"name": "Rock"}, prop["id"], caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    scene = call("create_entity", "scenes", project["id"], {"name": "SC01", "sequence_id": sequence["id"]},
                 caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                caller=admin)
    return {"forest": forest, "tree": tree, "rock": rock, "scene": scene, "shot": shot, "prop": prop}


def test_instances_in_an_asset_are_numbered_named_and_grouped(call, admin, layout, events):
    forest, tree, rock = layout["forest"], layout["tree"], layout["rock"]
    events.drain()
    first = call("new_asset_asset_instance", forest["id"], {"asset_to_instantiate_id": tree["id"]}, caller=admin)
    second = call("new_asset_asset_instance", forest["id"], {"asset_to_instantiate_id": tree["id"],
                                                             "description": "by the river"}, caller=admin)
    call("new_asset_asset_instance", forest["id"], {"asset_to_instantiate_id": rock["id"]}, caller=admin)
    assert first["type"] == "AssetInstance" and (first["number"], first["name"]) == (1, "Big_Tree_0001")
    assert (second["number"], second["name"], second["description"]) == (2, "Big_Tree_0002", "by the river")
    assert (first["asset_id"], first["target_asset_id"], first["scene_id"], first["active"]) == (
        tree["id"], forest["id"], None, True)
    grouped = call("list_grouped_asset_instances", "asset-asset-instances", forest["id"], caller=admin)
    assert {key: [i["number"] for i in items] for key, items in grouped.items()} == {
        tree["id"]: [1, 2], rock["id"]: [1]}
    assert events.types().count("asset_instance_created") == 3
    names = [e["name"] for e in call("list_last_events", {"limit": "3"}, caller=admin)]
    assert names == ["asset-instance:new"] * 3


def test_instances_in_a_scene_and_in_shots(call, admin, layout, events):
    scene, shot, tree = layout["scene"], layout["shot"], layout["tree"]
    instance = call("new_scene_asset_instance", scene["id"], {"asset_id": tree["id"]}, caller=admin)
    assert (instance["scene_id"], instance["number"], instance["target_asset_id"]) == (scene["id"], 1, None)
    assert call("list_grouped_asset_instances", "scene-instances", scene["id"], caller=admin) == {
        tree["id"]: [instance]}
    assert call("list_grouped_asset_instances", "scene-asset-instances", tree["id"], caller=admin) == {
        scene["id"]: [instance]}

    events.drain()
    answered = call("add_asset_instance_to_shot", shot["id"], {"asset_instance_id": instance["id"]}, caller=admin)
    assert answered["id"] == shot["id"] and answered["instance_casting"] == [instance["id"]]
    call("add_asset_instance_to_shot", shot["id"], {"asset_instance_id": instance["id"]}, caller=admin)  # once
    assert call("list_grouped_asset_instances", "shot-instances", shot["id"], caller=admin) == {
        tree["id"]: [instance]}
    assert call("list_grouped_asset_instances", "shot-asset-instances", tree["id"], caller=admin) == {
        shot["id"]: [instance]}
    assert call("get_record", "shots", shot["id"], caller=admin)["instance_casting"] == [instance["id"]]

    removed = call("remove_asset_instance_from_shot", shot["id"], instance["id"], caller=admin)
    assert removed["instance_casting"] == []
    assert call("list_grouped_asset_instances", "shot-instances", shot["id"], caller=admin) == {}
    with pytest.raises(NotFound):  # no longer used by the shot
        call("remove_asset_instance_from_shot", shot["id"], instance["id"], caller=admin)
    published = events.types()
    assert published.count("asset_instance_added_to_shot") == 1  # the second add changed nothing
    assert published.count("asset_instance_removed_from_shot") == 1
    names = [e["name"] for e in call("list_last_events", {"limit": "2"}, caller=admin)]
    assert names == ["asset-instance:remove-from-shot", "asset-instance:add-to-shot"]


@pytest.mark.parametrize("rpc, owner, payload, error", [
    ("new_asset_asset_instance", "forest", {}, ValidationFailed),
    ("new_asset_asset_instance", "forest", {"asset_to_instantiate_id": "nope"}, ValidationFailed),
    ("new_asset_asset_instance", "forest", {"asset_to_instantiate_id": "tree", "extra": 1}, ValidationFailed),
    ("new_asset_asset_instance", "forest", {"asset_to_instantiate_id": "tree", "description": "x" * 201},
     ValidationFailed),
    ("new_asset_asset_instance", "forest", {"asset_to_instantiate_id": "shot"}, NotFound),  # not an asset
    ("new_asset_asset_instance", "forest", {"asset_to_instantiate_id": str(uuid.uuid4())}, NotFound),
    ("new_asset_asset_instance", "shot", {"asset_to_instantiate_id": "tree"}, NotFound),  # target not an asset
    ("new_asset_asset_instance", "forest", ["tree"], ValidationFailed),
    ("new_scene_asset_instance", "scene", {"asset_id": None}, ValidationFailed),
    ("new_scene_asset_instance", "shot", {"asset_id": "tree"}, NotFound),  # not a scene
    ("add_asset_instance_to_shot", "shot", {"asset_instance_id": "tree"}, NotFound),  # an asset, not an instance
    ("add_asset_instance_to_shot", "shot", {}, ValidationFailed),
    ("add_asset_instance_to_shot", "scene", {"asset_instance_id": "instance"}, NotFound),  # not a shot
])
def test_bad_input_is_refused_and_writes_nothing(call, admin, layout, rpc, owner, payload, error):
    layout["instance"] = call("new_scene_asset_instance", layout["scene"]["id"], {"asset_id": layout["tree"]["id"]},
                              caller=admin)
    if isinstance(payload, dict):
        payload = {k: layout[v]["id"] if isinstance(v, str) and v in layout else v for k, v in payload.items()}
    before = call("list_records", "asset-instances", caller=admin)["total"]
    with pytest.raises(error):
        call(rpc, layout[owner]["id"], payload, caller=admin)
    assert call("list_records", "asset-instances", caller=admin)["total"] == before


def test_listings_refuse_unknown_owners_and_malformed_ids(call, admin, layout):
    with pytest.raises(NotFound):
        call("list_grouped_asset_instances", "scene-instances", layout["shot"]["id"], caller=admin)
    with pytest.raises(NotFound):
        call("list_grouped_asset_instances", "nope", layout["shot"]["id"], caller=admin)
    with pytest.raises(MalformedId):
        call("list_grouped_asset_instances", "shot-instances", "not-an-id", caller=admin)


def test_generic_records_number_check_kinds_and_projects(call, admin, layout, project):
    tree, forest = layout["tree"], layout["forest"]
    made = call("create_record", "asset-instances", {"asset_id": tree["id"], "target_asset_id": forest["id"]},
                caller=admin)
    assert (made["project_id"], made["number"], made["name"]) == (project["id"], 1, "Big_Tree_0001")
    assert call("update_record", "asset-instances", made["id"], {"active": False}, caller=admin)["active"] is False
    assert call("get_record", "asset-instances", made["id"], caller=admin)["active"] is False
    listed = call("list_records", "asset-instances", {"target_asset_id": forest["id"]}, caller=admin)["items"]
    assert [i["id"] for i in listed] == [made["id"]]
    with pytest.raises(ValidationFailed) as duplicate:  # the same number twice in one container
        call("create_record", "asset-instances", {"asset_id": tree["id"], "target_asset_id": forest["id"],
                                                  "number": 1}, caller=admin)
    assert "number" in duplicate.value.details
    with pytest.raises(ValidationFailed) as wrong_kind:
        call("create_record", "asset-instances", {"asset_id": layout["shot"]["id"]}, caller=admin)
    assert "asset_id" in wrong_kind.value.details
    with pytest.raises(ValidationFailed):
        call("create_record", "asset-instances", {"asset_id": tree["id"], "scene_id": forest["id"]}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_record", "asset-instances", {"asset_id": tree["id"], "number": "one"}, caller=admin)
    with pytest.raises(BadRequest):
        call("list_records", "asset-instances", {"bogus": "1"}, caller=admin)
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    stranger = call("create_entity", "assets", other["id"], {"name": "Stranger"}, layout["prop"]["id"], caller=admin)
    with pytest.raises(ValidationFailed) as elsewhere:  # an instance stays within one project
        call("new_asset_asset_instance", forest["id"], {"asset_to_instantiate_id": stranger["id"]}, caller=admin)
    assert "asset_id" in elsewhere.value.details
    call("delete_record", "asset-instances", made["id"], caller=admin)
    assert call("list_records", "asset-instances", caller=admin)["items"] == []


def test_deleting_an_asset_with_instances_needs_force(call, admin, layout):
    instance = call("new_scene_asset_instance", layout["scene"]["id"], {"asset_id": layout["tree"]["id"]},
                    caller=admin)
    call("add_asset_instance_to_shot", layout["shot"]["id"], {"asset_instance_id": instance["id"]}, caller=admin)
    with pytest.raises(BadRequest) as refused:
        call("delete_record", "assets", layout["tree"]["id"], caller=admin)
    assert refused.value.details["dependants"] == {"asset-instances": 1}
    call("delete_record", "assets", layout["tree"]["id"], True, caller=admin)
    assert call("list_records", "asset-instances", caller=admin)["items"] == []
    assert call("get_record", "shots", layout["shot"]["id"], caller=admin)["instance_casting"] == []


def test_artists_read_instances_of_their_team_projects_but_do_not_write(call, admin, studio, project, layout, join):
    artist = join(studio[0], role="user")
    with pytest.raises(NotFound):  # not in the team: the project is invisible
        call("list_grouped_asset_instances", "asset-asset-instances", layout["forest"]["id"], caller=artist)
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    assert call("list_grouped_asset_instances", "asset-asset-instances", layout["forest"]["id"], caller=artist) == {}
    with pytest.raises(Forbidden):
        call("new_asset_asset_instance", layout["forest"]["id"], {"asset_to_instantiate_id": layout["tree"]["id"]},
             caller=artist)


def test_a_scenes_camera_instances_are_those_of_camera_assets(call, admin, project, layout):
    camera_type = call("create_record", "entity-types", {"name": "Camera"}, caller=admin)
    camera = call("create_entity", "assets", project["id"], {"name": "Cam A"}, camera_type["id"], caller=admin)
    scene = layout["scene"]
    call("new_scene_asset_instance", scene["id"], {"asset_id": layout["tree"]["id"]}, caller=admin)
    shot_cam = call("new_scene_asset_instance", scene["id"], {"asset_id": camera["id"]}, caller=admin)
    assert call("list_grouped_asset_instances", "scene-camera-instances", scene["id"], caller=admin) == {
        camera["id"]: [shot_cam]}
    assert len(call("list_grouped_asset_instances", "scene-instances", scene["id"], caller=admin)) == 2
    with pytest.raises(NotFound):
        call("list_grouped_asset_instances", "scene-camera-instances", layout["shot"]["id"], caller=admin)


def test_every_instance_change_publishes_one_event_and_one_feed_row(call, admin, layout, events):
    """Each write goes through feed.record: the outbox event and the Zou-named feed row, together."""
    before = len(call("list_last_events", {"limit": "1000"}, caller=admin))
    events.drain()
    made = call("new_scene_asset_instance", layout["scene"]["id"], {"asset_id": layout["rock"]["id"]}, caller=admin)
    call("update_record", "asset-instances", made["id"], {"description": "moss"}, caller=admin)
    call("add_asset_instance_to_shot", layout["shot"]["id"], {"asset_instance_id": made["id"]}, caller=admin)
    call("remove_asset_instance_from_shot", layout["shot"]["id"], made["id"], caller=admin)
    call("delete_record", "asset-instances", made["id"], caller=admin)
    published = events.types()
    assert published == ["asset_instance_created", "asset_instance_updated", "asset_instance_added_to_shot",
                         "asset_instance_removed_from_shot", "asset_instance_deleted"]
    feed = call("list_last_events", {"limit": "1000"}, caller=admin)
    assert len(feed) - before == len(published)
    assert [e["name"] for e in reversed(feed[:5])] == [
        "asset-instance:new", "asset-instance:update", "asset-instance:add-to-shot",
        "asset-instance:remove-from-shot", "asset-instance:delete"]
    assert all(e["project_id"] == layout["shot"]["project_id"] for e in feed[:5])
