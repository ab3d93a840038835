"""gazu 1.3.1, unchanged, drives Zou's files through /api (issue 4): previews
added to comments and uploaded (streamed by the gateway to the local S3
endpoint), downloaded by redirect, set as an entity's thumbnail, deleted with
their objects; output files with revisions; working files."""

import os
import subprocess
import uuid

import gazu
import pytest
from gazu.exception import (
    ParameterException,
    RouteNotFoundException,
    UploadFailedException,
)

from reelhouse.shared.s3testing import client_for

from .conftest import eventually
from .gazu_studio import admin_client


@pytest.fixture
def kitsu(suite):
    return admin_client(suite)


@pytest.fixture
def production(kitsu):
    """A project with an asset, a shot and a task on each, and a comment on the asset's task."""
    k = {"client": kitsu}
    project = gazu.project.new_project("Files", **k)
    characters = gazu.asset.new_asset_type("Characters", **k)
    modeling = gazu.task.new_task_type("Modeling", for_entity="Asset", **k)
    asset = gazu.asset.new_asset(project, characters, "Bunny", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
    task = gazu.task.new_task(asset, modeling, **k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    comment = gazu.task.add_comment(task, wip, "First pass", **k)
    return {"project": project, "asset": asset, "shot": shot, "task": task, "comment": comment,
            "modeling": modeling, "wip": wip}


def make_media(folder, name: str) -> str:
    """A real picture or movie made by ffmpeg (a 1 s 64x64 clip, or a 96x64 PNG)."""
    target = folder / name
    if name.endswith(".mp4"):
        source = ["-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10", "-c:v", "libx264",
                  "-pix_fmt", "yuv420p"]
    else:
        source = ["-f", "lavfi", "-i", "testsrc=size=96x64", "-frames:v", "1"]
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *source, str(target)], check=True, timeout=60)
    return str(target)


def objects_of(suite, preview_id: str) -> list[str]:
    settings = next(config for cls, config in suite.configs.items() if cls.name == "asset")
    listing = client_for(settings).list_objects_v2(Bucket=settings["S3_BUCKET"])
    return [item["Key"] for item in listing.get("Contents", []) if preview_id in item["Key"]]


def test_gazu_adds_a_picture_preview_downloads_it_and_its_thumbnail_and_sets_it_as_main(
        kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    picture = make_media(tmp_path, "still.png")

    preview = gazu.task.add_preview(production["task"], production["comment"], picture, **k)

    assert preview["type"] == "PreviewFile" and preview["extension"] == "png"
    assert preview["revision"] == 1 and preview["task_id"] == production["task"]["id"]
    assert preview["original_name"] == "still.png" and preview["file_size"] == len(open(picture, "rb").read())
    ready = gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.2, **k)
    assert ready["status"] == "ready"

    gazu.files.download_preview_file(preview, str(tmp_path / "back.png"), **k)
    assert (tmp_path / "back.png").read_bytes() == open(picture, "rb").read()
    gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "thumb.png"), **k)
    assert (tmp_path / "thumb.png").read_bytes()[:2] == b"\xff\xd8"  # a JPEG made by ffmpeg

    entity = gazu.task.set_main_preview(preview, **k)
    assert entity["id"] == production["asset"]["id"] and entity["preview_file_id"] == preview["id"]
    assert gazu.asset.get_asset(production["asset"]["id"], **k)["preview_file_id"] == preview["id"]

    # production_tracking follows the asset service's events: the comment lists it, the task points to it.
    def listed_on_comment():
        comments = gazu.task.all_comments_for_task(production["task"], **k)
        return comments[0]["previews"] and comments[0]["previews"][0]["id"] == preview["id"] and comments[0]
    comment = eventually(listed_on_comment, timeout=20)
    assert comment["preview_file_id"] == preview["id"] and comment["previews"][0]["extension"] == "png"
    assert gazu.task.get_task(production["task"]["id"], **k)["last_preview_file_id"] == preview["id"]
    assert [p["id"] for p in gazu.files.get_all_preview_files_for_task(production["task"], **k)] == [preview["id"]]


