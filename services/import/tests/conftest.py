"""Fixtures for importer service tests: the importer and production_tracking
running on a fresh vhost with their migrated PostgreSQL databases, and a
studio (a workspace with an admin) in production_tracking."""

import uuid

import pytest
from nameko.testing.services import entrypoint_hook

from reelhouse.importer.service import ImporterService
from reelhouse.production_tracking.service import ProductionTrackingService
from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope


@pytest.fixture
def containers(container_factory, rabbit_config, database_url_for):
    started = {}
    for cls, folder in ((ProductionTrackingService, "services/production_tracking"),
                        (ImporterService, "services/import")):
        started[cls.name] = container_factory(cls, dict(rabbit_config, DATABASE_URL=database_url_for(folder)))
        started[cls.name].start()
    return started


@pytest.fixture
def rpc(containers):
    """``rpc("importer", "import_csv", payload, caller=admin)``: one entrypoint, run as ``caller``."""

    def run(service, method, *args, caller=None, **kwargs):
        context_data = {"caller": caller.to_header()} if caller else {}
        with entrypoint_hook(containers[service], method, context_data=context_data) as hook:
            return hook(*args, **kwargs)

    return run


@pytest.fixture
def join(rpc):
    """``join(workspace_id, role)``: a new member, announced as the workspace service would."""

    def run(workspace_id, role, user=None):
        user = user or Caller(user_id=str(uuid.uuid4()), role=role)
        rpc("production_tracking", "on_member_added", make_envelope("member_added", {
            "workspace_id": workspace_id, "user_id": user.user_id, "role": "co_producer"}))
        return user

    return run


@pytest.fixture
def studio(rpc):
    """A workspace and its admin."""
    workspace_id, user = str(uuid.uuid4()), Caller(user_id=str(uuid.uuid4()), role="admin")
    rpc("production_tracking", "on_workspace_created", make_envelope("workspace_created", {
        "workspace_id": workspace_id, "owner_id": user.user_id}))
    return workspace_id, user


@pytest.fixture
def admin(studio, join):
    return join(studio[0], "admin", studio[1])


@pytest.fixture
def artist(studio, join):
    return join(studio[0], "user")


@pytest.fixture
def project(rpc, admin):
    return rpc("production_tracking", "create_record", "projects", {"name": "Spring"}, caller=admin)


@pytest.fixture
def import_csv(rpc, admin, project):
    """``import_csv("assets", text)``: the importer's answer for the admin, in the project."""

    def run(kind, text, update_existing=False, caller=admin, project_id=None):
        return rpc("importer", "import_csv", {"kind": kind, "project_id": project_id or project["id"], "text": text,
                                              "update_existing": update_existing}, caller=caller)

    return run
