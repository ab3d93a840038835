"""/v1 routes scoped to a production or a video series, through HTTP on the
whole running suite: a production's assets (#64, #67, #70, #71, #74, #77),
PUT on assets (#72, #73), the public upload, the users who may see a
production or a series (#13, #14, #17, #18), and assets' permissions per
workspace role. No route ever shows another workspace's records."""

import requests

from .conftest import eventually
from .test_assets import asset_data, send_upload
from .test_docs import assert_documented
from .test_v1_productions import SUCCESS, ok, producer
from .test_v1_roles import WORKSPACE_ROLES, team

TEXT = ("notes.txt", "text/plain")  # a plain file: no thumbnail job for these made-up bytes


def member_of(suite, email):
    token, workspace, user = producer(suite, email)
    # Both services learn the workspace by event: wait for the asset service too.
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace}/assets", token=token).status_code == 200)
    return {"token": token, "workspace": workspace, "user": user}


def new_production(suite, member, **fields):
    return ok(suite.post(f"/v1/workspaces/{member['workspace']}/productions", token=member["token"],
                         json={"data": {"title": "Launch", **fields}}), 201)["data"]


def error_code(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]["code"]


def test_a_productions_assets_every_route(suite):
    member = member_of(suite, "scoped@example.com")
    token, workspace = member["token"], member["workspace"]
    production = new_production(suite, member)
    here = f"/v1/workspaces/{workspace}/productions/{production['id']}"
    document = suite.get("/v1/openapi.json").json()

    # POST: the URL gives the workspace and the production; the body may leave both out.
    body = b"production bytes"
    upload = send_upload(suite, member, body, *TEXT)
    created = suite.post(f"{here}/assets?include=uploadable", token=token,
                         json={"data": asset_data(upload, body, *TEXT)})
    assert created.status_code == 201, created.text
    assert_documented(document, "post", "/v1/workspaces/{workspace_id}/productions/{production_id}/assets", created)
    asset = created.json()["data"]
    assert asset["uploadable"] == {"type": "production", "id": production["id"]}

    # An asset of the workspace only: not in the production's list, 404 in its context.
    other_body = b"workspace bytes"
    other_upload = send_upload(suite, member, other_body, *TEXT)
    loose = ok(suite.post(f"/v1/workspaces/{workspace}/assets", token=token,
                          json={"data": asset_data(other_upload, other_body, *TEXT)}), 201)["data"]

    listed = suite.get(f"{here}/assets", token=token)
    assert_documented(document, "get", "/v1/workspaces/{workspace_id}/productions/{production_id}/assets", listed)
    assert [a["id"] for a in listed.json()["data"]] == [asset["id"]]
    assert listed.json()["meta"]["pagination"]["total"] == 1
    assert ok(suite.get(f"{here}/assets/{asset['id']}", token=token))["data"]["id"] == asset["id"]
    assert error_code(suite.get(f"{here}/assets/{loose['id']}", token=token), 404) == "not_found"

    # The production's assets include, fed by the asset service's event; a shot's too.
    def included():
        data = ok(suite.get(f"{here}?include=assets", token=token))["data"]
        return [a["id"] for a in data["assets"]]

    eventually(lambda: included() == [asset["id"]])
    shot = ok(suite.post(f"{here}/descriptions", token=token,
                         json={"data": {"type": "broll", "fields": {"field1": "Logo"}}}), 201)["data"]
    shot_body = b"shot bytes"
    shot_upload = send_upload(suite, member, shot_body, *TEXT)
    shot_asset = ok(suite.post(f"/v1/workspaces/{workspace}/assets", token=token, json={"data": {
        **asset_data(shot_upload, shot_body, *TEXT), "description_id": shot["id"]}}), 201)["data"]

    def shot_assets():
        data = ok(suite.get(f"{here}?include=descriptions.assets", token=token))["data"]
        return [a["id"] for d in data["descriptions"] for a in d["assets"]]

    eventually(lambda: shot_assets() == [shot_asset["id"]])

    # PUT in every context: metadata corrected, the object untouched.
    for path, name in ((f"{here}/assets/{asset['id']}", "one.txt"),
                       (f"/v1/workspaces/{workspace}/assets/{asset['id']}", "two.txt"),
                       (f"/v1/assets/{asset['id']}", "three.txt")):
        changed = suite.put(path, token=token, json={"data": {"file_name": name, "is_completed_production": True}})
        assert changed.status_code == 200, changed.text
        assert changed.json()["data"]["file_name"] == name and changed.json()["data"]["is_completed_production"]
    assert_documented(document, "put", "/v1/assets/{asset_id}", changed)
    assert ok(suite.get(f"{here}/assets?scope=completed:true", token=token))["data"][0]["file_name"] == "three.txt"

    # DELETE in the production's context.
    deleted = suite.delete(f"{here}/assets/{asset['id']}", token=token)
    assert deleted.status_code == 200 and deleted.json() == SUCCESS
    assert error_code(suite.get(f"/v1/assets/{asset['id']}", token=token), 404) == "not_found"
    eventually(lambda: included() == [])


