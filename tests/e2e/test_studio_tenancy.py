"""A fresh installation's tenant: create-admin gives the admin a "Studio"
workspace, and the persons that admin creates through /api join it."""

from .conftest import eventually


def login(suite, email, password):
    response = suite.post("/v1/auth/login", json={"data": {"email": email, "password": password}})
    assert response.status_code == 200, response.text
    return response.json()["data"]["access_token"]


def workspaces_of(suite, token):
    response = suite.get("/v1/workspaces", token=token)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_create_admin_gets_a_studio_and_the_persons_they_create_join_it(suite, studio_admin):
    admin_token = login(suite, studio_admin["email"], studio_admin["password"])
    [studio] = eventually(lambda: workspaces_of(suite, admin_token), timeout=15)
    assert studio["workspace_name"] == "Studio"

    person = suite.post("/api/data/persons", token=admin_token, json={
        "first_name": "John", "last_name": "Doe", "email": "john@any-domain.test", "password": "john-password-1",
    })
    assert person.status_code == 201, person.text
    john_token = login(suite, "john@any-domain.test", "john-password-1")
    [joined] = eventually(lambda: workspaces_of(suite, john_token))
    assert joined["id"] == studio["id"]
    members = suite.get(f"/v1/workspaces/{studio['id']}/members", token=admin_token).json()["data"]
    assert sorted(m["role"] for m in members) == ["co_producer", "owner"]
