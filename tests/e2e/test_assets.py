"""/v1 assets end to end: upload straight to a real local S3 endpoint with
presigned URLs, register through the gateway, derived media, delete."""

import re
import subprocess

import pytest
import requests

from reelhouse.asset.service import AssetService
from reelhouse.shared.s3testing import client_for

from .conftest import eventually

ASSET_FIELDS = {
    "type", "id", "file_name", "file_type", "mimetype", "size", "video_duration", "is_stock", "is_transcoded",
    "is_completed_production", "link_download", "link_thumbnail", "link_fullsize", "link_preview_mp4",
    "link_preview_webm", "created_at", "updated_at",
}
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
MIB = 1024 * 1024


@pytest.fixture
def member(suite):
    """A registered, logged-in user whose workspace the asset service already knows."""
    registered, tokens = suite.register_and_login("assets@example.com")
    workspace = registered["meta"]["workspace_id"]
    token = tokens["access_token"]
    # The membership reaches the asset service by event, a moment after registration.
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace}/assets", token=token).status_code == 200)
    return {"workspace": workspace, "token": token, "user": tokens["user"]}


@pytest.fixture
def video(tmp_path):
    target = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=duration=1:size=64x64:rate=10", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    str(target)], check=True, timeout=60)
    return target.read_bytes()


def send_upload(suite, member, body, file_name="clip.mp4", mimetype="video/mp4"):
    """Ask the gateway for an upload and PUT the bytes straight to the bucket."""
    upload = suite.post(f"/v1/workspaces/{member['workspace']}/uploads", token=member["token"], json={"data": {
        "file_name": file_name, "size": len(body), "mimetype": mimetype}})
    assert upload.status_code == 201, upload.text
    upload = upload.json()["data"]
    assert requests.put(upload["url"], data=body, headers=upload["headers"], timeout=10).status_code == 200
    return upload


def asset_data(upload, body, file_name="clip.mp4", mimetype="video/mp4"):
    return {"bucket": upload["bucket"], "object_key": upload["object_key"], "file_name": file_name,
            "file_type": file_name.rsplit(".", 1)[-1], "size": len(body), "mimetype": mimetype}


def upload_and_register(suite, member, body, file_name="clip.mp4", mimetype="video/mp4"):
    upload = send_upload(suite, member, body, file_name, mimetype)
    created = suite.post(f"/v1/workspaces/{member['workspace']}/assets", token=member["token"],
                         json={"data": asset_data(upload, body, file_name, mimetype)})
    return upload, created


def test_upload_register_list_get_transcode_and_delete_through_the_gateway(suite, member, video):
    token, workspace = member["token"], member["workspace"]
    upload, created = upload_and_register(suite, member, video)

    assert upload["id"].startswith("upl_") and upload["workspace_id"] == workspace
    assert created.status_code == 201, created.text
    asset = created.json()["data"]
    assert set(asset) == ASSET_FIELDS
    assert asset["type"] == "asset" and asset["id"].startswith("ast_")
    assert asset["size"] == len(video) and asset["is_transcoded"] is False
    assert TIMESTAMP.match(asset["created_at"]) and TIMESTAMP.match(asset["updated_at"])
    assert requests.get(asset["link_download"], timeout=10).content == video

    listed = suite.get(f"/v1/workspaces/{workspace}/assets", token=token).json()
    assert [a["id"] for a in listed["data"]] == [asset["id"]]
    assert listed["meta"]["pagination"]["total"] == 1 and listed["meta"]["pagination"]["per_page"] == 100
    core = suite.get("/v1/assets", token=token, params={"scope": "assetType:video"}).json()
    assert [a["id"] for a in core["data"]] == [asset["id"]]
    assert suite.get("/v1/assets", token=token, params={"scope": "assetType:image"}).json()["data"] == []

    done = eventually(lambda: (a := suite.get(f"/v1/assets/{asset['id']}", token=token).json()["data"])
                      ["is_transcoded"] and a, timeout=30)
    assert done["video_duration"] == pytest.approx(1.0, abs=0.1)
    assert requests.get(done["link_thumbnail"], timeout=10).content[:2] == b"\xff\xd8"  # a JPEG
    assert requests.get(done["link_preview_mp4"], timeout=10).content[4:8] == b"ftyp"

    deleted = suite.delete(f"/v1/workspaces/{workspace}/assets/{asset['id']}", token=token)
    assert deleted.json() == {"success": {"http_code": 200, "message": "Success"}}
    assert suite.get(f"/v1/assets/{asset['id']}", token=token).status_code == 404
    s3 = client_for(suite.configs[AssetService])
    bucket = suite.configs[AssetService]["S3_BUCKET"]
    eventually(lambda: s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0, timeout=15)


