"""The /v1 production API through HTTP: video series (and their legacy
"projects" names), productions, briefs, shots, revisions, deliverables and
the activity log, on the whole running suite."""

import re

import requests

from reelhouse.shared import ids

from .conftest import eventually
from .test_docs import assert_documented
from .test_v1_catalog import BLUEPRINT
from .test_v1_roles import admin_token

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SUCCESS = {"success": {"http_code": 200, "message": "Success"}}


def producer(suite, email):
    """A registered user whose workspace production_tracking already knows (it learns by event)."""
    registered, tokens = suite.register_and_login(email)
    workspace = registered["meta"]["workspace_id"]
    token = tokens["access_token"]
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace}/productions", token=token).status_code == 200)
    return token, workspace, tokens["user"]["id"]


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_video_series_every_route_and_the_legacy_projects_names(suite):
    token, workspace, _user = producer(suite, "series@example.com")
    flat = ok(suite.post("/v1/video-series", token=token, json={"data": {
        "workspace_id": workspace, "title": "Customer stories", "turnaround": 7, "video_length": 90}}), 201)["data"]
    assert flat["type"] == "video-series" and flat["id"].startswith("vds_")
    assert flat["turnaround"] == 7 and flat["video_length"] == "90.0" and flat["is_published"] is False
    assert TIMESTAMP.match(flat["created_at"]) and "internal_notes" not in flat
    nested = ok(suite.post(f"/v1/workspaces/{workspace}/video-series", token=token,
                           json={"data": {"title": "Recruiting"}}), 201)["data"]
    legacy = ok(suite.post(f"/v1/workspaces/{workspace}/projects", token=token,
                           json={"data": {"title": "Legacy"}}), 201)["data"]
    also_legacy = ok(suite.post("/v1/projects", token=token, json={"data": {"workspace_id": workspace,
                                                                             "title": "Legacy 2"}}), 201)["data"]
    assert legacy["type"] == also_legacy["type"] == "video-series"

    listed = ok(suite.get(f"/v1/workspaces/{workspace}/video-series?limit=2&sort=title", token=token))
    assert [s["title"] for s in listed["data"]] == ["Customer stories", "Legacy"]
    pagination = listed["meta"]["pagination"]
    assert (pagination["total"], pagination["count"], pagination["per_page"], pagination["total_pages"]) == (4, 2, 2, 2)
    assert "page=2" in pagination["links"]["next"] and "previous" not in pagination["links"]
    second = ok(requests.get(pagination["links"]["next"], headers={"Authorization": f"Bearer {token}"}))
    assert [s["title"] for s in second["data"]] == ["Legacy 2", "Recruiting"]
    assert "previous" in second["meta"]["pagination"]["links"]
    assert ok(suite.get("/v1/video-series", token=token))["meta"]["pagination"]["total"] == 4
    assert ok(suite.get("/v1/projects", token=token))["meta"]["pagination"]["total"] == 4
    assert ok(suite.get(f"/v1/workspaces/{workspace}/projects", token=token))["meta"]["pagination"]["total"] == 4

    # The seed's prj_ spelling of the same UUID reaches the same record.
    prj = ids.to_prefixed("prj", ids.from_prefixed("vds", flat["id"]))
    assert ok(suite.get(f"/v1/projects/{prj}", token=token))["data"]["id"] == flat["id"]
    assert ok(suite.get(f"/v1/video-series/{flat['id']}?include=workspace,created_by", token=token))["data"][
        "workspace"] == {"type": "workspace", "id": workspace}
    assert ok(suite.get(f"/v1/workspaces/{workspace}/video-series/{nested['id']}", token=token))["data"][
        "title"] == "Recruiting"
    assert ok(suite.get(f"/v1/workspaces/{workspace}/projects/{prj}", token=token))["data"]["id"] == flat["id"]

    assert ok(suite.put(f"/v1/video-series/{flat['id']}", token=token,
                        json={"data": {"is_published": True}}))["data"]["is_published"] is True
    assert ok(suite.put(f"/v1/workspaces/{workspace}/video-series/{flat['id']}", token=token,
                        json={"data": {"audience": "buyers"}}))["data"]["audience"] == "buyers"
    updated = ok(suite.put(f"/v1/projects/{prj}", token=token, json={"data": {"synopsis": "s"}}))
    assert updated["data"]["synopsis"] == "s"
    assert ok(suite.put(f"/v1/workspaces/{workspace}/projects/{prj}", token=token,
                        json={"data": {"title": "Stories"}}))["data"]["title"] == "Stories"
    assert [s["title"] for s in ok(suite.get("/v1/video-series?scope=published:true", token=token))["data"]] == [
        "Stories"]
    refused = suite.put(f"/v1/video-series/{flat['id']}", token=token, json={"data": {"internal_notes": "x"}})
    assert refused.status_code == 403

    assert ok(suite.delete(f"/v1/video-series/{flat['id']}", token=token)) == SUCCESS
    assert ok(suite.delete(f"/v1/workspaces/{workspace}/video-series/{nested['id']}", token=token)) == SUCCESS
    assert ok(suite.delete(f"/v1/projects/{legacy['id']}", token=token)) == SUCCESS
    assert ok(suite.delete(f"/v1/workspaces/{workspace}/projects/{also_legacy['id']}", token=token)) == SUCCESS
    assert ok(suite.get("/v1/video-series", token=token))["data"] == []