def test_gazu_movie_preview_gets_a_low_definition_mp4_and_the_next_revision(kitsu, production, tmp_path):
    k = {"client": kitsu}
    first = gazu.task.add_preview(production["task"], production["comment"], make_media(tmp_path, "a.png"), **k)
    movie = make_media(tmp_path, "clip.mp4")

    preview = gazu.task.add_preview(production["task"], production["comment"], movie, **k)

    assert preview["revision"] == first["revision"] + 1 and preview["is_movie"] is True
    gazu.files.download_preview_movie(preview, str(tmp_path / "back.mp4"), **k)
    assert (tmp_path / "back.mp4").read_bytes() == open(movie, "rb").read()
    gazu.files.download_preview_lowdef_movie(preview, str(tmp_path / "low.mp4"), **k)  # waits through 202s
    assert (tmp_path / "low.mp4").read_bytes()[4:8] == b"ftyp"
    assert gazu.files.get_preview_file(preview["id"], **k)["status"] == "ready"
    extra = gazu.task.add_preview(production["task"], production["comment"], movie, revision=1, **k)
    assert (extra["revision"], extra["position"]) == (1, 2)


def test_gazu_streams_a_preview_larger_than_a_part_and_an_unreadable_movie_is_broken(kitsu, production, tmp_path):
    k = {"client": kitsu}
    movie = tmp_path / "noise.mp4"
    movie.write_bytes(os.urandom(9 * 1024 * 1024 + 123))  # two 8 MiB parts, not a movie ffmpeg can read

    preview = gazu.task.add_preview(production["task"], production["comment"], str(movie), **k)

    assert preview["file_size"] == movie.stat().st_size
    gazu.files.download_preview_movie(preview, str(tmp_path / "back.mp4"), **k)
    assert (tmp_path / "back.mp4").read_bytes() == movie.read_bytes()
    broken = gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.2, **k)
    assert broken["status"] == "broken"
    with pytest.raises(RouteNotFoundException):  # no rendition will come
        gazu.files.download_preview_lowdef_movie(preview, str(tmp_path / "low.mp4"), **k)


def test_gazu_removes_a_preview_with_204_and_its_objects_go(kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    preview = gazu.task.add_preview(production["task"], production["comment"], make_media(tmp_path, "a.png"), **k)
    gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.2, **k)
    assert len(objects_of(suite, preview["id"])) == 2  # the original and its thumbnail

    response = suite.delete(f"/api/data/preview-files/{preview['id']}", token=kitsu.tokens["access_token"])

    assert response.status_code == 204 and response.content == b""
    with pytest.raises(RouteNotFoundException):
        gazu.files.get_preview_file(preview["id"], client=kitsu)
    eventually(lambda: objects_of(suite, preview["id"]) == [], timeout=20)
    eventually(lambda: gazu.task.all_comments_for_task(production["task"], **k)[0]["previews"] == [], timeout=20)
    assert gazu.task.get_task(production["task"]["id"], **k)["last_preview_file_id"] is None


def test_gazu_preview_bad_input_is_refused_and_nothing_is_registered(kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    preview = gazu.task.create_preview(production["task"], production["comment"], **k)

    with pytest.raises(ParameterException):  # wrong type: 400
        gazu.task.upload_preview_file(preview, str(text), **k)
    assert gazu.files.get_preview_file(preview["id"], **k)["extension"] is None
    assert objects_of(suite, preview["id"]) == []
    with pytest.raises(RouteNotFoundException):  # nothing to download yet
        gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "t.png"), **k)

    big_text = tmp_path / "big.txt"
    big_text.write_bytes(os.urandom(12 * 1024 * 1024))
    with pytest.raises(ParameterException):  # refused before the body is read: gazu still gets the 400
        gazu.task.upload_preview_file(preview, str(big_text), **k)

    gazu.task.upload_preview_file(preview, make_media(tmp_path, "a.png"), **k)
    with pytest.raises(UploadFailedException):  # 409: a preview's file is set once
        gazu.task.upload_preview_file(preview, make_media(tmp_path, "b.png"), **k)

    other_task = gazu.task.new_task(production["shot"], production["modeling"], **k)
    with pytest.raises(RouteNotFoundException):  # a comment of another task
        gazu.task.create_preview(other_task, production["comment"], **k)
    with pytest.raises(ParameterException):
        gazu.task.create_preview(production["task"], production["comment"], revision=0, **k)
    with pytest.raises(ParameterException):
        gazu.task.set_main_preview(preview, frame_number=-1, **k)

    token = kitsu.tokens["access_token"]
    not_multipart = suite.post(f"/api/pictures/preview-files/{preview['id']}", json={"file": "x"}, token=token)
    assert not_multipart.status_code == 400 and not_multipart.json()["data"]["reason"] == "not_multipart"
    assert suite.get("/api/data/preview-files/not-a-uuid", token=token).status_code == 400
    assert suite.get("/api/data/preview-files?colour=red", token=token).status_code == 400
    assert suite.get(f"/api/pictures/thumbnails/preview-files/{uuid.uuid4()}.png", token=token).status_code == 404


