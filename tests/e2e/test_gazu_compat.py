"""The gazu compatibility table of docs/api-zou.md: one test per row, each
driving gazu 1.3.1 itself against the whole suite."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from .gazu_studio import new_member


@pytest.fixture
def production(k):
    """A small project: asset types, an asset, a sequence with a shot, task types added to it."""
    project = gazu.project.new_project("Spring", "short", **k)
    character = gazu.asset.new_asset_type("Character", **k)
    asset = gazu.asset.new_asset(project, character, "Spring", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24, **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    modeling = gazu.task.new_task_type("Modeling", for_entity="Asset", **k)
    gazu.project.add_task_type(project, animation, 1, **k)
    gazu.project.add_task_type(project, modeling, 2, **k)
    return {"project": project, "character": character, "asset": asset, "sequence": sequence, "shot": shot,
            "animation": animation, "modeling": modeling}


def test_row_projects_create_find_update_remove(k):
    project = gazu.project.new_project("Cosmos", "featurefilm", **k)
    assert gazu.project.get_project(project["id"], **k)["name"] == "Cosmos"
    assert gazu.project.get_project_by_name("cosmos", **k)["id"] == project["id"]
    assert [p["id"] for p in gazu.project.all_projects(**k)] == [project["id"]]
    assert [p["id"] for p in gazu.project.all_open_projects(**k)] == [project["id"]]
    project["description"] = "Space"
    assert gazu.project.update_project(project, **k)["description"] == "Space"
    assert gazu.project.update_project_data(project, {"client": "ACME"}, **k)["data"] == {"client": "ACME"}
    gazu.project.close_project(project, **k)
    assert gazu.project.all_open_projects(**k) == []
    gazu.project.remove_project(project, **k)
    assert gazu.project.all_projects(**k) == []


def test_row_project_settings_task_types_statuses_asset_types(k, production):
    project, animation = production["project"], production["animation"]
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    gazu.project.add_task_status(project, wip, **k)
    gazu.project.add_asset_type(project, production["character"], **k)
    assert {t["name"] for t in gazu.project.get_project_task_types(project, **k)} == {"Animation", "Modeling"}
    assert [s["short_name"] for s in gazu.project.get_project_task_statuses(project, **k)] == ["wip"]
    assert {t["name"] for t in gazu.task.all_task_types_for_project(project, **k)} == {"Animation", "Modeling"}
    gazu.project.remove_task_type(project, animation, **k)
    assert [t["name"] for t in gazu.project.get_project_task_types(project, **k)] == ["Modeling"]
    assert gazu.project.get_project(project["id"], **k)["asset_types"] == [production["character"]["id"]]


def test_row_asset_types_and_assets(k, production):
    project, character, asset = production["project"], production["character"], production["asset"]
    assert gazu.asset.get_asset_type_by_name("character", **k)["id"] == character["id"]
    assert gazu.asset.get_asset_type(character["id"], **k)["name"] == "Character"
    assert [t["name"] for t in gazu.asset.all_asset_types(**k)] == ["Character"]
    assert [t["name"] for t in gazu.asset.all_asset_types_for_project(project, **k)] == ["Character"]
    renamed = gazu.asset.update_asset_type({"id": character["id"], "name": "Characters"}, **k)
    assert renamed["name"] == "Characters"
    assert gazu.asset.get_asset(asset["id"], **k)["asset_type_name"] == "Characters"
    assert gazu.asset.get_asset_by_name(project, "SPRING", **k)["id"] == asset["id"]
    assert [a["id"] for a in gazu.asset.all_assets_for_project(project, **k)] == [asset["id"]]
    assert [a["id"] for a in gazu.asset.all_assets_for_project_and_type(project, character, **k)] == [asset["id"]]
    asset["description"] = "A squirrel"
    assert gazu.asset.update_asset(asset, **k)["description"] == "A squirrel"
    with pytest.raises(ParameterException):  # an asset type in use stays
        gazu.asset.remove_asset_type(character, **k)
    gazu.asset.remove_asset(asset, **k)
    assert gazu.asset.all_assets_for_project(project, **k) == []
    gazu.asset.remove_asset_type(character, **k)
    assert gazu.asset.all_asset_types(**k) == []


def test_row_episodes_sequences_and_shots(k, production):
    project, sequence, shot = production["project"], production["sequence"], production["shot"]
    episode = gazu.shot.new_episode(project, "E01", **k)
    assert [e["id"] for e in gazu.shot.all_episodes_for_project(project, **k)] == [episode["id"]]
    in_episode = gazu.shot.new_sequence(project, "SQ02", episode=episode, **k)
    assert in_episode["parent_id"] == episode["id"]
    assert gazu.shot.get_sequence(sequence["id"], **k)["name"] == "SQ01"
    assert gazu.shot.get_sequence_by_name(project, "sq01", **k)["id"] == sequence["id"]
    assert [s["name"] for s in gazu.shot.all_sequences_for_project(project, **k)] == ["SQ01", "SQ02"]
    assert gazu.shot.get_shot(shot["id"], **k)["nb_frames"] == 24
    assert gazu.shot.get_shot_by_name(sequence, "SH010", **k)["id"] == shot["id"]
    assert [s["id"] for s in gazu.shot.all_shots_for_project(project, **k)] == [shot["id"]]
    assert [s["id"] for s in gazu.shot.all_shots_for_sequence(sequence, **k)] == [shot["id"]]
    shot["nb_frames"] = 36
    assert gazu.shot.update_shot(shot, **k)["nb_frames"] == 36
    assert gazu.shot.update_shot_data(shot, {"camera": "A"}, **k)["data"]["camera"] == "A"
    gazu.task.create_shot_tasks(shot, [production["animation"]], **k)
    gazu.shot.remove_shot(shot, **k)
    assert gazu.shot.get_shot(shot["id"], **k)["canceled"] is True
    assert gazu.shot.restore_shot(shot, **k)["canceled"] is False
    gazu.shot.remove_shot(shot, force=True, **k)
    gazu.shot.remove_sequence(sequence, **k)
    assert [s["name"] for s in gazu.shot.all_sequences_for_project(project, **k)] == ["SQ02"]


def test_row_task_types_and_statuses(k):
    layout = gazu.task.new_task_type("Layout", color="#00FF00", for_entity="Shot", **k)
    assert gazu.task.new_task_type("Layout", for_entity="Shot", **k)["id"] == layout["id"]
    assert gazu.task.get_task_type_by_name("layout", **k)["id"] == layout["id"]
    assert gazu.task.get_task_type(layout["id"], **k)["color"] == "#00FF00"
    layout["color"] = "#0000FF"
    assert gazu.task.update_task_type(layout, **k)["color"] == "#0000FF"
    assert [t["name"] for t in gazu.task.all_task_types(**k)] == ["Layout"]
    status = gazu.task.new_task_status("Client Review", "crev", "#FF00FF", **k)
    assert gazu.task.get_task_status(status["id"], **k)["name"] == "Client Review"
    assert gazu.task.get_task_status_by_name("client review", **k)["id"] == status["id"]
    assert gazu.task.get_task_status_by_short_name("crev", **k)["id"] == status["id"]
    assert gazu.task.get_default_task_status(**k)["short_name"] == "todo"
    assert {s["short_name"] for s in gazu.task.all_task_statuses(**k)} == {"todo", "wip", "wfa", "retake", "done",
                                                                          "crev"}
    gazu.task.remove_task_status(status, **k)
    gazu.task.remove_task_type(layout, **k)
    assert gazu.task.all_task_types(**k) == []


def test_row_tasks_create_get_list_update_remove(k, production):
    project, shot, asset = production["project"], production["shot"], production["asset"]
    task = gazu.task.new_task(asset, production["modeling"], **k)
    assert gazu.task.get_task_by_entity(asset, production["modeling"], **k)["id"] == task["id"]
    shot_tasks = gazu.task.create_shot_tasks(shot, [production["animation"]], **k)
    assert gazu.task.create_asset_tasks(asset, [production["modeling"]], **k) == []  # exists already
    assert gazu.task.get_task(task["id"], **k)["entity"]["name"] == "Spring"
    assert [t["id"] for t in gazu.task.all_tasks_for_shot(shot, **k)] == [shot_tasks[0]["id"]]
    assert [t["id"] for t in gazu.task.all_tasks_for_asset(asset, **k)] == [task["id"]]
    assert [t["name"] for t in gazu.task.all_task_types_for_asset(asset, **k)] == ["Modeling"]
    assert len(gazu.task.all_tasks_for_project(project, **k)) == 2
    assert [t["id"] for t in gazu.task.all_tasks_for_task_type(project, production["animation"], **k)] == [
        shot_tasks[0]["id"]]
    assert gazu.task.update_task({"id": task["id"], "priority": 2, "estimation": 3.5}, **k)["estimation"] == 3.5
    gazu.task.remove_task(task, **k)
    assert gazu.task.all_tasks_for_asset(asset, **k) == []


def test_row_assign_task(kitsu, k, production):
    artist = new_member(kitsu, "Bob", "bob@studio.example")
    task = gazu.task.new_task(production["asset"], production["modeling"], **k)
    assert gazu.task.assign_task(task, artist, **k)[0]["assignees"] == [artist["id"]]
    assert gazu.task.get_task(task["id"], **k)["assignees"] == [artist["id"]]
    assert [t["id"] for t in gazu.task.all_tasks_for_person(artist, **k)] == [task["id"]]
    gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("done", **k), **k)
    assert gazu.task.all_tasks_for_person(artist, **k) == []
    assert [t["id"] for t in gazu.task.all_done_tasks_for_person(artist, **k)] == [task["id"]]
    stranger = {"id": "00000000-0000-4000-8000-000000000000"}
    with pytest.raises(ParameterException):  # not a member of the workspace
        gazu.task.assign_task(task, stranger, **k)


def test_row_comments_with_status_change_and_batches(k, production, tmp_path):
    task = gazu.task.new_task(production["shot"], production["animation"], **k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    done = gazu.task.get_task_status_by_short_name("done", **k)
    comment = gazu.task.add_comment(task, wip, "Started", **k)
    assert comment["task_status_id"] == wip["id"] and comment["object_id"] == task["id"]
    assert gazu.task.get_task(task, **k)["task_status_id"] == wip["id"]
    gazu.task.start_task(task, **k)
    assert gazu.task.get_comment(comment["id"], **k)["text"] == "Started"
    [batched] = gazu.task.add_tasks_batch_comments([task], {"task_status_id": done["id"], "comment": "Final"}, **k)
    assert batched["text"] == "Final"
    assert gazu.task.get_task(task, **k)["task_status_id"] == done["id"]
    results = gazu.task.batch_comments([{"task_status_id": wip["id"], "comment": "Reopened"}], task=task, **k)
    assert [c["text"] for c in results] == ["Reopened"]
    assert [c["text"] for c in gazu.task.all_comments_for_task(task, **k)] == ["Reopened", "Final", "", "Started"]
    assert gazu.task.get_last_comment_for_task(task, **k)["text"] == "Reopened"
    gazu.task.remove_comment(comment, **k)
    assert len(gazu.task.all_comments_for_task(task, **k)) == 3


def test_row_casting(k, production):
    project, shot, asset = production["project"], production["shot"], production["asset"]
    prop_type = gazu.asset.new_asset_type("Prop", **k)
    acorn = gazu.asset.new_asset(project, prop_type, "Acorn", **k)
    gazu.casting.update_shot_casting(project, shot, [{"asset_id": asset["id"], "nb_occurences": 2},
                                                     {"asset_id": acorn["id"], "nb_occurences": 1}], **k)
    assert {(c["asset_id"], c["nb_occurences"]) for c in gazu.casting.get_shot_casting(shot, **k)} == {
        (asset["id"], 2), (acorn["id"], 1)}
    assert [(c["shot_id"], c["nb_occurences"]) for c in gazu.casting.get_asset_cast_in(asset, **k)] == [
        (shot["id"], 2)]
    links = gazu.casting.all_entity_links_for_project(project, **k)
    assert len(links) == 2
    gazu.casting.delete_entity_link(links[0], **k)
    assert len(gazu.casting.all_entity_links_for_project(project, **k)) == 1
    gazu.casting.update_shot_casting(project, shot, [], **k)
    assert gazu.casting.get_shot_casting(shot, **k) == []
    gazu.casting.update_asset_casting(project, asset, [{"asset_id": acorn["id"], "nb_occurences": 4}], **k)
    assert [(c["asset_id"], c["nb_occurences"]) for c in gazu.casting.get_asset_casting(asset, **k)] == [
        (acorn["id"], 4)]
    shared = gazu.client.post(f"actions/projects/{project['id']}/asset-types/{prop_type['id']}/assets/share",
                              {"is_shared": True}, **k)
    assert [(a["id"], a["is_shared"]) for a in shared] == [(acorn["id"], True)]


def test_row_context_user_projects_and_listings(kitsu, k, production):
    project = production["project"]
    assert [p["id"] for p in gazu.context.all_open_projects(**k)] == [project["id"]]
    assert gazu.context.all_open_projects(user_context=True, **k) == []  # the admin is in no team yet
    admin = gazu.client.get_current_user(client=kitsu)
    gazu.project.add_person_to_team(project, admin, **k)
    assert [p["id"] for p in gazu.context.all_open_projects(user_context=True, **k)] == [project["id"]]
    assert [a["id"] for a in gazu.context.all_assets_for_project(project, **k)] == [production["asset"]["id"]]
    assert [s["id"] for s in gazu.context.all_sequences_for_project(project, **k)] == [production["sequence"]["id"]]
    assert [s["id"] for s in gazu.context.all_shots_for_sequence(production["sequence"], **k)] == [
        production["shot"]["id"]]


def test_row_events_feed(kitsu, k, production):
    task = gazu.task.new_task(production["shot"], production["animation"], **k)
    gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("wip", **k), "Go", **k)
    events = gazu.client.fetch_all("events/last", params={"limit": 3}, client=kitsu)
    assert [e["name"] for e in events] == ["task:status-changed", "comment:new", "task:new"]
    older = gazu.client.fetch_all("events/last", params={"limit": 1, "cursor_event_id": events[-1]["id"]},
                                  client=kitsu)
    assert older[0]["name"] == "project:update"


def test_row_bad_input_answers_zou_errors(kitsu, k, production):
    with pytest.raises(ParameterException, match="Malformed ID"):
        gazu.client.fetch_all("projects", params={"id": "nope"}, client=kitsu)
    with pytest.raises(ParameterException, match="not a valid filter"):
        gazu.client.fetch_all("projects", params={"colour": "red"}, client=kitsu)
    with pytest.raises(ParameterException, match="Malformed list filter"):
        gazu.client.fetch_all("tasks", params={"task_status_id": '["x"'}, client=kitsu)
    with pytest.raises(ParameterException, match="already exists"):
        gazu.client.create("projects", {"name": "SPRING"}, client=kitsu)
    with pytest.raises(ParameterException):
        gazu.client.create("tasks", {"project_id": production["project"]["id"],
                                     "entity_id": production["shot"]["id"],
                                     "task_type_id": "6f1c1d1e-0000-4000-8000-000000000000"}, client=kitsu)
    with pytest.raises(RouteNotFoundException):
        gazu.shot.get_shot("6f1c1d1e-0000-4000-8000-000000000000", **k)
    page = gazu.client.fetch_all("projects", params={"page": 1, "limit": 1}, client=kitsu)
    assert page["total"] == 1 and page["nb_pages"] == 1 and page["data"][0]["name"] == "Spring"


def test_row_permissions_artist_reads_team_projects_comments_but_cannot_manage(kitsu, k, production, suite):
    artist = new_member(kitsu, "Cid", "cid@studio.example", password="artist-pass-1")
    other = gazu.project.new_project("Not yours", **k)
    gazu.project.add_person_to_team(production["project"], artist, **k)
    task = gazu.task.new_task(production["shot"], production["animation"], **k)
    as_artist = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("cid@studio.example", "artist-pass-1", client=as_artist)
    a = {"client": as_artist}
    assert [p["id"] for p in gazu.project.all_projects(**a)] == [production["project"]["id"]]
    with pytest.raises(RouteNotFoundException):
        gazu.project.get_project(other["id"], **a)
    with pytest.raises(NotAllowedException):
        gazu.project.new_project("Mine", **a)
    with pytest.raises(NotAllowedException):
        gazu.shot.new_shot(production["project"], production["sequence"], "SH999", **a)
    wip = gazu.task.get_task_status_by_short_name("wip", **a)
    assert gazu.task.add_comment(task, wip, "On it", **a)["person_id"] == artist["id"]
    gazu.task.assign_task(task, artist, **k)
    assert [t["id"] for t in gazu.user.all_tasks_to_do(**a)] == [task["id"]]
