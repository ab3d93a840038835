"""/v1 revisions, deliverables and the activity log at the service level."""

import uuid

import pytest

from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope

from .candidio_fixtures import *  # noqa: F403 - the /v1 fixtures


@pytest.fixture
def production(v1, workspace):
    workspace_id, owner = workspace()
    record = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    return workspace_id, owner, record


def test_a_revision_opens_and_closes(v1, production):
    workspace_id, owner, record = production
    context = {"workspace_id": workspace_id, "production_id": record["id"]}
    revision = v1.create("revision", context, {"instructions": "Shorter intro"}, owner)
    assert revision["is_open"] is True
    closed = v1.update("revision", revision["id"], context, {"is_open": False}, owner)
    assert closed["is_open"] is False and closed["closed_at"]
    listed = v1.list("revision", context, owner, include=["production", "created_by"])["items"]
    assert listed[0]["_relations"]["production"]["id"] == record["id"]
    with pytest.raises(ValidationFailed):
        v1.update("revision", revision["id"], context, {"is_open": "no"}, owner)


def test_deliverables_are_staff_work_and_the_producer_rates_accepted_ones(v1, production, staff):
    workspace_id, owner, record = production
    context = {"workspace_id": workspace_id, "production_id": record["id"]}
    revision = v1.create("revision", context, {"instructions": "Brighter"}, owner)
    with pytest.raises(Forbidden):
        v1.create("deliverable", {"workspace_id": workspace_id}, {"production_id": record["id"]}, owner)
    deliverable = v1.create("deliverable", {"workspace_id": workspace_id},
                            {"production_id": record["id"], "revision_id": revision["id"]}, staff)
    assert deliverable["status"] == "uploading" and deliverable["rating"] is None
    with pytest.raises(Forbidden):
        v1.update("deliverable", deliverable["id"], {}, {"status": "reviewing"}, owner)
    with pytest.raises(ValidationFailed):  # not accepted yet
        v1.update("deliverable", deliverable["id"], {}, {"rating": "happy"}, owner)
    with pytest.raises(ValidationFailed) as raised:  # skips review
        v1.update("deliverable", deliverable["id"], {}, {"status": "accepted"}, staff)
    assert "status" in raised.value.details
    v1.update("deliverable", deliverable["id"], {}, {"status": "reviewing"}, staff)
    v1.update("deliverable", deliverable["id"], {}, {"status": "accepted"}, staff)
    rated = v1.update("deliverable", deliverable["id"], {}, {"rating": "happy"}, owner)
    assert rated["rating"] == "happy"
    # Accepting the answer to a revision closes it.
    assert v1.get("revision", revision["id"], {}, owner)["is_open"] is False
    full = v1.get("deliverable", deliverable["id"], {"workspace_id": workspace_id}, owner,
                  include=["revision", "production", "assets"])
    assert full["_relations"]["revision"]["id"] == revision["id"] and full["_relations"]["assets"] == []


def test_a_co_producer_may_not_rate(v1, production, member, staff):
    workspace_id, _owner, record = production
    co_producer = member(workspace_id, "co_producer")
    deliverable = v1.create("deliverable", {"workspace_id": workspace_id}, {"production_id": record["id"]}, staff)
    v1.update("deliverable", deliverable["id"], {}, {"status": "reviewing"}, staff)
    v1.update("deliverable", deliverable["id"], {}, {"status": "accepted"}, staff)
    with pytest.raises(Forbidden):
        v1.update("deliverable", deliverable["id"], {}, {"rating": "sad"}, co_producer)


def test_a_deliverable_for_an_unknown_production_or_revision_is_a_field_error(v1, production, staff, workspace):
    workspace_id, _owner, record = production
    with pytest.raises(ValidationFailed) as raised:
        v1.create("deliverable", {"workspace_id": workspace_id}, {"production_id": str(uuid.uuid4())}, staff)
    assert "production_id" in raised.value.details
    other_id, other_owner = workspace()
    theirs = v1.create("production", {"workspace_id": other_id}, {"title": "Theirs"}, other_owner)
    revision = v1.create("revision", {"workspace_id": other_id, "production_id": theirs["id"]}, {}, other_owner)
    with pytest.raises(ValidationFailed) as raised:
        v1.create("deliverable", {"workspace_id": workspace_id},
                  {"production_id": record["id"], "revision_id": revision["id"]}, staff)
    assert "revision_id" in raised.value.details


def test_the_activity_log_records_each_change_with_its_actor(v1, production, call, workspace):
    workspace_id, owner, record = production
    v1.update("production", record["id"], {}, {"title": "Acme 2"}, owner)
    call("on_v1_asset_created", make_envelope("asset_created", {
        "asset_id": str(uuid.uuid4()), "workspace_id": workspace_id, "created_by": owner.user_id,
        "asset_type": "video", "mimetype": "video/mp4", "size": 10}))
    actions = v1.list("action", {"workspace_id": workspace_id}, owner, include=["actionable", "user"])["items"]
    verbs = [a["verb"] for a in actions]
    assert verbs[:3] == ["asset_created", "production_updated", "production_created"]  # newest first
    assert actions[0]["_relations"]["actionable"] == {"_kind": "asset", "id": actions[0]["actionable_id"]}
    updated = actions[1]
    assert updated["_relations"]["user"] == {"_kind": "user", "id": owner.user_id}
    assert updated["_relations"]["actionable"]["title"] == "Acme 2"
    mine = v1.list("action", {"user_id": owner.user_id}, owner)["items"]
    assert {a["workspace_id"] for a in mine} == {workspace_id}
    _, stranger = workspace()
    with pytest.raises(NotFound):
        v1.list("action", {"workspace_id": workspace_id}, stranger)
    assert v1.list("action", {"user_id": owner.user_id}, stranger)["items"] == []
