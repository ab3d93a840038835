"""A retried create with the same Idempotency-Key answers the first result and
creates nothing more, in both dialects."""

import gazu

from .conftest import eventually


def test_a_retried_workspace_create_makes_one_workspace(suite):
    _registered, tokens = suite.register_and_login("retry@example.com")
    token = tokens["access_token"]
    body = {"data": {"name": "Retry Films", "is_business": True, "company": "Retry Films"}}
    first = suite.post("/v1/workspaces", json=body, token=token, headers={"Idempotency-Key": "create-retry-films"})
    again = suite.post("/v1/workspaces", json=body, token=token, headers={"Idempotency-Key": "create-retry-films"})
    assert first.status_code == again.status_code == 201, first.text
    assert again.json()["data"]["id"] == first.json()["data"]["id"]
    names = [w["workspace_name"] for w in suite.get("/v1/workspaces", token=token).json()["data"]]
    assert names.count("Retry Films") == 1

    other_body = {"data": dict(body["data"], name="Other Films")}
    reused = suite.post("/v1/workspaces", json=other_body, token=token,
                        headers={"Idempotency-Key": "create-retry-films"})
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"


def test_a_retried_zou_create_makes_one_project(suite, studio_admin):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(studio_admin["email"], studio_admin["password"], client=client)
    token = client.tokens["access_token"]

    def create():
        return suite.post("/api/data/projects", json={"name": "Dune"}, token=token,
                          headers={"Idempotency-Key": "dune-1"})

    first = eventually(lambda: (lambda r: r if r.status_code == 201 else None)(create()), timeout=15)
    again = create()
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert [p["name"] for p in gazu.project.all_projects(client=client)] == ["Dune"]
