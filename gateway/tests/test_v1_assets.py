"""/v1 asset routes without a running suite: scope and include parsing, and the
documented request fields against the asset service's own schemas."""

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from reelhouse.asset import schemas as service
from reelhouse.gateway.v1 import asset_schemas as wire
from reelhouse.gateway.v1.assets import parse_includes, parse_scopes
from reelhouse.shared import ids
from reelhouse.shared.errors import MalformedId, ValidationFailed

WORKSPACE = "5a0c3c5e-2f1b-4c53-9a8b-0d6c1f2e3a4b"
USER = "0b6a4f4e-8c1d-4e2a-bb3c-9f8e7d6c5b4a"


def call_with(**args):
    query = MultiDict()
    for name, value in args.items():
        for item in value if isinstance(value, list) else [value]:
            query.add(name, item)
    return SimpleNamespace(args=query)


def test_scopes_map_to_the_service_filters():
    call = call_with(scope=[f"assetType:video,hasFailedJobs:true,user:{ids.to_prefixed('usr', USER)}",
                            "completed:false,production"])
    assert parse_scopes(call) == {"asset_type": "video", "has_failed_jobs": True, "user_id": USER,
                                  "completed": False, "uploadable_type": "production"}


def test_workspace_comes_from_the_url_scope_or_query_and_they_must_agree():
    prefixed = ids.to_prefixed("wrk", WORKSPACE)
    assert parse_scopes(call_with(workspace_id=prefixed)) == {"workspace_id": WORKSPACE}
    assert parse_scopes(call_with(scope=f"workspace:{prefixed}"), WORKSPACE) == {"workspace_id": WORKSPACE}
    other = ids.to_prefixed("wrk", USER)
    with pytest.raises(ValidationFailed):
        parse_scopes(call_with(scope=f"workspace:{other}"), WORKSPACE)


@pytest.mark.parametrize("scope", ["colour:red", "completed:maybe", "descriptionType:broll", "user:usr_bad"])
def test_bad_scopes_are_refused(scope):
    with pytest.raises((ValidationFailed, MalformedId)):
        parse_scopes(call_with(scope=scope))


def test_includes_are_checked():
    assert parse_includes(call_with(include="created_by, workspace")) == {"created_by", "workspace"}
    with pytest.raises(ValidationFailed):
        parse_includes(call_with(include="created_by,secrets"))


def shape(schema, leave_out=()):
    return {name: field.required for name, field in schema().fields.items() if name not in leave_out}


def test_documented_create_asset_fields_match_the_service_schema():
    assert shape(wire.CreateAssetSchema) == shape(service.CreateAssetSchema)


def test_documented_create_upload_fields_match_the_service_schema():
    # workspace_id is the gateway's: from the URL, or the body of POST /v1/uploads.
    assert shape(wire.CreateUploadSchema, leave_out=("workspace_id",)) == shape(service.CreateUploadSchema)
