"""Fixtures for the /v1 production API tests: workspaces with an owner (not
a platform admin), members with workspace roles, staff, and stand-ins for
the workspace and asset services' lookups (templates, assets)."""

import uuid

import pytest
from nameko.rpc import rpc

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import NotFound
from reelhouse.shared.events import make_envelope

TEMPLATES: dict = {}
ASSETS: dict = {}


class FakeWorkspaceService:
    """Answers ``get_template`` as the workspace service does: the whole template, or NotFound."""

    name = "workspace"

    @rpc
    def get_template(self, template_id, workspace_id=None, include=None):
        template = TEMPLATES.get(template_id)
        if template is None or template["workspace_id"] not in (None, workspace_id):
            raise NotFound("Template not found.")
        return template


class FakeAssetService:
    name = "asset"

    @rpc
    def get_asset(self, asset_id, workspace_id=None):
        asset = ASSETS.get(asset_id)
        if asset is None or asset["workspace_id"] != workspace_id:
            raise NotFound("Asset not found.")
        return asset


@pytest.fixture
def lookups(container_factory, rabbit_config):
    TEMPLATES.clear()
    ASSETS.clear()
    for service in (FakeWorkspaceService, FakeAssetService):
        container_factory(service, rabbit_config).start()
    return TEMPLATES, ASSETS


@pytest.fixture
def workspace(call):
    """``workspace()`` -> (workspace_id, owner Caller): created as the workspace service announces it."""

    def make():
        workspace_id = str(uuid.uuid4())
        owner = Caller(user_id=str(uuid.uuid4()), role="user")
        call("on_workspace_created", make_envelope("workspace_created", {
            "workspace_id": workspace_id, "owner_id": owner.user_id}))
        return workspace_id, owner

    return make


@pytest.fixture
def member(call):
    """``member(workspace_id, "co_producer")`` -> a Caller holding that workspace role."""

    def make(workspace_id, role):
        user = Caller(user_id=str(uuid.uuid4()), role="user")
        call("on_member_added", make_envelope("member_added", {
            "workspace_id": str(workspace_id), "user_id": user.user_id, "role": role}))
        return user

    return make


@pytest.fixture
def staff():
    return Caller(user_id=str(uuid.uuid4()), role="admin")


@pytest.fixture
def v1(call):
    """Shorthands over the generic /v1 RPCs."""

    class V1:
        def create(self, kind, context, payload, caller):
            return call("create_v1_record", kind, context, payload, caller=caller)

        def update(self, kind, record_id, context, payload, caller):
            return call("update_v1_record", kind, record_id, context, payload, caller=caller)

        def delete(self, kind, record_id, context, caller):
            return call("delete_v1_record", kind, record_id, context, caller=caller)

        def get(self, kind, record_id, context, caller, include=None):
            return call("get_v1_record", kind, record_id, context, include, caller=caller)

        def list(self, kind, context, caller, filters=None, page=None, limit=None, **options):
            return call("list_v1_records", kind, context, filters, page, limit, options, caller=caller)

    return V1()
