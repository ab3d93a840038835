"""Fixtures for production_tracking service tests: a running container on a
fresh vhost and migrated PostgreSQL database, workspaces with members, and
callers with Zou roles."""

import uuid

import pytest

from reelhouse.production_tracking.service import ProductionTrackingService
from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope

SERVICE_DIR = "services/production_tracking"


@pytest.fixture
def database_url(database_url_for):
    return database_url_for(SERVICE_DIR)


@pytest.fixture
def container(container_factory, rabbit_config, database_url):
    container = container_factory(ProductionTrackingService, dict(rabbit_config, DATABASE_URL=database_url))
    container.start()
    return container


@pytest.fixture
def join(call):
    """``join(workspace_id, role="user")``: a new member of the workspace, as a Caller with that Zou role.

    The membership arrives as the workspace service's ``member_added`` event would."""

    def run(workspace_id, role="user", user=None):
        user = user or Caller(user_id=str(uuid.uuid4()), role=role)
        call("on_member_added", make_envelope("member_added", {
            "workspace_id": str(workspace_id), "user_id": user.user_id, "role": "co_producer"}))
        return user

    return run


@pytest.fixture
def studio(call, join):
    """A workspace (created as the workspace service announces it) and its admin."""
    workspace_id = str(uuid.uuid4())
    admin = Caller(user_id=str(uuid.uuid4()), role="admin")
    call("on_workspace_created", make_envelope("workspace_created", {
        "workspace_id": workspace_id, "owner_id": admin.user_id}))
    return workspace_id, join(workspace_id, role="admin", user=admin)


@pytest.fixture
def admin(studio):
    return studio[1]


@pytest.fixture
def project(call, admin):
    return call("create_record", "projects", {"name": "Big Buck Bunny"}, caller=admin)


@pytest.fixture
def events(event_tap):
    """Every production_tracking event published from now on: ``drain()``, ``types()``."""
    return event_tap("production_tracking")
