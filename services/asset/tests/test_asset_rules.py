"""Correcting an asset (PUT), who may do what per workspace role, and the
sweeper of abandoned uploads — on a real database and a local S3 endpoint."""

import datetime as dt
import uuid

import pytest
import requests
from nameko.testing.services import entrypoint_hook
from sqlalchemy import select, update

from reelhouse.asset.models import Upload
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope
from reelhouse.shared.testing import make_caller

# -- PUT ---------------------------------------------------------------------------------------


def test_update_corrects_the_metadata_and_keeps_the_object(call, alice, workspace_id, register):
    asset = register(b"12345", file_name="clip.mp4", mimetype="video/mp4")
    changed = call("update_asset", asset["id"], {
        "file_name": "launch.mp4", "file_type": ".MP4", "mimetype": "video/mp4",
        "is_completed_production": True, "bucket": asset["bucket"], "object_key": asset["object_key"],
        "size": 5, "workspace_id": workspace_id}, workspace_id, caller=alice)
    assert (changed["file_name"], changed["file_type"], changed["mimetype"]) == ("launch.mp4", "mp4", "video/mp4")
    assert changed["is_completed_production"] is True and changed["object_key"] == asset["object_key"]
    assert call("get_asset", asset["id"], caller=alice)["file_name"] == "launch.mp4"


@pytest.mark.parametrize(("change", "field"), [
    ({"size": 6}, "size"),
    ({"object_key": "workspaces/x/uploads/y/other.mp4"}, "object_key"),
    ({"bucket": "upload.candidio.com"}, "bucket"),
    ({"workspace_id": str(uuid.uuid4())}, "workspace_id"),
    ({"mimetype": "image/mp4"}, "mimetype"),  # contradicts the extension
    ({"file_type": "png"}, "mimetype"),  # a .png is no video/mp4
    ({"mimetype": "video/quicktime", "file_type": "mov"}, "mimetype"),  # the object was uploaded as video/mp4
    ({"file_name": ""}, "file_name"),
    ({"is_completed_production": "yes"}, "is_completed_production"),
    ({"colour": "red"}, "colour"),
])
def test_update_refuses_bad_input_and_changes_nothing(call, alice, register, change, field):
    asset = register(b"12345")
    with pytest.raises(ValidationFailed) as error:
        call("update_asset", asset["id"], change, caller=alice)
    assert field in error.value.details
    assert call("get_asset", asset["id"], caller=alice)["updated_at"] == asset["updated_at"]


def test_update_in_another_workspace_or_by_a_stranger_is_not_found(call, alice, bob, register):
    asset = register(b"12345")
    with pytest.raises(NotFound):
        call("update_asset", asset["id"], {"file_name": "x.mp4"}, str(uuid.uuid4()), caller=alice)
    with pytest.raises(NotFound):
        call("update_asset", asset["id"], {"file_name": "x.mp4"}, caller=bob)
    with pytest.raises(NotFound):  # not this production's asset
        call("update_asset", asset["id"], {"file_name": "x.mp4"}, asset["workspace_id"], str(uuid.uuid4()),
             caller=alice)


# -- roles -------------------------------------------------------------------------------------

ROLES = ("owner", "producer", "co_producer", "custom", "stranger")
# The custom role of the table, as the workspace service's role_created event lists it.
CUSTOM_PERMISSIONS = ["workspaces.read", "assets.read", "assets.update", "productions.read"]


def hold_custom_role(call, join, workspace_id, user, permissions):
    """``user`` joins with a custom role, announced as the workspace service does."""
    role_id = str(uuid.uuid4())
    call("on_role_created", make_envelope("role_created", {
        "workspace_id": workspace_id, "role_id": role_id, "name": "Editor", "permissions": permissions}))
    envelope = join(workspace_id, user, "custom")
    call("on_member_custom_role_added", make_envelope("member_added", {**envelope["data"], "role_id": role_id}))
    return role_id


@pytest.mark.parametrize(("action", "expected"), [
    ("upload", {"owner": "ok", "producer": "ok", "co_producer": "ok", "custom": Forbidden, "stranger": NotFound}),
    ("register", {"owner": "ok", "producer": "ok", "co_producer": "ok", "custom": Forbidden, "stranger": NotFound}),
    ("read", {"owner": "ok", "producer": "ok", "co_producer": "ok", "custom": "ok", "stranger": NotFound}),
    ("update", {"owner": "ok", "producer": "ok", "co_producer": "ok", "custom": "ok", "stranger": NotFound}),
    ("delete", {"owner": "ok", "producer": "ok", "co_producer": Forbidden, "custom": Forbidden,
                "stranger": NotFound}),
])
def test_what_each_workspace_role_may_do_with_assets(call, join, alice, workspace_id, register, upload_file,
                                                      bucket, action, expected):
    for role in ROLES:
        user = make_caller()
        if role == "custom":
            hold_custom_role(call, join, workspace_id, user, CUSTOM_PERMISSIONS)
        elif role != "stranger":
            join(workspace_id, user, role)
        asset = register(b"12345")
        if action == "upload":
            act = lambda u=user: call("create_upload", workspace_id,  # noqa: E731
                                      {"file_name": "a.mp4", "size": 5, "mimetype": "video/mp4"}, caller=u)
        elif action == "register":
            upload = upload_file(b"12345")
            act = lambda u=user, key=upload["object_key"]: call("create_asset", {  # noqa: E731
                "bucket": bucket, "object_key": key, "file_name": "a.mp4", "file_type": "mp4", "size": 5,
                "mimetype": "video/mp4"}, workspace_id, caller=u)
        elif action == "read":
            act = lambda u=user, a=asset: call("get_asset", a["id"], caller=u)  # noqa: E731
        elif action == "update":
            act = lambda u=user, a=asset: call("update_asset", a["id"], {"file_name": "b.mp4"}, caller=u)  # noqa: E731
        else:
            act = lambda u=user, a=asset: call("delete_asset", a["id"], caller=u)  # noqa: E731
        if expected[role] == "ok":
            assert act()["id"], role
        else:
            with pytest.raises(expected[role]) as error:
                act()
            if expected[role] is Forbidden:
                verb = "create" if action in ("upload", "register") else action
                assert error.value.details == {"permission": f"assets.{verb}"}


