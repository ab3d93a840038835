"""Industries, template types, templates and template collections through HTTP."""

import re

from .conftest import eventually
from .test_v1_roles import admin_token

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SUCCESS = {"success": {"http_code": 200, "message": "Success"}}
BLUEPRINT = {
    "production": {"title": "Meet the team", "allow_public_shotlist": True},
    "brief": {"purpose": "know us", "meta": {"length": "2.5", "tone": {"happy": True}, "music": True}},
    "descriptions": [{"type": "interview", "fields": {"field1": "Intro", "meta": {"name": "Ada", "title": "CEO"}}},
                     {"type": "broll", "fields": {"field1": "Office tour"}}],
}


def member(suite, email="producer@example.com"):
    registered, tokens = suite.register_and_login(email)
    workspace = registered["meta"]["workspace_id"]
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace}", token=tokens["access_token"]).ok)
    return tokens["access_token"], workspace


def test_industries_crud_shapes_pagination_and_admin_only_writes(suite):
    admin = admin_token(suite)
    user, _workspace = member(suite)
    for name in ("Film", "Music", "Aerospace"):
        created = suite.post("/v1/industries", token=admin, json={"data": {"name": name, "is_published": True}})
        assert created.status_code == 201, created.text
    industry = created.json()["data"]
    assert industry["type"] == "industry" and industry["id"].startswith("ind_")
    assert TIMESTAMP.match(industry["created_at"]) and industry["description"] is None

    first = suite.get("/v1/industries?limit=2", token=user).json()
    assert [i["name"] for i in first["data"]] == ["Aerospace", "Film"]  # default: by name
    pagination = first["meta"]["pagination"]
    assert (pagination["total"], pagination["count"], pagination["per_page"], pagination["total_pages"]) == (3, 2, 2, 2)
    second = suite.http.get(pagination["links"]["next"], headers={"Authorization": f"Bearer {user}"}).json()
    assert [i["name"] for i in second["data"]] == ["Music"] and "previous" in second["meta"]["pagination"]["links"]
    newest = suite.get("/v1/industries?sort=created_at&direction=desc", token=user).json()["data"]
    assert [i["name"] for i in newest] == ["Aerospace", "Music", "Film"]
    assert suite.get("/v1/industries?sort=secret", token=user).status_code == 422

    assert suite.post("/v1/industries", token=user, json={"data": {"name": "Mine"}}).status_code == 403
    updated = suite.put(f"/v1/industries/{industry['id']}", token=admin,
                        json={"data": {"description": "Rockets", "is_published": False}})
    assert updated.status_code == 200 and updated.json()["data"]["description"] == "Rockets"
    assert suite.get(f"/v1/industries/{industry['id']}", token=user).status_code == 404  # unpublished
    assert suite.delete(f"/v1/industries/{industry['id']}", token=admin).json() == SUCCESS
    assert suite.get(f"/v1/industries/{industry['id']}", token=admin).status_code == 404


def test_bad_catalogue_input_is_422_with_fields_and_nothing_is_written(suite):
    admin = admin_token(suite)
    user, workspace = member(suite)
    bad = suite.post("/v1/template-types", token=admin,
                     json={"data": {"name": "", "icon": "nope", "is_published": "yes", "extra": 1}})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"name", "icon", "is_published", "extra"}
    assert suite.get("/v1/template-types", token=admin).json()["meta"]["pagination"]["total"] == 0

    bad = suite.post(f"/v1/workspaces/{workspace}/templates", token=user, json={"data": {
        "name": "X", "industry_id": "ind_x", "template": {"descriptions": [{"fields": {"field9": 1}}]}}})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"industry_id"}
    bad = suite.post(f"/v1/workspaces/{workspace}/templates", token=user, json={"data": {
        "name": "X", "template": {"descriptions": [{"fields": {"field9": 1}}]}}})
    shot = bad.json()["error"]["fields"]["template"]["descriptions"]["0"]
    assert set(shot) == {"type", "fields"} and "field9" in shot["fields"]
    assert suite.get(f"/v1/workspaces/{workspace}/templates", token=user).json()["data"] == []