def test_gazu_output_files_with_revisions_and_listings(kitsu, production):
    k = {"client": kitsu}
    asset = production["asset"]
    geometry, cache = {"id": str(uuid.uuid4())}, {"id": str(uuid.uuid4())}
    modeling = production["modeling"]

    assert gazu.files.get_next_entity_output_revision(asset, geometry, modeling, **k) == 1
    assert gazu.files.get_last_entity_output_revision(asset, geometry, modeling, **k) == 0
    first = gazu.files.new_entity_output_file(asset, geometry, modeling, "v1", representation="abc", **k)
    second = gazu.files.new_entity_output_file(asset, geometry, modeling, "v2", representation="abc", **k)
    other = gazu.files.new_entity_output_file(asset, cache, modeling, "cache", name="cache", **k)

    assert first["type"] == "OutputFile" and (first["revision"], second["revision"]) == (1, 2)
    assert gazu.files.get_next_entity_output_revision(asset, geometry, modeling, **k) == 3
    last = gazu.files.get_last_output_files_for_entity(asset, **k)
    assert sorted(f["id"] for f in last) == sorted([second["id"], other["id"]])
    assert [f["id"] for f in gazu.files.all_output_files_for_entity(asset, output_type=cache, **k)] == [other["id"]]
    assert {f["id"] for f in gazu.files.all_output_files_for_project(production["project"], **k)} == {
        first["id"], second["id"], other["id"]}
    assert [f["id"] for f in gazu.files.all_output_files_for_project(
        production["project"], representation="abc", output_type=geometry, **k)] == [first["id"], second["id"]]
    assert gazu.files.get_output_file(first["id"], **k)["comment"] == "v1"
    assert gazu.files.update_output_file(first, {"comment": "first", "path": "/out/bunny_v1.abc"},
                                         **k)["comment"] == "first"
    assert gazu.files.get_output_file_by_path("/out/bunny_v1.abc", **k)["id"] == first["id"]
    posted = gazu.client.create("output-files", {"entity_id": asset["id"], "output_type_id": geometry["id"],
                                                 "task_type_id": modeling["id"], "representation": "abc"}, **k)
    assert posted["revision"] == 3 and posted["type"] == "OutputFile"
    assert [f["id"] for f in gazu.client.fetch_all("output-files", {"revision": 3}, **k)] == [posted["id"]]

    # Asset instances' output files: tests/e2e/test_gazu_instance_outputs.py

    with pytest.raises(ParameterException):  # a revision that exists
        gazu.files.new_entity_output_file(asset, geometry, modeling, "again", revision=1, representation="abc", **k)
    with pytest.raises(ParameterException):  # a malformed filter
        gazu.files.all_output_files_for_project(production["project"], output_type={"id": "nope"}, **k)
    with pytest.raises(RouteNotFoundException):  # an entity that does not exist
        gazu.files.get_next_entity_output_revision({"id": str(uuid.uuid4())}, geometry, modeling, **k)


