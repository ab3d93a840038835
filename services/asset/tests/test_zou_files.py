"""Zou files in the asset service, against real RabbitMQ, PostgreSQL and the
local S3 endpoint: a preview's upload is verified before it is recorded (and
refused with nothing recorded otherwise), renditions are made, deletion
removes the objects; output and working file revisions.

Where production_tracking would place a file (its ``get_file_context``
answer) is given here as a literal context: that RPC and the whole flow
through the gateway are covered by tests/e2e/test_gazu_files.py.
"""

import functools
import uuid

import pytest
import requests
from nameko.testing.services import entrypoint_hook
from sqlalchemy.orm import Session

from reelhouse.asset import zou_outputs, zou_previews
from reelhouse.asset.models import Base, ZouPreviewFile
from reelhouse.asset.service import AssetService
from reelhouse.shared import testing
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, ServiceUnavailable, ValidationFailed
from reelhouse.shared.s3testing import free_port

eventually = functools.partial(testing.eventually, timeout=30.0, interval=0.1)


@pytest.fixture
def context(workspace_id, alice):
    """Where production_tracking would put a file: a task of an entity in a project."""
    return {"workspace_id": workspace_id, "project_id": str(uuid.uuid4()), "task_id": str(uuid.uuid4()),
            "entity_id": str(uuid.uuid4()), "comment_id": str(uuid.uuid4()), "person_id": alice.user_id}


@pytest.fixture
def write(engine):
    """``write(function, *args)``: run a logic function in a committed transaction, as ``db.write`` does."""

    def run(function, *args):
        with Session(engine) as session:
            result = function(Transaction(session, Base.metadata.tables["outbox_events"], None, None), *args)
            session.commit()
            return result

    return run


@pytest.fixture
def preview(write, alice, context, container):
    return write(zou_previews.create, alice, context, {})


def send(call, caller, preview_id, body: bytes, file_name="still.png"):
    """What the gateway does: begin, PUT the parts, finish."""
    upload = call("begin_preview_upload", preview_id, {"file_name": file_name, "max_size": len(body) + 200},
                  caller=caller)
    response = requests.put(upload["parts"][0]["url"], data=body, timeout=10)
    assert response.status_code == 200, response.text
    parts = [{"part_number": 1, "etag": response.headers["ETag"]}]
    return upload, {"object_key": upload["object_key"], "upload_id": upload["upload_id"], "file_name": file_name,
                    "size": len(body), "parts": parts}


def keys_of(s3, bucket, preview_id):
    return [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []) if preview_id in item["Key"]]


def test_uploaded_preview_is_verified_recorded_rendered_downloadable_and_deleted_with_its_objects(
        call, alice, preview, image_bytes, s3, bucket, workspace_id):
    assert (preview["revision"], preview["position"], preview["status"]) == (1, 1, "processing")
    upload, finish = send(call, alice, preview["id"], image_bytes)
    assert upload["object_key"] == f"workspaces/{workspace_id}/previews/{preview['id']}/original.png"

    recorded = call("finish_preview_upload", preview["id"], finish, caller=alice)

    assert recorded["extension"] == "png" and recorded["file_size"] == len(image_bytes)
    ready = eventually(lambda: (p := call("get_preview_file", preview["id"], caller=alice))["status"] == "ready" and p)
    assert ready["is_movie"] is False
    original = call("get_preview_download", preview["id"], "original", caller=alice)
    assert requests.get(original["url"], timeout=10).content == image_bytes
    thumbnail = call("get_preview_download", preview["id"], "thumbnail", caller=alice)
    assert requests.get(thumbnail["url"], timeout=10).content[:2] == b"\xff\xd8"
    assert len(keys_of(s3, bucket, preview["id"])) == 2

    call("delete_preview_file", preview["id"], caller=alice)

    with pytest.raises(NotFound):
        call("get_preview_file", preview["id"], caller=alice)
    eventually(lambda: keys_of(s3, bucket, preview["id"]) == [])


