"""What a shot casts, an episode's shots, casting grouped by entity, cast_asset,
a shot's preview tasks and OTIO timeline imports (entities_more.py, otio.py),
against real RabbitMQ and PostgreSQL; the OTIO reading also as plain functions."""

import json
import uuid

import pytest

from reelhouse.production_tracking import otio
from reelhouse.shared.errors import BadRequest, Forbidden, MalformedId, NotFound, ValidationFailed


@pytest.fixture
def breakdown(call, admin, project):
    """Episode E01 → SQ01 → SH010, SH020; SQ99 → SH990 (no episode); assets Bunny (Character), Acorn, Tree (Prop)."""
    character = call("create_record", "entity-types", {"name": "Character"}, caller=admin)
    prop = call("create_record", "entity-types", {"name": "Prop"}, caller=admin)
    episode = call("create_entity", "episodes", project["id"], {"name": "E01"}, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01", "episode_id": episode["id"]},
                    caller=admin)
    loose = call("create_entity", "sequences", project["id"], {"name": "SQ99"}, caller=admin)

    def shot(name, parent):
        return call("create_entity", "shots", project["id"], {"name": name, "sequence_id": parent["id"]},
                    caller=admin)

    def asset(name, asset_type):
        return call("create_entity", "assets", project["id"], {"name": name}, asset_type["id"], caller=admin)

    return {"episode": episode, "sequence": sequence, "loose": loose, "sh010": shot("SH010", sequence),
            "sh020": shot("SH020", sequence), "sh990": shot("SH990", loose), "character": character, "prop": prop,
            "bunny": asset("Bunny", character), "acorn": asset("Acorn", prop), "tree": asset("Tree", prop)}


def cast(call, admin, project, entity, *pairs):
    call("update_casting", project["id"], entity["id"],
         [{"asset_id": asset["id"], "nb_occurences": count} for asset, count in pairs], caller=admin)


def counts(grouped):
    return {entity: {(c["asset_name"], c["nb_occurences"]) for c in items} for entity, items in grouped.items()}


def test_a_shot_lists_the_assets_it_casts_and_their_types(call, admin, project, breakdown):
    b = breakdown
    cast(call, admin, project, b["sh010"], (b["tree"], 1), (b["bunny"], 2))
    assert [a["name"] for a in call("list_shot_assets", b["sh010"]["id"], caller=admin)] == ["Bunny", "Tree"]
    assert [a["type"] for a in call("list_shot_assets", b["sh010"]["id"], caller=admin)] == ["Asset", "Asset"]
    assert [t["name"] for t in call("list_shot_asset_types", b["sh010"]["id"], caller=admin)] == ["Character", "Prop"]
    assert call("list_shot_assets", b["sh020"]["id"], caller=admin) == []
    with pytest.raises(NotFound):  # an asset is not a shot
        call("list_shot_assets", b["bunny"]["id"], caller=admin)
    with pytest.raises(MalformedId):
        call("list_shot_asset_types", "nope", caller=admin)


def test_an_artist_sees_a_shots_casting_only_in_a_team_project(call, admin, studio, join, project, breakdown):
    b = breakdown
    cast(call, admin, project, b["sh010"], (b["bunny"], 1))
    artist = join(studio[0], role="user")
    with pytest.raises(NotFound):
        call("list_shot_assets", b["sh010"]["id"], caller=artist)
    with pytest.raises(NotFound):
        call("get_grouped_casting", project["id"], "project-shots", caller=artist)
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    assert [a["name"] for a in call("list_shot_assets", b["sh010"]["id"], caller=artist)] == ["Bunny"]
    assert counts(call("get_grouped_casting", project["id"], "project-shots", caller=artist)) == {
        b["sh010"]["id"]: {("Bunny", 1)}}
    with pytest.raises(Forbidden):
        call("cast_asset", project["id"], b["acorn"]["id"], {"entity_ids": [b["sh010"]["id"]]}, caller=artist)


def test_an_episode_lists_the_shots_of_its_sequences(call, admin, breakdown):
    b = breakdown
    listed = call("list_episode_shots", b["episode"]["id"], {}, caller=admin)
    assert [s["name"] for s in listed["items"]] == ["SH010", "SH020"]
    assert [s["name"] for s in call("list_episode_shots", b["episode"]["id"], {"name": "sh020"},
                                    caller=admin)["items"]] == ["SH020"]
    page = call("list_episode_shots", b["episode"]["id"], {}, 1, 1, caller=admin)
    assert (page["total"], [s["name"] for s in page["items"]]) == (2, ["SH010"])
    with pytest.raises(BadRequest):  # the route's filter cannot be widened or replaced
        call("list_episode_shots", b["episode"]["id"], {"colour": "red"}, caller=admin)
    with pytest.raises(NotFound):
        call("list_episode_shots", b["sequence"]["id"], {}, caller=admin)


