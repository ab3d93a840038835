"""An asset's parent (production, shot…) is production_tracking's record: both
services run here, on one broker, each on its own migrated database.

The asset service checks the parent over RPC before writing, and its
``asset_created`` / ``asset_updated`` events tell production_tracking which
assets belong to what (the production's ``assets`` include).
"""

import functools
import uuid

import pytest

from reelhouse.shared import testing
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope

eventually = functools.partial(testing.eventually, timeout=15.0, interval=0.1)


@pytest.fixture
def production(tracking_call, alice, workspace_id):
    """alice owns the workspace in production_tracking's projection too; a production there."""
    tracking_call("on_workspace_created", make_envelope("workspace_created", {
        "workspace_id": workspace_id, "owner_id": alice.user_id}))
    return tracking_call("create_v1_record", "production", {"workspace_id": workspace_id},
                         {"title": "Launch video", "allow_public_upload": False}, caller=alice)


def test_an_asset_registered_for_a_production_is_linked_to_it(call, tracking_call, alice, workspace_id,
                                                               production, payload):
    asset = call("create_asset", payload, workspace_id, production["id"], caller=alice)
    assert (asset["uploadable_type"], asset["uploadable_id"]) == ("production", production["id"])

    listed = call("list_assets", {"workspace_id": workspace_id, "uploadable_type": "production",
                                  "uploadable_id": production["id"]}, caller=alice)
    assert [item["id"] for item in listed["items"]] == [asset["id"]]

    def linked():
        record = tracking_call("get_v1_record", "production", production["id"], {"workspace_id": workspace_id},
                               ["assets"], caller=alice)
        return [ref["id"] for ref in record.get("_relations", {}).get("assets", [])]

    eventually(lambda: linked() == [asset["id"]])


def test_a_parent_must_be_a_record_of_the_workspace(call, alice, workspace_id, production, payload, engine):
    for field in ("production_id", "description_id", "revision_id", "deliverable_id", "video_series_id"):
        with pytest.raises(ValidationFailed) as error:
            call("create_asset", {**payload, field: str(uuid.uuid4())}, workspace_id, caller=alice)
        assert field in error.value.details
    with pytest.raises(ValidationFailed) as error:  # one parent at most
        call("create_asset", {**payload, "production_id": production["id"], "revision_id": str(uuid.uuid4())},
             workspace_id, caller=alice)
    assert set(error.value.details) == {"production_id", "revision_id"}
    with pytest.raises(ValidationFailed) as error:  # the URL's production is the parent
        call("create_asset", {**payload, "production_id": str(uuid.uuid4())}, workspace_id, production["id"],
             caller=alice)
    assert "production_id" in error.value.details


def test_another_workspaces_production_is_refused(call, join, tracking_call, alice, bob, production, upload_file,
                                                  bucket):
    other = str(uuid.uuid4())
    join(other, bob)
    upload = upload_file(b"12345", caller=bob, workspace=other)
    payload = {"bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4", "file_type": "mp4",
               "size": 5, "mimetype": "video/mp4"}
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "production_id": production["id"]}, other, caller=bob)
    assert "production_id" in error.value.details


def test_moving_an_asset_to_another_parent_moves_its_link(call, tracking_call, alice, workspace_id, production,
                                                          payload):
    asset = call("create_asset", payload, workspace_id, production["id"], caller=alice)
    second = tracking_call("create_v1_record", "production", {"workspace_id": workspace_id}, {"title": "Second"},
                           caller=alice)

    def assets_of(production_id):
        record = tracking_call("get_v1_record", "production", production_id, {"workspace_id": workspace_id},
                               ["assets"], caller=alice)
        return [ref["id"] for ref in record.get("_relations", {}).get("assets", [])]

    eventually(lambda: assets_of(production["id"]) == [asset["id"]])
    moved = call("update_asset", asset["id"], {"production_id": second["id"]}, workspace_id, caller=alice)
    assert moved["uploadable_id"] == second["id"]
    eventually(lambda: assets_of(second["id"]) == [asset["id"]] and assets_of(production["id"]) == [])
    # In the old production's context the asset is gone; detaching clears the parent.
    with pytest.raises(NotFound):
        call("get_asset", asset["id"], workspace_id, production["id"], caller=alice)
    detached = call("update_asset", asset["id"], {"production_id": None}, caller=alice)
    assert detached["uploadable_type"] is None and detached["uploadable_id"] is None
    eventually(lambda: assets_of(second["id"]) == [])


