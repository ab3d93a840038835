"""``@Full Name`` mentions in comments: the parsing, and what a comment does
when identity (where the names are) does not answer. The gazu e2e test
(tests/e2e/test_gazu_instances.py) covers names fetched from a running identity."""

import uuid

import pytest

from reelhouse.production_tracking.people import may_name_someone, named_mentions, with_named_mentions

PEOPLE = {"ann": {"first_name": "Ann", "last_name": "Lee"},
          "bob": {"first_name": "Bob", "last_name": "Stone-Smith"},
          "annls": {"full_name": "Ann Lee Smith"}}
IDS = {key: uuid.uuid4() for key in PEOPLE}
MEMBERS = [dict(person, id=str(IDS[key])) for key, person in PEOPLE.items()]


@pytest.mark.parametrize("text, expected", [
    ("Thanks @Ann Lee, looks good", {"ann"}),
    ("@ann lee and @Bob Stone-Smith please check", {"ann", "bob"}),
    ("@Ann Lee Smith wrote this", {"annls"}),  # the longest name wins
    ("@Ann Leeway is nobody", set()),
    ("mail ann.lee@example.com", set()),
    ("write to team@Ann Lee", set()),  # inside a word: not a mention
    ("no mention at all", set()),
    ("", set()),
])
def test_full_name_mentions_are_parsed_from_the_text(text, expected):
    assert named_mentions(text, MEMBERS) == {IDS[key] for key in expected}


@pytest.mark.parametrize("text, expected", [("@Ann", True), ("hi @bob", True), ("a@b.c", False), ("@ 12", False),
                                            ("@1st", False), ("", False)])
def test_only_texts_that_may_name_someone_ask_identity(text, expected):
    assert may_name_someone(text) is expected


def test_named_people_are_added_after_the_mentions_given():
    given = str(uuid.uuid4())
    payload = {"comment": "@Bob Stone-Smith see", "mentions": [given], "task_status_id": "x"}
    assert with_named_mentions(payload, MEMBERS) == dict(payload, mentions=[given, str(IDS["bob"])])
    assert with_named_mentions({"text": "@Ann Lee"}, MEMBERS)["mentions"] == [str(IDS["ann"])]
    untouched = {"comment": "nobody here"}
    assert with_named_mentions(untouched, MEMBERS) is untouched


def test_a_comment_naming_people_is_posted_when_identity_does_not_answer(call, admin, studio, project, join):
    """Only production_tracking runs here: the names cannot be fetched, the comment and its id mentions stay."""
    lead = join(studio[0], role="user")
    call("add_team_member", project["id"], lead.user_id, caller=admin)
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    box = call("create_entity", "assets", project["id"], {"name": "Box"}, prop["id"], caller=admin)
    modeling = call("create_record", "task-types", {"name": "Modeling"}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": box["id"],
                                           "task_type_id": modeling["id"]}, caller=admin)
    comment = call("comment_task", task["id"], {"task_status_id": task["task_status_id"], "comment": "@Lead Person",
                                                "mentions": [lead.user_id]}, caller=admin)
    assert comment["text"] == "@Lead Person" and comment["mentions"] == [lead.user_id]
    [batched] = call("batch_comment", task["id"], {"comments": [
        {"task_status_id": task["task_status_id"], "comment": "@Lead Person again"}]}, caller=admin)
    assert batched["mentions"] == []