def test_production_asset_routes_refuse_bad_input(suite):
    member = member_of(suite, "bad-input@example.com")
    token, workspace = member["token"], member["workspace"]
    production = new_production(suite, member)
    other = new_production(suite, member, title="Other")
    here = f"/v1/workspaces/{workspace}/productions/{production['id']}"
    body = b"some bytes"
    upload = send_upload(suite, member, body, *TEXT)
    data = asset_data(upload, body, *TEXT)

    answer = suite.post(f"{here}/assets", token=token, json={"data": {**data, "production_id": other["id"]}})
    assert error_code(answer, 422) == "validation_failed" and "production_id" in answer.json()["error"]["fields"]
    answer = suite.post(f"{here}/assets", token=token, json={"data": {**data, "size": "big"}})
    assert error_code(answer, 422) == "validation_failed" and "size" in answer.json()["error"]["fields"]
    answer = suite.post(f"{here}/assets", token=token, json={"data": {**data, "production_id": "prd_nope"}})
    assert error_code(answer, 422) == "validation_failed" and "production_id" in answer.json()["error"]["fields"]
    assert error_code(suite.post(f"{here}/assets", token=token, json={"files": []}), 400) == "bad_request"
    unknown = f"/v1/workspaces/{workspace}/productions/{other['id'][:-1]}A"
    assert error_code(suite.get(f"{unknown}/assets", token=token), 404) == "not_found"
    assert error_code(suite.post(f"{unknown}/assets", token=token, json={"data": data}), 404) == "not_found"
    assert error_code(suite.get(f"/v1/workspaces/{workspace}/productions/nope/assets", token=token),
                      400) == "malformed_id"
    assert error_code(suite.get(f"{here}/assets?scope=production:{other['id']}", token=token), 422) \
        == "validation_failed"

    asset = ok(suite.post(f"{here}/assets", token=token, json={"data": data}), 201)["data"]
    for change, field in (({"size": len(body) + 1}, "size"), ({"object_key": "elsewhere/x.txt"}, "object_key"),
                          ({"mimetype": "image/png"}, "mimetype"), ({"colour": "red"}, "colour"),
                          ({"production_id": other["id"], "revision_id": None, "description_id": None}, None)):
        answer = suite.put(f"{here}/assets/{asset['id']}", token=token, json={"data": change})
        if field is None:  # moving it to another production is allowed; it leaves this one's context
            assert answer.status_code == 200, answer.text
            continue
        assert error_code(answer, 422) == "validation_failed" and field in answer.json()["error"]["fields"], field
    assert error_code(suite.get(f"{here}/assets/{asset['id']}", token=token), 404) == "not_found"
    moved_here = f"/v1/workspaces/{workspace}/productions/{other['id']}/assets/{asset['id']}"
    assert ok(suite.get(moved_here, token=token))["data"]["id"] == asset["id"]


