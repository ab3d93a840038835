"""The README walkthrough, step by step, against every service."""

from .conftest import eventually


def test_register_activate_login_workspace_logout(suite):
    email = "producer@example.com"
    registered = suite.post("/v1/register", json={"data": {
        "first_name": "Test", "last_name": "McTestface", "email": email,
        "password": "can-test-123", "is_business": True, "company": "McTestface Studios",
    }})
    assert registered.status_code == 201, registered.text
    user = registered.json()["data"]
    assert user["type"] == "users" and user["id"].startswith("usr_") and user["is_confirmed"] is False
    workspace_id = registered.json()["meta"]["workspace_id"]

    # Not activated yet: logging in is refused with a reason.
    refused = suite.post("/v1/auth/login", json={"data": {"email": email, "password": "can-test-123"}})
    assert refused.status_code == 403

    token = suite.mail_token(email, "activation")
    assert suite.post("/v1/activate", json={"data": {"token": token}}).json() == {
        "success": {"http_code": 200, "message": "Success"}}

    login = suite.post("/v1/auth/login", json={"data": {"email": email, "password": "can-test-123"}})
    assert login.status_code == 200, login.text
    access = login.json()["data"]["access_token"]

    mine = eventually(lambda: suite.get("/v1/workspaces", token=access).json()["data"])
    assert [w["id"] for w in mine] == [workspace_id]
    workspace = suite.get(f"/v1/workspaces/{workspace_id}", token=access).json()["data"]
    assert workspace["workspace_name"] == "McTestface Studios"
    assert workspace["workspace_path"] == "mctestface-studios"

    updated = suite.put(f"/v1/workspaces/{workspace_id}", token=access,
                        json={"data": {"name": "McTestface Renamed", "phone": "+1 555 0100"}})
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"]["workspace_path"] == "mctestface-renamed"

    assert suite.post("/v1/auth/logout", token=access).status_code == 200
    after = suite.get(f"/v1/workspaces/{workspace_id}", token=access)
    assert after.status_code == 401
    assert after.json()["error"]["details"]["reason"] == "token_revoked"


def test_refresh_token_gives_a_new_access_token_once(suite):
    _, tokens = suite.register_and_login("refresh@example.com")
    first = suite.post("/v1/auth/refresh", json={"data": {"refresh_token": tokens["refresh_token"]}})
    assert first.status_code == 200, first.text
    assert suite.get("/v1/me", token=first.json()["data"]["access_token"]).status_code == 200
    # Refresh tokens rotate: the old one is spent, and presenting it again
    # (a stolen copy) ends the whole session, the newest tokens included.
    again = suite.post("/v1/auth/refresh", json={"data": {"refresh_token": tokens["refresh_token"]}})
    assert again.status_code == 401
    assert again.json()["error"]["details"]["reason"] == "token_reused"
    newest = first.json()["data"]
    assert eventually(lambda: suite.get("/v1/me", token=newest["access_token"]).status_code == 401, timeout=5)
    assert suite.post("/v1/auth/refresh", json={"data": {"refresh_token": newest["refresh_token"]}}).status_code == 401


def test_cancelled_account_token_is_refused_at_once(suite):
    _, tokens = suite.register_and_login("cancel@example.com")
    assert suite.post("/v1/account/cancel", token=tokens["access_token"]).status_code == 200
    assert eventually(lambda: suite.get("/v1/me", token=tokens["access_token"]).status_code == 401, timeout=5)
    login = suite.post("/v1/auth/login", json={"data": {"email": "cancel@example.com",
                                                        "password": "correct horse battery"}})
    assert login.status_code == 401


def test_other_users_cannot_see_my_workspace(suite):
    mine, _ = suite.register_and_login("owner@example.com")
    _, other = suite.register_and_login("stranger@example.com")
    workspace_id = mine["meta"]["workspace_id"]
    assert suite.get(f"/v1/workspaces/{workspace_id}", token=other["access_token"]).status_code == 404


def test_invite_accepted_makes_a_member(suite):
    owner, owner_tokens = suite.register_and_login("boss@example.com")
    workspace_id = owner["meta"]["workspace_id"]
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace_id}", token=owner_tokens["access_token"]).ok)
    invite = suite.post(f"/v1/workspaces/{workspace_id}/invites", token=owner_tokens["access_token"],
                        json={"data": {"email": "crew@example.com"}})
    assert invite.status_code == 201, invite.text
    token = suite.mail_token("crew@example.com", "invite")
    looked_up = suite.get(f"/v1/invites/{token}")
    assert looked_up.status_code == 200 and looked_up.json()["data"]["is_invite"] is True

    _, crew = suite.register_and_login("crew@example.com")
    accepted = suite.post(f"/v1/invites/{token}/accept", token=crew["access_token"])
    assert accepted.status_code == 200, accepted.text

    def both_members():
        listed = suite.get(f"/v1/workspaces/{workspace_id}/users", token=owner_tokens["access_token"])
        members = listed.json().get("data", [])
        return members if len(members) == 2 else None

    members = eventually(both_members)
    assert {m["email"] for m in members} == {"boss@example.com", "crew@example.com"}
