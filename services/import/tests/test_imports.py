"""The importer with production_tracking on real RabbitMQ and PostgreSQL: CSV
imports written in one batch (all rows or none), job records, events, exports."""

import csv
import io
import uuid

import pytest

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import BadRequest, Forbidden, NotFound, ValidationFailed

ASSETS = "Episode,Type,Name,Description\n,Characters,Bunny,The hero\n,Props,Acorn,\nE01,Characters,Owl,\n"
SHOTS = "Sequence,Name,Description,Nb Frames,Frame In,Frame Out\nSQ01,SH010,Opening,,1001,1048\nSQ01,SH020,,24,,\n"


def test_assets_csv_creates_asset_types_episodes_and_assets_and_records_the_job(rpc, admin, project, import_csv):
    result = import_csv("assets", ASSETS)
    records = result["records"]
    assert [(r["type"], r["asset_type_name"], r["name"], r["description"]) for r in records] == [
        ("Asset", "Characters", "Bunny", "The hero"), ("Asset", "Props", "Acorn", None),
        ("Asset", "Characters", "Owl", None)]
    owl = records[2]
    episode = rpc("production_tracking", "get_record", "episodes", owl["episode_id"], caller=admin)
    assert (episode["name"], episode["project_id"]) == ("E01", project["id"])
    job = rpc("importer", "get_import_job", result["job"]["id"], caller=admin)
    assert (job["status"], job["kind"], job["rows_total"], job["created"], job["errors"]) == (
        "succeeded", "assets", 3, 3, [])


def test_reimport_leaves_existing_records_unless_update_existing(rpc, admin, import_csv):
    first = import_csv("assets", ASSETS)["records"]
    again = import_csv("assets", ASSETS.replace("The hero", "A rabbit"))
    assert [r["id"] for r in again["records"]] == [r["id"] for r in first]
    assert again["records"][0]["description"] == "The hero"
    assert (again["job"]["created"], again["job"]["unchanged"]) == (0, 3)
    updated = import_csv("assets", ASSETS.replace("The hero", "A rabbit"), update_existing=True)
    assert updated["records"][0]["description"] == "A rabbit"
    assert (updated["job"]["updated"], updated["job"]["unchanged"]) == (1, 2)


def test_shots_csv_creates_sequences_and_keeps_frames(rpc, admin, import_csv):
    shots = import_csv("shots", SHOTS)["records"]
    assert [(s["sequence_name"], s["name"], s["nb_frames"], s.get("frame_in"), s.get("frame_out")) for s in shots] == [
        ("SQ01", "SH010", 48, 1001, 1048), ("SQ01", "SH020", 24, None, None)]
    assert shots[0]["sequence_id"] == shots[1]["sequence_id"]


def test_a_bad_row_writes_nothing_and_the_job_keeps_each_row_error(rpc, admin, project, import_csv):
    text = "Sequence,Name,Frame In,Frame Out\nSQ01,SH010,1001,1048\nSQ01,,1,2\nSQ02,SH030,50,10\n"
    with pytest.raises(BadRequest) as caught:
        import_csv("shots", text)
    details = caught.value.details
    assert details["reason"] == "invalid_rows"
    assert details["rows"] == [{"row": 3, "column": "Name", "message": "Missing value."}]
    job = rpc("importer", "get_import_job", details["job_id"], caller=admin)
    assert (job["status"], job["nb_errors"], job["errors"][0]["row"]) == ("failed", 1, 3)
    with pytest.raises(BadRequest) as caught:  # refused by production_tracking: frames out of order
        import_csv("shots", text.replace("SQ01,,1,2\n", ""))
    assert caught.value.details["rows"] == [
        {"row": 3, "column": "Frame Out", "message": "Must not be before Frame In."}]
    listed = rpc("production_tracking", "list_records", "entities", {"project_id": project["id"]}, caller=admin)
    assert listed["items"] == []


def test_a_bad_header_is_refused_and_recorded_as_a_failed_job(rpc, admin, import_csv):
    with pytest.raises(BadRequest) as caught:
        import_csv("casting", "Shot,Asset\nSH010,Bunny\n")
    assert caught.value.details["reason"] == "bad_header"
    assert set(caught.value.details["missing_columns"]) == {"Parent", "Name", "Asset Type"}
    jobs = rpc("importer", "list_import_jobs", caller=admin)
    assert (jobs["total"], jobs["items"][0]["status"]) == (1, "failed")