def test_public_upload_only_for_productions_that_allow_it(suite):
    member = member_of(suite, "public@example.com")
    token, workspace = member["token"], member["workspace"]
    production = new_production(suite, member)
    public = f"/v1/public/workspaces/{workspace}/productions/{production['id']}"
    body = b"a fan's video"
    request = {"data": {"file_name": "fan.txt", "size": len(body), "mimetype": "text/plain"}}

    assert error_code(suite.post(f"{public}/uploads", json=request), 404) == "not_found"
    ok(suite.put(f"/v1/workspaces/{workspace}/productions/{production['id']}", token=token,
                 json={"data": {"allow_public_upload": True}}))
    other_workspace = member_of(suite, "elsewhere@example.com")["workspace"]
    assert error_code(suite.post(f"/v1/public/workspaces/{other_workspace}/productions/{production['id']}/uploads",
                                 json=request), 404) == "not_found"
    answer = suite.post(f"{public}/uploads", json={"data": {"file_name": "fan.mp4", "size": -1,
                                                            "mimetype": "video/mp4"}})
    assert error_code(answer, 422) == "validation_failed" and "size" in answer.json()["error"]["fields"]

    upload = ok(suite.post(f"{public}/uploads", json=request), 201)["data"]  # no token
    assert requests.put(upload["url"], data=body, headers=upload["headers"], timeout=10).status_code == 200
    created = suite.post(f"{public}/assets", json={"data": asset_data(upload, body, "fan.txt", "text/plain")})
    assert created.status_code == 201, created.text
    asset = created.json()["data"]
    # The spec's earlier spelling, …/assets/public, is the same route.
    second = ok(suite.post(f"{public}/uploads", json=request), 201)["data"]
    assert requests.put(second["url"], data=body, headers=second["headers"], timeout=10).status_code == 200
    legacy = suite.post(f"/v1/workspaces/{workspace}/productions/{production['id']}/assets/public",
                        json={"data": asset_data(second, body, "fan.txt", "text/plain")})
    assert legacy.status_code == 201, legacy.text
    listed = ok(suite.get(f"/v1/workspaces/{workspace}/productions/{production['id']}/assets", token=token))
    assert [a["id"] for a in listed["data"]] == [asset["id"], legacy.json()["data"]["id"]]

    # A member's upload is not the public's to register.
    members_upload = send_upload(suite, member, body, *TEXT)
    answer = suite.post(f"{public}/assets", json={"data": asset_data(members_upload, body, *TEXT)})
    assert error_code(answer, 422) == "validation_failed" and "object_key" in answer.json()["error"]["fields"]
    answer = suite.post(f"{public}/assets", json={"data": {"bucket": upload["bucket"]}})
    assert error_code(answer, 422) == "validation_failed"


def two_tenants(suite, name):
    """A member with a production and a video series, and an outsider with a workspace of their own."""
    member = member_of(suite, f"{name}@example.com")
    production = new_production(suite, member)
    series = ok(suite.post(f"/v1/workspaces/{member['workspace']}/video-series", token=member["token"],
                           json={"data": {"title": "Stories"}}), 201)["data"]
    return member, production, series, member_of(suite, f"{name}-outsider@example.com")


def test_users_who_may_see_a_production_or_a_series(suite):
    member, production, series, outsider = two_tenants(suite, "people")
    token, workspace, user = member["token"], member["workspace"], member["user"]
    document = suite.get("/v1/openapi.json").json()

    for prefix in ("/v1/workspaces", "/v1/workspace"):
        for parent in (f"productions/{production['id']}", f"video-series/{series['id']}"):
            path = f"{prefix}/{workspace}/{parent}/users"
            listed = suite.get(path, token=token)
            assert [u["id"] for u in ok(listed)["data"]] == [user], path
            one = ok(suite.get(f"{path}/{user}", token=token))["data"]
            assert one["type"] == "users" and one["id"] == user
            # Another tenant sees nothing, not even that the workspace exists.
            assert error_code(suite.get(path, token=outsider["token"]), 404) == "not_found"
            assert error_code(suite.get(f"{path}/{outsider['user']}", token=token), 404) == "not_found"
            assert error_code(suite.get(f"{path}?limit=501", token=token), 422) == "validation_failed"
    assert_documented(document, "get", "/v1/workspaces/{workspace_id}/productions/{production_id}/users", listed)

    # A production of another workspace, reached through this one: 404.
    theirs = new_production(suite, outsider)
    assert error_code(suite.get(f"/v1/workspaces/{workspace}/productions/{theirs['id']}/users", token=token),
                      404) == "not_found"
    assert error_code(suite.get(f"/v1/workspaces/{workspace}/video-series/vds_bad/users", token=token),
                      400) == "malformed_id"