def test_productions_every_route_with_includes_scopes_and_the_public_read(suite):
    token, workspace, user_id = producer(suite, "productions@example.com")
    series = ok(suite.post(f"/v1/workspaces/{workspace}/video-series", token=token,
                           json={"data": {"title": "Series"}}), 201)["data"]
    base = f"/v1/workspaces/{workspace}"
    flat = ok(suite.post("/v1/productions", token=token, json={"data": {
        "workspace_id": workspace, "title": "Flat", "goal_date": "2026-12-01 10:00:00",
        "allow_public_upload": True}}), 201)["data"]
    assert flat["type"] == "production" and flat["id"].startswith("prd_")
    assert flat["status_state"] == "Planning" and flat["goal_date"] == "2026-12-01 10:00:00"
    nested = ok(suite.post(f"{base}/productions", token=token, json={"data": {"title": "Nested"}}), 201)["data"]
    in_series = ok(suite.post(f"{base}/video-series/{series['id']}/productions", token=token,
                              json={"data": {"title": "In series"}}), 201)["data"]

    listed = ok(suite.get(f"{base}/productions?include=project,created_by&sort=title", token=token))
    assert [p["title"] for p in listed["data"]] == ["Flat", "In series", "Nested"]
    assert listed["data"][1]["project"]["id"] == series["id"]
    assert listed["data"][0]["created_by"] == {"type": "users", "id": user_id}
    assert ok(suite.get("/v1/productions?scope=projectNull:true", token=token))["meta"]["pagination"]["total"] == 2
    assert [p["id"] for p in ok(suite.get(f"/v1/productions?scope=project:{series['id']}", token=token))[
        "data"]] == [in_series["id"]]
    assert [p["id"] for p in ok(suite.get(f"{base}/video-series/{series['id']}/productions", token=token))[
        "data"]] == [in_series["id"]]
    assert suite.get(f"{base}/productions?scope=colour:red", token=token).status_code == 422
    assert suite.get(f"{base}/productions?include=owner", token=token).status_code == 422

    assert ok(suite.get(f"/v1/productions/{flat['id']}", token=token))["data"]["title"] == "Flat"
    assert ok(suite.get(f"{base}/productions/{nested['id']}", token=token))["data"]["title"] == "Nested"
    assert ok(suite.get(f"{base}/video-series/{series['id']}/productions/{in_series['id']}",
                        token=token))["data"]["title"] == "In series"
    # The series in the URL is a scope: a production outside it is not found there.
    assert suite.get(f"{base}/video-series/{series['id']}/productions/{flat['id']}", token=token).status_code == 404

    assert ok(suite.get(f"/v1/public/productions/{flat['id']}"))["data"]["title"] == "Flat"  # no token
    assert suite.get(f"/v1/public/productions/{nested['id']}").status_code == 404

    assert ok(suite.put(f"/v1/productions/{flat['id']}", token=token, json={"data": {"is_queued": True}}))[
        "data"]["status_queued"] is True
    moved = ok(suite.put(f"{base}/productions/{nested['id']}", token=token,
                         json={"data": {"project_id": series["id"]}}))["data"]
    assert ok(suite.get(f"/v1/productions/{moved['id']}?include=project", token=token))["data"]["project"][
        "id"] == series["id"]
    assert ok(suite.put(f"{base}/video-series/{series['id']}/productions/{in_series['id']}", token=token,
                        json={"data": {"title": "Renamed"}}))["data"]["title"] == "Renamed"
    forbidden = suite.put(f"/v1/productions/{flat['id']}", token=token, json={"data": {"status": "submitted"}})
    assert forbidden.status_code == 403 and "status" in forbidden.json()["error"]["details"]

    assert ok(suite.delete(f"/v1/productions/{flat['id']}", token=token)) == SUCCESS
    assert ok(suite.delete(f"{base}/productions/{nested['id']}", token=token)) == SUCCESS
    assert ok(suite.delete(f"{base}/video-series/{series['id']}/productions/{in_series['id']}",
                           token=token)) == SUCCESS
    assert ok(suite.get(f"{base}/productions", token=token))["data"] == []