def test_casting_csv_links_assets_to_shots_and_reports_unknown_assets(rpc, admin, project, import_csv):
    import_csv("assets", ASSETS)
    shots = import_csv("shots", SHOTS)["records"]
    casting = ("Parent,Name,Asset Type,Asset,Occurences,Label\n"
               "SQ01,SH010,Characters,Bunny,2,\nSQ01,SH010,Props,Acorn,,\n")
    links = import_csv("casting", casting)["records"]
    assert len(links) == 2
    cast = rpc("production_tracking", "get_casting", project["id"], shots[0]["id"], caller=admin)
    assert sorted((c["asset_name"], c["nb_occurences"]) for c in cast) == [("Acorn", 1), ("Bunny", 2)]
    bunny = import_csv("casting", "Parent,Name,Asset Type,Asset\nCharacters,Bunny,Props,Acorn\n")["records"]
    assert (bunny[0]["entity_in_id"], bunny[0]["nb_occurences"]) == (
        rpc("production_tracking", "list_records", "assets", {"name": "Bunny"}, caller=admin)["items"][0]["id"], 1)
    with pytest.raises(BadRequest) as caught:
        import_csv("casting", casting + "SQ01,SH020,Props,Missing,1,\n")
    assert caught.value.details["rows"] == [
        {"row": 4, "column": "Asset", "message": "No asset Props/Missing in this project."}]


def test_import_events_are_published_through_the_outbox(event_tap, import_csv):
    tap = event_tap("importer")
    import_csv("assets", ASSETS)
    envelopes = tap.drain()
    assert [e["type"] for e in envelopes] == ["import_started", "import_progressed", "import_finished"]
    assert (envelopes[-1]["data"]["status"], envelopes[-1]["data"]["created"]) == ("succeeded", 3)


def test_a_job_is_readable_only_by_the_person_who_sent_it(rpc, import_csv):
    job = import_csv("assets", ASSETS)["job"]
    stranger = Caller(user_id=str(uuid.uuid4()), role="admin")
    with pytest.raises(NotFound):
        rpc("importer", "get_import_job", job["id"], caller=stranger)
    assert rpc("importer", "list_import_jobs", caller=stranger)["items"] == []


def test_an_artist_cannot_import_and_nothing_is_written(rpc, admin, artist, project, import_csv):
    with pytest.raises(Forbidden):
        import_csv("assets", ASSETS, caller=artist)
    assert rpc("production_tracking", "list_records", "assets", {}, caller=admin)["items"] == []
    assert rpc("importer", "list_import_jobs", caller=artist)["items"][0]["status"] == "failed"


def _csv_lines(content):
    return list(csv.reader(io.StringIO(content)))


def test_project_exports_use_the_import_columns_and_import_back(rpc, admin, import_csv):
    import_csv("assets", ASSETS + ",Props,=SUM(A1)\n")
    import_csv("shots", SHOTS)
    import_csv("casting", "Parent,Name,Asset Type,Asset,Occurences\nSQ01,SH010,Characters,Bunny,2\n")
    project_id = rpc("production_tracking", "list_records", "projects", {}, caller=admin)["items"][0]["id"]
    assets = rpc("importer", "export_project_csv", project_id, "assets", caller=admin)
    assert assets["filename"] == "Spring_assets.csv"
    assert _csv_lines(assets["content"]) == [
        ["Episode", "Type", "Name", "Description"], ["", "Props", "'=SUM(A1)", ""], ["", "Props", "Acorn", ""],
        ["", "Characters", "Bunny", "The hero"], ["E01", "Characters", "Owl", ""]]
    shots = rpc("importer", "export_project_csv", project_id, "shots", caller=admin)
    assert _csv_lines(shots["content"])[1:] == [["", "SQ01", "SH010", "Opening", "48", "1001", "1048"],
                                                ["", "SQ01", "SH020", "", "24", "", ""]]
    casting = rpc("importer", "export_project_csv", project_id, "casting", caller=admin)
    assert _csv_lines(casting["content"])[1:] == [["", "SQ01", "SH010", "Characters", "Bunny", "2", ""]]
    other = rpc("production_tracking", "create_record", "projects", {"name": "Summer"}, caller=admin)
    again = import_csv("shots", shots["content"], project_id=other["id"])
    assert [(s["name"], s["nb_frames"], s.get("frame_in")) for s in again["records"]] == [
        ("SH010", 48, 1001), ("SH020", 24, None)]
    with pytest.raises(BadRequest):
        rpc("importer", "export_project_csv", project_id, "everything", caller=admin)


