"""What /v1 users embed from production_tracking: the productions and video
series each user created or is in the team of, for a page of users at once,
only where the caller may read them."""

import uuid

import pytest

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Unauthenticated, ValidationFailed
from reelhouse.shared.events import make_envelope

from .candidio_fixtures import *  # noqa: F403 - the /v1 fixtures

RELATIONS = ["owned_productions", "shared_productions", "owned_video_series", "shared_video_series"]


def ids(records):
    return [record["id"] for record in records]


def test_owned_and_shared_records_per_user(call, v1, workspace, member):
    workspace_id, owner = workspace()
    colleague = member(workspace_id, "co_producer")
    context = {"workspace_id": workspace_id}
    first = v1.create("production", context, {"title": "First"}, owner)
    second = v1.create("production", context, {"title": "Second"}, colleague)
    series = v1.create("video_series", context, {"title": "Series"}, owner)
    # The team is the /api dialect's: a studio manager (a Zou admin of the workspace) adds to it.
    manager = Caller(user_id=str(uuid.uuid4()), role="admin")
    call("on_member_added", make_envelope("member_added", {"workspace_id": workspace_id,
                                                           "user_id": manager.user_id, "role": "producer"}))
    call("add_team_member", first["id"], colleague.user_id, caller=manager)
    call("add_team_member", series["id"], colleague.user_id, caller=manager)

    found = call("list_v1_user_relations", [owner.user_id, colleague.user_id], RELATIONS, caller=owner)
    assert {name: ids(records) for name, records in found[owner.user_id].items()} == {
        "owned_productions": [first["id"]], "shared_productions": [],
        "owned_video_series": [series["id"]], "shared_video_series": []}
    assert {name: ids(records) for name, records in found[colleague.user_id].items()} == {
        "owned_productions": [second["id"]], "shared_productions": [first["id"]],
        "owned_video_series": [], "shared_video_series": [series["id"]]}
    assert found[owner.user_id]["owned_productions"][0]["title"] == "First"


def test_records_of_workspaces_the_caller_cannot_read_are_left_out(call, v1, workspace, member, staff):
    workspace_id, owner = workspace()
    other_workspace, stranger = workspace()
    v1.create("production", {"workspace_id": workspace_id}, {"title": "Private"}, owner)
    theirs = v1.create("production", {"workspace_id": other_workspace}, {"title": "Theirs"}, stranger)
    seen_by_stranger = call("list_v1_user_relations", [owner.user_id, stranger.user_id], ["owned_productions"],
                            caller=stranger)
    assert seen_by_stranger[owner.user_id]["owned_productions"] == []
    assert ids(seen_by_stranger[stranger.user_id]["owned_productions"]) == [theirs["id"]]
    assert len(call("list_v1_user_relations", [owner.user_id], ["owned_productions"],
                    caller=staff)[owner.user_id]["owned_productions"]) == 1


def test_at_most_one_hundred_per_user_and_relation(call, v1, workspace):
    workspace_id, owner = workspace()
    for number in range(102):
        v1.create("production", {"workspace_id": workspace_id}, {"title": f"P{number}"}, owner)
    found = call("list_v1_user_relations", [owner.user_id], ["owned_productions"], caller=owner)
    titles = [record["title"] for record in found[owner.user_id]["owned_productions"]]
    assert titles == [f"P{number}" for number in range(100)]


def test_bad_input_is_refused(call, workspace):
    _workspace_id, owner = workspace()
    with pytest.raises(ValidationFailed) as error:
        call("list_v1_user_relations", [owner.user_id], ["owned_cats"], caller=owner)
    assert "include" in error.value.details
    with pytest.raises(ValidationFailed) as error:
        call("list_v1_user_relations", ["not-a-uuid"], ["owned_productions"], caller=owner)
    assert "user_ids" in error.value.details
    with pytest.raises(ValidationFailed):
        call("list_v1_user_relations", [str(uuid.uuid4()) for _ in range(501)], ["owned_productions"], caller=owner)
    with pytest.raises(Unauthenticated):
        call("list_v1_user_relations", [owner.user_id], ["owned_productions"])
