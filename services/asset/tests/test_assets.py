"""Registering, reading, listing and deleting assets: verified against the real
object in a local S3 endpoint; nothing is registered on bad input."""

import functools
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from nameko.testing.services import entrypoint_hook
from sqlalchemy import func, select

from reelhouse.asset.models import MediaAsset
from reelhouse.asset.service import AssetService
from reelhouse.shared import testing
from reelhouse.shared.errors import Conflict, NotFound, ServiceUnavailable, ValidationFailed
from reelhouse.shared.events import make_envelope
from reelhouse.shared.s3testing import free_port


def count_assets(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(MediaAsset.__table__))


# Media jobs and deletions run in the background; give them time on a busy machine.
eventually = functools.partial(testing.eventually, timeout=15.0, interval=0.1)


def test_create_asset_verifies_the_object_and_answers_with_short_lived_links(call, alice, workspace_id, payload):
    asset = call("create_asset", payload, workspace_id, caller=alice)

    assert asset["workspace_id"] == workspace_id and asset["created_by"] == alice.user_id
    assert asset["size"] == 5 and asset["asset_type"] == "video" and asset["file_type"] == "mp4"
    assert asset["is_transcoded"] is False and asset["media_state"] == "pending"  # never waits for ffmpeg
    assert asset["is_stock"] is False and asset["is_completed_production"] is False
    query = parse_qs(urlparse(asset["link_download"]).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "attachment" in query["response-content-disposition"][0]
    assert requests.get(asset["link_download"], timeout=10).content == b"12345"


def test_workspace_id_in_the_body_serves_the_core_route(call, alice, workspace_id, payload):
    asset = call("create_asset", {**payload, "workspace_id": workspace_id}, caller=alice)
    assert asset["workspace_id"] == workspace_id


def test_core_route_without_a_workspace_is_refused(call, alice, payload):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", payload, caller=alice)
    assert "workspace_id" in error.value.details


def test_a_body_workspace_other_than_the_urls_is_refused(call, alice, workspace_id, payload):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "workspace_id": str(uuid.uuid4())}, workspace_id, caller=alice)
    assert "workspace_id" in error.value.details


def test_missing_object_registers_nothing(call, alice, workspace_id, bucket, engine):
    key = f"workspaces/{workspace_id}/uploads/{uuid.uuid4()}/never-sent.mp4"
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {"bucket": bucket, "object_key": key, "file_name": "x.mp4", "file_type": "mp4",
                              "size": 5, "mimetype": "video/mp4"}, workspace_id, caller=alice)
    assert "object_key" in error.value.details
    assert count_assets(engine) == 0


def test_size_mismatch_registers_nothing(call, alice, workspace_id, payload, engine):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "size": 6}, workspace_id, caller=alice)
    assert "size" in error.value.details
    assert count_assets(engine) == 0


@pytest.mark.parametrize("make_key", [
    lambda w, other: f"workspaces/{other}/uploads/{uuid.uuid4()}/a.mp4",
    lambda w, other: f"workspaces/{w}/uploads/../../{other}/uploads/x/a.mp4",
    lambda w, other: f"workspaces/{w}/uploads/x/../../../{other}/uploads/a.mp4",
    lambda w, other: f"workspaces/{w}/uploads/./a.mp4",
    lambda w, other: f"workspaces/{w}/uploads//a.mp4",
    lambda w, other: f"workspaces/{w}/derived/{uuid.uuid4()}/thumbnail.jpg",
    lambda w, other: f"/workspaces/{w}/uploads/a.mp4",
    lambda w, other: f"workspaces/{w}/uploads/",
    lambda w, other: "path/to/file.mp4",
])
def test_key_outside_the_workspace_upload_prefix_is_refused(call, alice, workspace_id, payload, engine, make_key):
    key = make_key(workspace_id, uuid.uuid4())
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "object_key": key}, workspace_id, caller=alice)
    assert "object_key" in error.value.details
    assert count_assets(engine) == 0


def test_another_workspaces_real_object_cannot_be_claimed(call, join, alice, bob, upload_file, payload, engine):
    other = str(uuid.uuid4())
    join(other, bob)
    theirs = upload_file(b"12345", "clip.mp4", "video/mp4", caller=bob, workspace=other)
    with pytest.raises(ValidationFailed):
        call("create_asset", {**payload, "object_key": theirs["object_key"]}, payload["object_key"].split("/")[1],
             caller=alice)
    assert count_assets(engine) == 0


def test_mimetype_contradicting_the_extension_is_refused(call, alice, workspace_id, payload, engine):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "mimetype": "image/mp4"}, workspace_id, caller=alice)  # the spec's sample
    assert "mimetype" in error.value.details
    assert count_assets(engine) == 0


def test_mimetype_contradicting_the_uploaded_object_is_refused(call, alice, workspace_id, payload, engine):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "mimetype": "application/pdf", "file_type": "pdf"}, workspace_id,
             caller=alice)
    assert "mimetype" in error.value.details
    assert count_assets(engine) == 0


def test_another_bucket_is_refused(call, alice, workspace_id, payload):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "bucket": "upload.candidio.com"}, workspace_id, caller=alice)
    assert "bucket" in error.value.details