def test_walkthrough_template_brief_shots_asset_revision(suite):
    token, workspace, _user = producer(suite, "walk@example.com")
    base = f"/v1/workspaces/{workspace}"
    template = ok(suite.post(f"{base}/templates", token=token,
                             json={"data": {"name": "Team intro", "template": BLUEPRINT}}), 201)["data"]
    series = ok(suite.post(f"{base}/video-series", token=token, json={"data": {"title": "Team"}}), 201)["data"]
    production = ok(suite.post(f"{base}/video-series/{series['id']}/productions", token=token,
                               json={"data": {"template_id": template["id"]}}), 201)["data"]
    assert production["title"] == "Meet the team" and production["allow_public_shotlist"] is True
    here = f"{base}/productions/{production['id']}"

    # Briefs: the template's, then one of our own (the latest is "the" brief).
    briefs = ok(suite.get(f"{here}/briefs", token=token))["data"]
    assert briefs[0]["purpose"] == "know us" and briefs[0]["meta"]["tone"] == {"happy": True}
    brief = ok(suite.post(f"{here}/briefs", token=token, json={"data": {
        "purpose": "meet us", "meta": {"length": 3, "videoType": "Other"}}}), 201)["data"]
    assert brief["type"] == "brief" and brief["id"].startswith("brf_") and brief["meta"]["length"] == "3.0"
    assert ok(suite.get(f"{here}/briefs/{brief['id']}?include=production", token=token))["data"]["production"][
        "id"] == production["id"]
    assert ok(suite.put(f"{here}/briefs/{brief['id']}", token=token, json={"data": {"end_screen": "logo"}}))[
        "data"]["end_screen"] == "logo"
    assert ok(suite.get(f"{here}?include=brief", token=token))["data"]["brief"]["id"] == brief["id"]
    assert ok(suite.delete(f"{here}/briefs/{briefs[0]['id']}", token=token)) == SUCCESS

    # Shots: the template's two, one more at the top, then reordered.
    shots = ok(suite.get(f"{here}/descriptions", token=token))["data"]
    assert [(s["type"], s["shot_type"], s["position"]) for s in shots] == [
        ("description", "interview", 0), ("description", "broll", 1)]
    assert shots[0]["fields"]["meta"] == {"name": "Ada", "title": "CEO"}
    top = ok(suite.post(f"{here}/descriptions", token=token, json={"data": {
        "type": "title", "fields": {"field1": "Logo", "meta": []}, "position": 0}}), 201)["data"]
    assert top["id"].startswith("dsc_") and top["position"] == 0 and top["fields"]["meta"] == {}
    ok(suite.put(f"{here}/descriptions/{top['id']}", token=token, json={"data": {"position": 2}}))
    assert [s["shot_type"] for s in ok(suite.get(f"{here}/descriptions", token=token))["data"]] == [
        "interview", "broll", "title"]
    assert ok(suite.get(f"{here}/descriptions/{top['id']}?include=production", token=token))["data"][
        "production"]["id"] == production["id"]
    public = ok(suite.get(f"/v1/public/workspaces/{workspace}/productions/{production['id']}/descriptions"))
    assert public["meta"]["pagination"]["total"] == 3

    # The same shots through the Zou dialect: the production is a project, a shot a Shot entity.
    project_uuid = ids.from_prefixed("prd", production["id"])
    zou = suite.get(f"/api/data/projects/{project_uuid}/shots", token=token)
    assert zou.status_code == 200, zou.text
    assert sorted(ids.to_prefixed("dsc", s["id"]) for s in zou.json()) == sorted(s["id"] for s in shots + [top])

    # An uploaded asset attached to a shot, then detached.
    upload = ok(suite.post(f"{base}/uploads", token=token, json={"data": {
        "file_name": "notes.txt", "size": 5, "mimetype": "text/plain"}}), 201)["data"]
    assert requests.put(upload["url"], data=b"hello", headers=upload["headers"], timeout=10).status_code == 200
    asset = ok(suite.post(f"{base}/assets", token=token, json={"data": {
        "bucket": upload["bucket"], "object_key": upload["object_key"], "file_name": "notes.txt",
        "file_type": "txt", "size": 5, "mimetype": "text/plain"}}), 201)["data"]
    attach = f"{base}/assets/{asset['id']}/descriptions/{top['id']}"
    assert ok(suite.put(f"{attach}/attach", token=token)) == SUCCESS
    attached = ok(suite.get(f"{here}/descriptions?scope=asset:{asset['id']}&include=assets", token=token))["data"]
    assert [s["id"] for s in attached] == [top["id"]]
    assert attached[0]["assets"] == [{"type": "asset", "id": asset["id"]}]
    assert [p["id"] for p in ok(suite.get(f"/v1/productions?scope=asset:{asset['id']}", token=token))["data"]] == [
        production["id"]]
    assert ok(suite.delete(f"{attach}/detach", token=token)) == SUCCESS
    assert suite.delete(f"{attach}/detach", token=token).status_code == 409
    assert ok(suite.delete(f"{here}/descriptions/{top['id']}", token=token)) == SUCCESS

    # A revision, opened and closed.
    revision = ok(suite.post(f"{here}/revisions", token=token, json={"data": {"instructions": "Shorter"}}),
                  201)["data"]
    assert revision["type"] == "revision" and revision["id"].startswith("rvs_") and revision["is_open"] is True
    closed = ok(suite.put(f"{here}/revisions/{revision['id']}", token=token, json={"data": {"is_open": False}}))
    assert closed["data"]["is_open"] is False and TIMESTAMP.match(closed["data"]["closed_at"])
    assert ok(suite.get(f"{here}/revisions/{revision['id']}?include=created_by,production", token=token))["data"][
        "production"]["id"] == production["id"]
    assert ok(suite.get(f"{here}/revisions", token=token))["meta"]["pagination"]["total"] == 1

    # Everything at once, with nested includes.
    full = ok(suite.get(f"{base}/productions?include=brief,descriptions.assets,project,snapshots,template",
                        token=token))["data"][0]
    assert full["brief"]["id"] == brief["id"] and len(full["descriptions"]) == 2
    assert full["template"] == {"type": "template", "id": template["id"]}
    assert full["project"]["id"] == series["id"] and full["snapshots"] == []