def test_include_embeds_the_uploader_and_the_workspace(suite, member):
    _, created = upload_and_register(suite, member, b"hello", file_name="notes.txt", mimetype="text/plain")
    asset_id = created.json()["data"]["id"]
    shown = suite.get(f"/v1/assets/{asset_id}", token=member["token"],
                      params={"include": "created_by,workspace,uploadable"}).json()["data"]
    assert shown["created_by"]["id"] == member["user"]["id"]
    assert shown["workspace"]["id"] == member["workspace"] and shown["uploadable"] is None
    bad = suite.get(f"/v1/assets/{asset_id}", token=member["token"], params={"include": "secrets"})
    assert bad.status_code == 422


def test_multipart_upload_on_the_core_routes(suite, member):
    token, workspace = member["token"], member["workspace"]
    body = b"m" * (5 * MIB) + b"end"
    upload = suite.post("/v1/uploads", token=token, json={"data": {
        "workspace_id": workspace, "file_name": "take.mov", "size": len(body), "mimetype": "video/quicktime",
        "multipart": True, "part_size": 5 * MIB}}).json()["data"]
    for part in upload["parts"]:
        start = (part["part_number"] - 1) * upload["part_size"]
        assert requests.put(part["url"], data=body[start:start + upload["part_size"]], timeout=10).ok
    completed = suite.post(f"/v1/uploads/{upload['id']}/complete", token=token)
    assert completed.status_code == 200 and completed.json()["data"]["status"] == "completed", completed.text

    created = suite.post("/v1/assets", token=token, json={"data": {
        "workspace_id": workspace, "bucket": upload["bucket"], "object_key": upload["object_key"],
        "file_name": "take.mov", "file_type": "mov", "size": len(body), "mimetype": "video/quicktime"}})
    assert created.status_code == 201, created.text


def test_bad_input_is_a_clear_4xx_and_registers_nothing(suite, member):
    token, workspace = member["token"], member["workspace"]
    upload = send_upload(suite, member, b"12345")
    good = asset_data(upload, b"12345")
    workspace_uuid = upload["object_key"].split("/")[1]
    cases = {
        "size": {"size": 6},
        "object_key": {"object_key": f"workspaces/{workspace_uuid}/uploads/../../elsewhere/uploads/x.mp4"},
        "mimetype": {"mimetype": "image/mp4"},
        "bucket": {"bucket": "upload.candidio.com"},
    }
    for field, change in cases.items():
        refused = suite.post(f"/v1/workspaces/{workspace}/assets", token=token, json={"data": {**good, **change}})
        assert refused.status_code == 422, refused.text
        assert field in refused.json()["error"]["fields"]
    missing = suite.post(f"/v1/workspaces/{workspace}/assets", token=token,
                         json={"data": {**good, "object_key": upload["object_key"] + "-never-sent"}})
    assert missing.status_code == 422 and "object_key" in missing.json()["error"]["fields"]
    assert suite.get(f"/v1/workspaces/{workspace}/assets", token=token).json()["meta"]["pagination"]["total"] == 0
    assert suite.get("/v1/assets/ast_nope", token=token).status_code == 400
    assert suite.get(f"/v1/workspaces/{workspace}/assets").status_code == 401
    assert suite.get("/v1/assets", token=token, params={"scope": "colour:red"}).status_code == 422


def test_another_tenant_sees_neither_the_workspace_nor_its_assets(suite, member):
    _, created = upload_and_register(suite, member, b"private", file_name="p.txt", mimetype="text/plain")
    asset_id = created.json()["data"]["id"]
    _, other = suite.register_and_login("stranger@example.com")
    token = other["access_token"]
    assert suite.get(f"/v1/assets/{asset_id}", token=token).status_code == 404
    assert suite.get(f"/v1/workspaces/{member['workspace']}/assets", token=token).status_code == 404
    assert suite.delete(f"/v1/assets/{asset_id}", token=token).status_code == 404
    assert suite.get("/v1/assets", token=token).json()["data"] == []
