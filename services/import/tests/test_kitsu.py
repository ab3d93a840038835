"""Another Kitsu's export imported with its ids: created, then updated on a
second import; built-in entity types and asset types mapped to this side's."""

import uuid

import pytest

from reelhouse.shared.errors import BadRequest

PROJECT_ID, SEQUENCE_ID, SHOT_ID, ASSET_ID = (str(uuid.uuid4()) for _ in range(4))
ELSEWHERE = str(uuid.uuid4())  # an id of the other Kitsu that means nothing here


def exported():
    """Records as the other Kitsu's /data routes answer them (their extra keys included)."""
    return {
        "projects": [{"id": PROJECT_ID, "type": "Project", "name": "Winter", "project_status_id": ELSEWHERE,
                      "team": [ELSEWHERE], "created_at": "2026-01-01T10:00:00", "some_newer_column": 1}],
        "entities": [
            {"id": SEQUENCE_ID, "type": "Sequence", "name": "SQ01", "project_id": PROJECT_ID,
             "entity_type_id": ELSEWHERE},
            {"id": SHOT_ID, "type": "Shot", "name": "SH010", "project_id": PROJECT_ID, "parent_id": SEQUENCE_ID,
             "entity_type_id": ELSEWHERE, "nb_frames": 48},
            {"id": ASSET_ID, "type": "Asset", "name": "Bunny", "project_id": PROJECT_ID,
             "entity_type_id": ELSEWHERE, "asset_type_name": "Characters"}],
        "entity-links": [{"id": str(uuid.uuid4()), "entity_in_id": SHOT_ID, "entity_out_id": ASSET_ID,
                          "project_id": PROJECT_ID, "nb_occurences": 2}],
    }


@pytest.fixture
def kitsu(rpc, admin):
    def run(kind, records):
        return rpc("importer", "import_kitsu", kind, records, caller=admin)

    return run


def test_another_kitsus_records_keep_their_ids_and_types_map_to_ours(rpc, admin, kitsu):
    data = exported()
    project = kitsu("projects", data["projects"])["records"][0]
    assert (project["id"], project["name"]) == (PROJECT_ID, "Winter")
    entities = kitsu("entities", data["entities"])
    assert [(e["id"], e["type"]) for e in entities["records"]] == [
        (SEQUENCE_ID, "Sequence"), (SHOT_ID, "Shot"), (ASSET_ID, "Asset")]
    assert entities["records"][1]["sequence_id"] == SEQUENCE_ID
    assert entities["records"][2]["asset_type_name"] == "Characters"
    kitsu("entity-links", data["entity-links"])
    cast = rpc("production_tracking", "get_casting", PROJECT_ID, SHOT_ID, caller=admin)
    assert [(c["asset_id"], c["nb_occurences"]) for c in cast] == [(ASSET_ID, 2)]


def test_importing_the_same_export_again_updates(rpc, admin, kitsu):
    data = exported()
    kitsu("projects", data["projects"])
    kitsu("entities", data["entities"])
    data["entities"][1]["nb_frames"] = 60
    again = kitsu("entities", data["entities"])
    assert (again["job"]["created"], again["job"]["updated"]) == (0, 3)
    assert rpc("production_tracking", "get_record", "shots", SHOT_ID, caller=admin)["nb_frames"] == 60


def test_records_with_bad_or_missing_references_refuse_the_whole_export(rpc, admin, kitsu):
    kitsu("projects", exported()["projects"])
    bad = [{"id": str(uuid.uuid4()), "type": "Shot", "name": "SH020", "project_id": ELSEWHERE},
           {"name": "no id"}]
    with pytest.raises(BadRequest) as caught:
        kitsu("entities", bad)
    assert caught.value.details["rows"] == [{"row": 1, "column": "project_id", "message": "No such project."},
                                            {"row": 2, "column": "id", "message": "A Kitsu record needs its id."}]
    assert rpc("production_tracking", "list_records", "entities", {}, caller=admin)["items"] == []
    with pytest.raises(BadRequest):
        kitsu("comments", [])