def test_deliverables_staff_review_producer_rating_and_the_activity_log(suite):
    token, workspace, user_id = producer(suite, "rated@example.com")
    admin = admin_token(suite)
    base = f"/v1/workspaces/{workspace}"
    production = ok(suite.post(f"{base}/productions", token=token, json={"data": {"title": "Cut"}}), 201)["data"]
    revision = ok(suite.post(f"{base}/productions/{production['id']}/revisions", token=token,
                             json={"data": {"instructions": "Louder"}}), 201)["data"]

    refused = suite.post(f"{base}/deliverables", token=token, json={"data": {"production_id": production["id"]}})
    assert refused.status_code == 403
    first = ok(suite.post(f"{base}/deliverables", token=admin, json={"data": {
        "production_id": production["id"], "revision_id": revision["id"], "notes_for_producer": "v1"}}),
        201)["data"]
    assert first["type"] == "deliverable" and first["status"] == "uploading" and first["rating"] is None
    second = ok(suite.post("/v1/deliverables", token=admin, json={"data": {
        "workspace_id": workspace, "production_id": production["id"]}}), 201)["data"]

    assert ok(suite.get(f"{base}/deliverables", token=token))["meta"]["pagination"]["total"] == 2
    assert ok(suite.get(f"/v1/deliverables?scope=production:{production['id']}", token=token))[
        "meta"]["pagination"]["total"] == 2
    got = ok(suite.get(f"/v1/deliverables/{first['id']}?include=revision,production,created_by", token=token))
    assert got["data"]["revision"]["id"] == revision["id"]
    assert ok(suite.get(f"{base}/deliverables/{second['id']}", token=token))["data"]["id"] == second["id"]

    ok(suite.put(f"/v1/deliverables/{first['id']}", token=admin, json={"data": {"status": "reviewing"}}))
    ok(suite.put(f"{base}/deliverables/{first['id']}", token=admin, json={"data": {"status": "accepted"}}))
    skipped = suite.put(f"/v1/deliverables/{second['id']}", token=admin, json={"data": {"status": "accepted"}})
    assert skipped.status_code == 422 and "status" in skipped.json()["error"]["fields"]
    rated = ok(suite.put(f"{base}/deliverables/{first['id']}", token=token, json={"data": {"rating": "happy"}}))
    assert rated["data"]["rating"] == "happy"
    assert suite.put(f"/v1/deliverables/{first['id']}", token=token,
                     json={"data": {"status": "rejected"}}).status_code == 403
    # Accepting the deliverable closed the revision it answered.
    assert ok(suite.get(f"{base}/productions/{production['id']}/revisions/{revision['id']}", token=token))[
        "data"]["is_open"] is False

    assert suite.delete(f"/v1/deliverables/{second['id']}", token=token).status_code == 403
    assert ok(suite.delete(f"/v1/deliverables/{second['id']}", token=admin)) == SUCCESS
    assert ok(suite.delete(f"{base}/deliverables/{first['id']}", token=admin)) == SUCCESS

    # The activity log: every change above, newest first, by whom.
    log = ok(suite.get(f"{base}/actions?include=user,actionable&limit=100", token=token))
    verbs = [a["verb"] for a in log["data"]]
    assert verbs[0] == "deliverable_deleted" and "production_created" in verbs and "deliverable_rated" in verbs
    created = next(a for a in log["data"] if a["verb"] == "production_created")
    assert created["type"] == "actions" and created["id"].startswith("act_")
    assert created["user"] == {"type": "users", "id": user_id}
    assert created["actionable"]["id"] == production["id"] and created["actionable_type"] == "production"
    singular = ok(suite.get(f"/v1/workspace/{workspace}/actions", token=token))
    assert singular["meta"]["pagination"]["total"] == log["meta"]["pagination"]["total"]
    mine = ok(suite.get(f"/v1/users/{user_id}/actions", token=token))["data"]
    assert mine and all(a["verb"] != "deliverable_created" for a in mine)  # those were the admin's
    assert ok(suite.get(f"/v1/actions?scope=workspace:{workspace}", token=admin))["meta"]["pagination"]["total"] \
        == log["meta"]["pagination"]["total"]