def test_asset_permissions_by_workspace_role(suite):
    """Role x route; the custom role (templates.read only) may do nothing with assets."""
    workspace, _role_id, users, outsider_workspace = team(suite)
    owner = users["owner"][1]
    w = f"/v1/workspaces/{workspace}"
    # The asset service learns the custom role (and that it lacks assets.read) by event.
    eventually(lambda: suite.get(f"{w}/assets", token=users["viewer"][1]).status_code == 403)
    production = ok(suite.post(f"{w}/productions", token=owner, json={"data": {"title": "Team"}}), 201)["data"]
    body = b"team bytes"
    owner_member = {"workspace": workspace, "token": owner}

    def owners_asset():
        upload = send_upload(suite, owner_member, body, *TEXT)
        return ok(suite.post(f"{w}/productions/{production['id']}/assets", token=owner,
                             json={"data": asset_data(upload, body, *TEXT)}), 201)["data"]["id"]

    created, members, managers = (201, 201, 201, 403), (200, 200, 200, 403), (200, 200, 403, 403)
    table = {
        "upload": (created, lambda: ("POST", f"{w}/uploads",
                                     {"file_name": "a.txt", "size": len(body), "mimetype": "text/plain"})),
        "read": (members, lambda: ("GET", f"{w}/productions/{production['id']}/assets/{owners_asset()}", None)),
        "update": (members, lambda: ("PUT", f"{w}/assets/{owners_asset()}", {"file_name": "b.txt"})),
        "delete": (managers, lambda: ("DELETE", f"{w}/productions/{production['id']}/assets/{owners_asset()}",
                                      None)),
    }
    mismatches = []
    for action, (statuses, make) in table.items():
        for role, status in zip(WORKSPACE_ROLES, (*statuses, 404), strict=True):
            method, path, data = make()
            answer = suite.http.request(method, suite.url(path), json={"data": data} if data else None,
                                        headers={"Authorization": f"Bearer {users[role][1]}"})
            if answer.status_code != status:
                mismatches.append(f"{role:12} {action:7} {answer.status_code} != {status} {answer.text}")
            elif status == 403:
                assert answer.json()["error"]["details"]["permission"].startswith("assets.")
    assert not mismatches, "\n".join(mismatches)

    # The outsider's own listing never shows this workspace's assets.
    outsider = users["outsider"][1]
    assert ok(suite.get(f"/v1/assets?scope=production:{production['id']}", token=outsider))["data"] == []
    assert error_code(suite.get(f"{w}/productions/{production['id']}/assets", token=outsider), 404) == "not_found"
    assert outsider_workspace != workspace


def test_users_includes_and_scopes(suite):
    member, production, series, outsider = two_tenants(suite, "includes")
    token, workspace, user = member["token"], member["workspace"], member["user"]
    new_production(suite, outsider, title="Not yours")
    relations = "workspaces,owned_productions,shared_productions,owned_video_series,shared_video_series"

    for path in (f"/v1/users?scope=production:{production['id']}", f"/v1/users?scope=project:{series['id']}",
                 f"/v1/users?scope=workspace:{workspace}", f"/v1/workspaces/{workspace}/users",
                 f"/v1/workspaces/{workspace}/productions/{production['id']}/users"):
        listed = ok(suite.get(f"{path}{'&' if '?' in path else '?'}include={relations}", token=token))["data"]
        assert [u["id"] for u in listed] == [user], path
        shown = listed[0]
        assert shown["workspaces"] == [{"type": "workspace", "id": workspace}]
        assert [p["id"] for p in shown["owned_productions"]] == [production["id"]]
        assert shown["owned_productions"][0]["type"] == "production"
        assert [s["id"] for s in shown["owned_video_series"]] == [series["id"]]
        assert shown["shared_productions"] == [] and shown["shared_video_series"] == []

    # Another tenant's user is unknown to this member: no record, no workspaces, no productions.
    unseen = suite.get(f"/v1/users/{outsider['user']}?include=workspaces,owned_productions", token=token)
    assert error_code(unseen, 404) == "not_found"
    plain = ok(suite.get(f"/v1/users/{user}", token=token))["data"]
    assert "workspaces" not in plain and "owned_productions" not in plain

    # Bad input: an unknown include or scope, a malformed ID, another tenant's production, two workspaces.
    for path, status, code in (
            (f"/v1/users/{user}?include=cats", 422, "validation_failed"),
            (f"/v1/workspaces/{workspace}/users?include=workspace", 422, "validation_failed"),
            ("/v1/users?scope=team:usr_x", 422, "validation_failed"),
            ("/v1/users?scope=production:prd_bad", 422, "validation_failed"),
            (f"/v1/users?scope=production:{production['id']}", 404, "not_found"),  # as the outsider
            (f"/v1/users?scope=workspace:{workspace},project:{series['id']}", 200, None),
    ):
        caller = outsider["token"] if status == 404 else token
        answer = suite.get(path, token=caller)
        assert answer.status_code == status, (path, answer.text)
        if code:
            assert answer.json()["error"]["code"] == code
    mixed = suite.get(f"/v1/users?scope=workspace:{outsider['workspace']},production:{production['id']}",
                      token=token)
    assert error_code(mixed, 422) == "validation_failed"
