"""``@Full Name`` mentions in comments written through the generic routes
(``POST /data/comments``, ``PUT /data/comments/<id>``), parsed by the same code
as the comment actions: the names come from a running identity service (on
the same broker, its own database), the mentions are stored, the people named
are notified once, and a name taken out of the text leaves ``mentions``."""

import uuid

import pytest
from nameko.testing.services import entrypoint_hook

from reelhouse.identity.service import IdentityService
from reelhouse.production_tracking.people import rewritten_mentions
from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope


@pytest.fixture
def identity(container_factory, rabbit_config, database_url_for, container):
    """identity beside production_tracking: ``identity(method, *args, caller=...)``."""
    running = container_factory(IdentityService, dict(rabbit_config,
                                                      DATABASE_URL=database_url_for("services/identity")))
    running.start()

    def run(method, *args, caller=None):
        context_data = {"caller": caller.to_header()} if caller else {}
        with entrypoint_hook(running, method, context_data=context_data) as hook:
            return hook(*args)

    return run


@pytest.fixture
def people(identity, call, admin, studio, project):
    """Ann Lee and Bob Stone, members of the studio and of the project's team; Eve Out is not a member."""
    workspace_id = studio[0]
    found = {}
    for key, first, last, member in (("ann", "Ann", "Lee", True), ("bob", "Bob", "Stone", True),
                                     ("eve", "Eve", "Out", False)):
        person = identity("create_person", {"email": f"{key}@example.com", "first_name": first,
                                            "last_name": last}, caller=admin)
        found[key] = Caller(user_id=person["id"], role="user")
        if member:
            envelope = make_envelope("member_added", {"workspace_id": workspace_id, "user_id": person["id"],
                                                      "role": "co_producer"})
            identity("on_member_added", envelope)
            call("on_member_added", envelope)
            call("add_team_member", project["id"], person["id"], caller=admin)
    return found


@pytest.fixture
def task(call, admin, project):
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    box = call("create_entity", "assets", project["id"], {"name": "Box"}, prop["id"], caller=admin)
    modeling = call("create_record", "task-types", {"name": "Modeling"}, caller=admin)
    return call("create_record", "tasks", {"project_id": project["id"], "entity_id": box["id"],
                                           "task_type_id": modeling["id"]}, caller=admin)


def mention_notifications(call, person, comment_id):
    return [n for n in call("list_user_notifications", caller=person)
            if n["notification_type"] == "mention" and n["comment_id"] == comment_id]


def new_comment(call, admin, task, text, **extra):
    return call("create_record", "comments", {"object_id": task["id"], "task_status_id": task["task_status_id"],
                                              "text": text, **extra}, caller=admin)


def test_a_comment_created_through_data_comments_mentions_and_notifies_the_members_it_names(
        call, admin, people, task, events):
    events.drain()
    comment = new_comment(call, admin, task, "@Ann Lee and @eve out, please look")
    assert comment["mentions"] == [people["ann"].user_id]  # Eve is not a member of the workspace
    assert call("get_record", "comments", comment["id"], caller=admin)["mentions"] == [people["ann"].user_id]
    [notification] = mention_notifications(call, people["ann"], comment["id"])
    assert notification["author_id"] == admin.user_id and notification["task_id"] == task["id"]
    assert call("list_user_notifications", caller=people["bob"]) == []
    published = events.types()
    assert "comment_created" in published and "notification_created" in published


def test_editing_the_text_notifies_only_the_people_newly_named(call, admin, people, task, events):
    comment = new_comment(call, admin, task, "@Ann Lee please look")
    events.drain()
    edited = call("update_record", "comments", comment["id"], {"text": "@Ann Lee and @Bob Stone please look"},
                  caller=admin)
    assert edited["mentions"] == [people["ann"].user_id, people["bob"].user_id]
    assert len(mention_notifications(call, people["ann"], comment["id"])) == 1
    assert len(mention_notifications(call, people["bob"], comment["id"])) == 1
    published = events.types()
    assert published.count("notification_created") == 1 and "comment_updated" in published