def test_bad_input_is_4xx_with_fields_and_nothing_is_written(suite):
    token, workspace, _user = producer(suite, "careful@example.com")
    base = f"/v1/workspaces/{workspace}"
    bad = suite.post(f"{base}/productions", token=token, json={"data": {
        "title": "", "allow_public_upload": "yes", "goal_date": "soon", "colour": "red"}})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"title", "allow_public_upload", "goal_date", "colour"}
    assert suite.post(f"{base}/productions", token=token, json={"data": {"title": "x", "project_id": "vds_nope"}}
                      ).status_code == 422
    assert suite.post(f"{base}/productions", token=token, json={"title": "no envelope"}).status_code == 400
    missing_ws = suite.post("/v1/productions", token=token, json={"data": {"title": "where?"}})
    assert missing_ws.status_code == 422 and "workspace_id" in missing_ws.json()["error"]["fields"]
    unknown_template = suite.post(f"{base}/productions", token=token, json={"data": {
        "template_id": ids.to_prefixed("tmp", "00000000-0000-4000-8000-000000000000")}})
    assert unknown_template.status_code == 422 and "template_id" in unknown_template.json()["error"]["fields"]
    assert ok(suite.get(f"{base}/productions", token=token))["meta"]["pagination"]["total"] == 0

    production = ok(suite.post(f"{base}/productions", token=token, json={"data": {"title": "ok"}}), 201)["data"]
    here = f"{base}/productions/{production['id']}"
    shot = suite.post(f"{here}/descriptions", token=token, json={"data": {"type": "", "fields": {"field1": 3}}})
    assert shot.status_code == 422 and set(shot.json()["error"]["fields"]) == {"type", "fields"}
    brief = suite.post(f"{here}/briefs", token=token, json={"data": {"meta": {"tone": {"grumpy": True}}}})
    assert brief.status_code == 422
    assert ok(suite.get(f"{here}/descriptions", token=token))["data"] == []
    assert ok(suite.get(f"{here}/briefs", token=token))["data"] == []
    assert suite.get("/v1/productions/prd_nope", token=token).status_code == 400
    assert suite.get(f"/v1/productions/{production['id']}").status_code == 401
    assert suite.get(f"{base}/productions?limit=501", token=token).status_code == 422


