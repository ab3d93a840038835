"""Comment actions (acknowledge, reply, delete a reply, move, several at once, file-removal checks),
task listings (under sequences and episodes, by type, related to a person, open tasks, their
statistics, persons' dates), batch task actions (clear assignations, delete tasks) and concepts."""

import uuid

import pytest

from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed


@pytest.fixture
def team(call, admin, studio, project, join):
    members = {name: join(studio[0], role=role) for name, role in (("artist", "user"), ("other", "user"),
                                                                    ("supervisor", "supervisor"))}
    for member in members.values():
        call("add_team_member", project["id"], member.user_id, caller=admin)
    return members


@pytest.fixture
def setup(call, admin, project):
    """A sequence of two shots in an episode, an asset of that episode, task types and tasks."""
    episode = call("create_entity", "episodes", project["id"], {"name": "E01"}, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01", "episode_id": episode["id"]},
                    caller=admin)
    shots = [call("create_entity", "shots", project["id"], {"name": f"SH0{i}", "sequence_id": sequence["id"]},
                  caller=admin) for i in (1, 2)]
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    asset = call("create_record", "assets", {"project_id": project["id"], "entity_type_id": prop["id"],
                                             "name": "Box", "source_id": episode["id"]}, caller=admin)
    anim = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    layout = call("create_record", "task-types", {"name": "Layout", "for_entity": "Shot"}, caller=admin)
    shot_tasks = [call("create_entity_tasks", shot["id"], [anim["id"], layout["id"]], caller=admin)
                  for shot in shots]
    asset_task = call("create_entity_tasks", asset["id"], [anim["id"]], caller=admin)[0]
    return {"episode": episode, "sequence": sequence, "shots": shots, "asset": asset, "anim": anim,
            "layout": layout, "shot_tasks": shot_tasks, "asset_task": asset_task}


def statuses(call, admin):
    return {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}


@pytest.fixture
def comment(call, admin, team, setup):
    task = setup["shot_tasks"][0][0]
    return call("comment_task", task["id"], {"task_status_id": statuses(call, admin)["wip"]["id"],
                                             "comment": "First pass"}, caller=team["other"])


def feed_names(call, admin, limit=10):
    return [e["name"] for e in call("list_last_events", {"limit": str(limit)}, caller=admin)]


# -- acknowledge ---------------------------------------------------------------------------------

def test_acknowledge_toggles_the_caller_and_publishes_each_way(call, admin, team, comment, events):
    task_id = comment["object_id"]
    events.drain()
    acked = call("acknowledge_comment", task_id, comment["id"], caller=team["artist"])
    assert acked["acknowledgements"] == [team["artist"].user_id]
    assert call("get_record", "comments", comment["id"], caller=admin)["acknowledgements"] == [team["artist"].user_id]
    assert feed_names(call, admin, 1) == ["comment:acknowledge"]
    unacked = call("acknowledge_comment", task_id, comment["id"], caller=team["artist"])
    assert unacked["acknowledgements"] == []
    assert feed_names(call, admin, 1) == ["comment:unacknowledge"]
    published = events.types()
    assert published.count("comment_acknowledged") == 1 and "comment_unacknowledged" in published


def test_acknowledging_a_comment_of_another_task_is_not_found(call, team, comment, setup):
    other_task = setup["shot_tasks"][1][0]
    with pytest.raises(NotFound):
        call("acknowledge_comment", other_task["id"], comment["id"], caller=team["artist"])


def test_outsiders_of_the_project_cannot_acknowledge(call, studio, comment, join):
    outsider = join(studio[0], role="user")
    with pytest.raises(NotFound):
        call("acknowledge_comment", comment["object_id"], comment["id"], caller=outsider)


# -- replies -------------------------------------------------------------------------------------

def test_a_reply_is_kept_notifies_the_author_and_assignees_and_publishes(call, admin, team, comment, events):
    call("assign_tasks", team["supervisor"].user_id, [comment["object_id"]], caller=admin)
    events.drain()
    reply = call("reply_to_comment", comment["object_id"], comment["id"],
                 {"text": "Looks good", "mentions": [team["artist"].user_id]}, caller=team["artist"])
    assert (reply["text"], reply["person_id"]) == ("Looks good", team["artist"].user_id)
    stored = call("get_record", "comments", comment["id"], caller=admin)["replies"]
    assert [r["id"] for r in stored] == [reply["id"]] and stored[0]["text"] == "Looks good"
    assert feed_names(call, admin, 10).count("comment:reply") == 1
    assert "comment_replied" in events.types()
    author_notes = call("list_user_notifications", caller=team["other"])
    assert [(n["notification_type"], n["reply_id"]) for n in author_notes] == [("reply", reply["id"])]
    assert call("list_user_notifications", caller=team["supervisor"])[0]["notification_type"] == "reply"
    assert call("list_user_notifications", caller=team["artist"]) == []  # not for one's own reply