def test_public_upload_works_only_for_a_production_that_allows_it(call, tracking_call, alice, workspace_id,
                                                                  production, bucket):
    import requests

    body = b"public bytes"
    request = {"file_name": "clip.mp4", "size": len(body), "mimetype": "video/mp4"}
    with pytest.raises(NotFound):
        call("create_public_upload", workspace_id, production["id"], request)
    tracking_call("update_v1_record", "production", production["id"], {"workspace_id": workspace_id},
                  {"allow_public_upload": True}, caller=alice)
    with pytest.raises(NotFound):  # the production is not in that workspace
        call("create_public_upload", str(uuid.uuid4()), production["id"], request)

    with pytest.raises(ValidationFailed) as error:  # nobody could complete it without a token
        call("create_public_upload", workspace_id, production["id"], {**request, "multipart": True})
    assert "multipart" in error.value.details
    upload = call("create_public_upload", workspace_id, production["id"], request)
    assert requests.put(upload["url"], data=body, headers=upload["headers"], timeout=10).status_code == 200
    payload = {"bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4", "file_type": "mp4",
               "size": len(body), "mimetype": "video/mp4"}
    asset = call("create_public_asset", workspace_id, production["id"], payload)
    assert (asset["uploadable_type"], asset["uploadable_id"], asset["created_by"]) == \
        ("production", production["id"], None)


def test_a_public_caller_cannot_register_a_members_upload(call, alice, workspace_id, production, tracking_call,
                                                          payload):
    tracking_call("update_v1_record", "production", production["id"], {"workspace_id": workspace_id},
                  {"allow_public_upload": True}, caller=alice)
    with pytest.raises(ValidationFailed) as error:
        call("create_public_asset", workspace_id, production["id"], payload)
    assert "object_key" in error.value.details


def test_deleting_a_parent_leaves_its_assets_without_one(call, tracking_call, alice, workspace_id, production,
                                                         upload_file, bucket):
    context = {"workspace_id": workspace_id}
    shot = tracking_call("create_v1_record", "description", {**context, "production_id": production["id"]},
                         {"type": "broll", "fields": {}}, caller=alice)

    def register(field, parent_id):
        upload = upload_file(b"12345")
        return call("create_asset", {"bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4",
                                     "file_type": "mp4", "size": 5, "mimetype": "video/mp4", field: parent_id},
                    workspace_id, caller=alice)

    on_production = register("production_id", production["id"])
    on_shot = register("description_id", shot["id"])
    tracking_call("delete_v1_record", "production", production["id"], context, caller=alice)

    def parents():
        return {(found["uploadable_type"], found["uploadable_id"])
                for found in (call("get_asset", asset["id"], caller=alice) for asset in (on_production, on_shot))}

    eventually(lambda: parents() == {(None, None)})


def test_a_zou_shot_deleted_event_touches_no_asset(call, alice, workspace_id, production, payload):
    """The /api dialect publishes shot_deleted too, with its own fields: handled, nothing changes."""
    asset = call("create_asset", payload, workspace_id, production["id"], caller=alice)
    call("on_shot_deleted", make_envelope("shot_deleted", {"id": str(uuid.uuid4()), "workspace_id": workspace_id}))
    assert call("get_asset", asset["id"], caller=alice)["uploadable_id"] == production["id"]
