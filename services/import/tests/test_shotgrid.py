"""ShotGrid dumps through the importer into production_tracking: ShotGrid ids
mapped to ours (re-imports update), references resolved, refused records kept."""

import pytest

from reelhouse.shared.errors import BadRequest, NotFound

PROJECT = [{"id": 70, "type": "Project", "name": "Spring", "sg_status": "Active"}]
SEQUENCES = [{"id": 11, "type": "Sequence", "code": "SQ01", "project": {"id": 70, "type": "Project"}}]
SHOTS = [{"id": 21, "type": "Shot", "code": "SH010", "description": "Opening", "sg_cut_in": 1001, "sg_cut_out": 1048,
          "sg_cut_duration": 48, "project": {"id": 70, "type": "Project"},
          "sg_sequence": {"id": 11, "type": "Sequence"}}]
ASSETS = [{"id": 31, "type": "Asset", "code": "Bunny", "sg_asset_type": "Character",
           "project": {"id": 70, "type": "Project"}}]
STEPS = [{"id": 41, "type": "Step", "code": "Animation", "short_name": "ANIM", "color": "50,149,253",
          "entity_type": "Shot"}]
STATUSES = [{"id": 51, "type": "Status", "code": "ip", "name": "In Progress", "bg_color": "#3388ff"}]
TASKS = [{"id": 61, "type": "Task", "content": "main", "entity": {"id": 21, "type": "Shot"},
          "step": {"id": 41, "type": "Step"}, "sg_status_list": "ip", "project": {"id": 70, "type": "Project"}}]


@pytest.fixture
def shotgrid(rpc, admin):
    def run(kind, records, caller=admin):
        return rpc("importer", "import_shotgrid", kind, records, caller=caller)

    return run


def test_a_shotgrid_dump_builds_the_project_with_its_references_resolved(rpc, admin, shotgrid):
    project = shotgrid("projects", PROJECT)["records"][0]
    assert (project["name"], project["shotgun_id"]) == ("Spring", 70)
    sequence = shotgrid("sequences", SEQUENCES)["records"][0]
    shot = shotgrid("shots", SHOTS)["records"][0]
    assert (shot["sequence_id"], shot["project_id"], shot["nb_frames"], shot["frame_in"]) == (
        sequence["id"], project["id"], 48, 1001)
    asset = shotgrid("assets", ASSETS)["records"][0]
    assert (asset["asset_type_name"], asset["shotgun_id"]) == ("Character", 31)
    step = shotgrid("steps", STEPS)["records"][0]
    assert (step["name"], step["color"], step["for_entity"]) == ("Animation", "#3295fd", "Shot")
    status = shotgrid("status", STATUSES)["records"][0]
    task = shotgrid("tasks", TASKS)
    assert (task["records"][0]["entity_id"], task["records"][0]["task_type_id"],
            task["records"][0]["task_status_id"]) == (shot["id"], step["id"], status["id"])
    assert (task["job"]["source"], task["job"]["status"], task["job"]["created"]) == ("shotgun", "succeeded", 1)


def test_reimporting_a_dump_updates_the_mapped_records_instead_of_duplicating(rpc, admin, shotgrid):
    shotgrid("projects", PROJECT)
    shotgrid("sequences", SEQUENCES)
    first = shotgrid("shots", SHOTS)["records"][0]
    again = shotgrid("shots", [dict(SHOTS[0], description="Opening, longer", sg_cut_duration=60)])
    assert again["records"][0]["id"] == first["id"]
    assert (again["records"][0]["description"], again["records"][0]["nb_frames"]) == ("Opening, longer", 60)
    assert (again["job"]["created"], again["job"]["updated"]) == (0, 1)
    assert rpc("production_tracking", "list_records", "shots", {}, caller=admin)["total"] == 1


def test_a_project_of_the_same_name_is_adopted_by_its_first_shotgrid_import(rpc, admin, shotgrid):
    ours = rpc("production_tracking", "create_record", "projects", {"name": "spring"}, caller=admin)
    adopted = shotgrid("projects", PROJECT)["records"][0]
    assert (adopted["id"], adopted["shotgun_id"]) == (ours["id"], 70)


def test_unresolved_references_refuse_the_dump_and_keep_each_refused_record(rpc, admin, shotgrid):
    shotgrid("projects", PROJECT)
    dump = SEQUENCES + [{"id": 12, "code": "SQ02", "project": {"id": 999, "type": "Project"}},
                        {"id": "x", "code": "SQ03"}]
    with pytest.raises(BadRequest) as caught:
        shotgrid("sequences", dump)
    assert caught.value.details["rows"] == [
        {"row": 3, "column": "id", "message": "A ShotGrid record needs its id (a number)."}]
    with pytest.raises(BadRequest) as caught:  # the first pass is the importer's, the second production_tracking's
        shotgrid("sequences", dump[:2])
    assert caught.value.details["rows"] == [
        {"row": 2, "column": "project", "message": "ShotGrid project 999 has not been imported."}]
    assert rpc("production_tracking", "list_records", "sequences", {}, caller=admin)["items"] == []
    errors = rpc("importer", "list_import_errors", caller=admin)
    assert errors["total"] == 2
    newest = errors["items"][0]
    assert (newest["type"], newest["source"], newest["event_data"]["record"]["id"]) == ("DataImportError",
                                                                                        "shotgun", 12)
    rpc("importer", "delete_import_error", newest["id"], caller=admin)
    assert rpc("importer", "list_import_errors", caller=admin)["total"] == 1
    with pytest.raises(NotFound):
        rpc("importer", "delete_import_error", newest["id"], caller=admin)


def test_remove_deletes_the_record_mapped_to_a_shotgrid_id(rpc, admin, shotgrid):
    shotgrid("projects", PROJECT)
    sequence = shotgrid("sequences", SEQUENCES)["records"][0]
    removed = rpc("production_tracking", "remove_shotgrid_record", "sequences", 11, caller=admin)
    assert removed["id"] == sequence["id"]
    with pytest.raises(NotFound):
        rpc("production_tracking", "remove_shotgrid_record", "sequences", 11, caller=admin)


def test_a_dump_that_is_not_a_list_or_of_an_unknown_kind_is_refused(shotgrid):
    with pytest.raises(BadRequest):
        shotgrid("shots", {"id": 1})
    with pytest.raises(BadRequest):
        shotgrid("versions", [])