def test_one_object_one_asset(call, alice, workspace_id, payload):
    call("create_asset", payload, workspace_id, caller=alice)
    with pytest.raises(Conflict):
        call("create_asset", payload, workspace_id, caller=alice)


def test_non_member_cannot_register_into_a_workspace(call, bob, workspace_id, payload, engine):
    with pytest.raises(NotFound):
        call("create_asset", payload, workspace_id, caller=bob)
    assert count_assets(engine) == 0


def test_storage_unavailable_is_503_and_registers_nothing(
        container_factory, config, payload, alice, workspace_id, engine):
    down = container_factory(AssetService, dict(config, S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}"))
    down.start()
    with entrypoint_hook(down, "create_asset", context_data={"caller": alice.to_header()}) as hook:
        with pytest.raises(ServiceUnavailable):
            hook(payload, workspace_id)
    assert count_assets(engine) == 0


def test_get_in_another_workspace_context_or_by_a_stranger_is_not_found(call, alice, bob, register):
    asset = register(b"abc")
    assert call("get_asset", asset["id"], caller=alice)["id"] == asset["id"]
    assert call("get_asset", asset["id"], asset["workspace_id"], caller=alice)["id"] == asset["id"]
    with pytest.raises(NotFound):
        call("get_asset", asset["id"], str(uuid.uuid4()), caller=alice)
    with pytest.raises(NotFound):
        call("get_asset", asset["id"], caller=bob)


def test_list_filters_by_the_spec_scopes_and_pages(call, alice, join, workspace_id, register, admin):
    bob_member = type(alice)(user_id=str(uuid.uuid4()), role="user")
    join(workspace_id, bob_member, "co_producer")
    video = register(b"v1", file_name="a.mp4", mimetype="video/mp4")
    image = register(b"i1", file_name="b.png", mimetype="image/png", is_completed_production=True)
    sound = register(b"s1", file_name="c.mp3", mimetype="audio/mpeg", caller=bob_member)
    doc = register(b"d1", file_name="d.pdf", mimetype="application/pdf")

    def ids(filters, **kwargs):
        result = call("list_assets", {"workspace_id": workspace_id, **filters}, caller=alice, **kwargs)
        return [item["id"] for item in result["items"]]

    assert ids({}) == [video["id"], image["id"], sound["id"], doc["id"]]
    assert ids({"asset_type": "image"}) == [image["id"]]
    assert ids({"asset_type": "other"}) == [doc["id"]]
    assert ids({"completed": True}) == [image["id"]]
    assert ids({"user_id": bob_member.user_id}) == [sound["id"]]
    assert ids({"uploadable_type": "production"}) == []
    assert ids({}, sort="size", direction="desc")[0] in {video["id"], image["id"], sound["id"], doc["id"]}
    page = call("list_assets", {"workspace_id": workspace_id}, 2, 3, caller=alice)
    assert page["total"] == 4 and [item["id"] for item in page["items"]] == [doc["id"]]
    assert len(call("list_assets", {}, caller=admin)["items"]) == 4


def test_list_shows_a_non_member_nothing(call, bob, workspace_id, register):
    register(b"abc")
    assert call("list_assets", {}, caller=bob) == {"items": [], "total": 0}
    with pytest.raises(NotFound):
        call("list_assets", {"workspace_id": workspace_id}, caller=bob)


def test_list_refuses_unknown_sort_and_scope_values(call, alice):
    with pytest.raises(ValidationFailed):
        call("list_assets", {"asset_type": "hologram"}, caller=alice)
    with pytest.raises(ValidationFailed):
        call("list_assets", {}, sort="object_key", caller=alice)


def test_delete_hides_the_asset_then_removes_its_objects_and_its_row(call, alice, register, s3, bucket, engine):
    asset = register(b"abc", file_name="notes.txt", mimetype="text/plain")

    assert call("delete_asset", asset["id"], caller=alice) == {"id": asset["id"]}

    with pytest.raises(NotFound):
        call("get_asset", asset["id"], caller=alice)
    eventually(lambda: count_assets(engine) == 0)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_membership_projection_follows_workspace_events(call, join, bob, workspace_id, register):
    asset = register(b"abc")
    join(workspace_id, bob, "co_producer")
    assert call("get_asset", asset["id"], caller=bob)["id"] == asset["id"]
    call("on_member_removed", make_envelope("member_removed", {"workspace_id": workspace_id,
                                                               "user_id": bob.user_id}))
    with pytest.raises(NotFound):
        call("get_asset", asset["id"], caller=bob)
    new_workspace = str(uuid.uuid4())
    call("on_workspace_created", make_envelope("workspace_created", {"workspace_id": new_workspace,
                                                                     "owner_id": bob.user_id}))
    assert call("list_assets", {"workspace_id": new_workspace}, caller=bob)["total"] == 0


def test_a_retried_create_with_the_same_idempotency_key_answers_the_first_asset(
        container, alice, workspace_id, payload, engine):
    context = {"caller": alice.to_header(), "idempotency_key": "retry-1"}

    def create():
        with entrypoint_hook(container, "create_asset", context_data=context) as hook:
            return hook(payload, workspace_id)

    first, again = create(), create()

    assert again["id"] == first["id"]
    assert count_assets(engine) == 1