def test_a_name_taken_out_of_the_text_leaves_the_mentions_and_is_not_notified_again_when_back(
        call, admin, people, task):
    comment = new_comment(call, admin, task, "@Ann Lee and @Bob Stone")
    edited = call("update_record", "comments", comment["id"], {"text": "only @Bob Stone now"}, caller=admin)
    assert edited["mentions"] == [people["bob"].user_id]
    assert call("get_record", "comments", comment["id"], caller=admin)["mentions"] == [people["bob"].user_id]
    back = call("update_record", "comments", comment["id"], {"text": "@Ann Lee again, @Bob Stone"}, caller=admin)
    assert sorted(back["mentions"]) == sorted([people["ann"].user_id, people["bob"].user_id])
    assert len(mention_notifications(call, people["ann"], comment["id"])) == 1
    cleared = call("update_record", "comments", comment["id"], {"text": "nobody"}, caller=admin)
    assert cleared["mentions"] == []


def test_mentions_by_id_stay_when_the_text_changes_and_an_echoed_record_changes_nothing(
        call, admin, people, task):
    comment = new_comment(call, admin, task, "see @Ann Lee", mentions=[people["bob"].user_id])
    assert comment["mentions"] == [people["bob"].user_id, people["ann"].user_id]
    assert len(mention_notifications(call, people["bob"], comment["id"])) == 1
    edited = call("update_record", "comments", comment["id"], {"text": "reworded, no names"}, caller=admin)
    assert edited["mentions"] == [people["bob"].user_id]  # given by id, not by name: kept
    echoed = call("update_record", "comments", comment["id"],
                  {**call("get_record", "comments", comment["id"], caller=admin), "text": "hi @Ann Lee"},
                  caller=admin)
    assert echoed["mentions"] == [people["bob"].user_id, people["ann"].user_id]
    untouched = call("update_record", "comments", comment["id"], {"pinned": True}, caller=admin)
    assert untouched["mentions"] == echoed["mentions"] and untouched["pinned"] is True
    assert len(mention_notifications(call, people["ann"], comment["id"])) == 1


def test_the_comment_action_and_the_generic_route_mention_alike(call, admin, people, task):
    text = "@bob stone, @Ann Lee: done"
    by_action = call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": text},
                     caller=admin)
    by_route = new_comment(call, admin, task, text)
    assert by_action["mentions"] == by_route["mentions"] == sorted([people["ann"].user_id, people["bob"].user_id])
    # An edit through the generic route re-reads a comment the action wrote.
    edited = call("update_record", "comments", by_action["id"], {"text": "@Bob Stone: done"}, caller=admin)
    assert edited["mentions"] == [people["bob"].user_id]


def test_editing_a_comment_keeps_its_mentions_when_identity_does_not_answer(call, admin, studio, project, task,
                                                                             join):
    """Only production_tracking runs here: the names cannot be read, the edit is made, mentions stay."""
    lead = join(studio[0], role="user")
    comment = new_comment(call, admin, task, "@Lead Person", mentions=[lead.user_id])
    edited = call("update_record", "comments", comment["id"], {"text": "no names"}, caller=admin)
    assert edited["text"] == "no names" and edited["mentions"] == [lead.user_id]


@pytest.mark.parametrize("before, old, new, given, expected", [
    (["ann"], "@Ann Lee", "@Ann Lee @Bob Stone", None, ["ann", "bob"]),
    (["ann", "bob"], "@Ann Lee @Bob Stone", "@Bob Stone", None, ["bob"]),
    (["bob", "ann"], "@Ann Lee", "text", None, ["bob"]),  # bob by id: kept
    (["ann"], "@Ann Lee", "@Ann Lee", ["ann"], ["ann"]),  # the record echoed back
    ([], "", "@Ann Lee", ["bob"], ["bob", "ann"]),  # ids given now
    (["ann", "not-an-id"], "@Ann Lee", "", None, []),
])
def test_rewritten_mentions_follow_the_names_in_the_text(before, old, new, given, expected):
    ids = {"ann": str(uuid.uuid4()), "bob": str(uuid.uuid4())}
    members = [{"id": ids["ann"], "first_name": "Ann", "last_name": "Lee"},
               {"id": ids["bob"], "full_name": "Bob Stone"}]

    def as_ids(keys):
        return None if keys is None else [ids.get(key, key) for key in keys]

    assert rewritten_mentions(as_ids(before), old, new, members, as_ids(given)) == as_ids(expected)
