"""Fixtures for workspace service tests: a running container on a fresh vhost
and migrated PostgreSQL database, callers, and a tap on workspace events."""

import uuid

import pytest
from sqlalchemy import create_engine

from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope
from reelhouse.shared.testing import make_caller
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


@pytest.fixture
def admin():
    return make_caller("admin")


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
def workspace_events(event_tap):
    """Every workspace event published from now on: ``drain()``, ``types()``."""
    return event_tap("workspace")


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