def test_casting_grouped_by_sequence_episode_project_and_asset_type(call, admin, project, breakdown):
    b = breakdown
    cast(call, admin, project, b["sh010"], (b["bunny"], 2))
    cast(call, admin, project, b["sh990"], (b["acorn"], 1))
    cast(call, admin, project, b["episode"], (b["tree"], 1))
    cast(call, admin, project, b["tree"], (b["acorn"], 5))

    def grouped(scope, scope_id=None):
        return counts(call("get_grouped_casting", project["id"], scope, scope_id, caller=admin))

    assert grouped("sequence", b["sequence"]["id"]) == {b["sh010"]["id"]: {("Bunny", 2)}}
    assert grouped("sequence", b["loose"]["id"]) == {b["sh990"]["id"]: {("Acorn", 1)}}
    assert grouped("episode-shots", b["episode"]["id"]) == {b["sh010"]["id"]: {("Bunny", 2)}}
    assert grouped("project-shots") == {b["sh010"]["id"]: {("Bunny", 2)}, b["sh990"]["id"]: {("Acorn", 1)}}
    assert grouped("episodes") == {b["episode"]["id"]: {("Tree", 1)}}
    assert grouped("asset-type", b["prop"]["id"]) == {b["tree"]["id"]: {("Acorn", 5)}}
    assert grouped("asset-type", b["character"]["id"]) == {}
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    with pytest.raises(NotFound):  # the sequence is not in that project
        call("get_grouped_casting", other["id"], "sequence", b["sequence"]["id"], caller=admin)
    with pytest.raises(NotFound):
        call("get_grouped_casting", project["id"], "sequence", b["episode"]["id"], caller=admin)
    with pytest.raises(NotFound):
        call("get_grouped_casting", project["id"], "everything", caller=admin)


def test_cast_asset_adds_keeps_and_removes_one_asset_without_touching_the_others(call, admin, project, breakdown,
                                                                                 events):
    b = breakdown
    cast(call, admin, project, b["sh010"], (b["tree"], 3))
    events.drain()
    answer = call("cast_asset", project["id"], b["acorn"]["id"], {
        "entity_ids": [b["sh010"]["id"], b["sh020"]["id"], b["episode"]["id"]]}, caller=admin)
    assert counts(answer) == {b["sh010"]["id"]: {("Tree", 3), ("Acorn", 1)}, b["sh020"]["id"]: {("Acorn", 1)},
                              b["episode"]["id"]: {("Acorn", 1)}}
    published = events.drain()
    assert [e["type"] for e in published] == ["casting_updated"] * 3
    assert {e["data"]["asset_id"] for e in published} == {b["acorn"]["id"]}
    call("cast_asset", project["id"], b["acorn"]["id"], {"entity_ids": [b["sh010"]["id"]], "nb_occurences": 4,
                                                          "label": "fixed"}, caller=admin)
    kept = call("cast_asset", project["id"], b["acorn"]["id"], {"entity_ids": [b["sh010"]["id"]]}, caller=admin)
    assert counts(kept) == {b["sh010"]["id"]: {("Tree", 3), ("Acorn", 4)}}
    assert [e["type"] for e in events.drain()] == ["casting_updated"]  # the unchanged call published nothing
    removed = call("cast_asset", project["id"], b["acorn"]["id"], {
        "entity_ids": [b["sh010"]["id"], b["sh020"]["id"]], "nb_occurences": 0}, caller=admin)
    assert counts(removed) == {b["sh010"]["id"]: {("Tree", 3)}, b["sh020"]["id"]: set()}
    assert call("get_record", "shots", b["sh010"]["id"], caller=admin)["nb_entities_out"] == 1
    assert call("get_record", "shots", b["sh020"]["id"], caller=admin)["nb_entities_out"] == 0


@pytest.mark.parametrize("payload", [
    {}, {"entity_ids": []}, {"entity_ids": "x"}, {"entity_ids": ["nope"]}, {"entity_ids": [str(uuid.uuid4())]},
    {"entity_ids": ["SH010"], "nb_occurences": -1}, {"entity_ids": ["SH010"], "nb_occurences": "2"},
    {"entity_ids": ["SH010"], "label": "x" * 81}, {"entity_ids": ["SH010"], "colour": "red"},
    {"entity_ids": ["SH010", "Acorn"]},
])
def test_cast_asset_refuses_bad_input_and_writes_nothing(call, admin, project, breakdown, events, payload):
    b = breakdown
    names = {"SH010": b["sh010"]["id"], "Acorn": b["acorn"]["id"]}
    if isinstance(payload.get("entity_ids"), list):
        payload = {**payload, "entity_ids": [names.get(i, i) for i in payload["entity_ids"]]}
    events.drain()
    with pytest.raises(ValidationFailed):
        call("cast_asset", project["id"], b["acorn"]["id"], payload, caller=admin)
    assert call("get_casting", project["id"], b["sh010"]["id"], caller=admin) == []
    assert events.drain() == []


