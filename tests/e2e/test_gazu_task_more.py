"""gazu 1.3.1, unchanged, on the gazu.task calls docs/gazu/task.md lists: comment actions (acknowledge,
reply, delete a reply, update, move, several at once), a comment's previews and attachments, task
listings, batch task actions and concepts, against the whole suite in this process."""

import os

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from .conftest import eventually
from .gazu_studio import new_member
from .test_gazu_files import make_media


@pytest.fixture
def production(kitsu):
    """An episode > sequence > two shots and a scene, an asset of the episode, animation and layout tasks
    on the shots, a modeling task on the asset, and an artist (Ann) and a second artist (Bob) in the team."""
    k = {"client": kitsu}
    project = gazu.project.new_project("Tasks", **k)
    episode = gazu.shot.new_episode(project, "E01", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, **k)
    shots = [gazu.shot.new_shot(project, sequence, name, **k) for name in ("SH010", "SH020")]
    scene = gazu.scene.new_scene(project, sequence, "SC01", **k)
    props = gazu.asset.new_asset_type("Props", **k)
    asset = gazu.asset.new_asset(project, props, "Lamp", episode=episode, **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    layout = gazu.task.new_task_type("Layout", for_entity="Shot", **k)
    modeling = gazu.task.new_task_type("Modeling", for_entity="Asset", **k)
    tasks = {(shot["name"], task_type["name"]): gazu.task.new_task(shot, task_type, **k)
             for shot in shots for task_type in (animation, layout)}
    tasks[("Lamp", "Modeling")] = gazu.task.new_task(asset, modeling, **k)
    people = {first: new_member(kitsu, first, f"{first.lower()}@studio.example", password=f"kitsu-{first}-1")
              for first in ("Ann", "Bob")}
    for person in people.values():
        gazu.project.add_person_to_team(project, person, **k)
    statuses = {short: gazu.task.get_task_status_by_short_name(short, **k) for short in ("wip", "wfa", "done")}
    return {"project": project, "episode": episode, "sequence": sequence, "shots": shots, "scene": scene,
            "asset": asset, "animation": animation, "layout": layout, "modeling": modeling, "tasks": tasks,
            "people": people, "statuses": statuses}


def login(suite, first):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(f"{first.lower()}@studio.example", f"kitsu-{first}-1", client=client)
    return client


def feed(kitsu, limit=30):
    return [event["name"] for event in gazu.client.fetch_all("events/last", params={"limit": limit}, client=kitsu)]


def ids(records):
    return sorted(record["id"] for record in records)


def test_row_acknowledge_reply_update_and_delete_reply(kitsu, suite, production):
    k = {"client": kitsu}
    ann, bob = login(suite, "Ann"), login(suite, "Bob")
    task = production["tasks"][("SH010", "Animation")]
    gazu.task.assign_task(task, production["people"]["Bob"], **k)
    comment = gazu.task.add_comment(task, production["statuses"]["wip"], "Blocking done", client=bob)

    acked = gazu.task.acknowledge_comment(task, comment, client=ann)
    assert acked["acknowledgements"] == [production["people"]["Ann"]["id"]]
    assert gazu.task.get_comment(comment["id"], **k)["acknowledgements"] == [production["people"]["Ann"]["id"]]
    assert gazu.task.acknowledge_comment(task, comment, client=ann)["acknowledgements"] == []  # a toggle
    assert feed(kitsu, 2) == ["comment:unacknowledge", "comment:acknowledge"]

    reply = gazu.task.reply_to_comment(task, comment, "Arms feel stiff", client=ann)
    assert (reply["text"], reply["person_id"]) == ("Arms feel stiff", production["people"]["Ann"]["id"])
    stored = gazu.task.get_comment(comment["id"], **k)["replies"]
    assert [(r["id"], r["text"]) for r in stored] == [(reply["id"], "Arms feel stiff")]
    assert "comment:reply" in feed(kitsu, 5)
    [note] = [n for n in gazu.user.all_notifications(client=bob) if n["notification_type"] == "reply"]
    assert (note["comment_id"], note["reply_id"]) == (comment["id"], reply["id"])
    with pytest.raises(ParameterException):  # no text: nothing is stored
        gazu.task.reply_to_comment(task, comment, "", client=ann)
    with pytest.raises(NotAllowedException):  # an artist replies only as themselves
        gazu.task.reply_to_comment(task, comment, "as Bob", person=production["people"]["Bob"], client=ann)
    assert len(gazu.task.get_comment(comment["id"], **k)["replies"]) == 1

    # update_comment: the author changes their comment; another artist may not.
    edited = gazu.task.update_comment({**gazu.task.get_comment(comment["id"], client=bob), "text": "Blocking v2"},
                                      client=bob)
    assert edited["text"] == "Blocking v2" and gazu.task.get_comment(comment["id"], **k)["text"] == "Blocking v2"
    with pytest.raises(NotAllowedException):
        gazu.task.update_comment({"id": comment["id"], "text": "mine now"}, client=ann)

    with pytest.raises(NotAllowedException):  # Bob may not delete Ann's reply
        gazu.task.delete_comment_reply(task, comment, reply, client=bob)
    gazu.task.delete_comment_reply(task, comment, reply, client=ann)
    assert gazu.task.get_comment(comment["id"], **k)["replies"] == []
    assert [n for n in gazu.user.all_notifications(client=bob) if n["notification_type"] == "reply"] == []
    assert feed(kitsu, 1) == ["comment:delete-reply"]
    with pytest.raises(RouteNotFoundException):
        gazu.task.delete_comment_reply(task, comment, reply, client=ann)
    named = gazu.task.reply_to_comment(task, comment, "@Bob Artist see the timing", client=ann)
    assert named["mentions"] == [production["people"]["Bob"]["id"]]
    assert [n["reply_id"] for n in gazu.user.all_notifications(client=bob)
            if n["notification_type"] == "reply-mention"] == [named["id"]]
    gazu.task.delete_comment_reply(task, comment, named, **k)  # an admin may

    # The project's comments and notifications.
    assert ids(gazu.task.all_comments_for_project(production["project"], **k)) == [comment["id"]]
    assert [n["notification_type"] for n in gazu.task.all_notifications_for_project(production["project"], **k)] \
        == ["assignation"]  # Bob's, for the task; the reply's went with the reply


def test_row_move_comment_and_create_multiple_comments(kitsu, suite, production):
    k = {"client": kitsu}
    ann = login(suite, "Ann")
    tasks, statuses = production["tasks"], production["statuses"]
    animation, layout = tasks[("SH010", "Animation")], tasks[("SH010", "Layout")]
    comment = gazu.task.add_comment(animation, statuses["wip"], "Wrong task", client=ann)
    with pytest.raises(NotAllowedException):  # managers and admins only
        gazu.task.move_comment_to_task(animation, comment, layout, client=ann)
    with pytest.raises(ParameterException):  # another entity's task
        gazu.task.move_comment_to_task(animation, comment, tasks[("SH020", "Layout")], **k)
    moved = gazu.task.move_comment_to_task(animation, comment, layout, **k)
    assert (moved["object_id"], moved["text"], moved["created_at"]) == (layout["id"], "Wrong task",
                                                                        comment["created_at"])
    assert ids(gazu.task.all_comments_for_task(layout, **k)) == [comment["id"]]
    assert gazu.task.all_comments_for_task(animation, **k) == []
    assert feed(kitsu, 1) == ["comment:move"]

    made = gazu.task.create_multiple_comments(production["project"], [
        {"object_id": tasks[("SH010", "Animation")]["id"], "task_status_id": statuses["wfa"]["id"], "comment": "A"},
        {"object_id": tasks[("SH020", "Animation")]["id"], "task_status_id": statuses["done"]["id"],
         "comment": "B"}], **k)
    assert [(c["object_id"], c["text"]) for c in made] == [(tasks[("SH010", "Animation")]["id"], "A"),
                                                            (tasks[("SH020", "Animation")]["id"], "B")]
    assert gazu.task.get_task(tasks[("SH020", "Animation")], **k)["task_status_id"] == statuses["done"]["id"]
    other = gazu.project.new_project("Elsewhere", **k)
    with pytest.raises(ParameterException):  # a task of another project: nothing written
        gazu.task.create_multiple_comments(other, [{"object_id": tasks[("SH010", "Layout")]["id"],
                                                    "task_status_id": statuses["done"]["id"], "comment": "C"}], **k)
    assert ids(gazu.task.all_comments_for_task(tasks[("SH010", "Layout")], **k)) == [comment["id"]]


def test_row_previews_and_attachments_of_comments(kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    ann, bob = login(suite, "Ann"), login(suite, "Bob")
    task = production["tasks"][("SH010", "Animation")]
    comment, preview = gazu.task.publish_preview(task, production["statuses"]["wfa"], "Take 1", set_thumbnail=True,
                                                 preview_file_path=make_media(tmp_path, "take1.png"), client=ann)
    assert comment["text"] == "Take 1" and preview["task_id"] == task["id"] and preview["revision"] == 1
    assert gazu.shot.get_shot(production["shots"][0]["id"], **k)["preview_file_id"] == preview["id"]
    extra = gazu.task.create_extra_preview(task, comment, preview, client=ann)
    assert (extra["revision"], extra["position"], extra["status"]) == (1, 2, "processing")
    gazu.task.upload_preview_file(extra, make_media(tmp_path, "take1b.png"), client=ann)
    assert ids(gazu.task.all_previews_for_task(task, **k)) == sorted([preview["id"], extra["id"]])
    assert ids(gazu.task.all_preview_files_for_project(production["project"], **k)) == \
        sorted([preview["id"], extra["id"]])
    eventually(lambda: len(gazu.task.get_comment(comment["id"], **k)["previews"]) == 2, timeout=20)

    with pytest.raises(NotAllowedException):  # not Bob's comment
        gazu.task.remove_preview_from_comment(task, comment, extra, client=bob)
    gazu.task.remove_preview_from_comment(task, comment, extra, client=ann)
    assert ids(gazu.task.all_previews_for_task(task, **k)) == [preview["id"]]
    eventually(lambda: [p["id"] for p in gazu.task.get_comment(comment["id"], **k)["previews"]] == [preview["id"]],
               timeout=20)

    notes = tmp_path / "notes.txt"
    notes.write_text("timing notes")
    [attachment] = gazu.task.add_attachment_files_to_comment(task, comment, str(notes), client=ann)
    eventually(lambda: len(gazu.task.get_comment(comment["id"], **k)["attachment_files"]) == 1, timeout=20)
    with pytest.raises(NotAllowedException):
        gazu.task.delete_comment_attachment(task, comment, attachment, client=bob)
    with pytest.raises(RouteNotFoundException):  # not this comment's
        gazu.task.delete_comment_attachment(task, comment, preview, client=ann)
    gazu.task.delete_comment_attachment(task, comment, attachment, client=ann)
    assert gazu.files.get_all_attachment_files_for_task(task, **k) == []
    eventually(lambda: gazu.task.get_comment(comment["id"], **k)["attachment_files"] == [], timeout=20)
    assert os.path.exists(notes)


def test_row_task_listings(kitsu, suite, production):
    k = {"client": kitsu}
    tasks, shots = production["tasks"], production["shots"]
    shot_tasks = sorted(t["id"] for key, t in tasks.items() if key[0] != "Lamp")
    scene_task = gazu.task.new_task(production["scene"], production["layout"], **k)
    sequence_task = gazu.task.new_task(production["sequence"], production["layout"], **k)
    episode_task = gazu.task.new_task(production["episode"], production["animation"], **k)
    assert ids(gazu.task.all_tasks_for_scene(production["scene"], **k)) == [scene_task["id"]]
    assert ids(gazu.task.all_tasks_for_sequence(production["sequence"], **k)) == [sequence_task["id"]]
    assert ids(gazu.task.all_tasks_for_episode(production["episode"], relations=True, **k)) == [episode_task["id"]]
    assert ids(gazu.task.all_shot_tasks_for_sequence(production["sequence"], **k)) == shot_tasks
    assert ids(gazu.task.all_shot_tasks_for_episode(production["episode"], **k)) == shot_tasks
    assert ids(gazu.task.all_assets_tasks_for_episode(production["episode"], **k)) == [
        tasks[("Lamp", "Modeling")]["id"]]
    with pytest.raises(RouteNotFoundException):  # a sequence is not an episode
        gazu.task.all_shot_tasks_for_episode(production["sequence"], **k)
    names = lambda types: [t["name"] for t in types]  # noqa: E731
    assert names(gazu.task.all_task_types_for_shot(shots[0], **k)) == ["Animation", "Layout"]
    assert names(gazu.task.all_task_types_for_scene(production["scene"], **k)) == ["Layout"]
    assert names(gazu.task.all_task_types_for_sequence(production["sequence"], **k)) == ["Layout"]
    assert names(gazu.task.all_task_types_for_episode(production["episode"], **k)) == ["Animation"]
    assert ids(gazu.task.all_tasks_for_entity_and_task_type(shots[1], production["layout"], **k)) == [
        tasks[("SH020", "Layout")]["id"]]
    gazu.task.assign_task(tasks[("SH010", "Animation")], production["people"]["Ann"], **k)
    assert ids(gazu.task.all_tasks_for_person_and_type(production["people"]["Ann"], production["layout"], **k)) == [
        tasks[("SH010", "Layout")]["id"]]

    # Open tasks (status not done, open projects), their statistics and persons' dates.
    gazu.task.add_comment(tasks[("SH020", "Layout")], production["statuses"]["done"], **k)
    gazu.task.update_task({"id": tasks[("SH010", "Animation")]["id"], "start_date": "2026-12-01T00:00:00",
                           "due_date": "2026-12-20T00:00:00"}, **k)
    open_tasks = gazu.task.all_open_tasks(**k)
    assert open_tasks["stats"]["total"] == 7 and tasks[("SH020", "Layout")]["id"] not in ids(open_tasks["data"])
    assert {"project_name", "entity_name", "task_type_name", "task_status_name"} <= set(open_tasks["data"][0])
    stats = gazu.task.get_open_tasks_stats(**k)[production["project"]["id"]]
    assert stats["amount"] == 7 and sum(t["amount"] for t in stats["task_types"]) == 7
    assert gazu.task.get_persons_tasks_dates(**k) == [{"person_id": production["people"]["Ann"]["id"],
                                                       "min_date": "2026-12-01T00:00:00",
                                                       "max_date": "2026-12-20T00:00:00"}]
    ann = login(suite, "Ann")
    assert len(gazu.task.all_open_tasks(client=ann)["data"]) == 7  # a team member sees the project's tasks
    with pytest.raises(ParameterException):
        gazu.client.get("data/tasks/open-tasks?limit=none", client=kitsu)

    # Task types and statuses, update_task_data, get_task_url.
    assert gazu.task.get_task_type_by_short_name("nope", **k) is None
    renamed = gazu.task.update_task_type({"id": production["layout"]["id"], "short_name": "LAY"}, **k)
    assert gazu.task.get_task_type_by_short_name("LAY", **k)["id"] == renamed["id"]
    gazu.project.add_task_status(production["project"], production["statuses"]["wip"], **k)
    assert ids(gazu.task.all_task_statuses_for_project(production["project"], **k)) == [
        production["statuses"]["wip"]["id"]]
    custom = gazu.task.new_task_status("Approved by client", "apc", "#00ff00", **k)
    updated = gazu.task.update_task_status({**custom, "name": "Client approved", "is_done": True}, **k)
    assert (updated["name"], updated["is_done"]) == ("Client approved", True)
    task = tasks[("SH010", "Layout")]
    gazu.task.update_task_data(task, {"camera": "A"}, **k)
    assert gazu.task.update_task_data(task, {"lens": 35}, **k)["data"] == {"camera": "A", "lens": 35}
    assert gazu.task.get_task_url(task, **k) == suite.url(
        f"/productions/{production['project']['id']}/shots/tasks/{task['id']}/")


def test_row_batch_task_actions(kitsu, suite, production):
    k = {"client": kitsu}
    tasks, people = production["tasks"], production["people"]
    ann = login(suite, "Ann")
    edit = gazu.edit.new_edit(production["project"], "Trailer", **k)
    editing = gazu.task.new_task_type("Editing", for_entity="Edit", **k)
    [edit_task] = gazu.task.create_edit_tasks(edit, [editing], **k)
    assert (edit_task["entity_id"], edit_task["task_type_id"]) == (edit["id"], editing["id"])
    lighting = gazu.task.new_task_type("Lighting", for_entity="Shot", **k)
    [lighting_task] = gazu.task.create_entity_tasks(production["shots"][0], [lighting], **k)
    assert gazu.task.create_entity_tasks(production["shots"][0], [lighting], **k) == []  # kept, not duplicated

    both = [tasks[("SH010", "Animation")], tasks[("SH020", "Animation")]]
    assigned = gazu.task.assign_tasks_to_person(both, people["Ann"], **k)
    assert {t["id"] for t in assigned} == {t["id"] for t in both}
    gazu.task.assign_tasks_to_person(both, people["Bob"], **k)
    with pytest.raises(NotAllowedException):  # an artist does not manage assignments
        gazu.task.clear_assignations(both, client=ann)
    with pytest.raises(ParameterException):
        gazu.client.put("actions/tasks/clear-assignation", {"task_ids": ["not-an-id"]}, client=kitsu)
    assert gazu.task.clear_assignations(both, people["Ann"], **k) == [t["id"] for t in both]
    assert gazu.task.get_task(both[0], **k)["assignees"] == [people["Bob"]["id"]]
    assert gazu.task.clear_assignations(both[1], **k) == [both[1]["id"]]
    assert gazu.task.get_task(both[1], **k)["assignees"] == []
    assert feed(kitsu, 1) == ["task:unassign"]

    with pytest.raises(NotAllowedException):
        gazu.task.remove_tasks_batch(production["project"], [lighting_task], client=ann)
    other = gazu.project.new_project("Elsewhere", **k)
    with pytest.raises(ParameterException):  # not tasks of that project: nothing deleted
        gazu.task.remove_tasks_batch(other, [lighting_task], **k)
    assert gazu.task.remove_tasks_batch(production["project"], [lighting_task, edit_task], **k) == [
        lighting_task["id"], edit_task["id"]]
    assert "task:delete" in feed(kitsu, 3)
    with pytest.raises(RouteNotFoundException):
        gazu.task.get_task(lighting_task, **k)
    gazu.task.remove_tasks_for_type(production["project"], production["layout"], **k)
    assert gazu.task.all_tasks_for_task_type(production["project"], production["layout"], **k) == []
    assert len(gazu.task.all_tasks_for_task_type(production["project"], production["animation"], **k)) == 2


def test_row_concepts_and_their_tasks(kitsu, production, tmp_path):
    k = {"client": kitsu}
    concept = gazu.concept.new_concept(production["project"], "Hero look", description="first ideas", **k)
    assert concept["type"] == "Concept" and concept["project_id"] == production["project"]["id"]
    assert [c["id"] for c in gazu.concept.all_concepts_for_project(production["project"], **k)] == [concept["id"]]
    design = gazu.task.new_task_type("Concept art", for_entity="Concept", **k)
    [task] = gazu.task.create_concept_tasks(concept, [design], **k)
    assert ids(gazu.task.all_tasks_for_concept(concept, **k)) == [task["id"]]
    assert [t["name"] for t in gazu.task.all_task_types_for_concept(concept, **k)] == ["Concept art"]
    assert "concept:new" in feed(kitsu, 10)
    with pytest.raises(ParameterException):  # no name: nothing created
        gazu.client.post(f"data/projects/{production['project']['id']}/concepts", {"data": {}}, client=kitsu)
    assert len(gazu.concept.all_concepts_for_project(production["project"], **k)) == 1

    # As in Zou, a concept with tasks is canceled unless forced; forced, its tasks' files go with it.
    _comment, preview = gazu.task.publish_preview(task, production["statuses"]["wfa"], "sketch",
                                                  preview_file_path=make_media(tmp_path, "sketch.png"), **k)
    gazu.concept.remove_concept(concept, **k)
    assert gazu.concept.get_concept(concept["id"], **k)["canceled"] is True
    gazu.concept.remove_concept(concept, force=True, **k)
    with pytest.raises(RouteNotFoundException):
        gazu.concept.get_concept(concept["id"], **k)

    def preview_gone():
        try:
            gazu.files.get_preview_file(preview["id"], **k)
        except RouteNotFoundException:
            return True
        return False
    eventually(preview_gone, timeout=20)


def test_row_subscriptions_to_tasks(kitsu, suite, production):
    k = {"client": kitsu}
    ann, bob = login(suite, "Ann"), login(suite, "Bob")
    task = production["tasks"][("SH010", "Layout")]
    subscription = gazu.user.subscribe_to_task(task, client=ann)
    assert (subscription["type"], subscription["task_id"], subscription["person_id"]) == (
        "Subscription", task["id"], production["people"]["Ann"]["id"])
    assert gazu.user.check_task_subscription(task, client=ann) is True
    assert gazu.user.check_task_subscription(task, client=bob) is False
    assert "subscription:new" in feed(kitsu, 3)
    comment = gazu.task.add_comment(task, production["statuses"]["wip"], "On it", client=bob)
    [note] = gazu.user.all_notifications(client=ann)  # a subscriber hears of the task's comments
    assert (note["notification_type"], note["comment_id"]) == ("comment", comment["id"])
    gazu.user.subscribe_to_task(task, client=bob)
    assert sorted(s["person_id"] for s in gazu.task.all_subscriptions_for_project(production["project"], **k)) == \
        sorted(production["people"][name]["id"] for name in ("Ann", "Bob"))
    assert [s["person_id"] for s in gazu.task.all_subscriptions_for_project(production["project"], client=ann)] == [
        production["people"]["Ann"]["id"]]  # an artist sees their own
    gazu.user.unsubscribe_from_task(task, client=ann)
    assert gazu.user.check_task_subscription(task, client=ann) is False
    assert feed(kitsu, 1) == ["subscription:delete"]
    with pytest.raises(RouteNotFoundException):
        gazu.user.subscribe_to_task(production["project"]["id"], client=ann)  # not a task