def test_a_key_outside_the_preview_prefix_is_refused_and_nothing_is_recorded(call, alice, preview, image_bytes,
                                                                              workspace_id):
    _, finish = send(call, alice, preview["id"], image_bytes)
    outside = dict(finish, object_key=f"workspaces/{workspace_id}/uploads/other/original.png")

    with pytest.raises(ValidationFailed) as error:
        call("finish_preview_upload", preview["id"], outside, caller=alice)

    assert "object_key" in error.value.details
    assert call("get_preview_file", preview["id"], caller=alice)["extension"] is None
    with pytest.raises(ValidationFailed):  # nor may an abort touch another key
        call("abort_preview_upload", preview["id"], outside["object_key"], finish["upload_id"], caller=alice)


def test_a_size_mismatch_is_refused_and_the_object_removed(call, alice, preview, image_bytes, s3, bucket):
    _, finish = send(call, alice, preview["id"], image_bytes)

    with pytest.raises(ValidationFailed) as error:
        call("finish_preview_upload", preview["id"], dict(finish, size=len(image_bytes) + 1), caller=alice)

    assert "Sent" in error.value.details["file"][0]
    assert call("get_preview_file", preview["id"], caller=alice)["file_size"] == 0
    assert keys_of(s3, bucket, preview["id"]) == []


def test_a_missing_object_is_refused(call, alice, preview):
    upload = call("begin_preview_upload", preview["id"], {"file_name": "a.png", "max_size": 10}, caller=alice)
    finish = {"object_key": upload["object_key"], "upload_id": upload["upload_id"], "file_name": "a.png",
              "size": 10, "parts": [{"part_number": 1, "etag": '"0123"'}]}

    with pytest.raises(ValidationFailed):
        call("finish_preview_upload", preview["id"], finish, caller=alice)

    assert call("get_preview_file", preview["id"], caller=alice)["status"] == "processing"
    with pytest.raises(NotFound):
        call("get_preview_download", preview["id"], "original", caller=alice)


@pytest.mark.parametrize("payload, field", [
    ({"file_name": "notes.txt", "max_size": 10}, "file"),
    ({"file_name": "clip", "max_size": 10}, "file"),
    ({"file_name": "a.png", "max_size": 0}, "max_size"),
    ({"file_name": "a.png"}, "max_size"),
    ({"file_name": "a.png", "max_size": 10, "colour": "red"}, "colour"),
])
def test_begin_upload_refuses_wrong_types_and_bad_input(call, alice, preview, payload, field):
    with pytest.raises(ValidationFailed) as error:
        call("begin_preview_upload", preview["id"], payload, caller=alice)
    assert field in error.value.details


def test_a_preview_file_is_set_once(call, alice, preview, image_bytes):
    _, finish = send(call, alice, preview["id"], image_bytes)
    call("finish_preview_upload", preview["id"], finish, caller=alice)

    with pytest.raises(Conflict):
        call("begin_preview_upload", preview["id"], {"file_name": "b.png", "max_size": 10}, caller=alice)


