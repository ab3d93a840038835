"""gazu 1.3.1, unchanged, on time spents, notifications, search filters,
playlists, edits and softwares, against the whole suite in this process."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException

from .gazu_studio import new_member


@pytest.fixture
def production(kitsu):
    """A project with a shot, its animation task, and an artist in the team with a login."""
    k = {"client": kitsu}
    project = gazu.project.new_project("Spring", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    task = gazu.task.new_task(shot, animation, **k)
    artist = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    gazu.project.add_person_to_team(project, artist, **k)
    return {"project": project, "sequence": sequence, "shot": shot, "task": task, "artist": artist}


def artist_client(suite):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("ann@studio.example", "kitsu-artist-1", client=client)
    return client


def test_gazu_time_spents(kitsu, suite, production):
    k = {"client": kitsu}
    task, artist = production["task"], production["artist"]
    ann = artist_client(suite)
    spent = gazu.task.set_time_spent(task, artist, "2026-11-20", 90, client=ann)
    assert (spent["type"], spent["duration"], spent["date"]) == ("TimeSpent", 90.0, "2026-11-20")
    assert gazu.task.add_time_spent(task, artist, "2026-11-20", 30, client=ann)["duration"] == 120.0
    gazu.task.set_time_spent(task, gazu.client.get_current_user(**k), "2026-11-21", 60, **k)
    everything = gazu.task.get_time_spent(task, **k)
    assert everything["total"] == 180.0 and [t["duration"] for t in everything[artist["id"]]] == [120.0]
    assert gazu.task.get_time_spent(task, "2026-11-21", **k)["total"] == 60.0
    assert gazu.task.get_task_time_spent_for_date(task, "2026-11-20", **k)["total"] == 120.0
    assert gazu.task.get_task(task, **k)["duration"] == 180.0
    assert [t["duration"] for t in gazu.user.get_timespents_range("2026-11-01", "2026-11-30", client=ann)] == [120.0]
    assert [t["date"] for t in gazu.user.get_time_spents_by_date("2026-11-21", **k)] == ["2026-11-21"]
    with pytest.raises(NotAllowedException):  # an artist logs only their own time
        gazu.task.set_time_spent(task, gazu.client.get_current_user(**k), "2026-11-22", 10, client=ann)
    with pytest.raises(ParameterException):
        gazu.task.set_time_spent(task, artist, "not-a-date", 10, client=ann)
    gazu.task.remove_time_spent(spent, client=ann)
    assert gazu.task.get_time_spent(task, "2026-11-20", **k) == {"total": 0}
    assert gazu.task.get_task(task, **k)["duration"] == 60.0


def test_gazu_notifications_for_assignment_and_comment(kitsu, suite, production):
    k = {"client": kitsu}
    task, artist = production["task"], production["artist"]
    gazu.task.assign_task(task, artist, **k)
    gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("wip", **k), "Go!", **k)
    ann = artist_client(suite)
    notifications = gazu.user.all_notifications(client=ann)
    assert [n["notification_type"] for n in notifications] == ["comment", "assignation"]
    assert notifications[0]["comment_text"] == "Go!" and notifications[0]["change"] is True
    one = gazu.user.get_notification(notifications[0], client=ann)
    assert one["id"] == notifications[0]["id"] and one["read"] is False
    assert gazu.user.update_notification({**one, "read": True}, client=ann)["read"] is True
    assert gazu.user.all_notifications(client=ann)[0]["read"] is True
    assert gazu.user.all_notifications(**k) == []


def test_gazu_search_filters(kitsu, production):
    k = {"client": kitsu}
    project = production["project"]
    saved = gazu.user.new_filter("Late shots", "late", "shot", project=project, entity_type="Shot", **k)
    assert saved["query"] == "late" and saved["project_id"] == project["id"]
    assert [f["id"] for f in gazu.user.all_filters(**k)["shot"][project["id"]]] == [saved["id"]]
    assert gazu.user.update_filter({**saved, "name": "Very late"}, **k)["name"] == "Very late"
    gazu.user.remove_filter(saved, **k)
    assert gazu.user.all_filters(**k) == {}


def test_gazu_playlists(kitsu, production):
    k = {"client": kitsu}
    project, shot = production["project"], production["shot"]
    playlist = gazu.playlist.new_playlist(project, "Dailies", **k)
    assert playlist["type"] == "Playlist" and playlist["shots"] == []
    assert gazu.playlist.new_playlist(project, "Dailies", **k)["id"] == playlist["id"]  # found, not duplicated
    assert gazu.playlist.get_playlist_by_name(project, "Dailies", **k)["id"] == playlist["id"]
    preview = "9b3c1e6a-3f8e-4b0e-9d57-2b1f0c1d2e3f"
    updated = gazu.playlist.add_entity_to_playlist(playlist, shot, preview_file=preview, **k)
    assert updated["shots"] == [{"entity_id": shot["id"], "preview_file_id": preview}]
    assert [s["entity_id"] for s in gazu.playlist.all_shots_for_playlist(playlist, **k)] == [shot["id"]]
    assert [p["id"] for p in gazu.playlist.all_playlists_for_project(project, **k)] == [playlist["id"]]
    assert [p["id"] for p in gazu.playlist.all_playlists(**k)] == [playlist["id"]]
    emptied = gazu.playlist.remove_entity_from_playlist(updated, shot, **k)
    assert emptied["shots"] == [] and gazu.playlist.get_playlist(playlist, **k)["shots"] == []
    with pytest.raises(ParameterException):
        gazu.playlist.update_playlist({**playlist, "shots": [{"entity_id": project["id"]}]}, **k)
    gazu.playlist.delete_playlist(playlist, **k)
    assert gazu.playlist.all_playlists_for_project(project, **k) == []


def test_gazu_edits_and_their_tasks(kitsu, production):
    k = {"client": kitsu}
    project = production["project"]
    edit = gazu.edit.new_edit(project, "Trailer", description="90 seconds", **k)
    assert edit["type"] == "Edit" and gazu.edit.new_edit(project, "Trailer", **k)["id"] == edit["id"]
    assert [e["id"] for e in gazu.edit.all_edits_for_project(project, **k)] == [edit["id"]]
    editing = gazu.task.new_task_type("Editing", for_entity="Edit", **k)
    task = gazu.task.new_task(edit, editing, **k)
    assert [t["id"] for t in gazu.task.all_tasks_for_edit(edit, **k)] == [task["id"]]
    gazu.edit.remove_edit(edit, **k)  # with tasks: kept, canceled
    assert gazu.edit.get_edit(edit["id"], **k)["canceled"] is True
    gazu.edit.remove_edit(edit, force=True, **k)
    assert gazu.edit.all_edits_for_project(project, **k) == []


def test_gazu_softwares(kitsu):
    k = {"client": kitsu}
    blender = gazu.files.new_software("Blender", "bl", ".blend", secondary_extensions=[".blend1"], **k)
    assert blender["type"] == "Software"
    assert gazu.files.new_software("Blender", "bl", ".blend", **k)["id"] == blender["id"]
    assert gazu.files.get_software_by_name("blender", **k)["id"] == blender["id"]
    assert [s["id"] for s in gazu.files.all_softwares(**k)] == [blender["id"]]


def test_gazu_raw_schedule_milestones_and_status_automation_settings(kitsu, production):
    k = {"client": kitsu}
    project, task = production["project"], production["task"]
    layout = gazu.task.new_task_type("Layout", for_entity="Shot", **k)
    # Zou's route list names these with a trailing slash.
    item = gazu.client.post("data/schedule-items/", {"project_id": project["id"], "task_type_id": layout["id"],
                                                     "start_date": "2026-12-01", "end_date": "2027-01-15"}, **k)
    milestone = gazu.client.create("milestones", {"project_id": project["id"], "name": "Animatic",
                                                  "date": "2027-02-01"}, **k)
    assert [i["id"] for i in gazu.client.fetch_all(f"projects/{project['id']}/schedule-items", **k)] == [item["id"]]
    assert [m["id"] for m in gazu.client.fetch_all(f"projects/{project['id']}/milestones", **k)] == [milestone["id"]]
    with pytest.raises(ParameterException):
        gazu.client.create("milestones", {"project_id": project["id"], "name": "X", "date": "someday"}, **k)

    done = gazu.task.get_task_status_by_short_name("done", **k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    layout_task = gazu.task.new_task(production["shot"], layout, **k)
    rule = gazu.client.create("status-automations", {
        "entity_type": "shot", "in_task_type_id": task["task_type_id"], "in_task_status_id": done["id"],
        "out_task_type_id": layout["id"], "out_task_status_id": wip["id"]}, **k)
    gazu.client.post(f"data/projects/{project['id']}/settings/status-automations",
                     {"status_automation_id": rule["id"]}, **k)
    assert [a["id"] for a in gazu.client.get(f"data/projects/{project['id']}/settings/status-automations", **k)] \
        == [rule["id"]]
    gazu.task.add_comment(task, done, "Approved", **k)
    assert gazu.task.get_task(layout_task, **k)["task_status_id"] == wip["id"]
    events = [e["name"] for e in gazu.client.fetch_all("events/last", {"limit": 20}, **k)]
    assert events.count("task:status-changed") == 2