def test_cast_asset_of_another_project_is_not_found(call, admin, project, breakdown):
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    stranger = call("create_entity", "assets", other["id"], {"name": "Stranger"}, breakdown["prop"]["id"],
                    caller=admin)
    with pytest.raises(NotFound):
        call("cast_asset", project["id"], stranger["id"], {"entity_ids": [breakdown["sh010"]["id"]]}, caller=admin)


def test_a_shots_preview_tasks_follow_the_vendor_rule(call, admin, studio, join, project, breakdown):
    b = breakdown
    animation = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    lighting = call("create_record", "task-types", {"name": "Lighting", "for_entity": "Shot"}, caller=admin)
    animate = call("create_record", "tasks", {"project_id": project["id"], "entity_id": b["sh010"]["id"],
                                              "task_type_id": animation["id"]}, caller=admin)
    light = call("create_record", "tasks", {"project_id": project["id"], "entity_id": b["sh010"]["id"],
                                            "task_type_id": lighting["id"]}, caller=admin)
    assert call("list_entity_preview_tasks", "shots", b["sh010"]["id"], caller=admin) == {
        animate["id"]: animation["id"], light["id"]: lighting["id"]}
    vendor = join(studio[0], role="vendor")
    call("add_team_member", project["id"], vendor.user_id, caller=admin)
    call("assign_tasks", vendor.user_id, [light["id"]], caller=admin)
    assert call("list_entity_preview_tasks", "shots", b["sh010"]["id"], caller=vendor) == {light["id"]: lighting["id"]}
    assert call("list_entity_preview_tasks", "shots", b["sh020"]["id"], caller=admin) == {}


# -- OTIO ------------------------------------------------------------------------------------------

def _time(value, rate=24):
    return {"OTIO_SCHEMA": "RationalTime.1", "value": value, "rate": rate}


def _item(schema, name=None, duration=24, rate=24):
    item = {"OTIO_SCHEMA": schema, "source_range": {"OTIO_SCHEMA": "TimeRange.1", "duration": _time(duration, rate),
                                                    "start_time": _time(0, rate)}}
    return {**item, "name": name} if name is not None else item


def _timeline(*video, audio=()):
    tracks = [{"OTIO_SCHEMA": "Track.1", "kind": "Video", "children": list(video)},
              {"OTIO_SCHEMA": "Track.1", "kind": "Audio", "children": list(audio)}]
    return json.dumps({"OTIO_SCHEMA": "Timeline.1", "tracks": {"OTIO_SCHEMA": "Stack.1", "children": tracks}})


def test_otio_clips_take_their_place_in_the_track_and_transitions_take_no_time():
    text = _timeline(_item("Clip.2", "A_SQ01-SH010.mov", 36), _item("Gap.1", duration=4),
                     {"OTIO_SCHEMA": "Transition.1", "name": "dissolve"}, _item("Clip.2", "A_SQ01-SH020", 50, 25),
                     audio=[_item("Clip.2", "music", 500)])
    assert [(c["name"], c["frame_in"], c["frame_out"], c["nb_frames"]) for c in otio.timeline_clips(text)] == [
        ("A_SQ01-SH010", 0, 35, 36), ("A_SQ01-SH020", 41, 90, 50)]  # 40 frames at 24 fps are 41 at 25


def test_otio_clip_names_come_from_the_media_when_the_clip_has_none():
    clip = {**_item("Clip.2", ""), "media_reference": {"target_url": "file:///cuts/A_SQ01-SH030.exr"}}
    assert [c["name"] for c in otio.timeline_clips(_timeline(clip))] == ["A_SQ01-SH030"]


@pytest.mark.parametrize("text", [
    "{not json", "[]", json.dumps({"OTIO_SCHEMA": "Clip.2"}),
    _timeline({"OTIO_SCHEMA": "Clip.2", "name": "no range"}),
    _timeline(_item("Clip.2", "zero rate", 24, 0)),
    _timeline({"OTIO_SCHEMA": "Effect.1"}),
])
def test_otio_bad_timelines_are_refused(text):
    with pytest.raises(BadRequest):
        otio.timeline_clips(text)


