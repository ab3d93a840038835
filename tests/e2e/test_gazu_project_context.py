"""gazu 1.3.1, unchanged, on gazu.project's settings (project statuses, task statuses,
budgets, metadata descriptors, status automations, milestones, preview
background files, quotas) and on gazu.context, against the whole suite in
this process. Each test is a row of docs/gazu/project.md or docs/gazu/context.md."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from .conftest import eventually
from .gazu_studio import new_member


@pytest.fixture
def studio(kitsu, suite):
    """A project with an artist in its team, and the artist's own logged-in client."""
    project = gazu.project.new_project("Spring", client=kitsu)
    artist = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    gazu.project.add_person_to_team(project, artist, client=kitsu)
    ann = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("ann@studio.example", "kitsu-artist-1", client=ann)
    return {"project": project, "artist": artist, "ann": ann}


def test_row_project_statuses_and_url(kitsu, suite):
    k = {"client": kitsu}
    assert [s["name"] for s in gazu.project.all_project_status(**k)] == ["Closed", "Open"]
    closed = gazu.project.get_project_status_by_name("Closed", **k)
    assert closed["type"] == "ProjectStatus" and closed["name"] == "Closed"
    assert gazu.project.get_project_status_by_name("Paused", **k) is None
    project = gazu.project.new_project("Spring", **k)
    host = suite.url("")
    assert gazu.project.get_project_url(project, **k) == f"{host}/productions/{project['id']}/assets/"
    assert gazu.project.get_project_url(project["id"], "shots", **k) == f"{host}/productions/{project['id']}/shots/"


