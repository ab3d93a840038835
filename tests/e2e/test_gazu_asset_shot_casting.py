"""The gazu compatibility rows of docs/gazu/asset.md, shot.md and casting.md:
each test drives gazu 1.3.1 itself against the whole suite (the calls of
gazu.asset, gazu.shot and gazu.casting that docs/api-zou.md does not list)."""

import csv
import io
import json
import uuid

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException

from .gazu_studio import new_member
from .test_gazu_files import make_media


@pytest.fixture
def studio(k):
    """A TV show: episode E01 with sequence SQ01 (shots SH010, SH020), a project-level sequence SQ99
    (shot SH990), asset types Character and Prop, assets Bunny (in E01), Acorn and Tree."""
    project = gazu.project.new_project("Meadow", "tvshow", **k)
    episode = gazu.shot.new_episode(project, "E01", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, **k)
    sh010 = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24, **k)
    sh020 = gazu.shot.new_shot(project, sequence, "SH020", nb_frames=48, **k)
    loose = gazu.shot.new_sequence(project, "SQ99", **k)
    sh990 = gazu.shot.new_shot(project, loose, "SH990", **k)
    character = gazu.asset.new_asset_type("Character", **k)
    prop = gazu.asset.new_asset_type("Prop", **k)
    bunny = gazu.asset.new_asset(project, character, "Bunny", episode=episode, **k)
    acorn = gazu.asset.new_asset(project, prop, "Acorn", **k)
    tree = gazu.asset.new_asset(project, prop, "Tree", **k)
    return {"project": project, "episode": episode, "sequence": sequence, "sh010": sh010, "sh020": sh020,
            "loose": loose, "sh990": sh990, "character": character, "prop": prop, "bunny": bunny, "acorn": acorn,
            "tree": tree}


def artist_client(suite, kitsu, first="Ann"):
    """An artist of the studio (role user) and gazu logged in as them."""
    email = f"{first.lower()}@studio.example"
    person = new_member(kitsu, first, email, password="artist-pass-1")
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(email, "artist-pass-1", client=client)
    return person, {"client": client}


def ids(records):
    return [r["id"] for r in records]


def newest_event(kitsu):
    event = gazu.client.fetch_all("events/last", params={"limit": 1}, client=kitsu)[0]
    return event["id"], event["name"], event["data"]


def casting_of(grouped):
    """{entity id: {(asset id, occurrences)}} of a grouped casting answer."""
    return {entity: {(c["asset_id"], c["nb_occurences"]) for c in items} for entity, items in grouped.items()}


# -- gazu.asset --------------------------------------------------------------------------------------

def test_row_asset_listings_by_shot_episode_and_open_projects(k, studio):
    s = studio
    cast = [{"asset_id": s["tree"]["id"], "nb_occurences": 1}, {"asset_id": s["bunny"]["id"], "nb_occurences": 2}]
    gazu.casting.update_shot_casting(s["project"], s["sh010"], cast, **k)
    assert ids(gazu.asset.all_assets_for_shot(s["sh010"], **k)) == [s["bunny"]["id"], s["tree"]["id"]]
    assert [t["name"] for t in gazu.asset.all_asset_types_for_shot(s["sh010"], **k)] == ["Character", "Prop"]
    assert gazu.asset.all_assets_for_shot(s["sh020"], **k) == []
    assert gazu.asset.all_asset_types_for_shot(s["sh020"], **k) == []
    assert ids(gazu.asset.all_assets_for_episode(s["episode"], **k)) == [s["bunny"]["id"]]
    closed = gazu.project.new_project("Archive", **k)
    gazu.asset.new_asset(closed, s["prop"], "Old chair", **k)
    gazu.project.close_project(closed, **k)
    assert [a["name"] for a in gazu.asset.all_assets_for_open_projects(**k)] == ["Acorn", "Bunny", "Tree"]
    assert gazu.asset.get_asset_type_from_asset(s["bunny"], **k)["name"] == "Character"
    assert gazu.asset.get_episode_from_asset(s["bunny"], **k)["id"] == s["episode"]["id"]
    assert gazu.asset.get_episode_from_asset(s["acorn"], **k) is None
    gazu.asset.update_asset_data(s["acorn"], {"colour": "brown"}, **k)
    updated = gazu.asset.update_asset_data(s["acorn"], {"size": 2}, **k)
    assert updated["data"] == {"colour": "brown", "size": 2}
    assert gazu.asset.get_asset(s["acorn"]["id"], **k)["data"] == {"colour": "brown", "size": 2}
    with pytest.raises(ParameterException):
        gazu.client.get(f"data/shots/{s['sh010']['id'][:8]}/assets", **k)  # a malformed id is a 400
    with pytest.raises(RouteNotFoundException):
        gazu.asset.all_assets_for_shot(s["bunny"], **k)  # an asset is not a shot