def test_gazu_working_files_revisions(kitsu, production):
    k = {"client": kitsu}
    task = production["task"]

    first = gazu.files.new_working_file(task, comment="blocking", **k)
    second = gazu.files.new_working_file(task, comment="polish", **k)
    sculpt = gazu.files.new_working_file(task, name="sculpt", **k)

    assert (first["revision"], second["revision"], sculpt["revision"]) == (1, 2, 1)
    assert first["type"] == "WorkingFile" and first["entity_id"] == production["asset"]["id"]
    assert [f["id"] for f in gazu.files.get_working_files_for_task(task, **k)] == [
        first["id"], second["id"], sculpt["id"]]
    assert gazu.files.get_last_working_file_revision(task, **k)["id"] == second["id"]
    assert set(gazu.files.get_last_working_files(task, **k)) == {"main", "sculpt"}
    assert [f["id"] for f in gazu.files.get_all_working_files_for_entity(
        production["asset"], name="sculpt", **k)] == [sculpt["id"]]
    assert gazu.files.get_working_file(first["id"], **k)["comment"] == "blocking"
    with pytest.raises(ParameterException):
        gazu.files.new_working_file(task, revision=1, **k)
    posted = gazu.client.create("working-files", {"task_id": task["id"], "name": "sculpt"}, **k)
    assert posted["revision"] == 2
    assert len(gazu.client.fetch_all("working-files", {"task_id": task["id"], "name": "sculpt"}, **k)) == 2
    with pytest.raises(ParameterException):  # a working file needs its task
        gazu.client.create("working-files", {"name": "x"}, **k)
    with pytest.raises(ParameterException):
        gazu.client.fetch_all("working-files", {"colour": "red"}, **k)


def test_gazu_attaches_files_to_a_comment_lists_downloads_and_deletes_them(kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    notes, sheet = tmp_path / "notes.txt", tmp_path / "model sheet.pdf"
    notes.write_text("fix the ears")
    sheet.write_bytes(b"%PDF-1.4 " + os.urandom(300_000))  # larger than one read of the stream

    added = gazu.task.add_attachment_files_to_comment(production["task"], production["comment"],
                                                      [str(notes), str(sheet)], **k)

    assert sorted(a["name"] for a in added) == ["model sheet.pdf", "notes.txt"]
    assert {a["type"] for a in added} == {"AttachmentFile"}
    by_name = {a["name"]: a for a in added}
    assert by_name["notes.txt"]["mimetype"] == "text/plain" and by_name["model sheet.pdf"]["extension"] == "pdf"
    assert sorted(a["id"] for a in gazu.files.get_all_attachment_files_for_task(production["task"], **k)) == \
        sorted(a["id"] for a in added)
    assert len(gazu.files.get_all_attachment_files_for_project(production["project"], **k)) == 2
    assert gazu.files.get_attachment_file(by_name["notes.txt"]["id"], **k)["size"] == len("fix the ears")
    gazu.files.download_attachment_file(by_name["model sheet.pdf"], str(tmp_path / "back.pdf"), **k)
    assert (tmp_path / "back.pdf").read_bytes() == sheet.read_bytes()
    eventually(lambda: len(gazu.task.get_comment(production["comment"]["id"], **k)["attachment_files"]) == 2,
               timeout=20)

    token = kitsu.tokens["access_token"]
    renamed = suite.put(f"/api/data/attachment-files/{by_name['notes.txt']['id']}", json={"name": "ears.txt"},
                        token=token)
    assert renamed.status_code == 200 and renamed.json()["name"] == "ears.txt"
    assert suite.delete(f"/api/data/attachment-files/{by_name['notes.txt']['id']}", token=token).status_code == 204
    eventually(lambda: objects_of(suite, by_name["notes.txt"]["id"]) == [], timeout=20)
    eventually(lambda: [a["id"] for a in gazu.task.get_comment(production["comment"]["id"], **k)["attachment_files"]]
               == [by_name["model sheet.pdf"]["id"]], timeout=20)

    with_files = gazu.task.add_comment(production["task"], production["wip"], "See attached",
                                       attachments=[str(notes), str(sheet)], **k)
    assert with_files["text"] == "See attached"
    assert sorted(a["name"] for a in with_files["attachment_files"]) == ["model sheet.pdf", "notes.txt"]
    assert {a["comment_id"] for a in with_files["attachment_files"]} == {with_files["id"]}
    assert len(gazu.files.get_all_attachment_files_for_task(production["task"], **k)) == 3

    other_task = gazu.task.new_task(production["shot"], production["modeling"], **k)
    with pytest.raises(RouteNotFoundException):  # a comment of another task: nothing stored
        gazu.task.add_attachment_files_to_comment(other_task, production["comment"], [str(notes)], **k)
    assert len(gazu.files.get_all_attachment_files_for_task(production["task"], **k)) == 3
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ParameterException):
        gazu.task.add_attachment_files_to_comment(production["task"], production["comment"], [str(empty)], **k)
    assert suite.get(f"/api/data/attachment-files/{uuid.uuid4()}", token=token).status_code == 404


