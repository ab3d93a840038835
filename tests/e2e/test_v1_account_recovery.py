"""/v1 account routes of the digest: forgot/reset password, confirm a new
e-mail address, and users created by an administrator."""

from .conftest import eventually


def login(suite, email, password):
    return suite.post("/v1/auth/login", json={"data": {"email": email, "password": password}})


def test_forgot_then_reset_password_logs_out_and_changes_the_password(suite):
    _registered, tokens = suite.register_and_login("forgetful@example.com", password="old password 1")
    assert suite.post("/v1/users/forgot-password", json={"data": {"email": "forgetful@example.com"}}).json() \
        == suite.post("/v1/users/forgot-password", json={"data": {"email": "nobody@example.com"}}).json()
    token = suite.mail_token("forgetful@example.com", "password_reset")
    reset = suite.post("/v1/users/reset-password", json={"data": {"token": token, "password": "new password 2"}})
    assert reset.status_code == 200 and "success" in reset.json()
    assert eventually(lambda: suite.get("/v1/me", token=tokens["access_token"]).status_code == 401)
    assert login(suite, "forgetful@example.com", "old password 1").status_code == 401
    assert login(suite, "forgetful@example.com", "new password 2").status_code == 200
    again = suite.post("/v1/users/reset-password", json={"data": {"token": token, "password": "third pass 3"}})
    assert again.status_code == 422 and again.json()["error"]["fields"] == {"token": ["Already used."]}


def test_reset_password_validates_its_input(suite):
    short = suite.post("/v1/users/reset-password", json={"data": {"token": "x", "password": "short"}})
    assert short.status_code == 422 and "password" in short.json()["error"]["fields"]
    unknown = suite.post("/v1/users/reset-password", json={"data": {"token": "made-up", "password": "long enough"}})
    assert unknown.status_code == 404
    bad_email = suite.post("/v1/users/forgot-password", json={"data": {"email": "not an email"}})
    assert bad_email.status_code == 422


def test_a_new_email_counts_once_confirmed(suite):
    _registered, tokens = suite.register_and_login("before@example.com")
    user_id = tokens["user"]["id"]
    changed = suite.put(f"/v1/users/{user_id}", token=tokens["access_token"],
                        json={"data": {"email": "after@example.com"}})
    assert changed.status_code == 200 and changed.json()["data"]["email"] == "before@example.com"
    token = suite.mail_token("after@example.com", "email_change")
    confirmed = suite.post("/v1/users/confirm-email", json={"data": {"token": token}})
    assert confirmed.status_code == 200 and confirmed.json()["data"]["email"] == "after@example.com"
    assert login(suite, "after@example.com", "correct horse battery").status_code == 200


def test_only_administrators_create_users_and_they_start_confirmed(suite, studio_admin):
    _registered, tokens = suite.register_and_login("plain@example.com")
    payload = {"data": {"email": "made@example.com", "password": "made password 1", "first_name": "Made",
                        "last_name": "ByAdmin"}}
    assert suite.post("/v1/users", json=payload, token=tokens["access_token"]).status_code == 403
    admin_token = login(suite, studio_admin["email"], studio_admin["password"]).json()["data"]["access_token"]
    created = suite.post("/v1/users", json=payload, token=admin_token)
    assert created.status_code == 201, created.text
    assert created.json()["data"]["is_confirmed"] is True and created.json()["data"]["id"].startswith("usr_")
    assert login(suite, "made@example.com", "made password 1").status_code == 200
    assert suite.post("/v1/users", json=payload, token=admin_token).status_code == 409


def test_one_user_of_a_workspace_in_either_spelling(suite):
    registered, tokens = suite.register_and_login("member@example.com")
    workspace_id, user_id = registered["meta"]["workspace_id"], tokens["user"]["id"]
    _other, outsider = suite.register_and_login("outsider@example.com")
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace_id}", token=tokens["access_token"]).ok)
    for prefix in ("workspaces", "workspace"):
        found = suite.get(f"/v1/{prefix}/{workspace_id}/users/{user_id}", token=tokens["access_token"])
        assert found.status_code == 200 and found.json()["data"]["email"] == "member@example.com"
    not_member = suite.get(f"/v1/workspaces/{workspace_id}/users/{outsider['user']['id']}",
                           token=tokens["access_token"])
    assert not_member.status_code == 404
    refused = suite.get(f"/v1/workspaces/{workspace_id}/users/{user_id}", token=outsider["access_token"])
    assert refused.status_code == 404  # a workspace id never reveals a tenant


def test_an_administrator_registers_a_producer_who_sets_a_password_when_activating(suite, studio_admin):
    admin_token = login(suite, studio_admin["email"], studio_admin["password"]).json()["data"]["access_token"]
    registered = suite.post("/v1/register", token=admin_token, json={"data": {
        "name": "Orbit Films", "email": "producer@orbit.example", "first_name": "Pia", "last_name": "Producer"}})
    assert registered.status_code == 201, registered.text
    user = registered.json()["data"]
    assert (user["is_invite"], user["is_confirmed"]) == (True, False)

    token = suite.mail_token("producer@orbit.example", "activation")
    no_password = suite.post("/v1/activate", json={"data": {"token": token}})
    assert no_password.status_code == 422 and "password" in no_password.json()["error"]["fields"]
    assert suite.post("/v1/activate", json={"data": {"token": token, "password": "orbit password"}}).ok
    access = login(suite, "producer@orbit.example", "orbit password").json()["data"]["access_token"]
    [workspace] = eventually(lambda: suite.get("/v1/workspaces", token=access).json()["data"])
    assert workspace["workspace_name"] == "Orbit Films" and workspace["role"] == "owner"


def test_without_an_administrator_token_register_needs_a_password(suite):
    refused = suite.post("/v1/register", json={"data": {
        "name": "Orbit Films", "email": "someone@orbit.example", "first_name": "Pia", "last_name": "P"}})
    assert refused.status_code == 422
    assert set(refused.json()["error"]["fields"]) >= {"password", "is_business", "name"}