def test_a_reply_without_text_or_with_unknown_fields_is_refused_and_writes_nothing(call, admin, team, comment):
    for payload in ({"text": "  "}, {}, {"text": "ok", "colour": "red"}, {"text": "ok", "mentions": ["nope"]}):
        with pytest.raises(ValidationFailed):
            call("reply_to_comment", comment["object_id"], comment["id"], payload, caller=team["artist"])
    assert call("get_record", "comments", comment["id"], caller=admin)["replies"] == []


def test_an_artist_cannot_reply_in_someone_elses_name(call, team, comment):
    with pytest.raises(Forbidden):
        call("reply_to_comment", comment["object_id"], comment["id"],
             {"text": "hi", "person_id": team["other"].user_id}, caller=team["artist"])


def test_only_the_replys_author_or_a_manager_deletes_it(call, admin, team, comment, events):
    task_id = comment["object_id"]
    mine = call("reply_to_comment", task_id, comment["id"], {"text": "mine"}, caller=team["artist"])
    with pytest.raises(Forbidden):
        call("delete_comment_reply", task_id, comment["id"], mine["id"], caller=team["other"])
    assert len(call("list_user_notifications", caller=team["other"])) == 1
    events.drain()
    after = call("delete_comment_reply", task_id, comment["id"], mine["id"], caller=team["artist"])
    assert after["replies"] == []
    assert call("list_user_notifications", caller=team["other"]) == []  # the reply's notification went too
    assert feed_names(call, admin, 1) == ["comment:delete-reply"] and "comment_reply_deleted" in events.types()
    theirs = call("reply_to_comment", task_id, comment["id"], {"text": "theirs"}, caller=team["other"])
    call("delete_comment_reply", task_id, comment["id"], theirs["id"], caller=admin)
    with pytest.raises(NotFound):
        call("delete_comment_reply", task_id, comment["id"], str(uuid.uuid4()), caller=admin)


# -- move ----------------------------------------------------------------------------------------

def test_a_manager_moves_a_comment_to_a_task_of_the_same_entity(call, admin, team, comment, setup):
    layout_task = setup["shot_tasks"][0][1]
    with pytest.raises(Forbidden):
        call("move_comment", comment["object_id"], comment["id"], {"target_task_id": layout_task["id"]},
             caller=team["supervisor"])
    other_shot_task = setup["shot_tasks"][1][1]
    with pytest.raises(ValidationFailed):
        call("move_comment", comment["object_id"], comment["id"], {"target_task_id": other_shot_task["id"]},
             caller=admin)
    with pytest.raises(ValidationFailed):
        call("move_comment", comment["object_id"], comment["id"], {}, caller=admin)
    moved = call("move_comment", comment["object_id"], comment["id"], {"target_task_id": layout_task["id"]},
                 caller=admin)
    assert (moved["object_id"], moved["text"], moved["created_at"]) == (
        layout_task["id"], "First pass", comment["created_at"])
    assert [c["id"] for c in call("list_task_comments", layout_task["id"], caller=admin)] == [comment["id"]]
    assert call("list_task_comments", comment["object_id"], caller=admin) == []
    assert feed_names(call, admin, 1) == ["comment:move"]


# -- several comments for a project -----------------------------------------------------------------

def test_comment_many_writes_every_comment_or_none(call, admin, project, setup):
    done = statuses(call, admin)["done"]["id"]
    first, second = setup["shot_tasks"][0][0], setup["shot_tasks"][1][0]
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    with pytest.raises(ValidationFailed):  # a task of another project: nothing is written
        call("comment_many", other["id"], [{"object_id": first["id"], "task_status_id": done, "comment": "x"}],
             caller=admin)
    assert call("list_task_comments", first["id"], caller=admin) == []
    made = call("comment_many", project["id"], [
        {"object_id": first["id"], "task_status_id": done, "comment": "one"},
        {"object_id": second["id"], "task_status_id": done, "comment": "two"}], caller=admin)
    assert [(c["object_id"], c["text"]) for c in made] == [(first["id"], "one"), (second["id"], "two")]
    assert call("get_record", "tasks", second["id"], caller=admin)["task_status_id"] == done


# -- file removal checks -------------------------------------------------------------------------

def test_only_the_author_or_a_manager_may_remove_a_comments_attachment(call, admin, team, setup):
    task = setup["shot_tasks"][0][0]
    attachment = str(uuid.uuid4())
    comment = call("comment_task", task["id"], {"task_status_id": statuses(call, admin)["wip"]["id"],
                                                "attachment_files": [attachment]}, caller=team["other"])
    with pytest.raises(Forbidden):
        call("check_comment_file_removal", task["id"], comment["id"], "attachment_file", attachment,
             caller=team["artist"])
    assert call("check_comment_file_removal", task["id"], comment["id"], "attachment_file", attachment,
                caller=team["other"])["id"] == attachment
    call("check_comment_file_removal", task["id"], comment["id"], "attachment_file", attachment, caller=admin)
    with pytest.raises(NotFound):
        call("check_comment_file_removal", task["id"], comment["id"], "preview_file", attachment, caller=admin)