def test_template_types_include_their_templates(suite):
    admin = admin_token(suite)
    created = suite.post("/v1/template-types", token=admin, json={"data": {
        "name": "Testimonial", "icon": "https://example.com/t.svg", "is_published": True}})
    template_type = created.json()["data"]
    assert template_type["type"] == "template_type" and template_type["id"].startswith("tpt_")
    suite.post("/v1/templates", token=admin, json={"data": {
        "name": "Customer story", "template": BLUEPRINT, "is_published": True,
        "template_type_id": template_type["id"]}})
    got = suite.get(f"/v1/template-types/{template_type['id']}?include=templates", token=admin).json()["data"]
    assert [t["name"] for t in got["templates"]] == ["Customer story"]
    assert got["templates"][0]["template_type_id"] == template_type["id"]


def test_workspace_templates_through_nested_and_flat_routes(suite):
    admin = admin_token(suite)
    user, workspace = member(suite)
    industry = suite.post("/v1/industries", token=admin, json={"data": {"name": "Film", "is_published": True}})
    industry_id = industry.json()["data"]["id"]

    # Nested: the workspace comes from the URL, not the body.
    created = suite.post(f"/v1/workspaces/{workspace}/templates", token=user, json={"data": {
        "name": "Team intro", "template": BLUEPRINT, "industry_id": industry_id}})
    assert created.status_code == 201, created.text
    template = created.json()["data"]
    assert template["type"] == "template" and template["id"].startswith("tmp_")
    assert template["workspace_id"] == workspace and template["is_published"] is False
    assert template["template"]["descriptions"][1] == {"type": "broll", "fields": {"field1": "Office tour"}}
    # Flat, naming the workspace in the body.
    flat = suite.post("/v1/templates", token=user, json={"data": {
        "name": "Announcement", "template": {}, "workspace_id": workspace}})
    assert flat.status_code == 201 and flat.json()["data"]["workspace_id"] == workspace
    library = suite.post("/v1/templates", token=admin, json={"data": {
        "name": "Library pick", "template": BLUEPRINT, "is_published": True, "editor_pick": True}})
    assert library.status_code == 201 and library.json()["data"]["workspace_id"] is None

    listed = suite.get("/v1/templates?include=industry,workspace", token=user).json()
    assert [t["name"] for t in listed["data"]] == ["Announcement", "Library pick", "Team intro"]
    intro = listed["data"][2]
    assert "template" not in intro  # lists leave the blueprint out
    assert intro["industry"]["id"] == industry_id and intro["workspace"]["id"] == workspace
    assert listed["data"][1]["workspace"] is None
    scoped = suite.get(f"/v1/templates?scope=industry:{industry_id}", token=user).json()["data"]
    assert [t["name"] for t in scoped] == ["Team intro"]
    published = suite.get(f"/v1/workspaces/{workspace}/templates?scope=published:true", token=user).json()["data"]
    assert [t["name"] for t in published] == ["Library pick"]
    assert suite.get("/v1/templates?scope=colour:red", token=user).status_code == 422
    assert suite.get("/v1/templates?include=owner", token=user).status_code == 422

    public = suite.get("/v1/public/templates")  # no token
    assert public.status_code == 200 and [t["name"] for t in public.json()["data"]] == ["Library pick"]

    nested = f"/v1/workspaces/{workspace}/templates/{template['id']}"
    got = suite.get(f"{nested}?include=industry.templates", token=user).json()["data"]
    assert got["template"]["brief"]["meta"]["length"] == "2.5"
    assert [t["name"] for t in got["industry"]["templates"]] == ["Team intro"]
    updated = suite.put(nested, token=user, json={"data": {"description": "Say hello", "is_published": True}})
    assert updated.status_code == 200 and updated.json()["data"]["description"] == "Say hello"
    moved = suite.put(f"/v1/templates/{template['id']}", token=user,
                      json={"data": {"workspace_id": workspace}})
    assert moved.status_code == 422 and "workspace_id" in moved.json()["error"]["fields"]
    # A global template is read-only through a workspace.
    assert suite.put(f"/v1/workspaces/{workspace}/templates/{library.json()['data']['id']}", token=user,
                     json={"data": {"name": "Mine"}}).status_code == 403
    assert suite.delete(nested, token=user).json() == SUCCESS
    assert suite.get(f"/v1/templates/{template['id']}", token=user).status_code == 404


