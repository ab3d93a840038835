"""Roles and permissions through HTTP: role x route, and tenants kept apart."""


from .conftest import eventually

WORKSPACE_ROLES = ("owner", "producer", "co_producer", "viewer", "outsider")


def login(suite, email):
    registered, tokens = suite.register_and_login(email)
    own_workspace = registered["meta"]["workspace_id"]
    eventually(lambda: suite.get(f"/v1/workspaces/{own_workspace}", token=tokens["access_token"]).ok)
    return registered["data"]["id"], tokens["access_token"], own_workspace


def admin_token(suite):
    """A platform administrator (made with the operator command), logged in."""
    assert suite.create_admin("admin@example.com", "admin-password-1") == 0
    login = suite.post("/v1/auth/login", json={"data": {"email": "admin@example.com", "password": "admin-password-1"}})
    assert login.status_code == 200, login.text
    return login.json()["data"]["access_token"]


def join(suite, workspace_id, owner_token, email, role):
    """Invite ``email`` with a built-in role; they register, log in and accept."""
    invite = suite.post(f"/v1/workspaces/{workspace_id}/invites", token=owner_token,
                        json={"data": {"email": email, "role": role}})
    assert invite.status_code == 201, invite.text
    user_id, token, _own = login(suite, email)
    accepted = suite.post(f"/v1/invites/{suite.mail_token(email, 'invite')}/accept", token=token)
    assert accepted.status_code == 200, accepted.text
    return user_id, token


def team(suite):
    """A workspace with one member per role, a viewer custom role, and an outsider with their own workspace."""
    owner_id, owner, workspace = login(suite, "owner@example.com")
    users = {"owner": (owner_id, owner)}
    users["producer"] = join(suite, workspace, owner, "producer@example.com", "producer")
    users["co_producer"] = join(suite, workspace, owner, "co@example.com", "co_producer")
    users["viewer"] = join(suite, workspace, owner, "viewer@example.com", "co_producer")
    users["target"] = join(suite, workspace, owner, "target@example.com", "co_producer")
    viewer_role = suite.post(f"/v1/workspaces/{workspace}/roles", token=owner, json={"data": {
        "name": "Viewer", "description": "Sees templates only", "permissions": ["templates.read"]}})
    assert viewer_role.status_code == 201, viewer_role.text
    role_id = viewer_role.json()["data"]["id"]
    assigned = suite.put(f"/v1/workspaces/{workspace}/users/{users['viewer'][0]}/role", token=owner,
                         json={"data": {"role": role_id}})
    assert assigned.status_code == 200, assigned.text
    outsider_id, outsider, outsider_workspace = login(suite, "outsider@example.com")
    users["outsider"] = (outsider_id, outsider)
    return workspace, role_id, users, outsider_workspace


def route_table(workspace, role_id, target_id):
    """(method, path, body, {role: expected status}): non-members get 404, never 403."""
    w = f"/v1/workspaces/{workspace}"
    everyone, managers, owner_only = (200,) * 4, (200, 200, 403, 403), (200, 403, 403, 403)
    created = (201, 201, 403, 403)

    def expect(statuses, outsider=404):
        return dict(zip(WORKSPACE_ROLES, (*statuses, outsider), strict=True))

    return [
        ("GET", w, None, expect(everyone)),
        ("PUT", w, {"phone": "+1 555 0100"}, expect(managers)),
        ("GET", f"{w}/members", None, expect((200, 200, 200, 403))),
        ("POST", f"{w}/invites", {"email": "new@example.com", "role": "co_producer"}, expect(created)),
        ("GET", f"{w}/roles", None, expect((200, 200, 200, 403))),
        ("GET", f"{w}/roles/{role_id}", None, expect((200, 200, 200, 403))),
        ("POST", f"{w}/roles", {"name": "Role {role}", "permissions": []}, expect((201, 403, 403, 403))),
        ("PUT", f"{w}/roles/{role_id}", {"description": "by {role}"}, expect(owner_only)),
        ("PUT", f"{w}/users/{target_id}/role", {"role": "co_producer"}, expect(managers)),
        ("GET", f"{w}/templates", None, expect(everyone)),
        ("POST", f"{w}/templates", {"name": "T {role}", "template": {}}, expect(created)),
        ("DELETE", w, None, {"producer": 403, "co_producer": 403, "viewer": 403, "outsider": 404}),
    ]