# -- listings ------------------------------------------------------------------------------------

def ids(items):
    return sorted(item["id"] for item in items)


def test_shot_and_asset_tasks_under_a_sequence_and_an_episode(call, admin, setup):
    every_shot_task = ids([t for tasks in setup["shot_tasks"] for t in tasks])
    assert ids(call("list_tasks_under", "sequences", setup["sequence"]["id"], "shot-tasks", caller=admin)) == \
        every_shot_task
    assert ids(call("list_tasks_under", "episodes", setup["episode"]["id"], "shot-tasks", caller=admin)) == \
        every_shot_task
    assert ids(call("list_tasks_under", "episodes", setup["episode"]["id"], "asset-tasks", caller=admin)) == [
        setup["asset_task"]["id"]]
    with pytest.raises(NotFound):  # a sequence is not an episode
        call("list_tasks_under", "episodes", setup["sequence"]["id"], "shot-tasks", caller=admin)


def test_an_entitys_tasks_of_one_type_and_a_persons_related_tasks(call, admin, team, setup):
    shot = setup["shots"][0]
    [layout] = call("list_entity_tasks_of_type", shot["id"], setup["layout"]["id"], caller=admin)
    assert layout["id"] == setup["shot_tasks"][0][1]["id"]
    call("assign_tasks", team["artist"].user_id, [setup["shot_tasks"][0][0]["id"]], caller=admin)
    related = call("list_person_related_tasks", team["artist"].user_id, setup["layout"]["id"], caller=admin)
    assert ids(related) == [layout["id"]]  # the layout task of the shot where they animate


def test_open_tasks_their_stats_and_persons_dates(call, admin, team, project, setup):
    done = statuses(call, admin)["done"]["id"]
    first = setup["shot_tasks"][0][0]
    call("comment_task", first["id"], {"task_status_id": done}, caller=admin)
    call("update_record", "tasks", setup["asset_task"]["id"], {"start_date": "2026-01-05T00:00:00",
                                                                "due_date": "2026-02-01T00:00:00",
                                                                "estimation": 3}, caller=admin)
    call("assign_tasks", team["artist"].user_id, [setup["asset_task"]["id"]], caller=admin)
    page = call("list_open_tasks", {"limit": "2"}, caller=admin)
    assert page["stats"]["total"] == 4 and page["is_more"] is True and len(page["data"]) == 2
    assert page["stats"]["total_estimation"] == 3
    assert {"project_name", "entity_name", "task_type_name", "task_status_name"} <= set(page["data"][0])
    everything = call("list_open_tasks", {"page": "1", "limit": "100"}, caller=admin)
    assert first["id"] not in ids(everything["data"])
    assert ids(call("list_open_tasks", {"person_id": team["artist"].user_id}, caller=admin)["data"]) == [
        setup["asset_task"]["id"]]
    with pytest.raises(ValidationFailed):
        call("list_open_tasks", {"limit": "zero"}, caller=admin)
    stats = call("get_open_tasks_stats", caller=admin)[project["id"]]
    assert stats["amount"] == 4 and sum(t["amount"] for t in stats["task_types"]) == 4
    assert call("list_persons_task_dates", caller=admin) == [
        {"person_id": team["artist"].user_id, "min_date": "2026-01-05T00:00:00", "max_date": "2026-02-01T00:00:00"}]


def test_listings_follow_visibility(call, studio, setup, join):
    outsider = join(studio[0], role="user")  # in the workspace, not in the project's team
    assert call("list_open_tasks", {}, caller=outsider)["data"] == []
    assert call("get_open_tasks_stats", caller=outsider) == {}
    with pytest.raises(NotFound):
        call("list_tasks_under", "sequences", setup["sequence"]["id"], "shot-tasks", caller=outsider)


# -- batch task actions --------------------------------------------------------------------------

def test_clear_assignations_for_one_person_or_everyone(call, admin, team, setup, events):
    task_ids = [setup["shot_tasks"][0][0]["id"], setup["shot_tasks"][1][0]["id"]]
    for person in ("artist", "other"):
        call("assign_tasks", team[person].user_id, task_ids, caller=admin)
    with pytest.raises(Forbidden):
        call("clear_assignations", {"task_ids": task_ids}, caller=team["artist"])
    with pytest.raises(ValidationFailed):
        call("clear_assignations", {"task_ids": []}, caller=admin)
    events.drain()
    assert call("clear_assignations", {"task_ids": task_ids, "person_id": team["artist"].user_id},
                caller=admin) == task_ids
    assert call("get_record", "tasks", task_ids[0], caller=admin)["assignees"] == [team["other"].user_id]
    assert events.types().count("task_unassigned") == 2
    call("clear_assignations", {"task_ids": task_ids}, caller=team["supervisor"])
    assert call("get_record", "tasks", task_ids[1], caller=admin)["assignees"] == []
    assert feed_names(call, admin, 1) == ["task:unassign"]


