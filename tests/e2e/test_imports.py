"""CSV imports and exports over HTTP through the gateway, with gazu 1.3.1 unchanged
where it has helpers (assets, shots) and Kitsu's multipart upload elsewhere."""

import csv
import io

import gazu
import pytest
from gazu.exception import ParameterException

from .gazu_studio import admin_client

ASSETS = "Type,Name,Description\nCharacters,Bunny,The hero\nProps,Acorn,\n"
SHOTS = "Sequence,Name,Nb Frames,Frame In,Frame Out\nSQ01,SH010,,1001,1048\nSQ01,SH020,24,,\n"
CASTING = "Parent,Name,Asset Type,Asset,Occurences,Label\nSQ01,SH010,Characters,Bunny,2,\n"


@pytest.fixture
def kitsu(suite):
    return admin_client(suite)


@pytest.fixture
def project(kitsu):
    return gazu.project.new_project("Spring", client=kitsu)


def upload(suite, kitsu, path, content, **kwargs):
    """Kitsu's upload: multipart/form-data with the file in the field ``file``."""
    return suite.post(f"/api/{path}", token=kitsu.tokens["access_token"],
                      files={"file": ("import.csv", content, "text/csv")}, **kwargs)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_gazu_imports_assets_and_shots_and_exports_them_back(kitsu, project, tmp_path):
    k = {"client": kitsu}
    assets = gazu.asset.import_assets_with_csv(project, write(tmp_path, "assets.csv", ASSETS), **k)
    assert sorted((a["asset_type_name"], a["name"]) for a in assets) == [("Characters", "Bunny"), ("Props", "Acorn")]
    assert {a["name"] for a in gazu.asset.all_assets_for_project(project, **k)} == {"Bunny", "Acorn"}
    shots = gazu.shot.import_shots_with_csv(project, write(tmp_path, "shots.csv", SHOTS), **k)
    assert [(s["name"], s["nb_frames"]) for s in shots] == [("SH010", 48), ("SH020", 24)]
    assert gazu.shot.get_sequence_by_name(project, "SQ01", **k)["id"] == shots[0]["sequence_id"]

    out = tmp_path / "exported.csv"
    gazu.shot.export_shots_with_csv(project, str(out), **k)
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert lines == [["Episode", "Sequence", "Name", "Description", "Nb Frames", "Frame In", "Frame Out"],
                     ["", "SQ01", "SH010", "", "48", "1001", "1048"], ["", "SQ01", "SH020", "", "24", "", ""]]
    gazu.asset.export_assets_with_csv(project, str(out), **k)
    assert out.read_text(encoding="utf-8").splitlines()[0] == "Episode,Type,Name,Description"


def test_casting_csv_import_and_export(suite, kitsu, project, tmp_path):
    k = {"client": kitsu}
    gazu.asset.import_assets_with_csv(project, write(tmp_path, "assets.csv", ASSETS), **k)
    shots = gazu.shot.import_shots_with_csv(project, write(tmp_path, "shots.csv", SHOTS), **k)
    answer = upload(suite, kitsu, f"import/csv/projects/{project['id']}/casting", CASTING)
    assert answer.status_code == 200, answer.text
    assert [(link["nb_occurences"], link["type"]) for link in answer.json()] == [(2, "EntityLink")]
    casting = gazu.casting.get_shot_casting(shots[0], **k)
    assert [(c["asset_name"], c["nb_occurences"]) for c in casting] == [("Bunny", 2)]
    exported = suite.get(f"/api/export/csv/projects/{project['id']}/casting.csv", token=kitsu.tokens["access_token"])
    assert exported.status_code == 200 and exported.headers["Content-Type"].startswith("text/csv")
    assert exported.text.splitlines()[1] == ",SQ01,SH010,Characters,Bunny,2,"
    edits = upload(suite, kitsu, f"import/csv/projects/{project['id']}/edits", "Name,Nb Frames\nTrailer,240\n")
    assert [(e["type"], e["nb_frames"]) for e in edits.json()] == [("Edit", 240)]
    listed = suite.get(f"/api/export/csv/projects/{project['id']}/edits.csv", token=kitsu.tokens["access_token"])
    assert listed.text.splitlines() == ["Episode,Name,Description,Nb Frames", ",Trailer,,240"]