def test_preview_background_files_crud_upload_download_and_one_default(kitsu, suite, tmp_path):
    token = kitsu.tokens["access_token"]
    created = suite.post("/api/data/preview-background-files", json={"name": "Studio", "is_default": True},
                         token=token)
    assert created.status_code == 201, created.text
    studio = created.json()
    assert studio["type"] == "PreviewBackgroundFile" and studio["is_default"] is True
    picture = make_media(tmp_path, "studio.png")
    with open(picture, "rb") as handle:
        uploaded = suite.post(f"/api/pictures/preview-background-files/{studio['id']}",
                              files={"file": ("studio.png", handle)}, token=token)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["extension"] == "png" and uploaded.json()["file_size"] == os.path.getsize(picture)
    download = suite.get(f"/api/pictures/preview-background-files/{studio['id']}.png", token=token)
    assert download.status_code == 200 and download.content == open(picture, "rb").read()  # the 302 followed

    outdoor = suite.post("/api/data/preview-background-files", json={"name": "Outdoor", "is_default": True},
                         token=token).json()
    listed = suite.get("/api/data/preview-background-files", token=token).json()
    assert {b["name"]: b["is_default"] for b in listed} == {"Studio": False, "Outdoor": True}
    assert suite.put(f"/api/data/preview-background-files/{outdoor['id']}", json={"archived": True},
                     token=token).json()["archived"] is True
    assert suite.delete(f"/api/data/preview-background-files/{studio['id']}", token=token).status_code == 204
    eventually(lambda: objects_of(suite, studio["id"]) == [], timeout=20)

    assert suite.post("/api/data/preview-background-files", json={"name": ""}, token=token).status_code == 400
    assert suite.post("/api/data/preview-background-files", json={"name": "x", "colour": "red"},
                      token=token).status_code == 400
    text = tmp_path / "x.txt"
    text.write_text("no")
    with open(text, "rb") as handle:
        wrong = suite.post(f"/api/pictures/preview-background-files/{outdoor['id']}",
                           files={"file": ("x.txt", handle)}, token=token)
    assert wrong.status_code == 400 and objects_of(suite, outdoor["id"]) == []
    assert suite.get(f"/api/pictures/preview-background-files/{outdoor['id']}.png", token=token).status_code == 404


def test_deleting_a_comment_a_task_or_an_entity_leaves_no_file_behind(kitsu, suite, production, tmp_path):
    k = {"client": kitsu}
    preview = gazu.task.add_preview(production["task"], production["comment"], make_media(tmp_path, "a.png"), **k)
    notes = tmp_path / "notes.txt"
    notes.write_text("ears")
    attachment, = gazu.task.add_attachment_files_to_comment(production["task"], production["comment"], str(notes), **k)
    working = gazu.files.new_working_file(production["task"], **k)
    output = gazu.files.new_entity_output_file(production["shot"], {"id": str(uuid.uuid4())}, production["modeling"],
                                               "layout", **k)

    gazu.task.remove_comment(production["comment"], **k)

    eventually(lambda: objects_of(suite, preview["id"]) == [] and objects_of(suite, attachment["id"]) == [],
               timeout=20)
    with pytest.raises(RouteNotFoundException):
        gazu.files.get_preview_file(preview["id"], client=kitsu)
    assert gazu.files.get_all_attachment_files_for_task(production["task"], **k) == []
    assert gazu.files.get_working_file(working["id"], **k)["id"] == working["id"]  # the task is still there

    gazu.task.remove_task(production["task"], **k)
    eventually(lambda: gazu.files.get_working_files_for_task(production["task"], **k) == [], timeout=20)
    gazu.shot.remove_shot(production["shot"], force=True, **k)
    eventually(lambda: gazu.files.all_output_files_for_project(production["project"], **k) == [], timeout=20)
    with pytest.raises(RouteNotFoundException):
        gazu.files.get_output_file(output["id"], client=kitsu)
