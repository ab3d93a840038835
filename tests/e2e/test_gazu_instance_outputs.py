"""gazu 1.3.1, unchanged, on output files of asset instances (Zou's
``/data/asset-instances/<i>/entities/<e>/output-files…``), against the whole
suite in this process: the asset service records them once production_tracking
has checked the instance; revisions count per instance and shot or scene; they
are listed with the instance, not with its asset; deleting the instance or the
shot takes them away. A row of the gazu compatibility table in docs/api-zou.md;
``kitsu`` and ``k`` come from conftest."""

import uuid

import gazu
import pytest
from gazu.exception import ParameterException, RouteNotFoundException

from .conftest import eventually


@pytest.fixture
def layout(k):
    """A prop used in a layout scene and in a shot, a set holding another instance of it, and a shot of
    another project."""
    project = gazu.project.new_project("Forest Tales", **k)
    prop = gazu.asset.new_asset_type("Prop", **k)
    environment = gazu.asset.new_asset_type("Environment", **k)
    tree = gazu.asset.new_asset(project, prop, "Big Tree", **k)
    forest = gazu.asset.new_asset(project, environment, "Forest", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    scene = gazu.scene.new_scene(project, sequence, "SC01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
    instance = gazu.scene.new_scene_asset_instance(scene, tree, **k)
    gazu.shot.add_asset_instance_to_shot(shot, instance, **k)
    in_set = gazu.asset.new_asset_asset_instance(forest, tree, **k)
    other = gazu.project.new_project("Elsewhere", **k)
    other_shot = gazu.shot.new_shot(other, gazu.shot.new_sequence(other, "SQ01", **k), "SH010", **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    return {"project": project, "tree": tree, "scene": scene, "shot": shot, "instance": instance,
            "in_set": in_set, "other_shot": other_shot, "animation": animation}


def ids(files):
    return [f["id"] for f in files]


def test_row_asset_instance_output_files(kitsu, k, layout):
    instance, shot, scene, tree = layout["instance"], layout["shot"], layout["scene"], layout["tree"]
    animation = layout["animation"]
    cache, render = {"id": str(uuid.uuid4())}, {"id": str(uuid.uuid4())}

    assert gazu.files.get_next_asset_instance_output_revision(instance, shot, cache, animation, **k) == 1
    assert gazu.files.get_last_asset_instance_output_revision(instance, shot, cache, animation, **k) == 0
    first = gazu.files.new_asset_instance_output_file(instance, shot, cache, animation, "blocking", **k)
    second = gazu.files.new_asset_instance_output_file(instance, shot, cache, animation, "polish", **k)
    rendered = gazu.files.new_asset_instance_output_file(instance, shot, render, animation, "beauty", **k)
    in_scene = gazu.files.new_asset_instance_output_file(instance, scene, cache, animation, "layout", **k)
    assert (first["type"], first["revision"], second["revision"], in_scene["revision"]) == ("OutputFile", 1, 2, 1)
    assert (first["asset_instance_id"], first["temporal_entity_id"], first["entity_id"], first["project_id"]) == (
        instance["id"], shot["id"], tree["id"], layout["project"]["id"])
    assert gazu.files.get_next_asset_instance_output_revision(instance, shot, cache, animation, **k) == 3
    assert gazu.files.get_last_asset_instance_output_revision(instance, shot, cache, animation, **k) == 2

    assert set(ids(gazu.files.all_output_files_for_asset_instance(instance, **k))) == {
        first["id"], second["id"], rendered["id"], in_scene["id"]}
    assert ids(gazu.files.all_output_files_for_asset_instance(instance, temporal_entity=shot, output_type=cache,
                                                              **k)) == [first["id"], second["id"]]
    assert ids(gazu.files.all_output_files_for_asset_instance(instance, temporal_entity=scene, **k)) == [
        in_scene["id"]]
    assert set(ids(gazu.files.get_last_output_files_for_asset_instance(instance, shot, **k))) == {
        second["id"], rendered["id"]}
    assert ids(gazu.client.fetch_all(  # Zou's route by output type (no gazu call)
        f"asset-instances/{instance['id']}/entities/{shot['id']}/output-types/{render['id']}/output-files",
        client=kitsu)) == [rendered["id"]]
    own = gazu.files.new_entity_output_file(tree, cache, animation, "turntable", **k)
    assert ids(gazu.files.all_output_files_for_entity(tree, **k)) == [own["id"]]  # not its instances'
    assert len(gazu.files.all_output_files_for_project(layout["project"], **k)) == 5
    posted = gazu.client.create("output-files", {
        "asset_instance_id": instance["id"], "temporal_entity_id": shot["id"], "output_type_id": cache["id"],
        "task_type_id": animation["id"], "name": "master"}, client=kitsu)
    assert (posted["revision"], posted["entity_id"]) == (3, tree["id"])

    with pytest.raises(ParameterException):  # a revision that exists
        gazu.files.new_asset_instance_output_file(instance, shot, cache, animation, "again", revision=1, **k)
    with pytest.raises(ParameterException):  # a shot of another project
        gazu.files.new_asset_instance_output_file(instance, layout["other_shot"], cache, animation, "x", **k)
    with pytest.raises(RouteNotFoundException):  # an instance that does not exist
        gazu.files.get_next_asset_instance_output_revision({"id": str(uuid.uuid4())}, shot, cache, animation, **k)
    with pytest.raises(ParameterException):  # a malformed instance id
        gazu.files.new_asset_instance_output_file({"id": "nope"}, shot, cache, animation, "x", **k)


def test_row_deleting_an_instance_or_its_shot_takes_its_output_files(kitsu, k, layout):
    instance, in_set, shot, scene = layout["instance"], layout["in_set"], layout["shot"], layout["scene"]
    animation, cache = layout["animation"], {"id": str(uuid.uuid4())}
    in_shot = gazu.files.new_asset_instance_output_file(instance, shot, cache, animation, "anim", **k)
    in_scene = gazu.files.new_asset_instance_output_file(instance, scene, cache, animation, "layout", **k)
    of_set = gazu.files.new_asset_instance_output_file(in_set, scene, cache, animation, "set dressing", **k)

    def remaining():
        return set(ids(gazu.files.all_output_files_for_project(layout["project"], **k)))

    assert remaining() == {in_shot["id"], in_scene["id"], of_set["id"]}
    gazu.shot.remove_shot(shot, force=True, **k)
    eventually(lambda: remaining() == {in_scene["id"], of_set["id"]})
    gazu.client.delete(f"data/asset-instances/{in_set['id']}", client=kitsu)
    eventually(lambda: remaining() == {in_scene["id"]})