def test_row_url_builders_are_client_side(kitsu, k, studio, suite):
    s = studio
    web = suite.url("")  # gazu drops the /api suffix: the URLs are the Kitsu web app's
    project_id = s["project"]["id"]
    assert gazu.asset.get_asset_url(s["bunny"], **k) == (
        f"{web}/productions/{project_id}/episodes/{s['episode']['id']}/assets/{s['bunny']['id']}/")
    assert gazu.asset.get_asset_url(s["acorn"], **k) == (
        f"{web}/productions/{project_id}/episodes/main/assets/{s['acorn']['id']}/")
    assert gazu.asset.get_all_assets_url(s["project"], **k) == f"{web}/productions/{project_id}/episodes/main/assets/"
    assert gazu.asset.get_asset_type_url(s["project"], s["prop"]["id"], **k) == (
        f"{web}/productions/{project_id}/episodes/main/assets?search=type%3D%5BProp%5D")
    assert gazu.shot.get_shot_url(s["sh010"], **k) == (
        f"{web}/productions/{project_id}/episodes/{s['episode']['id']}/shots/{s['sh010']['id']}/")
    assert gazu.shot.get_shot_url(s["sh990"], **k) == f"{web}/productions/{project_id}/shots/{s['sh990']['id']}/"
    assert gazu.shot.get_sequence_url(s["sequence"], **k) == (
        f"{web}/productions/{project_id}/episodes/{s['episode']['id']}/sequences/{s['sequence']['id']}/")
    assert gazu.shot.get_sequence_url(s["loose"], **k) == (
        f"{web}/productions/{project_id}/sequences/{s['loose']['id']}/")
    assert gazu.shot.get_episode_url(s["episode"], **k) == (
        f"{web}/productions/{project_id}/episodes/{s['episode']['id']}/shots")
    assert gazu.shot.get_all_episodes_url(s["project"], **k) == f"{web}/productions/{project_id}/episodes/"
    assert gazu.shot.get_all_sequences_url(s["project"], **k) == f"{web}/productions/{project_id}/sequences/"
    feature = gazu.project.new_project("Feature", "featurefilm", **k)
    hero = gazu.asset.new_asset(feature, s["character"], "Hero", **k)
    assert gazu.asset.get_asset_url(hero, **k) == f"{web}/productions/{feature['id']}/assets/{hero['id']}/"
    assert gazu.asset.get_all_assets_url(feature, **k) == f"{web}/productions/{feature['id']}/assets/"