def test_playlist_csv_export(suite, kitsu, project, tmp_path):
    k = {"client": kitsu}
    shots = gazu.shot.import_shots_with_csv(project, write(tmp_path, "shots.csv", SHOTS), **k)
    playlist = gazu.playlist.new_playlist(project, "Dailies", **k)
    playlist["shots"] = [{"entity_id": shot["id"]} for shot in reversed(shots)]
    gazu.playlist.update_playlist(playlist, **k)
    answer = suite.get(f"/api/export/csv/playlists/{playlist['id']}", token=kitsu.tokens["access_token"])
    assert answer.status_code == 200, answer.text
    assert 'filename="Spring_Dailies.csv"' in answer.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(answer.text)))
    assert lines[:2] == [["Project", "Spring"], ["Playlist", "Dailies"]]
    assert [line[0] for line in lines[4:]] == ["SQ01 / SH020", "SQ01 / SH010"]
    missing = suite.get("/api/export/csv/playlists/not-an-id", token=kitsu.tokens["access_token"])
    assert (missing.status_code, missing.json()["message"]) == (400, "Malformed ID.")


def test_persons_csv_import_creates_studio_members(suite, kitsu):
    text = "First Name,Last Name,Email,Phone,Role\nAnn,Lee,ann@studio.example,,Supervisor\nBo,Li,bo@studio.example,,\n"
    answer = upload(suite, kitsu, "import/csv/persons", text)
    assert answer.status_code == 200, answer.text
    assert [(p["email"], p["role"], p["type"]) for p in answer.json()] == [
        ("ann@studio.example", "supervisor", "Person"), ("bo@studio.example", "user", "Person")]
    assert gazu.person.get_person_by_email("ann@studio.example", client=kitsu)["first_name"] == "Ann"
    again = upload(suite, kitsu, "import/csv/persons", text.replace("Ann,Lee", "Anne,Lee"),
                   params={"update_existing": "true"})
    assert [p["first_name"] for p in again.json()] == ["Anne", "Bo"]


def test_bad_files_answer_400_with_machine_readable_errors_and_a_job(suite, kitsu, project):
    token = kitsu.tokens["access_token"]
    path = f"import/csv/projects/{project['id']}/shots"
    header = upload(suite, kitsu, path, "Shot,Frames\nSH010,12\n")
    assert header.status_code == 400
    assert (header.json()["data"]["reason"], header.json()["data"]["missing_columns"]) == (
        "bad_header", ["Sequence", "Name"])
    encoding = upload(suite, kitsu, path, "Sequence,Name\nSQ01,Caf\xe9\n".encode("latin-1"))
    assert (encoding.status_code, encoding.json()["data"]["reason"]) == (400, "bad_encoding")
    rows = upload(suite, kitsu, path, "Sequence,Name,Nb Frames\nSQ01,SH010,12\nSQ01,SH020,many\n")
    assert rows.status_code == 400
    body = rows.json()
    assert body["data"]["rows"] == [{"row": 3, "column": "Nb Frames", "message": "'many' is not a whole number."}]
    job = suite.get(f"/api/import/jobs/{body['data']['job_id']}", token=token).json()
    assert (job["status"], job["rows_total"], job["errors"]) == ("failed", 2, body["data"]["rows"])
    assert gazu.shot.all_shots_for_project(project, client=kitsu) == []  # nothing written
    listed = suite.get("/api/import/jobs", token=token, params={"page": 1, "limit": 2}).json()
    # Two jobs: the header's and the rows'; the encoding was refused before any job began.
    assert (listed["total"], len(listed["data"]), listed["data"][0]["id"]) == (2, 2, job["id"])
    no_file = suite.post(f"/api/{path}", token=token, files={"other": ("a.csv", "x")})
    assert (no_file.status_code, no_file.json()["data"]["reason"]) == (400, "file_missing")
    flag = upload(suite, kitsu, path, "Sequence,Name\nSQ01,SH010\n", params={"update_existing": "maybe"})
    assert flag.status_code == 400
    assert suite.get("/api/import/jobs/not-an-id", token=token).status_code == 400
    assert suite.get("/api/import/jobs", params={"limit": 0}, token=token).status_code == 400
    with pytest.raises(ParameterException):  # gazu sees Zou's 400
        gazu.client.upload(path, None, files={"file": ("x.csv", io.BytesIO(b"Name\nx\n"))}, client=kitsu)


