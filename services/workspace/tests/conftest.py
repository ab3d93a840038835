"""Fixtures for workspace service tests: a running container on a fresh vhost
and migrated PostgreSQL database, callers, and a tap on workspace events."""

import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.testing.services import entrypoint_hook
from sqlalchemy import create_engine

from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope
from reelhouse.workspace.service import WorkspaceService

SERVICE_DIR = "services/workspace"


@pytest.fixture
def database_url(database_url_for):
    return database_url_for(SERVICE_DIR)


@pytest.fixture
def config(rabbit_config, database_url, mailbox):
    return dict(rabbit_config, DATABASE_URL=database_url, MAILBOX_DIR=str(mailbox))


@pytest.fixture
def container(container_factory, config):
    container = container_factory(WorkspaceService, config)
    container.start()
    return container


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def make_user(role: str = "user") -> Caller:
    return Caller(user_id=str(uuid.uuid4()), role=role)


@pytest.fixture
def alice():
    return make_user()


@pytest.fixture
def bob():
    return make_user()


@pytest.fixture
def admin():
    return make_user("admin")


@pytest.fixture
def call(container):
    """``call("get_workspace", id, caller=alice)``: one RPC entrypoint run as ``caller``."""

    def run(method, *args, caller=None, **kwargs):
        context_data = {"caller": caller.to_header()} if caller else {}
        with entrypoint_hook(container, method, context_data=context_data) as hook:
            return hook(*args, **kwargs)

    return run


@pytest.fixture
def create(call, alice):
    """Create a workspace (as alice unless told) and return it."""

    def run(name, caller=None, **payload):
        return call("create_workspace", {"name": name, "is_business": True, **payload}, caller=caller or alice)

    return run


@pytest.fixture
def join(call, create):
    """Make ``user`` a member of ``workspace`` with ``role`` through an invite."""

    def run(workspace, user, role="co_producer", inviter=None):
        owner = inviter or Caller(user_id=workspace["owner_id"], role="user")
        invite = call("create_invite", workspace["id"], {"email": "x@example.com", "role": role}, caller=owner)
        return call("accept_invite", invite["token"], caller=user)

    return run


@pytest.fixture
def workspace_events(rabbit_config):
    """A queue bound to every workspace event; ``drain()`` returns the envelopes published so far."""
    connection = Connection(rabbit_config["AMQP_URI"])
    queue = Queue(f"test-tap-{uuid.uuid4().hex}", Exchange("workspace.events", type="topic", durable=True),
                  routing_key="#", auto_delete=False)
    queue(connection.channel()).declare()

    class Tap:
        def drain(self):
            envelopes = []
            bound = queue(connection.default_channel)
            while (message := bound.get(no_ack=True)) is not None:
                envelopes.append(message.payload)
            return envelopes

        def types(self):
            return [envelope["type"] for envelope in self.drain()]

    yield Tap()
    connection.release()


@pytest.fixture
def registered():
    """``registered(user, ...)``: an ``identity.user_registered`` envelope as identity publishes it."""

    def build(user, workspace_id=..., company=None, invite_token=None, first="Ada", last="Lovelace"):
        return make_envelope("user_registered", {
            "user_id": user.user_id, "email": f"{user.user_id[:8]}@example.com", "first_name": first,
            "last_name": last, "is_business": bool(company), "company": company,
            "workspace_id": str(uuid.uuid4()) if workspace_id is ... else workspace_id,
            "invite_token": invite_token,
        })

    return build