def test_delete_tasks_in_batch_and_by_type(call, admin, team, project, setup, events):
    [anim1, layout1], [anim2, layout2] = setup["shot_tasks"]
    other = call("create_record", "projects", {"name": "Elsewhere"}, caller=admin)
    with pytest.raises(ValidationFailed):  # not tasks of that project: nothing deleted
        call("delete_tasks", other["id"], [anim1["id"]], caller=admin)
    with pytest.raises(Forbidden):
        call("delete_tasks", project["id"], [anim1["id"]], caller=team["artist"])
    events.drain()
    assert call("delete_tasks", project["id"], [anim1["id"], anim2["id"]], caller=admin) == [anim1["id"],
                                                                                             anim2["id"]]
    assert events.types().count("task_deleted") == 2
    assert call("delete_tasks_of_type", project["id"], setup["layout"]["id"], caller=admin) == {"deleted": 2}
    left = call("list_records", "tasks", {"project_id": project["id"]}, caller=admin)["items"]
    assert ids(left) == [setup["asset_task"]["id"]]


# -- concepts ------------------------------------------------------------------------------------

def test_concepts_are_an_entity_kind_with_tasks(call, admin, project):
    concept = call("create_entity", "concepts", project["id"], {"name": "Hero sketch"}, caller=admin)
    assert concept["type"] == "Concept"
    design = call("create_record", "task-types", {"name": "Concept art", "for_entity": "Concept"}, caller=admin)
    [task] = call("create_entity_tasks", concept["id"], [design["id"]], caller=admin)
    assert [t["id"] for t in call("list_records", "tasks", {"entity_id": concept["id"]}, caller=admin)["items"]] \
        == [task["id"]]
    assert [t["id"] for t in call("list_entity_task_types", concept["id"], caller=admin)] == [design["id"]]
    assert [c["id"] for c in call("list_records", "concepts", caller=admin)["items"]] == [concept["id"]]
    assert "concept:new" in feed_names(call, admin, 10)


# -- subscriptions -------------------------------------------------------------------------------

def test_subscribers_are_notified_of_comments_and_replies_and_listed_for_the_project(call, admin, team, project,
                                                                                    setup, events):
    task = setup["shot_tasks"][0][0]
    events.drain()
    first = call("subscribe_to_task", task["id"], caller=team["artist"])
    assert call("subscribe_to_task", task["id"], caller=team["artist"])["id"] == first["id"]  # once
    assert events.types() == ["subscription_created"]
    assert call("is_subscribed_to_task", task["id"], caller=team["artist"]) is True
    assert call("is_subscribed_to_task", task["id"], caller=team["other"]) is False
    comment = call("comment_task", task["id"], {"task_status_id": statuses(call, admin)["wip"]["id"],
                                                "comment": "Started"}, caller=team["other"])
    [note] = call("list_user_notifications", caller=team["artist"])
    assert (note["notification_type"], note["comment_id"]) == ("comment", comment["id"])
    call("reply_to_comment", task["id"], comment["id"], {"text": "noted"}, caller=team["supervisor"])
    assert [n["notification_type"] for n in call("list_user_notifications", caller=team["artist"])] == [
        "reply", "comment"]
    call("subscribe_to_task", task["id"], caller=team["other"])
    listed = call("list_project_subscriptions", project["id"], caller=admin)
    assert sorted(s["person_id"] for s in listed) == sorted([team["artist"].user_id, team["other"].user_id])
    assert [s["person_id"] for s in call("list_project_subscriptions", project["id"], caller=team["artist"])] == [
        team["artist"].user_id]  # an artist sees their own
    call("unsubscribe_from_task", task["id"], caller=team["artist"])
    assert call("is_subscribed_to_task", task["id"], caller=team["artist"]) is False
    assert feed_names(call, admin, 1) == ["subscription:delete"]
    call("delete_tasks", project["id"], [task["id"]], caller=admin)  # its subscriptions go with it
    assert call("list_project_subscriptions", project["id"], caller=admin) == []


def test_nobody_subscribes_to_a_task_they_cannot_see(call, studio, setup, join):
    outsider = join(studio[0], role="user")
    with pytest.raises(NotFound):
        call("subscribe_to_task", setup["shot_tasks"][0][0]["id"], caller=outsider)