def test_role_by_route_table(suite):
    workspace, role_id, users, _outsider_workspace = team(suite)
    mismatches = []
    for method, path, body, expected in route_table(workspace, role_id, users["target"][0]):
        for role, status in expected.items():
            payload = {"data": {k: v.format(role=role) if isinstance(v, str) else v for k, v in body.items()}} \
                if body is not None else None
            response = suite.http.request(method, suite.url(path), json=payload,
                                          headers={"Authorization": f"Bearer {users[role][1]}"})
            if response.status_code != status:
                mismatches.append(f"{role:12} {method:6} {path}: {response.status_code} != {status} {response.text}")
            if status == 403:
                assert response.json()["error"]["code"] == "forbidden"
    assert not mismatches, "\n".join(mismatches)
    # Last, the one route only the owner may take.
    assert suite.delete(f"/v1/workspaces/{workspace}", token=users["owner"][1]).status_code == 200


def test_custom_role_lifecycle_and_assignment_over_http(suite):
    owner_id, owner, workspace = login(suite, "owner@example.com")
    member_id, member = join(suite, workspace, owner, "member@example.com", "co_producer")
    w = f"/v1/workspaces/{workspace}"

    roles = suite.get(f"{w}/roles", token=owner).json()
    assert [r["id"] for r in roles["data"]] == ["owner", "producer", "co_producer"]
    assert roles["meta"]["pagination"]["total"] == 3 and roles["data"][0]["type"] == "role"

    created = suite.post(f"{w}/roles", token=owner, json={"data": {
        "name": "Recruiter", "permissions": ["invites.create", "members.read"]}})
    assert created.status_code == 201, created.text
    recruiter = created.json()["data"]
    assert recruiter["id"].startswith("rol_") and recruiter["workspace_id"] == workspace
    assert recruiter["permissions"] == ["invites.create", "members.read", "workspaces.read"]

    assigned = suite.put(f"{w}/users/{member_id}/role", token=owner, json={"data": {"role": recruiter["id"]}})
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["data"] | {"created_at": None} == {
        "type": "membership", "workspace_id": workspace, "user_id": member_id, "role": recruiter["id"],
        "role_name": "Recruiter", "permissions": recruiter["permissions"], "created_at": None}
    seen_by_member = suite.get(w, token=member).json()["data"]
    assert seen_by_member["role"] == recruiter["id"] and seen_by_member["permissions"] == recruiter["permissions"]

    members = suite.get(f"{w}/members", token=member).json()["data"]
    assert {(m["user_id"], m["role"]) for m in members} == {(owner_id, "owner"), (member_id, recruiter["id"])}

    held = suite.delete(f"{w}/roles/{recruiter['id']}", token=owner)
    assert held.status_code == 409 and held.json()["error"]["details"] == {"members": 1, "invites": 0}
    suite.put(f"{w}/users/{member_id}/role", token=owner, json={"data": {"role": "co_producer"}})
    assert suite.delete(f"{w}/roles/{recruiter['id']}", token=owner).json() == {
        "success": {"http_code": 200, "message": "Success"}}
    assert suite.get(f"{w}/roles/{recruiter['id']}", token=owner).status_code == 404

    assert suite.delete(f"{w}/users/{owner_id}", token=member).status_code == 403  # nobody removes the owner
    assert suite.delete(f"{w}/users/{member_id}", token=owner).json() == {
        "success": {"http_code": 200, "message": "Success"}}
    assert [m["user_id"] for m in suite.get(f"{w}/members", token=owner).json()["data"]] == [owner_id]
    assert suite.get(w, token=member).status_code == 404


