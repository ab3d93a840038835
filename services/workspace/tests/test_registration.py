"""The registration and cancellation sagas: identity's events handled by workspace."""

import time
import uuid

import pytest
from kombu import Connection
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import func, select

from reelhouse.shared.errors import NotFound
from reelhouse.shared.events import dead_letter_queue, make_envelope
from reelhouse.workspace import registration
from reelhouse.workspace.models import Workspace
from reelhouse.workspace.service import WorkspaceService


@pytest.fixture
def deliver(call):
    """Run a handler the way the event handler entrypoint would, with no caller."""

    def run(handler, envelope):
        return call(handler, envelope)

    return run


def count_workspaces(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Workspace.__table__))


def test_user_registered_creates_the_workspace_with_the_given_id_and_owner(
        call, deliver, registered, alice, workspace_events):
    workspace_id = str(uuid.uuid4())

    deliver("on_user_registered", registered(alice, workspace_id=workspace_id, company="Acme, Inc."))

    workspace = call("get_workspace", workspace_id, caller=alice)
    assert workspace["owner_id"] == alice.user_id and workspace["role"] == "owner"
    assert workspace["workspace_name"] == "Acme, Inc." and workspace["workspace_path"] == "acme-inc"
    assert workspace["organization_name"] == "Acme, Inc." and workspace["is_business"] is True
    events = {e["type"]: e["data"] for e in workspace_events.drain()}
    assert events == {
        "workspace_created": {"workspace_id": workspace_id, "owner_id": alice.user_id},
        "member_added": {"workspace_id": workspace_id, "user_id": alice.user_id, "role": "owner"},
    }


def test_user_registered_without_company_names_the_workspace_after_the_person(call, deliver, registered, alice):
    workspace_id = str(uuid.uuid4())
    deliver("on_user_registered", registered(alice, workspace_id=workspace_id, first="Ada", last="Lovelace"))
    workspace = call("get_workspace", workspace_id, caller=alice)
    assert workspace["workspace_name"] == "Ada Lovelace's workspace"
    assert workspace["workspace_path"] == "ada-lovelace-s-workspace" and workspace["is_business"] is False


def test_duplicate_delivery_of_user_registered_creates_nothing_more(
        deliver, registered, alice, engine, workspace_events):
    envelope = registered(alice, company="Acme")
    deliver("on_user_registered", envelope)
    workspace_events.drain()

    deliver("on_user_registered", envelope)
    deliver("on_user_registered", dict(envelope, event_id=str(uuid.uuid4())))  # re-sent under a new id

    assert count_workspaces(engine) == 1
    assert workspace_events.drain() == []


def test_registration_name_collision_gets_a_numbered_suffix(call, create, deliver, registered, alice, bob, admin):
    create("Acme", caller=bob)
    deliver("on_user_registered", registered(alice, company="Acme"))
    second = registered(type(alice)(user_id=str(uuid.uuid4())), company="acme")
    deliver("on_user_registered", second)

    names = [(w["workspace_name"], w["workspace_path"]) for w in call("list_workspaces", caller=alice)["items"]]
    assert names == [("Acme 2", "acme-2")]
    third = call("get_workspace", second["data"]["workspace_id"], caller=admin)
    assert (third["workspace_name"], third["workspace_path"]) == ("acme 3", "acme-3")


def test_user_registered_with_invite_token_joins_the_invited_workspace(
        call, create, deliver, registered, alice, bob, engine):
    workspace = create("Acme")
    invite = call("create_invite", workspace["id"], {"email": "b@example.com", "role": "producer"}, caller=alice)

    envelope = registered(bob, invite_token=invite["token"], workspace_id=None)  # as identity sends it
    deliver("on_user_registered", envelope)
    deliver("on_user_registered", dict(envelope, event_id=str(uuid.uuid4())))  # re-sent: still one membership

    listed = call("list_members", workspace["id"], caller=bob)["items"]
    members = [{"user_id": m["user_id"], "role": m["role"]} for m in listed]
    assert sorted(m["role"] for m in members) == ["owner", "producer"]
    assert {"user_id": bob.user_id, "role": "producer"} in members
    assert count_workspaces(engine) == 1  # no workspace of their own