def test_object_storage_down_is_a_503_and_nothing_is_recorded(container_factory, config, alice, preview):
    down = dict(config, S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", S3_CREATE_BUCKET="")
    container = container_factory(AssetService, down)
    container.start()
    call = functools.partial(call_on, container)

    with pytest.raises(ServiceUnavailable):
        call("begin_preview_upload", preview["id"], {"file_name": "a.png", "max_size": 10}, caller=alice)
    assert call("get_preview_file", preview["id"], caller=alice)["extension"] is None


def call_on(container, method, *args, caller=None):
    with entrypoint_hook(container, method, context_data={"caller": caller.to_header()}) as hook:
        return hook(*args)


def test_only_members_read_and_only_the_author_or_a_manager_changes(call, join, alice, bob, preview, workspace_id):
    with pytest.raises(NotFound):
        call("get_preview_file", preview["id"], caller=bob)
    assert call("list_preview_files", {"task_id": preview["task_id"]}, caller=bob)["items"] == []
    join(workspace_id, bob, role="co_producer")
    assert call("get_preview_file", preview["id"], caller=bob)["id"] == preview["id"]
    with pytest.raises(Forbidden):
        call("delete_preview_file", preview["id"], caller=bob)
    with pytest.raises(Forbidden):
        call("update_preview_file", preview["id"], {"description": "mine"}, caller=bob)
    updated = call("update_preview_file", preview["id"], {"description": "WIP", "validation_status": "validated",
                                                          "type": "PreviewFile"}, caller=alice)
    assert (updated["description"], updated["validation_status"]) == ("WIP", "validated")
    with pytest.raises(ValidationFailed):
        call("update_preview_file", preview["id"], {"validation_status": "great"}, caller=alice)


def test_listing_filters_pages_and_refuses_unknown_filters(call, write, alice, context, container):
    made = [write(zou_previews.create, alice, context, {}) for _ in range(3)]

    page = call("list_preview_files", {"task_id": context["task_id"]}, 2, 2, caller=alice)

    assert page["total"] == 3 and [p["id"] for p in page["items"]] == [made[2]["id"]]
    assert [p["revision"] for p in made] == [1, 2, 3]
    with pytest.raises(ValidationFailed):
        call("list_preview_files", {"colour": "red"}, caller=alice)


def test_output_file_revisions_follow_target_type_and_name(call, write, alice, context, engine):
    geometry, modeling = str(uuid.uuid4()), str(uuid.uuid4())
    target = {"entity_id": context["entity_id"]}
    payload = {"output_type_id": geometry, "task_type_id": modeling}
    first = write(zou_outputs.create_output_file, alice, context, target, payload)
    second = write(zou_outputs.create_output_file, alice, context, target, dict(payload, comment="again"))
    other_name = write(zou_outputs.create_output_file, alice, context, target, dict(payload, name="proxy"))

    assert (first["revision"], second["revision"], other_name["revision"]) == (1, 2, 1)
    with Session(engine) as session:
        assert zou_outputs.next_revision(session, context, target, payload) == {"next_revision": 3}
    last = call("list_output_files", {"entity_id": context["entity_id"]}, {}, True, caller=alice)
    assert sorted(f["id"] for f in last["items"]) == sorted([second["id"], other_name["id"]])
    project = call("list_output_files", {"project_id": context["project_id"]}, {"name": "proxy"}, caller=alice)
    assert [f["id"] for f in project["items"]] == [other_name["id"]]
    with pytest.raises(ValidationFailed):
        write(zou_outputs.create_output_file, alice, context, target, dict(payload, revision=2))
    with pytest.raises(ValidationFailed):
        write(zou_outputs.create_output_file, alice, context, target, {"task_type_id": modeling})
    with pytest.raises(ValidationFailed):
        call("list_output_files", {"project_id": context["project_id"]}, {"output_type_id": "x"}, caller=alice)
    with pytest.raises(ValidationFailed):
        call("list_output_files", {"workspace_id": context["workspace_id"]}, {}, caller=alice)
    assert call("delete_file_record", "output-files", first["id"], caller=alice) == {"id": first["id"]}
    with pytest.raises(NotFound):
        call("get_file_record", "output-files", first["id"], caller=alice)
    with pytest.raises(NotFound):
        call("get_file_record", "texture-files", first["id"], caller=alice)


def test_deleting_a_preview_hides_it_before_its_objects_go(write, alice, context, engine, container):
    made = write(zou_previews.create, alice, context, {})
    write(zou_previews.delete, alice, made["id"])
    with Session(engine) as session:
        row = session.get(ZouPreviewFile, uuid.UUID(made["id"]))
        assert row is None or row.deleting is True
