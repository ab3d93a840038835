"""Notifications for assignments, comments and mentions, written with the change."""

import uuid

import pytest

from reelhouse.shared.errors import NotFound, ValidationFailed


@pytest.fixture
def team(call, admin, studio, project, join):
    members = {}
    for name in ("artist", "lead", "outsider"):
        members[name] = join(studio[0], role="user")
        if name != "outsider":
            call("add_team_member", project["id"], members[name].user_id, caller=admin)
    return members


@pytest.fixture
def task(call, admin, project):
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    box = call("create_entity", "assets", project["id"], {"name": "Box"}, prop["id"], caller=admin)
    modeling = call("create_record", "task-types", {"name": "Modeling"}, caller=admin)
    return call("create_record", "tasks", {"project_id": project["id"], "entity_id": box["id"],
                                           "task_type_id": modeling["id"]}, caller=admin)


def statuses(call, admin):
    return {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}


def test_assignment_notifies_the_assignee_not_the_assigner(call, admin, team, task, events):
    events.drain()
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    [notification] = call("list_user_notifications", caller=team["artist"])
    assert notification["type"] == "Notification" and notification["notification_type"] == "assignation"
    assert (notification["task_id"], notification["author_id"], notification["read"]) == (
        task["id"], admin.user_id, False)
    assert notification["task_type_id"] == task["task_type_id"]
    assert call("list_user_notifications", caller=admin) == []
    assert "notification_created" in events.types()
    call("assign_tasks", admin.user_id, [task["id"]], caller=admin)  # self-assignment: nothing to notify
    assert call("list_user_notifications", caller=admin) == []


def test_a_comment_notifies_the_assignees_with_the_status_change(call, admin, team, task):
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    comment = call("comment_task", task["id"], {"task_status_id": statuses(call, admin)["retake"]["id"],
                                                "comment": "Bevel the edges"}, caller=team["lead"])
    latest = call("list_user_notifications", caller=team["artist"])[0]
    assert (latest["notification_type"], latest["comment_id"], latest["change"]) == ("comment", comment["id"], True)
    assert latest["comment_text"] == "Bevel the edges" and latest["author_id"] == team["lead"].user_id
    assert call("list_user_notifications", caller=team["lead"]) == []  # the author is not notified
    names = [e["name"] for e in call("list_last_events", {"limit": "5"}, caller=admin)]
    assert "notification:new" in names and "comment:new" in names


def test_mentions_in_a_comment_notify_the_people_named(call, admin, team, task):
    call("create_record", "comments", {"object_id": task["id"], "task_status_id": task["task_status_id"],
                                       "text": "Look at this", "mentions": [team["lead"].user_id,
                                                                            str(uuid.uuid4())]},
         caller=admin)
    [mention] = call("list_user_notifications", caller=team["lead"])
    assert mention["notification_type"] == "mention"
    assert call("list_user_notifications", caller=team["artist"]) == []


def test_a_person_reads_and_marks_only_their_own_notifications(call, admin, team, task):
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    [notification] = call("list_user_notifications", caller=team["artist"])
    with pytest.raises(NotFound):
        call("get_user_notification", notification["id"], caller=team["lead"])
    with pytest.raises(NotFound):
        call("update_user_notification", notification["id"], {"read": True}, caller=team["lead"])
    with pytest.raises(ValidationFailed):
        call("update_user_notification", notification["id"], {"read": "yes"}, caller=team["artist"])
    with pytest.raises(ValidationFailed):  # only "read" may change
        call("update_user_notification", notification["id"], {"read": True, "text": "x"}, caller=team["artist"])
    assert call("get_user_notification", notification["id"], caller=team["artist"])["read"] is False
    marked = call("update_user_notification", notification["id"], {**notification, "read": True},
                  caller=team["artist"])
    assert marked["read"] is True
    assert call("list_user_notifications", {"read": "false"}, caller=team["artist"]) == []
    # The generic route shows a non-manager only their own notifications.
    assert call("list_records", "notifications", caller=team["lead"])["items"] == []
    assert len(call("list_records", "notifications", caller=admin)["items"]) == 1


def test_mark_all_as_read(call, admin, team, task):
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": "hi"}, caller=admin)
    assert call("mark_all_notifications_read", caller=team["artist"])["count"] == 2
    assert all(n["read"] for n in call("list_user_notifications", caller=team["artist"]))


def test_generic_notifications_refuse_bad_types_and_dangling_tasks(call, admin, team, task):
    with pytest.raises(ValidationFailed):
        call("create_record", "notifications", {"person_id": team["artist"].user_id, "task_id": task["id"],
                                                "notification_type": "gossip"}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("create_record", "notifications", {"person_id": team["artist"].user_id, "task_id": str(uuid.uuid4()),
                                                "notification_type": "comment"}, caller=admin)
    assert call("list_records", "notifications", caller=admin)["items"] == []


def test_deleting_a_task_takes_its_notifications(call, admin, team, task):
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": "hi"}, caller=admin)
    call("delete_record", "tasks", task["id"], True, caller=admin)
    assert call("list_records", "notifications", caller=admin)["items"] == []


def test_a_task_created_with_assignees_notifies_them(call, admin, team, project, task):
    created = call("create_record", "tasks", {"project_id": project["id"], "entity_id": task["entity_id"],
                                              "task_type_id": task["task_type_id"], "name": "second",
                                              "assignees": [team["artist"].user_id]}, caller=admin)
    [notification] = call("list_user_notifications", caller=team["artist"])
    assert (notification["notification_type"], notification["task_id"]) == ("assignation", created["id"])


def test_a_posted_comment_notifies_the_members_it_mentions_and_refuses_strangers(call, admin, team, task):
    comment = call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": "@Lead look",
                                                "mentions": [team["lead"].user_id]}, caller=admin)
    assert comment["mentions"] == [team["lead"].user_id]
    [mention] = call("list_user_notifications", caller=team["lead"])
    assert (mention["notification_type"], mention["comment_id"]) == ("mention", comment["id"])
    with pytest.raises(ValidationFailed) as refused:
        call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": "who?",
                                          "mentions": [str(uuid.uuid4())]}, caller=admin)
    assert "mentions" in refused.value.details


def test_updating_a_tasks_assignees_assigns_the_new_ones_like_the_action(call, admin, team, task, events):
    call("assign_tasks", team["artist"].user_id, [task["id"]], caller=admin)
    events.drain()
    updated = call("update_record", "tasks", task["id"],
                   {"assignees": [team["artist"].user_id, team["lead"].user_id]}, caller=admin)
    assert set(updated["assignees"]) == {team["artist"].user_id, team["lead"].user_id}
    [notification] = call("list_user_notifications", caller=team["lead"])
    assert (notification["notification_type"], notification["task_id"]) == ("assignation", task["id"])
    assert len(call("list_user_notifications", caller=team["artist"])) == 1  # already assigned: not again
    published = events.types()
    assert published.count("task_assigned") == 1 and "task_updated" in published
    assigned = [e for e in call("list_last_events", {"limit": "3"}, caller=admin) if e["name"] == "task:assign"]
    assert [e["data"]["person_id"] for e in assigned] == [team["lead"].user_id]
    call("update_record", "tasks", task["id"], {"assignees": [team["lead"].user_id]}, caller=admin)  # a removal
    assert len(call("list_user_notifications", caller=team["lead"])) == 1
    with pytest.raises(ValidationFailed):  # assignees must be members of the workspace
        call("update_record", "tasks", task["id"], {"assignees": [str(uuid.uuid4())]}, caller=admin)