def test_no_route_returns_another_workspace_records(suite):
    token, workspace, _user = producer(suite, "mine@example.com")
    other, other_workspace, _ = producer(suite, "theirs@example.com")
    base = f"/v1/workspaces/{workspace}"
    series = ok(suite.post(f"{base}/video-series", token=token, json={"data": {"title": "S"}}), 201)["data"]
    production = ok(suite.post(f"{base}/video-series/{series['id']}/productions", token=token,
                               json={"data": {"title": "P"}}), 201)["data"]
    here = f"{base}/productions/{production['id']}"
    ok(suite.post(f"{here}/briefs", token=token, json={"data": {"purpose": "p"}}), 201)
    ok(suite.post(f"{here}/descriptions", token=token, json={"data": {"type": "b", "fields": {}}}), 201)
    ok(suite.post(f"{here}/revisions", token=token, json={"data": {}}), 201)

    for path in (f"/v1/productions/{production['id']}", f"/v1/video-series/{series['id']}", here,
                 f"{base}/productions", f"{base}/video-series", f"{here}/briefs", f"{here}/descriptions",
                 f"{here}/revisions", f"{base}/deliverables", f"{base}/actions",
                 f"/v1/workspaces/{other_workspace}/productions/{production['id']}"):
        assert suite.get(path, token=other).status_code == 404, path
    for path in ("/v1/productions", "/v1/video-series", "/v1/deliverables", "/v1/actions",
                 f"/v1/productions?scope=workspace:{workspace}"):
        assert all(item.get("title") != "P" for item in ok(suite.get(path, token=other))["data"]), path
    assert ok(suite.get(f"/v1/productions?scope=workspace:{workspace}", token=other))["data"] == []
    assert suite.put(f"/v1/productions/{production['id']}", token=other,
                     json={"data": {"title": "mine now"}}).status_code == 404
    assert suite.delete(f"/v1/video-series/{series['id']}", token=other).status_code == 404
    clone = suite.post(f"/v1/workspaces/{other_workspace}/productions", token=other,
                       json={"data": {"production_id": production["id"]}})
    assert clone.status_code == 404


def test_answers_match_the_openapi_document(suite):
    token, workspace, _user = producer(suite, "documented-productions@example.com")
    document = suite.get("/v1/openapi.json").json()
    base = f"/v1/workspaces/{workspace}"
    created = suite.post(f"{base}/productions", token=token, json={"data": {"title": "Doc"}})
    assert_documented(document, "post", "/v1/workspaces/{workspace_id}/productions", created)
    production = created.json()["data"]
    listed = suite.get(f"{base}/productions?include=brief,descriptions,snapshots", token=token)
    assert_documented(document, "get", "/v1/workspaces/{workspace_id}/productions", listed)
    shot = suite.post(f"{base}/productions/{production['id']}/descriptions", token=token,
                      json={"data": {"type": "broll", "fields": {"field1": "x"}}})
    assert_documented(document, "post", "/v1/workspaces/{workspace_id}/productions/{production_id}/descriptions",
                      shot)
    bad = suite.post(f"{base}/productions", token=token, json={"data": {"title": ""}})
    assert_documented(document, "post", "/v1/workspaces/{workspace_id}/productions", bad)
    actions = suite.get(f"{base}/actions", token=token)
    assert_documented(document, "get", "/v1/workspaces/{workspace_id}/actions", actions)
