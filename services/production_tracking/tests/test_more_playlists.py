"""Playlists (generic CRUD, per-project listings, adding entities) and edits' tasks."""

import uuid

import pytest

from reelhouse.shared.errors import BadRequest, Forbidden, NotFound, ValidationFailed


@pytest.fixture
def shots(call, admin, project):
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    return [call("create_entity", "shots", project["id"], {"name": name, "sequence_id": sequence["id"]},
                 caller=admin) for name in ("SH010", "SH020")]


def test_create_list_get_and_add_entities(call, admin, project, shots, events):
    events.drain()
    playlist = call("create_record", "playlists", {"name": "Dailies", "project_id": project["id"]}, caller=admin)
    assert (playlist["type"], playlist["shots"], playlist["for_entity"], playlist["created_by"]) == (
        "Playlist", [], "shot", admin.user_id)
    preview = str(uuid.uuid4())
    added = call("add_playlist_entities", playlist["id"], {"entity_id": shots[0]["id"], "preview_file_id": preview},
                 caller=admin)
    assert added["shots"] == [{"entity_id": shots[0]["id"], "preview_file_id": preview}]
    added = call("add_playlist_entities", playlist["id"], [{"entity_id": shots[1]["id"]},
                                                          {"entity_id": shots[0]["id"]}], caller=admin)
    assert [s["entity_id"] for s in added["shots"]] == [shots[0]["id"], shots[1]["id"]]
    listed = call("list_project_playlists", project["id"], None, 1, caller=admin)
    assert [p["id"] for p in listed] == [playlist["id"]] and "shots" not in listed[0]
    assert call("list_project_playlists", project["id"], None, 2, caller=admin) == []
    assert call("get_project_playlist", project["id"], playlist["id"], caller=admin)["shots"] == added["shots"]
    assert events.types() == ["playlist_created", "playlist_updated", "playlist_updated"]


def test_episode_listings_main_and_all(call, admin, project):
    episode = call("create_entity", "episodes", project["id"], {"name": "E01"}, caller=admin)
    main = call("create_record", "playlists", {"name": "Main", "project_id": project["id"]}, caller=admin)
    of_episode = call("create_record", "playlists", {"name": "E01 review", "project_id": project["id"],
                                                     "episode_id": episode["id"]}, caller=admin)
    for_all = call("create_record", "playlists", {"name": "Everything", "project_id": project["id"],
                                                  "is_for_all": True}, caller=admin)

    def ids(episode_id):
        return [p["id"] for p in call("list_project_playlists", project["id"], episode_id, caller=admin)]

    assert ids(episode["id"]) == [of_episode["id"]]
    assert ids("main") == [main["id"]]
    assert ids("all") == [for_all["id"]]


def test_bad_playlists_are_refused_and_write_nothing(call, admin, project, shots):
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    stranger_shot = call("create_entity", "sequences", other["id"], {"name": "SQ09"}, caller=admin)
    for payload in (
        {"name": "No project"},
        {"name": "X", "project_id": project["id"], "for_entity": "planet"},
        {"name": "X", "project_id": project["id"], "episode_id": shots[0]["id"]},  # not an episode
        {"name": "X", "project_id": project["id"], "shots": [{"entity_id": stranger_shot["id"]}]},
        {"name": "X", "project_id": project["id"], "shots": [{"entity_id": "nope"}]},
        {"name": "X", "project_id": project["id"], "shots": "SH010"},
        {"name": "X", "project_id": project["id"], "task_type_id": str(uuid.uuid4())},
    ):
        with pytest.raises(ValidationFailed):
            call("create_record", "playlists", payload, caller=admin)
    call("create_record", "playlists", {"name": "Dailies", "project_id": project["id"]}, caller=admin)
    with pytest.raises(ValidationFailed):  # one name per project (and episode)
        call("create_record", "playlists", {"name": "dailies", "project_id": project["id"]}, caller=admin)
    assert len(call("list_records", "playlists", caller=admin)["items"]) == 1


def test_add_entity_checks_the_entity_and_the_body(call, admin, project, shots):
    playlist = call("create_record", "playlists", {"name": "Dailies", "project_id": project["id"]}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("add_playlist_entities", playlist["id"], {"entity_id": str(uuid.uuid4())}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("add_playlist_entities", playlist["id"], {"preview_file_id": str(uuid.uuid4())}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("add_playlist_entities", playlist["id"], [], caller=admin)
    with pytest.raises(NotFound):
        call("add_playlist_entities", str(uuid.uuid4()), {"entity_id": shots[0]["id"]}, caller=admin)
    assert call("get_record", "playlists", playlist["id"], caller=admin)["shots"] == []


def test_roles_and_project_deletion(call, admin, studio, project, shots, join):
    playlist = call("create_record", "playlists", {"name": "Dailies", "project_id": project["id"]}, caller=admin)
    artist = join(studio[0], role="user")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    with pytest.raises(Forbidden):
        call("add_playlist_entities", playlist["id"], {"entity_id": shots[0]["id"]}, caller=artist)
    assert [p["id"] for p in call("list_project_playlists", project["id"], caller=artist)] == [playlist["id"]]
    with pytest.raises(BadRequest) as refused:
        call("delete_record", "projects", project["id"], caller=admin)
    assert refused.value.details["dependants"]["playlists"] == 1
    call("delete_record", "projects", project["id"], True, caller=admin)
    assert call("list_records", "playlists", caller=admin)["items"] == []


def test_edit_tasks_and_forced_delete(call, admin, project):
    edit = call("create_entity", "edits", project["id"], {"name": "Trailer"}, caller=admin)
    assert edit["type"] == "Edit"
    task_type = call("create_record", "task-types", {"name": "Editing", "for_entity": "Edit"}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": edit["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)
    tasks = call("list_records", "tasks", {}, None, None, {"entity_id": edit["id"]}, caller=admin)["items"]
    assert [t["id"] for t in tasks] == [task["id"]]
    # Zou (and gazu's remove_edit) keep an edit with tasks, canceled, unless forced.
    assert call("delete_record", "edits", edit["id"], caller=admin)["canceled"] is True
    assert call("get_record", "edits", edit["id"], caller=admin)["canceled"] is True
    call("delete_record", "edits", edit["id"], True, caller=admin)
    with pytest.raises(NotFound):
        call("get_record", "edits", edit["id"], caller=admin)