def test_user_registered_with_an_unusable_invite_gets_their_own_workspace(call, deliver, registered, bob):
    envelope = registered(bob, invite_token="expired-or-unknown")
    deliver("on_user_registered", envelope)
    assert call("get_workspace", envelope["data"]["workspace_id"], caller=bob)["role"] == "owner"


def test_published_user_registered_event_is_consumed_from_rabbitmq(container, config, registered, alice, call):
    envelope = registered(alice, company="Over The Wire")
    with entrypoint_waiter(container, "on_user_registered"):
        event_dispatcher(config)("identity", "user_registered", envelope)
    assert call("get_workspace", envelope["data"]["workspace_id"], caller=alice)["workspace_name"] == "Over The Wire"


def test_user_cancelled_removes_memberships_and_cancels_solely_owned_workspaces(
        call, create, join, deliver, alice, bob, workspace_events):
    owned = create("Bob's", caller=bob)
    shared = create("Alice's")
    join(shared, bob, "producer")
    workspace_events.drain()

    deliver("on_user_cancelled", make_envelope("user_cancelled", {"user_id": bob.user_id}))

    with pytest.raises(NotFound):
        call("get_workspace", owned["id"], caller=bob)
    assert [(m["user_id"], m["role"]) for m in call("list_members", shared["id"], caller=alice)["items"]] == [
        (alice.user_id, "owner")]
    assert sorted((e["type"], e["data"]["workspace_id"]) for e in workspace_events.drain()) == sorted([
        ("workspace_deleted", owned["id"]), ("member_removed", owned["id"]), ("member_removed", shared["id"]),
    ])


def test_handler_that_keeps_failing_ends_in_its_dead_letter_queue(
        container_factory, config, fast_retries, registered, alice, monkeypatch):
    def broken(tx, data):
        raise RuntimeError("database says no")

    monkeypatch.setattr(registration, "handle_user_registered", broken)
    container = container_factory(WorkspaceService, dict(config, **fast_retries))
    container.start()
    [handler] = [e for e in container.entrypoints if e.method_name == "on_user_registered"]
    envelope = registered(alice)

    with Connection(config["AMQP_URI"]) as connection:
        parked = dead_letter_queue(handler.queue.name)(connection.default_channel)
        parked.declare()
        event_dispatcher(config)("identity", "user_registered", envelope)
        message = None
        deadline = time.monotonic() + 15
        while message is None and time.monotonic() < deadline:
            message = parked.get(no_ack=True)
            time.sleep(0.05)

    assert message is not None, "the event never reached the dead-letter queue"
    assert message.payload["event_id"] == envelope["event_id"]
    assert message.headers["x-reelhouse-attempt"] == len(fast_retries["EVENT_RETRY_DELAYS_MS"]) + 1
    assert "database says no" in message.headers["x-reelhouse-last-error"]


def test_person_created_joins_the_person_to_the_admins_workspace_once(
        call, deliver, registered, alice, bob, workspace_events):
    workspace_id = str(uuid.uuid4())
    deliver("on_user_registered", registered(alice, workspace_id=workspace_id))
    workspace_events.drain()
    created = make_envelope("person_created", {"user_id": bob.user_id, "workspace_id": workspace_id, "role": "user"})

    deliver("on_person_created", created)
    deliver("on_person_created", dict(created, event_id=str(uuid.uuid4())))  # a replay under a new id

    assert call("get_workspace", workspace_id, caller=bob)["role"] == "co_producer"
    assert [e["data"] for e in workspace_events.drain()] == [
        {"workspace_id": workspace_id, "user_id": bob.user_id, "role": "co_producer"}]


def test_person_created_for_an_unknown_workspace_joins_nothing(call, deliver, bob):
    deliver("on_person_created", make_envelope("person_created", {"user_id": bob.user_id,
                                                                   "workspace_id": str(uuid.uuid4())}))
    assert call("list_workspaces", caller=bob)["total"] == 0