def test_playlist_export_lists_entries_in_order_with_the_task_status(rpc, admin, project, import_csv):
    shots = import_csv("shots", SHOTS)["records"]
    animation = rpc("production_tracking", "create_record", "task-types", {"name": "Animation", "for_entity": "Shot"},
                    caller=admin)
    task = rpc("production_tracking", "create_entity_tasks", shots[1]["id"], [animation["id"]], caller=admin)[0]
    status = rpc("production_tracking", "get_record", "task-status", task["task_status_id"], caller=admin)
    playlist = rpc("production_tracking", "create_record", "playlists", {
        "name": "Dailies 1", "project_id": project["id"], "task_type_id": animation["id"],
        "shots": [{"entity_id": shots[1]["id"]}, {"entity_id": shots[0]["id"]}]}, caller=admin)
    export = rpc("importer", "export_playlist_csv", playlist["id"], caller=admin)
    assert export["filename"] == "Spring_Dailies_1.csv"
    assert _csv_lines(export["content"]) == [
        ["Project", "Spring"], ["Playlist", "Dailies 1"], [],
        ["Entity", "Type", "Nb Frames", "Task Type", "Task Status", "Retake Count", "Preview File"],
        ["SQ01 / SH020", "Shot", "24", "Animation", status["name"], "0", ""],
        ["SQ01 / SH010", "Shot", "48", "Animation", "", "", ""]]
    with pytest.raises(NotFound):
        rpc("importer", "export_playlist_csv", str(uuid.uuid4()), caller=admin)


def test_project_exports_filter_by_episode_and_assignee(rpc, admin, project, import_csv):
    owl = import_csv("assets", ASSETS)["records"][2]
    only_e01 = rpc("importer", "export_project_csv", project["id"], "assets", {"episode_id": owl["episode_id"]},
                   caller=admin)
    assert [line[2] for line in _csv_lines(only_e01["content"])[1:]] == ["Owl"]
    modeling = rpc("production_tracking", "create_record", "task-types", {"name": "Modeling", "for_entity": "Asset"},
                   caller=admin)
    task = rpc("production_tracking", "create_entity_tasks", owl["id"], [modeling["id"]], caller=admin)[0]
    rpc("production_tracking", "assign_tasks", admin.user_id, [task["id"]], caller=admin)
    mine = rpc("importer", "export_project_csv", project["id"], "assets", {"assigned_to": admin.user_id},
               caller=admin)
    assert [line[2] for line in _csv_lines(mine["content"])[1:]] == ["Owl"]
    with pytest.raises(ValidationFailed):
        rpc("importer", "export_project_csv", project["id"], "assets", {"episode_id": "nope"}, caller=admin)


def test_a_file_naming_the_same_record_twice_is_refused(import_csv):
    with pytest.raises(BadRequest) as caught:
        import_csv("assets", ASSETS + ",characters,bunny,Again\n,Shot,Odd,\n")
    assert caught.value.details["rows"] == [
        {"row": 6, "column": "Type", "message": "'Shot' is a built-in entity type, not an asset type."},
        {"row": 5, "column": "Name", "message": "Same asset as row 2."}]


def test_edits_csv_import_and_export(rpc, admin, project, import_csv):
    edits = import_csv("edits", "Episode,Name,Description,Nb Frames\nE01,Trailer,Cut 1,240\n,Teaser,,\n")["records"]
    assert [(e["type"], e["name"], e["nb_frames"], e["episode_name"]) for e in edits] == [
        ("Edit", "Trailer", 240, "E01"), ("Edit", "Teaser", None, None)]
    again = import_csv("edits", "Episode,Name,Nb Frames\nE01,Trailer,250\n", update_existing=True)
    assert (again["records"][0]["id"], again["records"][0]["nb_frames"]) == (edits[0]["id"], 250)
    exported = rpc("importer", "export_project_csv", project["id"], "edits", caller=admin)
    assert _csv_lines(exported["content"]) == [["Episode", "Name", "Description", "Nb Frames"],
                                               ["", "Teaser", "", ""], ["E01", "Trailer", "Cut 1", "250"]]
    in_e01 = rpc("importer", "export_project_csv", project["id"], "edits", {"episode_id": edits[0]["episode_id"]},
                 caller=admin)
    assert [line[1] for line in _csv_lines(in_e01["content"])[1:]] == ["Trailer"]