def test_row_remove_task_status(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    done = gazu.task.get_task_status_by_short_name("done", **k)
    gazu.project.add_task_status(project, wip, **k)
    gazu.project.add_task_status(project, done, **k)
    with pytest.raises(NotAllowedException):
        gazu.project.remove_task_status(project, wip, client=ann)
    gazu.project.remove_task_status(project, wip, **k)
    assert [s["id"] for s in gazu.project.get_project_task_statuses(project, **k)] == [done["id"]]


def test_row_budgets_and_entries(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    budget = gazu.project.create_budget(project, "Main", description="First pass", currency="EUR",
                                        start_date="2026-01-01", end_date="2026-06-30", amount=120000, **k)
    assert (budget["type"], budget["revision"], budget["amount"], budget["end_date"]) == (
        "Budget", 1, 120000.0, "2026-06-30")
    assert gazu.project.create_budget(project, "Revised", **k)["revision"] == 2
    assert [b["name"] for b in gazu.project.get_budgets(project, **k)] == ["Main", "Revised"]
    assert gazu.project.get_budget(project, budget, **k)["description"] == "First pass"
    assert gazu.project.update_budget(project, budget, {"amount": 150000}, **k)["amount"] == 150000.0
    entry = gazu.project.create_budget_entry(project, budget, "Render farm", date="2026-02-01", quantity=10,
                                             unit_price=250, category="hardware", **k)
    assert (entry["type"], entry["amount"], entry["budget_id"]) == ("BudgetEntry", 2500.0, budget["id"])
    assert [e["id"] for e in gazu.project.get_budget_entries(project, budget, **k)] == [entry["id"]]
    assert gazu.project.get_budget_entry(project, budget, entry, **k)["category"] == "hardware"
    assert gazu.project.update_budget_entry(project, budget, entry, {"quantity": 12}, **k)["amount"] == 3000.0
    # An artist neither writes nor sees the budgets.
    with pytest.raises(NotAllowedException):
        gazu.project.create_budget(project, "Mine", client=ann)
    assert gazu.project.get_budgets(project, client=ann) == []
    # Bad input is a 400 and writes nothing.
    with pytest.raises(ParameterException):
        gazu.project.create_budget(project, "Bad", currency="euros", **k)
    with pytest.raises(ParameterException):
        gazu.project.create_budget_entry(project, budget, "Refund", amount=-5, **k)
    assert len(gazu.project.get_budgets(project, **k)) == 2
    outsider = gazu.project.new_project("Autumn", **k)  # not in the artist's team
    with pytest.raises(RouteNotFoundException):
        gazu.project.get_budgets(outsider, client=ann)
    with pytest.raises(RouteNotFoundException):  # a budget of another project
        gazu.project.get_budget_entries(outsider, budget, **k)
    gazu.project.remove_budget_entry(project, budget, entry, **k)
    assert gazu.project.get_budget_entries(project, budget, **k) == []
    gazu.project.remove_budget(project, budget, **k)
    with pytest.raises(RouteNotFoundException):
        gazu.project.get_budget(project, budget, **k)


def test_row_metadata_descriptors(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    layer = gazu.project.add_metadata_descriptor(project, "Layer", "Shot", data_type="list",
                                                 choices=["bg", "fg"], for_client=True, **k)
    assert (layer["type"], layer["field_name"], layer["entity_type"], layer["choices"]) == (
        "MetadataDescriptor", "layer", "Shot", ["bg", "fg"])
    difficulty = gazu.project.add_metadata_descriptor(project, "Difficulty", "Shot", data_type="number", **k)
    style = gazu.project.add_metadata_descriptor(project, "Style", "Asset", **k)
    assert [d["name"] for d in gazu.project.all_metadata_descriptors(project, **k)] == [
        "Style", "Layer", "Difficulty"]
    assert [d["id"] for d in gazu.project.all_metadata_descriptors(project, entity_type="Shot", **k)] == [
        layer["id"], difficulty["id"]]
    assert gazu.project.get_metadata_descriptor(project, layer["id"], **k)["name"] == "Layer"
    assert gazu.project.get_metadata_descriptor_by_field_name(project, "difficulty", **k)["id"] == difficulty["id"]
    # A renamed descriptor renames the field in the shots' data.
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH01", data={"layer": "bg"}, **k)
    renamed = gazu.project.update_metadata_descriptor(project, {**layer, "name": "Render Layer"}, **k)
    assert renamed["field_name"] == "render_layer"
    assert gazu.shot.get_shot(shot["id"], **k)["data"] == {"render_layer": "bg"}
    ordered = gazu.project.reorder_metadata_descriptors(project, "Shot", [difficulty, layer], **k)
    assert [(d["id"], d["position"]) for d in ordered] == [(difficulty["id"], 0), (layer["id"], 1)]
    # Artists cannot change a project's settings; bad input is a 400.
    with pytest.raises(NotAllowedException):
        gazu.project.add_metadata_descriptor(project, "Mine", "Shot", client=ann)
    with pytest.raises(ParameterException):
        gazu.project.add_metadata_descriptor(project, "Planet", "Planet", **k)
    with pytest.raises(RouteNotFoundException):  # a project outside the artist's team
        gazu.project.all_metadata_descriptors(gazu.project.new_project("Autumn", **k), client=ann)
    with pytest.raises(ParameterException):  # the same field twice on shots
        gazu.project.add_metadata_descriptor(project, "difficulty", "Shot", **k)
    gazu.project.remove_metadata_descriptor(project, renamed, force=True, **k)
    assert gazu.shot.get_shot(shot["id"], **k)["data"] == {}
    assert [d["id"] for d in gazu.project.all_metadata_descriptors(project, **k)] == [style["id"], difficulty["id"]]


def test_row_status_automations(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    modeling = gazu.task.new_task_type("Modeling", for_entity="Asset", **k)
    rigging = gazu.task.new_task_type("Rigging", for_entity="Asset", **k)
    automation = gazu.client.create("status-automations", {
        "entity_type": "asset", "in_task_type_id": modeling["id"],
        "in_task_status_id": gazu.task.get_task_status_by_short_name("done", **k)["id"],
        "out_task_type_id": rigging["id"],
        "out_task_status_id": gazu.task.get_task_status_by_short_name("wip", **k)["id"]}, **k)
    gazu.project.add_status_automation(project, {"status_automation_id": automation["id"]}, **k)
    assert [a["id"] for a in gazu.project.all_status_automations(project, **k)] == [automation["id"]]
    with pytest.raises(NotAllowedException):
        gazu.project.remove_status_automation(project, automation, client=ann)
    with pytest.raises(ParameterException):
        gazu.project.add_status_automation(project, {}, **k)
    gazu.project.remove_status_automation(project, automation, **k)
    assert gazu.project.all_status_automations(project, **k) == []


def test_row_milestones(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    gazu.client.create("milestones", {"project_id": project["id"], "name": "Animatic", "date": "2026-03-01"}, **k)
    gazu.client.create("milestones", {"project_id": project["id"], "name": "Delivery", "date": "2026-06-30"}, **k)
    assert [(m["name"], m["date"]) for m in gazu.project.get_milestones(project, **k)] == [
        ("Animatic", "2026-03-01"), ("Delivery", "2026-06-30")]
    assert len(gazu.project.get_milestones(project, client=ann)) == 2


def test_row_preview_background_files(kitsu, studio):
    k = {"client": kitsu}
    project, ann = studio["project"], studio["ann"]
    grey = gazu.client.create("preview-background-files", {"name": "Grey"}, **k)
    studio_hdr = gazu.client.create("preview-background-files", {"name": "Studio"}, **k)
    assert gazu.project.get_preview_background_files(project, **k) == []
    answer = gazu.project.add_preview_background_file(project, {"preview_background_file_id": grey["id"]}, **k)
    assert answer["preview_background_files"] == [grey["id"]]
    assert [b["name"] for b in gazu.project.get_preview_background_files(project, **k)] == ["Grey"]
    with pytest.raises(NotAllowedException):
        gazu.project.add_preview_background_file(project, {"preview_background_file_id": studio_hdr["id"]},
                                                 client=ann)
    with pytest.raises(RouteNotFoundException):  # not a background file of this workspace
        gazu.project.add_preview_background_file(project, {"preview_background_file_id": project["id"]}, **k)
    with pytest.raises(ParameterException):
        gazu.project.add_preview_background_file(project, {}, **k)
    assert gazu.project.get_project(project["id"], **k)["preview_background_files"] == [grey["id"]]
    gazu.project.remove_preview_background_file(project, grey, **k)
    assert gazu.project.get_preview_background_files(project, **k) == []
    # A file deleted in the asset service leaves the project's settings (its event reaches production_tracking).
    gazu.project.add_preview_background_file(project, {"preview_background_file_id": studio_hdr["id"]}, **k)
    gazu.client.delete(f"data/preview-background-files/{studio_hdr['id']}", **k)
    eventually(lambda: gazu.project.get_project(project["id"], **k)["preview_background_files"] == [], timeout=10)


def test_row_quotas(kitsu, studio):
    k = {"client": kitsu}
    project, artist, ann = studio["project"], studio["artist"], studio["ann"]
    admin = gazu.client.get_current_user(**k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH01", nb_frames=48, **k)
    task = gazu.task.new_task(shot, animation, **k)
    gazu.task.set_time_spent(task, artist, "2026-03-02", 360, client=ann)
    gazu.task.set_time_spent(task, admin, "2026-03-09", 120, **k)
    assert gazu.project.get_project_quotas(project, animation, **k) == {}  # not done yet
    gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("done", **k), "Approved", **k)
    quotas = gazu.project.get_project_quotas(project, animation, **k)
    assert quotas[artist["id"]]["frames"]["day"] == {"2026-03-02": 36.0}
    assert quotas[admin["id"]]["count"]["week"] == {"2026-11": 0.25}
    assert quotas[artist["id"]]["seconds"]["month"] == {"2026-03": 1.44}
    assert list(gazu.project.get_project_quotas(project, animation, client=ann)) == [artist["id"]]
    mine = gazu.project.get_project_person_quotas(project, artist, client=ann)
    assert mine["count"]["month"] == {"2026-03": 0.75} and list(mine["task_types"]) == [animation["id"]]
    with pytest.raises(NotAllowedException):
        gazu.project.get_project_person_quotas(project, admin, client=ann)


def test_row_context_listings_with_and_without_user_context(kitsu, studio):
    k = {"client": kitsu}
    project, artist, ann = studio["project"], studio["artist"], studio["ann"]
    prop = gazu.asset.new_asset_type("Prop", **k)
    gazu.asset.new_asset_type("Set", **k)
    box = gazu.asset.new_asset(project, prop, "Box", **k)
    gazu.asset.new_asset(project, prop, "Crate", **k)
    episode = gazu.shot.new_episode(project, "E01", **k)
    gazu.shot.new_episode(project, "E02", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, **k)
    gazu.shot.new_sequence(project, "SQ02", episode=episode, **k)
    shot = gazu.shot.new_shot(project, sequence, "SH01", **k)
    gazu.shot.new_shot(project, sequence, "SH02", **k)
    scene = gazu.scene.new_scene(project, sequence, "SC01", **k)
    types = {name: gazu.task.new_task_type(name, **k) for name in ("Modeling", "Animation", "Layout", "Storyboard")}
    tasks = [gazu.task.new_task(entity, types[name], **k) for entity, name in (
        (box, "Modeling"), (shot, "Animation"), (scene, "Layout"), (sequence, "Storyboard"))]
    for task in tasks:
        gazu.task.assign_task(task, artist, **k)
    gazu.task.new_task(shot, types["Layout"], **k)  # not the artist's

    def names(records):
        return [r["name"] for r in records]

    c = gazu.context
    assert names(c.all_asset_types_for_project(project, user_context=True, client=ann)) == ["Prop"]
    assert names(c.all_asset_types_for_project(project, **k)) == ["Prop"]
    assert names(c.all_assets_for_asset_type_and_project(project, prop, user_context=True, client=ann)) == ["Box"]
    assert names(c.all_assets_for_asset_type_and_project(project, prop, **k)) == ["Box", "Crate"]
    assert names(c.all_task_types_for_asset(box, user_context=True, client=ann)) == ["Modeling"]
    assert names(c.all_task_types_for_asset(box, **k)) == ["Modeling"]
    assert names(c.all_task_types_for_shot(shot, user_context=True, client=ann)) == ["Animation"]
    assert sorted(names(c.all_task_types_for_shot(shot, **k))) == ["Animation", "Layout"]
    assert names(c.all_task_types_for_scene(scene, user_context=True, client=ann)) == ["Layout"]
    assert names(c.all_task_types_for_scene(scene, **k)) == ["Layout"]
    assert names(c.all_task_types_for_sequence(sequence, user_context=True, client=ann)) == ["Storyboard"]
    assert names(c.all_task_types_for_sequence(sequence, **k)) == ["Storyboard"]
    assert names(c.all_sequences_for_project(project, user_context=True, client=ann)) == ["SQ01"]
    assert names(c.all_sequences_for_project(project, **k)) == ["SQ01", "SQ02"]
    assert names(c.all_episodes_for_project(project, user_context=True, client=ann)) == ["E01"]
    assert names(c.all_episodes_for_project(project, **k)) == ["E01", "E02"]
    assert names(c.all_shots_for_sequence(sequence, user_context=True, client=ann)) == ["SH01"]
    assert names(c.all_scenes_for_sequence(sequence, user_context=True, client=ann)) == ["SC01"]
    assert names(c.all_scenes_for_sequence(sequence, **k)) == ["SC01"]
    assert names(c.all_scenes_for_project(project, **k)) == ["SC01"]
    assert names(c.all_sequences_for_episode(episode, **k)) == ["SQ01", "SQ02"]
    outsider = gazu.project.new_project("Autumn", **k)
    with pytest.raises(RouteNotFoundException):  # not in that project's team
        c.all_sequences_for_project(outsider, user_context=True, client=ann)