def test_row_asset_and_shot_csv_with_episode_and_assignee_filters(kitsu, k, studio, tmp_path):
    s = studio
    assets_csv = tmp_path / "assets.csv"
    assets_csv.write_text("Episode,Type,Name,Description\nE01,Prop,Lamp,Bright\n,Set,Forest,\n", encoding="utf-8")
    imported = gazu.asset.import_assets_with_csv(s["project"], str(assets_csv), **k)
    assert sorted((a["name"], a["episode_id"]) for a in imported) == [
        ("Forest", None), ("Lamp", s["episode"]["id"])]
    assert [a["name"] for a in gazu.asset.all_assets_for_episode(s["episode"], **k)] == ["Bunny", "Lamp"]
    shots_csv = tmp_path / "shots.csv"
    shots_csv.write_text("Episode,Sequence,Name,Nb Frames\nE01,SQ01,SH030,12\nE02,SQ01,SH010,8\n", encoding="utf-8")
    shots = gazu.shot.import_shots_with_csv(s["project"], str(shots_csv), **k)
    e02 = gazu.shot.get_episode_by_name(s["project"], "E02", **k)
    assert [(x["name"], x["episode_id"]) for x in shots] == [("SH030", s["episode"]["id"]), ("SH010", e02["id"])]

    out = tmp_path / "out.csv"
    gazu.asset.export_assets_with_csv(s["project"], str(out), episode=s["episode"], **k)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row[:3] for row in rows] == [["Episode", "Type", "Name"], ["E01", "Character", "Bunny"],
                                         ["E01", "Prop", "Lamp"]]
    gazu.shot.export_shots_with_csv(s["project"], str(out), episode=e02, **k)
    assert [row[:3] for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))] == [
        ["Episode", "Sequence", "Name"], ["E02", "SQ01", "SH010"]]
    artist = new_member(kitsu, "Bea", "bea@studio.example")
    layout = gazu.task.new_task_type("Layout", for_entity="Shot", **k)
    gazu.task.assign_task(gazu.task.new_task(s["sh020"], layout, **k), artist, **k)
    gazu.shot.export_shots_with_csv(s["project"], str(out), assigned_to=artist, **k)
    assert [row[2] for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8")))] == ["Name", "SH020"]
    bad = tmp_path / "bad.csv"
    bad.write_text("Sequence,Name,Nb Frames\nSQ01,SH040,many\n", encoding="utf-8")
    with pytest.raises(ParameterException):
        gazu.shot.import_shots_with_csv(s["project"], str(bad), **k)
    assert "SH040" not in [x["name"] for x in gazu.shot.all_shots_for_project(s["project"], **k)]


# -- gazu.shot ---------------------------------------------------------------------------------------

def test_row_episodes_get_update_and_remove_and_parents(k, studio):
    s = studio
    episode = gazu.shot.get_episode(s["episode"]["id"], **k)
    assert (episode["name"], episode["type"], episode["project_id"]) == ("E01", "Episode", s["project"]["id"])
    assert gazu.shot.get_episode_by_name(s["project"], "e01", **k)["id"] == episode["id"]
    assert gazu.shot.get_episode_by_name(s["project"], "E42", **k) is None
    assert ids(gazu.shot.all_sequences_for_episode(episode, **k)) == [s["sequence"]["id"]]
    assert ids(gazu.shot.all_shots_for_episode(episode, **k)) == [s["sh010"]["id"], s["sh020"]["id"]]
    assert gazu.shot.get_episode_from_sequence(s["sequence"], **k)["id"] == episode["id"]
    assert gazu.shot.get_episode_from_sequence(s["loose"], **k) is None
    assert gazu.shot.get_sequence_from_shot(s["sh010"], **k)["id"] == s["sequence"]["id"]
    assert gazu.shot.get_sequence_from_shot(s["sh010"]["id"], **k)["name"] == "SQ01"

    episode["description"] = "Pilot"
    assert gazu.shot.update_episode(episode, **k)["description"] == "Pilot"
    gazu.shot.update_episode_data(episode, {"air_date": "2027-01-04"}, **k)
    assert gazu.shot.update_episode_data(episode, {"slot": 1}, **k)["data"] == {"air_date": "2027-01-04", "slot": 1}
    sequence = gazu.shot.get_sequence(s["sequence"]["id"], **k)
    sequence["description"] = "Opening"
    assert gazu.shot.update_sequence(sequence, **k)["description"] == "Opening"
    gazu.shot.update_sequence_data(sequence, {"mood": "calm"}, **k)
    assert gazu.shot.update_sequence_data(sequence, {"lut": "warm"}, **k)["data"] == {"mood": "calm", "lut": "warm"}
    assert gazu.shot.get_sequence(sequence["id"], **k)["description"] == "Opening"

    with pytest.raises(ParameterException):  # a wrong type is a 400, and nothing changes
        gazu.shot.update_episode({"id": episode["id"], "nb_frames": "many"}, **k)
    assert gazu.shot.get_episode(episode["id"], **k)["description"] == "Pilot"
    with pytest.raises(ParameterException):  # sequences and assets depend on it
        gazu.shot.remove_episode(episode, **k)
    assert gazu.shot.get_episode(episode["id"], **k)["id"] == episode["id"]
    empty = gazu.shot.new_episode(s["project"], "E02", **k)
    gazu.shot.remove_episode(empty, **k)
    assert [e["name"] for e in gazu.shot.all_episodes_for_project(s["project"], **k)] == ["E01"]
    gazu.shot.remove_episode(episode, force=True, **k)
    assert gazu.shot.all_episodes_for_project(s["project"], **k) == []
    assert [x["name"] for x in gazu.shot.all_shots_for_project(s["project"], **k)] == ["SH990"]
    with pytest.raises(RouteNotFoundException):
        gazu.shot.get_episode(episode["id"], **k)


def test_row_shot_previews_by_task_type_follow_task_visibility(suite, kitsu, k, studio, tmp_path):
    s = studio
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    lighting = gazu.task.new_task_type("Lighting", for_entity="Shot", **k)
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    animate = gazu.task.new_task(s["sh010"], animation, **k)
    light = gazu.task.new_task(s["sh010"], lighting, **k)
    assert gazu.shot.all_previews_for_shot(s["sh010"], **k) == {}
    picture = make_media(tmp_path, "frame.png")
    first = gazu.task.add_preview(animate, gazu.task.add_comment(animate, wip, "v1", **k), picture, **k)
    second = gazu.task.add_preview(animate, gazu.task.add_comment(animate, wip, "v2", **k), picture, **k)
    lit = gazu.task.add_preview(light, gazu.task.add_comment(light, wip, "lit", **k), picture, **k)
    previews = gazu.shot.all_previews_for_shot(s["sh010"], **k)
    assert {task_type: ids(items) for task_type, items in previews.items()} == {
        animation["id"]: [second["id"], first["id"]], lighting["id"]: [lit["id"]]}
    assert [p["revision"] for p in previews[animation["id"]]] == [2, 1]
    assert gazu.shot.all_previews_for_shot(s["sh020"], **k) == {}

    vendor = new_member(kitsu, "Vic", "vic@studio.example", role="vendor", password="vendor-pass-1")
    gazu.project.add_person_to_team(s["project"], vendor, **k)
    gazu.task.assign_task(light, vendor, **k)
    as_vendor = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("vic@studio.example", "vendor-pass-1", client=as_vendor)
    assert list(gazu.shot.all_previews_for_shot(s["sh010"], client=as_vendor)) == [lighting["id"]]
    _, a = artist_client(suite, kitsu)  # not in the team
    with pytest.raises(RouteNotFoundException):
        gazu.shot.all_previews_for_shot(s["sh010"], **a)


OTIO_TIMELINE = {
    "OTIO_SCHEMA": "Timeline.1", "name": "Cut 1",
    "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [
        {"OTIO_SCHEMA": "Track.1", "kind": "Video", "children": [
            {"OTIO_SCHEMA": "Clip.2", "name": "Meadow_SQ01-SH010.mov", "source_range": {
                "OTIO_SCHEMA": "TimeRange.1", "duration": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 36},
                "start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 100}}},
            {"OTIO_SCHEMA": "Gap.1", "source_range": {
                "OTIO_SCHEMA": "TimeRange.1", "duration": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 4},
                "start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 0}}},
            {"OTIO_SCHEMA": "Clip.2", "name": "Meadow_SQ02-SH100", "source_range": {
                "OTIO_SCHEMA": "TimeRange.1", "duration": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 20},
                "start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 0}}}]},
        {"OTIO_SCHEMA": "Track.1", "kind": "Audio", "children": [
            {"OTIO_SCHEMA": "Clip.2", "name": "music", "source_range": {
                "OTIO_SCHEMA": "TimeRange.1", "duration": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 60},
                "start_time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 0}}}]}]}}


def test_row_import_otio_creates_and_updates_shots_and_refuses_bad_timelines(suite, kitsu, k, tmp_path):
    project = gazu.project.new_project("Meadow", **k)
    sq01 = gazu.shot.new_sequence(project, "SQ01", **k)
    sh010 = gazu.shot.new_shot(project, sq01, "SH010", nb_frames=10, data={"camera": "A"}, **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    gazu.project.add_task_type(project, animation, 1, **k)
    timeline = tmp_path / "cut.otio"
    timeline.write_text(json.dumps(OTIO_TIMELINE), encoding="utf-8")
    result = gazu.shot.import_otio(project, str(timeline), **k)
    assert [(x["id"], x["nb_frames"], x["data"]) for x in result["updated_shots"]] == [
        (sh010["id"], 36, {"camera": "A", "frame_in": 0, "frame_out": 35})]
    created = result["created_shots"]
    assert [(x["name"], x["sequence_name"], x["nb_frames"], x["data"]) for x in created] == [
        ("SH100", "SQ02", 20, {"frame_in": 40, "frame_out": 59})]
    assert [t["task_type_id"] for t in gazu.task.all_tasks_for_shot(created[0], **k)] == [animation["id"]]
    again = gazu.shot.import_otio(project, str(timeline), **k)
    assert (len(again["created_shots"]), len(again["updated_shots"])) == (0, 2)

    episode = gazu.shot.new_episode(project, "E01", **k)
    in_episode = gazu.shot.import_otio(project, str(timeline), episode=episode, match_case=False,
                                       naming_convention="${project_name}_${sequence_name}-${shot_name}", **k)
    assert sorted((x["episode_id"], x["sequence_name"]) for x in in_episode["created_shots"]) == [
        (episode["id"], "SQ01"), (episode["id"], "SQ02")]

    def shot_names():
        return sorted(x["name"] for x in gazu.shot.all_shots_for_project(project, **k))

    before = shot_names()
    wrong = json.loads(json.dumps(OTIO_TIMELINE))
    wrong["tracks"]["children"][0]["children"][2]["name"] = "no convention here"
    timeline.write_text(json.dumps(wrong), encoding="utf-8")
    with pytest.raises(ParameterException, match="'no convention here' does not follow the naming convention"):
        gazu.shot.import_otio(project, str(timeline), naming_convention="X_${sequence_name}-${shot_name}", **k)
    timeline.write_text("{not json", encoding="utf-8")
    with pytest.raises(ParameterException, match="not OTIO JSON"):
        gazu.shot.import_otio(project, str(timeline), **k)
    edl = tmp_path / "cut.edl"
    edl.write_text("TITLE: Cut 1\n001  AX V C 00:00:00:00 00:00:01:12 01:00:00:00 01:00:01:12\n", encoding="utf-8")
    with pytest.raises(ParameterException, match="otioconvert"):
        gazu.shot.import_otio(project, str(edl), **k)
    assert shot_names() == before
    _, a = artist_client(suite, kitsu)
    gazu.project.add_person_to_team(project, gazu.person.get_person_by_email("ann@studio.example", **k), **k)
    timeline.write_text(json.dumps(OTIO_TIMELINE), encoding="utf-8")
    with pytest.raises(NotAllowedException):
        gazu.shot.import_otio(project, str(timeline), **a)


# -- gazu.casting ------------------------------------------------------------------------------------

def test_row_cast_and_uncast_asset_leave_the_rest_of_the_casting(suite, kitsu, k, studio):
    s = studio
    project, sh010, sh020, episode = s["project"], s["sh010"], s["sh020"], s["episode"]
    gazu.casting.update_shot_casting(project, sh010, [{"asset_id": s["tree"]["id"], "nb_occurences": 3}], **k)
    answer = gazu.casting.cast_asset(project, [sh010, sh020["id"], episode], s["acorn"], **k)
    assert casting_of(answer) == {sh010["id"]: {(s["tree"]["id"], 3), (s["acorn"]["id"], 1)},
                                  sh020["id"]: {(s["acorn"]["id"], 1)}, episode["id"]: {(s["acorn"]["id"], 1)}}
    gazu.casting.cast_asset(project, sh010, s["acorn"], nb_occurences=4, label="fixed", **k)
    again = gazu.casting.cast_asset(project, [sh010, sh020], s["acorn"], **k)  # no count: counts are kept
    assert casting_of(again)[sh010["id"]] == {(s["tree"]["id"], 3), (s["acorn"]["id"], 4)}
    assert [(c["asset_name"], c["label"]) for c in gazu.casting.get_shot_casting(sh010, **k)] == [
        ("Acorn", "fixed"), ("Tree", None)]
    assert {c.get("shot_id") or c["episode_id"] for c in gazu.casting.get_asset_cast_in(s["acorn"], **k)} == {
        sh010["id"], sh020["id"], episode["id"]}
    removed = gazu.casting.uncast_asset(project, [sh010, sh020], s["acorn"], **k)
    assert newest_event(kitsu)[1:] == ("shot:casting-update", {
        "shot_id": sh020["id"], "entity_id": sh020["id"], "project_id": project["id"], "asset_id": s["acorn"]["id"],
        "nb_entities_out": 0})
    assert casting_of(removed) == {sh010["id"]: {(s["tree"]["id"], 3)}, sh020["id"]: set()}
    assert gazu.shot.get_shot(sh020["id"], **k)["nb_entities_out"] == 0
    assert gazu.shot.get_shot(sh010["id"], **k)["nb_entities_out"] == 1

    other = gazu.project.new_project("Other", **k)
    stranger = gazu.asset.new_asset(other, s["prop"], "Stranger", **k)
    before = newest_event(kitsu)
    for entities, asset, extra in (([], s["acorn"], {}), ([stranger], s["acorn"], {}),
                                   ([sh010], s["acorn"], {"nb_occurences": -1}),
                                   ([s["acorn"]], s["acorn"], {}), ([str(uuid.uuid4())], s["acorn"], {})):
        with pytest.raises(ParameterException):
            gazu.casting.cast_asset(project, entities, asset, **extra, **k)
    with pytest.raises(ParameterException):  # gazu checks ids itself; a raw call with a malformed one is a 400
        gazu.client.put(f"data/projects/{project['id']}/entities/casting/assets/{s['acorn']['id']}",
                        {"entity_ids": ["nope"]}, **k)
    with pytest.raises(RouteNotFoundException):  # an asset of another project
        gazu.casting.cast_asset(project, [sh010], stranger, **k)
    assert casting_of({"x": gazu.casting.get_shot_casting(sh010, **k)}) == {"x": {(s["tree"]["id"], 3)}}
    assert newest_event(kitsu) == before  # the refused calls wrote and published nothing
    _, a = artist_client(suite, kitsu)
    gazu.project.add_person_to_team(project, gazu.person.get_person_by_email("ann@studio.example", **k), **k)
    with pytest.raises(NotAllowedException):
        gazu.casting.cast_asset(project, [sh010], s["acorn"], **a)


def test_row_casting_by_sequence_episode_project_and_asset_type(suite, kitsu, k, studio):
    s = studio
    project = s["project"]
    gazu.casting.update_shot_casting(project, s["sh010"], [{"asset_id": s["bunny"]["id"], "nb_occurences": 2}], **k)
    gazu.casting.update_shot_casting(project, s["sh990"], [{"asset_id": s["acorn"]["id"], "nb_occurences": 1}], **k)
    gazu.casting.update_asset_casting(project, s["tree"], [{"asset_id": s["acorn"]["id"], "nb_occurences": 5}], **k)
    episode_cast = gazu.casting.update_episode_casting(project, s["episode"], [
        {"asset_id": s["bunny"]["id"], "nb_occurences": 1}, {"asset_id": s["tree"]["id"], "nb_occurences": 1}], **k)
    assert [c["asset_name"] for c in episode_cast] == ["Bunny", "Tree"]
    assert [(c["asset_id"], c["nb_occurences"]) for c in gazu.casting.get_episode_casting(s["episode"], **k)] == [
        (s["bunny"]["id"], 1), (s["tree"]["id"], 1)]

    sequence_casting = {s["sh010"]["id"]: {(s["bunny"]["id"], 2)}}
    assert casting_of(gazu.casting.get_sequence_casting(s["sequence"], **k)) == sequence_casting
    assert casting_of(gazu.casting.get_sequence_shots_casting(project, s["sequence"], **k)) == sequence_casting
    assert casting_of(gazu.casting.get_episode_shots_casting(project, s["episode"], **k)) == sequence_casting
    assert casting_of(gazu.casting.get_project_shots_casting(project, **k)) == {
        **sequence_casting, s["sh990"]["id"]: {(s["acorn"]["id"], 1)}}
    assert casting_of(gazu.casting.get_episodes_casting(project, **k)) == {
        s["episode"]["id"]: {(s["bunny"]["id"], 1), (s["tree"]["id"], 1)}}
    assert casting_of(gazu.casting.get_asset_type_casting(project, s["prop"], **k)) == {
        s["tree"]["id"]: {(s["acorn"]["id"], 5)}}
    assert gazu.casting.get_asset_type_casting(project, s["character"], **k) == {}
    item = gazu.casting.get_sequence_casting(s["sequence"], **k)[s["sh010"]["id"]][0]
    assert (item["asset_name"], item["asset_type_name"]) == ("Bunny", "Character")

    with pytest.raises(RouteNotFoundException):  # a sequence of another project
        other = gazu.project.new_project("Other", **k)
        gazu.casting.get_sequence_shots_casting(other, s["sequence"], **k)
    with pytest.raises(ParameterException):
        gazu.client.get(f"data/projects/{project['id']}/sequences/nope/casting", **k)
    _, a = artist_client(suite, kitsu)  # not in the team: the project is not there
    with pytest.raises(RouteNotFoundException):
        gazu.casting.get_project_shots_casting(project, **a)
    assert gazu.asset.all_assets_for_open_projects(**a) == []
    gazu.project.add_person_to_team(project, gazu.person.get_person_by_email("ann@studio.example", **k), **k)
    assert casting_of(gazu.casting.get_sequence_casting(s["sequence"], **a)) == sequence_casting
    assert [x["name"] for x in gazu.asset.all_assets_for_shot(s["sh010"], **a)] == ["Bunny"]