def test_bad_role_input_is_422_with_field_details_and_writes_nothing(suite):
    _owner_id, owner, workspace = login(suite, "owner@example.com")
    member_id, _member = join(suite, workspace, owner, "member@example.com", "co_producer")
    w = f"/v1/workspaces/{workspace}"
    bad = suite.post(f"{w}/roles", token=owner, json={"data": {"name": "", "permissions": ["nope.nope"]}})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"name", "permissions"}
    assert suite.get(f"{w}/roles", token=owner).json()["meta"]["pagination"]["total"] == 3
    for role, field in (("owner", "role"), ("rol_nope", "role"), ("admin", "role")):
        refused = suite.put(f"{w}/users/{member_id}/role", token=owner, json={"data": {"role": role}})
        assert refused.status_code == 422, refused.text
        assert field in refused.json()["error"]["fields"]
    assert suite.get(f"{w}/roles/not-a-role", token=owner).status_code == 400


def test_permission_catalogue_is_listed(suite):
    _owner_id, owner, _workspace = login(suite, "owner@example.com")
    listed = suite.get("/v1/permissions", token=owner).json()
    names = [p["id"] for p in listed["data"]]
    assert "workspaces.update" in names and "invites.create" in names
    assert listed["meta"]["pagination"]["total"] == len(names)


def test_no_route_returns_another_workspaces_records(suite):
    workspace, role_id, users, outsider_workspace = team(suite)
    owner, outsider = users["owner"][1], users["outsider"][1]
    made = suite.post(f"/v1/workspaces/{workspace}/templates", token=owner,
                      json={"data": {"name": "Secret", "template": {}}})
    template_id = made.json()["data"]["id"]

    def listed(path, token):
        return [item["id"] for item in suite.get(path, token=token).json()["data"]]

    assert workspace not in listed("/v1/workspaces", outsider)
    assert template_id not in listed("/v1/templates", outsider)
    assert template_id not in listed(f"/v1/workspaces/{outsider_workspace}/templates", outsider)
    for path in (f"/v1/templates/{template_id}", f"/v1/workspaces/{workspace}/templates/{template_id}",
                 f"/v1/workspaces/{outsider_workspace}/templates/{template_id}",
                 f"/v1/workspaces/{workspace}/roles/{role_id}", f"/v1/workspaces/{outsider_workspace}/roles/{role_id}",
                 f"/v1/workspaces/{workspace}/members"):
        assert suite.get(path, token=outsider).status_code == 404, path
    # Through a relation: an industry's workspaces and templates only ever list the caller's.
    admin = admin_token(suite)
    industry = suite.post("/v1/industries", token=admin, json={"data": {"name": "Film", "is_published": True}})
    industry_id = industry.json()["data"]["id"]
    assert suite.put(f"/v1/workspaces/{workspace}", token=owner,
                     json={"data": {"industry_id": industry_id}}).status_code == 200
    assert suite.put(f"/v1/workspaces/{workspace}/templates/{template_id}", token=owner,
                     json={"data": {"industry_id": industry_id}}).status_code == 200
    mine = suite.get(f"/v1/industries/{industry_id}?include=workspaces,templates", token=owner).json()["data"]
    assert [w["id"] for w in mine["workspaces"]] == [workspace] and [t["id"] for t in mine["templates"]] == [
        template_id]
    theirs = suite.get(f"/v1/industries/{industry_id}?include=workspaces,templates", token=outsider).json()["data"]
    assert theirs["workspaces"] == [] and theirs["templates"] == []


def test_invite_with_a_custom_role_joins_with_that_role(suite):
    _owner_id, owner, workspace = login(suite, "owner@example.com")
    w = f"/v1/workspaces/{workspace}"
    editor = suite.post(f"{w}/roles", token=owner, json={"data": {"name": "Editor", "permissions": ["assets.read"]}})
    role_id = editor.json()["data"]["id"]
    invite = suite.post(f"{w}/invites", token=owner, json={"data": {"email": "cutter@example.com", "role": role_id}})
    assert invite.status_code == 201, invite.text
    assert invite.json()["data"]["role"] == role_id
    _user_id, token, _own = login(suite, "cutter@example.com")
    accepted = suite.post(f"/v1/invites/{suite.mail_token('cutter@example.com', 'invite')}/accept", token=token)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["data"]["role"] == role_id
    assert accepted.json()["data"]["permissions"] == ["assets.read", "workspaces.read"]
    refused = suite.post(f"{w}/invites", token=owner, json={"data": {"email": "x@example.com", "role": "rol_bad"}})
    assert refused.status_code == 422 and "role" in refused.json()["error"]["fields"]