def test_template_collection_assigned_by_admin_opens_its_templates_to_the_workspace(suite):
    admin = admin_token(suite)
    user, workspace = member(suite)
    premium = suite.post("/v1/templates", token=admin, json={"data": {"name": "Premium", "template": BLUEPRINT}})
    premium_id = premium.json()["data"]["id"]
    assert suite.get(f"/v1/templates/{premium_id}", token=user).status_code == 404  # unpublished global

    created = suite.post("/v1/template-collections", token=admin, json={"data": {
        "name": "Pro", "description": "For Pro plans", "template_ids": [premium_id]}})
    assert created.status_code == 201, created.text
    collection = created.json()["data"]
    assert collection["type"] == "template_collection" and collection["id"].startswith("tcl_")
    assert collection["template_ids"] == [premium_id]
    assert suite.post("/v1/template-collections", token=user, json={"data": {"name": "Mine"}}).status_code == 403
    assert suite.get(f"/v1/workspaces/{workspace}/template-collection", token=user).status_code == 404

    # Only administrators assign collections.
    assert suite.put(f"/v1/workspaces/{workspace}", token=user,
                     json={"data": {"template_collection_id": collection["id"]}}).status_code == 403
    assigned = suite.put(f"/v1/workspaces/{workspace}", token=admin,
                         json={"data": {"template_collection_id": collection["id"]}})
    assert assigned.status_code == 200, assigned.text

    mine = suite.get(f"/v1/workspaces/{workspace}/template-collection?include=templates", token=user).json()["data"]
    assert mine["id"] == collection["id"] and [t["name"] for t in mine["templates"]] == ["Premium"]
    usable = suite.get(f"/v1/workspaces/{workspace}/templates/{premium_id}", token=user).json()["data"]
    assert usable["template"]["production"]["title"] == "Meet the team"
    assert [c["id"] for c in suite.get("/v1/template-collections", token=user).json()["data"]] == [collection["id"]]
    with_workspaces = suite.get(f"/v1/template-collections/{collection['id']}?include=workspaces", token=admin)
    assert [w["id"] for w in with_workspaces.json()["data"]["workspaces"]] == [workspace]

    assert suite.delete(f"/v1/template-collections/{collection['id']}", token=admin).status_code == 409
    renamed = suite.put(f"/v1/template-collections/{collection['id']}", token=admin,
                        json={"data": {"name": "Pro+", "template_ids": []}})
    assert renamed.json()["data"]["template_ids"] == [] and renamed.json()["data"]["name"] == "Pro+"
    assert suite.get(f"/v1/workspaces/{workspace}/templates/{premium_id}", token=user).status_code == 404


def test_bad_ids_in_urls_and_unknown_records(suite):
    user, _workspace = member(suite)
    assert suite.get("/v1/templates/wrk_nope", token=user).status_code == 400
    assert suite.get("/v1/industries/ind_0000000000000000000000", token=user).status_code == 404
    assert suite.get("/v1/templates").status_code == 401