def test_an_upload_over_the_bound_is_413_and_anonymous_imports_are_401(suite, kitsu, project):
    big = "Sequence,Name\n" + "SQ01,SH010\n" * (4 * 1024 * 1024 // 11 + 10)
    too_large = upload(suite, kitsu, f"import/csv/projects/{project['id']}/shots", big)
    assert (too_large.status_code, too_large.json()["code"]) == (413, "payload_too_large")
    anonymous = suite.post(f"/api/import/csv/projects/{project['id']}/shots", files={"file": ("a.csv", "x")})
    assert anonymous.status_code == 401


def test_export_filters_are_validated(suite, kitsu, project):
    answer = suite.get(f"/api/export/csv/projects/{project['id']}/shots.csv", token=kitsu.tokens["access_token"],
                       params={"episode_id": "nope"})
    assert (answer.status_code, answer.json()["error"]) == (400, True)
    unknown = suite.get(f"/api/export/csv/projects/{project['id']}/assets.csv", token=kitsu.tokens["access_token"],
                        params={"colour": "red"})
    assert unknown.status_code == 400


def test_shotgrid_dumps_over_http_and_their_import_errors(suite, kitsu):
    token = kitsu.tokens["access_token"]
    project = {"id": 70, "type": "Project"}
    answer = suite.post("/api/import/shotgun/projects", json=[{"id": 70, "name": "Autumn"}], token=token)
    assert answer.status_code == 200, answer.text
    assert answer.json()[0]["shotgun_id"] == 70 and answer.headers["X-Import-Job-Id"]
    sequence = suite.post("/api/import/shotgun/sequences", token=token,
                          json=[{"id": 11, "code": "SQ01", "project": project}]).json()[0]
    scenes = suite.post("/api/import/shotgun/scenes", token=token, json=[
        {"id": 81, "code": "SC01", "project": project, "sg_sequence": {"id": 11, "type": "Sequence"}}])
    assert scenes.status_code == 200, scenes.text
    assert (scenes.json()[0]["type"], scenes.json()[0]["sequence_id"]) == ("Scene", sequence["id"])
    assert [s["name"] for s in gazu.scene.all_scenes(client=kitsu)] == ["SC01"]

    refused = suite.post("/api/import/shotgun/scenes", token=token, json=[
        {"id": 82, "code": "SC02", "project": project, "sg_sequence": {"id": 404, "type": "Sequence"}}])
    assert refused.status_code == 400
    assert refused.json()["data"]["rows"] == [
        {"row": 1, "column": "sg_sequence", "message": "ShotGrid sg_sequence 404 has not been imported."}]
    errors = suite.get("/api/import/shotgun/errors", token=token).json()
    assert [(e["type"], e["event_data"]["record"]["id"]) for e in errors] == [("DataImportError", 82)]
    assert suite.delete(f"/api/import/shotgun/errors/{errors[0]['id']}", token=token).status_code == 204
    assert suite.get("/api/import/shotgun/errors", token=token).json() == []
    assert suite.delete(f"/api/import/shotgun/errors/{errors[0]['id']}", token=token).status_code == 404

    removed = suite.post("/api/import/shotgun/remove/scene", token=token, json={"id": 81})
    assert (removed.status_code, removed.json()["shotgun_id"]) == (200, 81)
    assert suite.post("/api/import/shotgun/remove/scene", token=token, json={"id": "81"}).status_code == 400
    assert suite.post("/api/import/shotgun/remove/note", token=token, json={"id": 1}).status_code == 404
    assert suite.post("/api/import/shotgun/versions", token=token, json=[]).status_code == 404
    assert suite.post("/api/import/shotgun/shots", token=token, json={"id": 1}).status_code == 400


def test_kitsu_to_kitsu_project_import_keeps_the_id(suite, kitsu):
    token = kitsu.tokens["access_token"]
    exported = {"id": "5a8f3e0c-1b2d-4c5e-8f90-123456789abc", "type": "Project", "name": "Imported",
                "project_status_name": "Open", "created_at": "2026-01-01T10:00:00"}
    answer = suite.post("/api/import/kitsu/projects", json=[exported], token=token)
    assert answer.status_code == 200, answer.text
    assert gazu.project.get_project(exported["id"], client=kitsu)["name"] == "Imported"
    renamed = suite.post("/api/import/kitsu/projects", json=[dict(exported, name="Imported again")], token=token)
    assert [p["name"] for p in renamed.json()] == ["Imported again"]
    assert len(gazu.project.all_projects(client=kitsu)) == 1
    assert suite.post("/api/import/kitsu/news", json=[], token=token).status_code == 404
    assert suite.post("/api/import/kitsu/projects", json=[{"name": "no id"}], token=token).status_code == 400
