"""Output files of asset instances (Zou's ``/data/asset-instances/<i>/entities/<e>/output-files…``)
in the asset service, with production_tracking running beside it on the same broker (its own
database): the instance is checked there and gives the file its asset and project; revisions count
per instance and shot; the instance's files are listed with it, not with its asset; deleting the
instance or the shot takes them away."""

import functools
import uuid

import pytest

from reelhouse.shared import testing
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope

eventually = functools.partial(testing.eventually, timeout=20.0, interval=0.1)


@pytest.fixture
def layout(tracking_call, join, admin):
    """A studio both services know, a project with a set, a prop instanced in it, a layout scene
    with an instance of the prop, and a shot using that instance; a second project's shot."""
    workspace = str(uuid.uuid4())
    join(workspace, admin)
    tracking_call("on_workspace_created", make_envelope("workspace_created", {"workspace_id": workspace,
                                                                         "owner_id": admin.user_id}))
    tracking_call("on_member_added", make_envelope("member_added", {"workspace_id": workspace, "user_id": admin.user_id,
                                                               "role": "owner"}))

    def new(method, *args):
        return tracking_call(method, *args, caller=admin)

    project = new("create_record", "projects", {"name": "Forest Tales"})
    prop = new("create_record", "entity-types", {"name": "Prop"})
    environment = new("create_record", "entity-types", {"name": "Environment"})
    forest = new("create_entity", "assets", project["id"], {"name": "Forest"}, environment["id"])
    tree = new("create_entity", "assets", project["id"], {"name": "Big Tree"}, prop["id"])
    sequence = new("create_entity", "sequences", project["id"], {"name": "SQ01"})
    scene = new("create_entity", "scenes", project["id"], {"name": "SC01", "sequence_id": sequence["id"]})
    shot = new("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]})
    instance = new("new_scene_asset_instance", scene["id"], {"asset_id": tree["id"]})
    new("add_asset_instance_to_shot", shot["id"], {"asset_instance_id": instance["id"]})
    in_set = new("new_asset_asset_instance", forest["id"], {"asset_to_instantiate_id": tree["id"]})
    other = new("create_record", "projects", {"name": "Elsewhere"})
    other_sequence = new("create_entity", "sequences", other["id"], {"name": "SQ01"})
    other_shot = new("create_entity", "shots", other["id"], {"name": "SH010", "sequence_id": other_sequence["id"]})
    return {"workspace_id": workspace, "project": project, "tree": tree, "scene": scene, "shot": shot,
            "instance": instance, "in_set": in_set, "other_shot": other_shot}


def instance_target(layout, temporal=None, instance=None):
    return {"asset_instance_id": (instance or layout["instance"])["id"],
            "temporal_entity_id": (temporal or layout["shot"])["id"]}


CACHE, ANIMATION = str(uuid.uuid4()), str(uuid.uuid4())
PAYLOAD = {"output_type_id": CACHE, "task_type_id": ANIMATION, "name": "anim"}


def test_an_instance_output_file_is_checked_with_tracking_and_belongs_to_its_asset(call, admin, layout):
    target = instance_target(layout)
    assert call("next_output_revision", target, PAYLOAD, caller=admin) == {"next_revision": 1}
    made = call("create_output_file", target, dict(PAYLOAD, comment="first take"), caller=admin)
    assert made["type"] == "OutputFile" and made["revision"] == 1
    assert (made["asset_instance_id"], made["temporal_entity_id"], made["entity_id"], made["project_id"]) == (
        layout["instance"]["id"], layout["shot"]["id"], layout["tree"]["id"], layout["project"]["id"])
    assert call("next_output_revision", target, PAYLOAD, caller=admin) == {"next_revision": 2}
    # The same instance in its layout scene, or another instance in the same shot: revisions of their own.
    assert call("next_output_revision", instance_target(layout, temporal=layout["scene"]), PAYLOAD,
                caller=admin) == {"next_revision": 1}
    assert call("next_output_revision", instance_target(layout, instance=layout["in_set"]), PAYLOAD,
                caller=admin) == {"next_revision": 1}
    with pytest.raises(ValidationFailed):  # a revision that exists
        call("create_output_file", target, dict(PAYLOAD, revision=1), caller=admin)


def test_instance_output_files_are_listed_with_the_instance_not_with_the_asset(call, admin, layout):
    target = instance_target(layout)
    first = call("create_output_file", target, PAYLOAD, caller=admin)
    second = call("create_output_file", target, PAYLOAD, caller=admin)
    in_scene = call("create_output_file", instance_target(layout, temporal=layout["scene"]), PAYLOAD, caller=admin)
    own = call("create_output_file", {"entity_id": layout["tree"]["id"]}, PAYLOAD, caller=admin)
    instance_id = layout["instance"]["id"]

    listed = call("list_output_files", {"asset_instance_id": instance_id}, {}, caller=admin)
    assert {f["id"] for f in listed["items"]} == {first["id"], second["id"], in_scene["id"]}
    in_shot = call("list_output_files", {"asset_instance_id": instance_id},
                   {"temporal_entity_id": layout["shot"]["id"]}, caller=admin)
    assert [f["id"] for f in in_shot["items"]] == [first["id"], second["id"]]
    last = call("list_output_files", {"asset_instance_id": instance_id},
                {"temporal_entity_id": layout["shot"]["id"]}, True, caller=admin)
    assert [f["id"] for f in last["items"]] == [second["id"]]
    of_type = call("list_output_files", {"asset_instance_id": instance_id},
                   {"temporal_entity_id": layout["shot"]["id"], "output_type_id": str(uuid.uuid4())}, caller=admin)
    assert of_type["items"] == []
    assert [f["id"] for f in call("list_output_files", {"entity_id": layout["tree"]["id"]}, {},
                                  caller=admin)["items"]] == [own["id"]]
    project = call("list_output_files", {"project_id": layout["project"]["id"]}, {}, caller=admin)
    assert len(project["items"]) == 4
    # The generic record knows its target too.
    record = call("create_output_record", {**target, "entity_id": layout["tree"]["id"], **PAYLOAD}, caller=admin)
    assert (record["asset_instance_id"], record["revision"]) == (instance_id, 3)


def test_an_instance_unknown_to_tracking_or_a_shot_of_another_project_is_refused(call, admin, layout, engine):
    with pytest.raises(NotFound):
        call("create_output_file", {"asset_instance_id": str(uuid.uuid4()), "temporal_entity_id": layout["shot"]["id"]},
             PAYLOAD, caller=admin)
    with pytest.raises(NotFound):
        call("next_output_revision", instance_target(layout, temporal={"id": str(uuid.uuid4())}), PAYLOAD,
             caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_output_file", instance_target(layout, temporal=layout["other_shot"]), PAYLOAD, caller=admin)
    with pytest.raises(ValidationFailed):  # the body names another entity than the instance's asset
        call("create_output_record", {**instance_target(layout), "entity_id": layout["shot"]["id"], **PAYLOAD},
             caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_output_record", {"asset_instance_id": layout["instance"]["id"], **PAYLOAD}, caller=admin)
    assert call("list_output_files", {"project_id": layout["project"]["id"]}, {}, caller=admin)["items"] == []


def test_deleting_the_instance_or_the_shot_takes_its_output_files(call, admin, layout, tracking_call):
    in_shot = call("create_output_file", instance_target(layout), PAYLOAD, caller=admin)
    in_scene = call("create_output_file", instance_target(layout, temporal=layout["scene"]), PAYLOAD, caller=admin)
    in_set = call("create_output_file", instance_target(layout, temporal=layout["scene"], instance=layout["in_set"]),
                  PAYLOAD, caller=admin)

    def remaining():
        return {f["id"] for f in call("list_output_files", {"project_id": layout["project"]["id"]}, {},
                                      caller=admin)["items"]}

    tracking_call("delete_record", "shots", layout["shot"]["id"], True, caller=admin)
    eventually(lambda: remaining() == {in_scene["id"], in_set["id"]})
    tracking_call("delete_record", "asset-instances", layout["in_set"]["id"], True, caller=admin)
    eventually(lambda: remaining() == {in_scene["id"]})
    assert in_shot["id"] not in remaining()