def test_workspace_includes_its_industry_collection_and_roles(suite):
    admin = admin_token(suite)
    user, workspace = member(suite)
    industry = suite.post("/v1/industries", token=admin, json={"data": {"name": "Film", "is_published": True}})
    collection = suite.post("/v1/template-collections", token=admin, json={"data": {"name": "Pro"}})
    suite.put(f"/v1/workspaces/{workspace}", token=admin, json={"data": {
        "industry_id": industry.json()["data"]["id"], "template_collection_id": collection.json()["data"]["id"]}})

    got = suite.get(f"/v1/workspaces/{workspace}?include=industry,template_collection,roles", token=user)
    body = got.json()["data"]
    assert body["industry"]["name"] == "Film" and body["template_collection"]["name"] == "Pro"
    assert [r["id"] for r in body["roles"]] == ["owner", "producer", "co_producer"]
    listed = suite.get("/v1/workspaces?include=industry.templates", token=user).json()["data"]
    assert listed[0]["industry"]["templates"] == []
    refused = suite.get(f"/v1/workspaces/{workspace}?include=subscriptions", token=user)
    assert refused.status_code == 422 and "include" in refused.json()["error"]["fields"]


def test_catalogue_and_role_answers_match_the_openapi_document(suite):
    from .test_docs import assert_documented

    document = suite.get("/v1/openapi.json").json()
    admin = admin_token(suite)
    user, workspace = member(suite)

    def check(method, path, response, status):
        assert response.status_code == status, response.text
        assert_documented(document, method, path, response)

    industry = suite.post("/v1/industries", token=admin, json={"data": {"name": "Film", "is_published": True}})
    check("post", "/v1/industries", industry, 201)
    industry_id = industry.json()["data"]["id"]
    check("post", "/v1/industries", suite.post("/v1/industries", token=admin, json={"data": {}}), 422)
    kind = suite.post("/v1/template-types", token=admin, json={"data": {"name": "Demo", "is_published": True}})
    check("post", "/v1/template-types", kind, 201)
    created = suite.post(f"/v1/workspaces/{workspace}/templates", token=user, json={"data": {
        "name": "Intro", "template": BLUEPRINT, "industry_id": industry_id,
        "template_type_id": kind.json()["data"]["id"]}})
    check("post", "/v1/workspaces/{workspace_id}/templates", created, 201)
    template_id = created.json()["data"]["id"]
    check("get", "/v1/templates", suite.get("/v1/templates?include=industry,template_type,workspace", token=user), 200)
    check("get", "/v1/templates/{template_id}", suite.get(f"/v1/templates/{template_id}", token=user), 200)
    check("get", "/v1/industries/{industry_id}",
          suite.get(f"/v1/industries/{industry_id}?include=templates,workspaces", token=user), 200)
    check("get", "/v1/template-types", suite.get("/v1/template-types?include=templates", token=user), 200)
    check("get", "/v1/public/templates", suite.get("/v1/public/templates"), 200)
    collection = suite.post("/v1/template-collections", token=admin, json={"data": {"name": "Pro"}})
    check("post", "/v1/template-collections", collection, 201)
    check("get", "/v1/template-collections", suite.get("/v1/template-collections?include=templates,workspaces",
                                                        token=admin), 200)
    check("delete", "/v1/templates/{template_id}", suite.delete(f"/v1/templates/{template_id}", token=user), 200)

    role = suite.post(f"/v1/workspaces/{workspace}/roles", token=user,
                      json={"data": {"name": "Editor", "permissions": ["assets.read"]}})
    check("post", "/v1/workspaces/{workspace_id}/roles", role, 201)
    check("get", "/v1/workspaces/{workspace_id}/roles", suite.get(f"/v1/workspaces/{workspace}/roles", token=user),
          200)
    check("get", "/v1/workspaces/{workspace_id}/members",
          suite.get(f"/v1/workspaces/{workspace}/members", token=user), 200)
    check("get", "/v1/permissions", suite.get("/v1/permissions", token=user), 200)
    check("put", "/v1/workspaces/{workspace_id}/roles/{role_id}",
          suite.put(f"/v1/workspaces/{workspace}/roles/producer", token=user, json={"data": {"name": "X"}}), 403)