def test_the_naming_convention_reads_names_literally_around_its_fields():
    pattern = otio.name_pattern("${project_name}_${episode_name}-${sequence_name}.${shot_name}")
    assert pattern.match("Meadow_E01-SQ01.SH010").groupdict() == {
        "project_name": "Meadow", "episode_name": "E01", "sequence_name": "SQ01", "shot_name": "SH010"}
    assert pattern.match("Meadow_E01-SQ01xSH010") is None  # the dot is a dot
    assert otio.name_pattern("$sequence_name/$shot_name").match("SQ01/SH010")["shot_name"] == "SH010"


def test_otio_import_creates_missing_shots_updates_known_ones_and_writes_all_or_nothing(call, admin, project, events):
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    sh010 = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"],
                                                           "data": {"camera": "A"}}, caller=admin)
    text = _timeline(_item("Clip.2", "SQ01-SH010", 36), _item("Clip.2", "SQ02-SH100", 20))
    events.drain()
    result = call("import_otio", project["id"], None, text, "cut.otio",
                  {"naming_convention": "${sequence_name}-${shot_name}"}, caller=admin)
    assert [(s["id"], s["nb_frames"], s["data"]) for s in result["updated_shots"]] == [
        (sh010["id"], 36, {"camera": "A", "frame_in": 0, "frame_out": 35})]
    assert [(s["name"], s["sequence_name"], s["nb_frames"], s["data"]) for s in result["created_shots"]] == [
        ("SH100", "SQ02", 20, {"frame_in": 36, "frame_out": 55})]
    published = events.types()
    assert (published.count("sequence_created"), published.count("shot_created"),
            published.count("shot_updated")) == (1, 1, 1)

    project_named = call("create_record", "projects", {"name": "Meadow"}, caller=admin)
    sq = call("create_entity", "sequences", project_named["id"], {"name": "SQ01"}, caller=admin)
    known = call("create_entity", "shots", project_named["id"], {"name": "SH010", "sequence_id": sq["id"],
                                                                 "data": {"camera": "A"}}, caller=admin)
    text = _timeline(_item("Clip.2", "Meadow_SQ01-SH010", 36), _item("Clip.2", "meadow_sq02-SH100", 20))
    result = call("import_otio", project_named["id"], None, text, "cut.otio", {"match_case": "False"}, caller=admin)
    assert [(s["id"], s["nb_frames"], s["data"]) for s in result["updated_shots"]] == [
        (known["id"], 36, {"camera": "A", "frame_in": 0, "frame_out": 35})]
    assert [(s["name"], s["sequence_name"], s["data"]) for s in result["created_shots"]] == [
        ("SH100", "sq02", {"frame_in": 36, "frame_out": 55})]

    before = call("list_records", "shots", {"project_id": project_named["id"]}, caller=admin)["total"]
    bad = _timeline(_item("Clip.2", "Meadow_SQ03-SH300", 10), _item("Clip.2", "no convention", 10))
    with pytest.raises(ValidationFailed) as refused:
        call("import_otio", project_named["id"], None, bad, "cut.otio", {}, caller=admin)
    assert "track 0, item 1" in refused.value.details
    for filename, options in (("cut.edl", {}), ("cut.otio", {"match_case": "maybe"}),
                              ("cut.otio", {"naming_convention": "${shot_name}"})):
        with pytest.raises(ValidationFailed if options else BadRequest):
            call("import_otio", project_named["id"], None, text, filename, options, caller=admin)
    assert call("list_records", "shots", {"project_id": project_named["id"]}, caller=admin)["total"] == before


def test_otio_import_into_an_episode_and_by_artists(call, admin, studio, join, project):
    episode = call("create_entity", "episodes", project["id"], {"name": "E01"}, caller=admin)
    text = _timeline(_item("Clip.2", "SQ01-SH010", 12))
    options = {"naming_convention": "${sequence_name}-${shot_name}"}
    created = call("import_otio", project["id"], episode["id"], text, "cut.otio", options, caller=admin)
    assert [(s["episode_id"], s["sequence_name"]) for s in created["created_shots"]] == [(episode["id"], "SQ01")]
    again = call("import_otio", project["id"], episode["id"], text, "cut.otio", options, caller=admin)
    assert (again["created_shots"], [s["id"] for s in again["updated_shots"]]) == (
        [], [created["created_shots"][0]["id"]])
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    with pytest.raises(NotFound):
        call("import_otio", other["id"], episode["id"], text, "cut.otio", options, caller=admin)
    artist = join(studio[0], role="user")
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    with pytest.raises(Forbidden):
        call("import_otio", project["id"], episode["id"], text, "cut.otio", options, caller=artist)
