"""The documentation through the running suite: the OpenAPI documents, the
docs page with its files served by the gateway, and real answers that match
what the documents say."""

import re

from openapi_schema_validator import OAS31Validator, validate

from .conftest import eventually


def documented_schema(document, method, path, status):
    """The schema the document gives for one answer, with its components to resolve $refs."""
    response = document["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return {**response["content"]["application/json"]["schema"], "components": document["components"]}


def assert_documented(document, method, path, response):
    """The answer's body validates against the document's schema for its status."""
    validate(response.json(), documented_schema(document, method, path, response.status_code), cls=OAS31Validator)


def test_openapi_documents_docs_page_and_its_files_are_served(suite):
    for prefix in ("/v1", "/api"):
        answer = suite.get(f"{prefix}/openapi.json")
        assert answer.status_code == 200, answer.text
        assert answer.json()["openapi"] == "3.1.0"
        assert any(path.startswith(prefix) for path in answer.json()["paths"])

    page = suite.get("/docs")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "/v1/openapi.json" in page.text and "/api/openapi.json" in page.text
    # No CDN: every file the page loads comes from the gateway itself.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)
    assets = re.findall(r'(?:src|href)="(/docs/static/[^"]+)"', page.text)
    assert len(assets) >= 3
    for asset in assets:
        answer = suite.get(asset)
        assert answer.status_code == 200, asset
        assert answer.content, asset
    assert "javascript" in suite.get("/docs/static/swagger-ui-bundle.js").headers["Content-Type"]
    assert suite.get("/docs/static/swagger-ui.css").headers["Content-Type"].startswith("text/css")
    assert suite.get("/docs/static/nothing-here.js").status_code == 404
    assert suite.get("/docs/routes").status_code == 200


def test_v1_answers_match_the_openapi_document(suite):
    document = suite.get("/v1/openapi.json").json()

    def check(method, path, response, status):
        assert response.status_code == status, response.text
        assert_documented(document, method, path, response)

    email = "documented@example.com"
    data = {"first_name": "Doc", "last_name": "Umented", "email": email, "password": "correct horse battery",
            "is_business": True, "company": "Documented Films"}
    check("post", "/v1/register", suite.post("/v1/register", json={"data": data}), 201)
    check("post", "/v1/register", suite.post("/v1/register", json={"data": {**data, "email": "nope"}}), 422)
    activation = {"data": {"token": suite.mail_token(email, "activation")}}
    check("post", "/v1/activate", suite.post("/v1/activate", json=activation), 200)
    login = suite.post("/v1/auth/login", json={"data": {"email": email, "password": data["password"]}})
    check("post", "/v1/auth/login", login, 200)
    token = login.json()["data"]["access_token"]

    check("get", "/v1/me", suite.get("/v1/me"), 401)
    check("get", "/v1/me", suite.get("/v1/me", token=token), 200)
    listed = eventually(lambda: (r := suite.get("/v1/workspaces", token=token)).json()["data"] and r)
    check("get", "/v1/workspaces", listed, 200)
    workspace_id = listed.json()["data"][0]["id"]
    one = "/v1/workspaces/{workspace_id}"
    check("get", one, suite.get(f"/v1/workspaces/{workspace_id}", token=token), 200)
    check("get", one, suite.get("/v1/workspaces/wrk_malformed", token=token), 400)
    check("put", one, suite.put(f"/v1/workspaces/{workspace_id}", token=token,
                                json={"data": {"name": "Documented Renamed"}}), 200)
    check("get", "/v1/workspaces/{workspace_id}/users",
          suite.get(f"/v1/workspaces/{workspace_id}/users", token=token), 200)

    invite = suite.post(f"/v1/workspaces/{workspace_id}/invites", token=token,
                        json={"data": {"email": "guest@example.com"}})
    check("post", "/v1/workspaces/{workspace_id}/invites", invite, 201)
    invite_token = invite.json()["data"]["token"]
    check("get", "/v1/invites/{token}", suite.get(f"/v1/invites/{invite_token}"), 200)
    check("post", "/v1/auth/logout", suite.post("/v1/auth/logout", token=token), 200)


def test_api_answers_match_the_openapi_document(suite):
    document = suite.get("/api/openapi.json").json()
    suite.register_and_login("zou-documented@example.com")
    login = suite.post("/api/auth/login", json={"email": "zou-documented@example.com",
                                                "password": "correct horse battery"})
    assert login.status_code == 200, login.text
    assert_documented(document, "post", "/api/auth/login", login)
    authenticated = suite.get("/api/auth/authenticated", token=login.json()["access_token"])
    assert authenticated.status_code == 200, authenticated.text
    assert_documented(document, "get", "/api/auth/authenticated", authenticated)
    assert_documented(document, "get", "/api/auth/authenticated", suite.get("/api/auth/authenticated"))