def test_a_role_change_applies_at_once(call, join, workspace_id, register):
    member = make_caller()
    join(workspace_id, member, "producer")
    asset = register(b"12345")
    call("on_member_role_changed", make_envelope("member_role_changed", {
        "workspace_id": workspace_id, "user_id": member.user_id, "role": "co_producer"}))
    with pytest.raises(Forbidden):
        call("delete_asset", asset["id"], caller=member)


def test_a_custom_role_without_assets_read_sees_no_asset(call, join, alice, workspace_id, register):
    asset = register(b"12345")
    member = make_caller()
    role_id = hold_custom_role(call, join, workspace_id, member, ["workspaces.read", "templates.read"])
    assert call("list_assets", {}, caller=member) == {"items": [], "total": 0}
    with pytest.raises(Forbidden):
        call("list_assets", {"workspace_id": workspace_id}, caller=member)
    with pytest.raises(Forbidden):
        call("get_asset", asset["id"], caller=member)

    call("on_role_updated", make_envelope("role_updated", {
        "workspace_id": workspace_id, "role_id": role_id, "name": "Editor",
        "permissions": ["workspaces.read", "assets.read", "assets.delete"]}))
    assert [item["id"] for item in call("list_assets", {}, caller=member)["items"]] == [asset["id"]]
    assert call("delete_asset", asset["id"], caller=member) == {"id": asset["id"]}

    call("on_role_deleted", make_envelope("role_deleted", {"workspace_id": workspace_id, "role_id": role_id}))
    assert call("list_assets", {}, caller=member) == {"items": [], "total": 0}


# -- the sweeper of abandoned uploads -------------------------------------------------------------

def age(engine, upload_id, days):
    """Make an upload's URLs expire ``days`` ago (as if handed out that long before)."""
    with engine.begin() as connection:
        connection.execute(update(Upload).where(Upload.id == uuid.UUID(upload_id))
                           .values(expires_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=days)))


def uploads_of(engine, object_key):
    with engine.connect() as connection:
        return [str(row) for row in connection.scalars(select(Upload.id).where(Upload.object_key == object_key))]


def sweep(container):
    with entrypoint_hook(container, "sweep_abandoned_uploads") as hook:
        return hook()


def keys_in(s3, bucket):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_sweeper_removes_abandoned_uploads_and_spares_the_rest(container, call, alice, workspace_id, upload_file,
                                                                register, engine, s3, bucket):
    abandoned = upload_file(b"left behind")
    multipart = call("create_upload", workspace_id, {"file_name": "big.mp4", "size": 6 * 1024 * 1024,
                                                     "mimetype": "video/mp4", "multipart": True}, caller=alice)
    part = requests.put(multipart["parts"][0]["url"], data=b"x" * 5 * 1024 * 1024, timeout=30)
    assert part.status_code == 200
    recent = upload_file(b"still uploading")
    registered = register(b"kept")
    registered_upload = next(iter(uploads_of(engine, registered["object_key"])))
    for upload_id in (abandoned["id"], multipart["id"], registered_upload):  # the registered one is as old
        age(engine, upload_id, 2)

    assert sweep(container) == 2
    assert call("get_upload", abandoned["id"], caller=alice)["status"] == "aborted"
    assert call("get_upload", multipart["id"], caller=alice)["status"] == "aborted"
    assert call("get_upload", recent["id"], caller=alice)["status"] == "pending"
    assert keys_in(s3, bucket) == {recent["object_key"], registered["object_key"]}
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert sweep(container) == 0  # nothing left to sweep; the registered one is marked completed


def test_a_swept_upload_can_no_longer_be_registered(container, call, alice, workspace_id, upload_file, engine,
                                                    bucket):
    upload = upload_file(b"12345")
    age(engine, upload["id"], 2)
    assert sweep(container) == 1
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {"bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4",
                              "file_type": "mp4", "size": 5, "mimetype": "video/mp4"}, workspace_id, caller=alice)
    assert "object_key" in error.value.details
