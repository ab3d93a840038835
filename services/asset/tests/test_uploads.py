"""Upload sessions against a real local S3 endpoint, RabbitMQ and PostgreSQL."""

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from reelhouse.shared.errors import Conflict, NotFound, ValidationFailed

MIB = 1024 * 1024


def query_of(url: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlparse(url).query).items()}


def test_single_upload_is_a_sigv4_put_under_the_workspace_prefix_that_signs_size_and_type(
        call, alice, workspace_id, bucket):
    upload = call("create_upload", workspace_id, {"file_name": "My Clip (final).mp4", "size": 1234,
                                                  "mimetype": "video/mp4"}, caller=alice)

    assert upload["object_key"].startswith(f"workspaces/{workspace_id}/uploads/{upload['id']}/")
    assert upload["object_key"].endswith("/My_Clip_final_.mp4")
    assert upload["bucket"] == bucket and upload["method"] == "PUT" and upload["multipart"] is False
    assert upload["headers"] == {"Content-Type": "video/mp4"}
    query = query_of(upload["url"])
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "3600"
    assert set(query["X-Amz-SignedHeaders"].split(";")) == {"content-length", "content-type", "host"}
    expires = dt.datetime.fromisoformat(upload["expires_at"])
    assert dt.timedelta(minutes=59) < expires - dt.datetime.fromisoformat(upload["created_at"]) <= dt.timedelta(hours=1)


def test_non_member_cannot_ask_for_an_upload(call, bob, workspace_id):
    with pytest.raises(NotFound):
        call("create_upload", workspace_id, {"file_name": "a.mp4", "size": 1, "mimetype": "video/mp4"}, caller=bob)


def test_admin_may_upload_to_any_workspace(call, admin, workspace_id):
    upload = call("create_upload", workspace_id, {"file_name": "a.mp4", "size": 1, "mimetype": "video/mp4"},
                  caller=admin)
    assert upload["workspace_id"] == workspace_id


@pytest.mark.parametrize("payload, field", [
    ({"file_name": "a.mp4", "size": 0, "mimetype": "video/mp4"}, "size"),
    ({"file_name": "a.mp4", "size": 10, "mimetype": "not a type"}, "mimetype"),
    ({"file_name": "a.mp4", "size": 6 * 1024 ** 3, "mimetype": "video/mp4"}, "multipart"),
    ({"file_name": "a.mp4", "size": 10, "mimetype": "video/mp4", "part_size": 1024}, "part_size"),
    ({"file_name": "a.mp4", "size": 10, "mimetype": "video/mp4", "colour": "red"}, "colour"),
])
def test_create_upload_refuses_bad_input(call, alice, workspace_id, payload, field):
    with pytest.raises(ValidationFailed) as error:
        call("create_upload", workspace_id, payload, caller=alice)
    assert field in error.value.details


def test_multipart_upload_through_presigned_part_urls_completes_and_verifies_the_size(
        call, alice, workspace_id, s3, bucket):
    body = bytes(range(256)) * (5 * MIB // 256) + b"tail"  # two parts: 5 MiB and 4 bytes
    upload = call("create_upload", workspace_id, {"file_name": "big.mov", "size": len(body),
                                                  "mimetype": "video/quicktime", "multipart": True,
                                                  "part_size": 5 * MIB}, caller=alice)
    assert upload["multipart"] is True and upload["part_count"] == 2
    assert [part["part_number"] for part in upload["parts"]] == [1, 2]
    for part in upload["parts"]:
        start = (part["part_number"] - 1) * upload["part_size"]
        assert requests.put(part["url"], data=body[start:start + upload["part_size"]], timeout=10).ok

    completed = call("complete_upload", upload["id"], {}, caller=alice)

    assert completed["status"] == "completed"
    stored = s3.get_object(Bucket=bucket, Key=upload["object_key"])
    assert stored["Body"].read() == body and stored["ContentType"] == "video/quicktime"


def test_multipart_complete_with_the_clients_part_list(call, alice, workspace_id):
    body = b"x" * 1000
    upload = call("create_upload", workspace_id, {"file_name": "a.wav", "size": len(body), "mimetype": "audio/wav",
                                                  "multipart": True}, caller=alice)
    etag = requests.put(upload["parts"][0]["url"], data=body, timeout=10).headers["ETag"]
    completed = call("complete_upload", upload["id"], {"parts": [{"part_number": 1, "etag": etag}]}, caller=alice)
    assert completed["status"] == "completed"


def test_completing_with_a_part_missing_is_refused(call, alice, workspace_id):
    upload = call("create_upload", workspace_id, {"file_name": "a.mov", "size": 6 * MIB, "mimetype": "video/mp4",
                                                  "multipart": True, "part_size": 5 * MIB}, caller=alice)
    assert requests.put(upload["parts"][0]["url"], data=b"y" * 5 * MIB, timeout=10).ok
    with pytest.raises(ValidationFailed) as error:
        call("complete_upload", upload["id"], {}, caller=alice)
    assert "size" in error.value.details  # S3 assembled one part: fewer bytes than declared


def test_complete_before_anything_was_sent_is_refused(call, alice, workspace_id):
    upload = call("create_upload", workspace_id, {"file_name": "a.mov", "size": 10, "mimetype": "video/mp4",
                                                  "multipart": True}, caller=alice)
    with pytest.raises(ValidationFailed) as error:
        call("complete_upload", upload["id"], {}, caller=alice)
    assert "parts" in error.value.details


def test_abort_drops_the_parts_and_the_upload_cannot_complete_after(call, alice, workspace_id, s3, bucket):
    upload = call("create_upload", workspace_id, {"file_name": "a.mov", "size": 10, "mimetype": "video/mp4",
                                                  "multipart": True}, caller=alice)
    assert requests.put(upload["parts"][0]["url"], data=b"z" * 10, timeout=10).ok

    assert call("abort_upload", upload["id"], caller=alice)["status"] == "aborted"

    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with pytest.raises(Conflict):
        call("complete_upload", upload["id"], {}, caller=alice)


def test_another_tenant_cannot_see_or_abort_an_upload(call, alice, bob, workspace_id):
    upload = call("create_upload", workspace_id, {"file_name": "a.mp4", "size": 1, "mimetype": "video/mp4"},
                  caller=alice)
    with pytest.raises(NotFound):
        call("get_upload", upload["id"], caller=bob)
    with pytest.raises(NotFound):
        call("abort_upload", upload["id"], caller=bob)


def test_abort_of_a_registered_upload_is_a_conflict(call, alice, register, bucket):
    asset = register(b"abc", file_name="a.mp4")
    upload_id = asset["object_key"].split("/")[3]
    with pytest.raises(Conflict):
        call("abort_upload", upload_id, caller=alice)
