"""The OpenAPI documents: every route in them, with its schemas, valid OpenAPI 3.1."""

import inspect
import re

import pytest
from nameko.web.handlers import http
from openapi_spec_validator import validate

from reelhouse.billing import schemas as billing
from reelhouse.gateway import docs, openapi
from reelhouse.gateway.api import schemas as zou
from reelhouse.gateway.service import GatewayService
from reelhouse.gateway.v1 import account
from reelhouse.gateway.v1 import billing_schemas as v1_billing
from reelhouse.gateway.v1 import schemas as v1
from reelhouse.identity import schemas as identity
from reelhouse.workspace import schemas as workspace

DIALECTS = [docs.CANDIDIO, docs.ZOU]
# How a route (or a helper of its module) reads the request body.
BODY_READERS = ("request_data(call", "call.json(")


def routes(dialect):
    return [(method, url, function) for method, url, function in openapi.http_routes(GatewayService, dialect.prefix)
            if not getattr(openapi.doc_of(function), "hidden", False)]


def documented(dialect):
    """Routes with their declaration (the undeclared ones fail one test, listed together)."""
    return [(method, url, function, openapi.doc_of(function))
            for method, url, function in routes(dialect) if openapi.doc_of(function)]


def operation_of(document, method, url):
    return document["paths"].get(openapi.openapi_path(url), {}).get(method.lower())


def reads_body(function):
    """Whether the route's own code reads a body: directly or through a helper of its module."""
    source = inspect.getsource(inspect.unwrap(function))
    module = inspect.getmodule(function)
    helpers = [name for name, helper in inspect.getmembers(module, inspect.isfunction)
               if helper.__module__ == module.__name__ and any(r in inspect.getsource(helper) for r in BODY_READERS)]
    return any(reader in source for reader in BODY_READERS) or any(f"{name}(" in source for name in helpers)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.prefix)
def test_document_validates_as_openapi_3_1(dialect):
    document = openapi.build(GatewayService, dialect)
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.prefix)
def test_every_route_is_in_the_document_and_declares_its_documentation(dialect):
    document = openapi.build(GatewayService, dialect)
    mounted = routes(dialect)
    assert mounted, f"no {dialect.prefix} routes found"
    missing = [f"{method} {url}" for method, url, _ in mounted if not operation_of(document, method, url)]
    assert not missing, f"missing from {dialect.prefix}/openapi.json: {missing}"
    undeclared = [f"{function.__module__}.{function.__name__} ({method} {url})"
                  for method, url, function in mounted if not openapi.doc_of(function)]
    assert not undeclared, f"add @document(...) under @route to: {undeclared}"


def test_every_v1_route_documents_its_response_and_its_body_when_it_reads_one():
    document = openapi.build(GatewayService, docs.CANDIDIO)
    for method, url, function, doc in documented(docs.CANDIDIO):
        operation = operation_of(document, method, url)
        success = operation["responses"][str(doc.status)]
        assert success.get("content", {}).get("application/json", {}).get("schema"), \
            f"{method} {url}: declare its answer with @document(response=...)"
        if reads_body(function):
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            assert body.get("schema"), f"{method} {url} reads a body: declare it with @document(body=...)"


def payload_of(call):  # a helper that reads the body, as route modules may have
    return call.json()


def route_through_helper(self, call):
    return payload_of(call)


def route_without_body(self, call):
    return {}


def test_body_reading_is_detected_directly_and_through_module_helpers():
    # The check above is only as good as reads_body.
    assert reads_body(account.AccountRoutes.register)
    assert reads_body(route_through_helper)
    assert not reads_body(route_without_body)
    assert not reads_body(account.AccountRoutes.me)


def test_path_parameters_come_from_the_url_rule():
    assert openapi.openapi_path("/v1/workspaces/<string:workspace_id>/users/<int:n>") == \
        "/v1/workspaces/{workspace_id}/users/{n}"
    parameters = openapi.path_parameters("/v1/workspaces/<workspace_id>/x/<int:n>")
    assert [(p["name"], p["schema"]["type"]) for p in parameters] == [("workspace_id", "string"), ("n", "integer")]


def test_an_undocumented_route_still_appears_marked_as_such():
    class Bare(GatewayService):
        @http("GET", "/v1/bare/<string:thing_id>")
        def bare_route(self, request, thing_id):
            return ""

    operation = openapi.build(Bare, docs.CANDIDIO)["paths"]["/v1/bare/{thing_id}"]["get"]
    assert operation["description"] == "Not documented yet."


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.prefix)
def test_security_follows_the_declaration(dialect):
    document = openapi.build(GatewayService, dialect)
    for method, url, _, doc in documented(dialect):
        security = operation_of(document, method, url)["security"]
        assert security == ([{openapi.BEARER: []}] if doc.auth == "bearer" else []), f"{method} {url}"


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.prefix)
def test_routes_documented_as_needing_a_token_refuse_a_request_without_one(gateway, web_session, dialect):
    # Catches a declaration that says "bearer" on a route that is in fact public.
    for method, url, _, doc in documented(dialect):
        if doc.auth == "bearer":
            response = web_session.request(method, re.sub(r"<[^>]+>", "x", url))
            assert response.status_code == 401, f"{method} {url} answered {response.status_code} without a token"


# The gateway describes what the owning service validates: same fields, same required ones.
REQUEST_SCHEMAS = [
    (v1.RegisterSchema, identity.RegisterSchema),
    (v1.LoginSchema, identity.LoginSchema),
    (v1.UpdateUserSchema, identity.UpdateUserSchema),
    (v1.CreateWorkspaceSchema, workspace.CreateWorkspaceSchema),
    (v1.UpdateWorkspaceSchema, workspace.UpdateWorkspaceSchema),
    (v1.FeaturesSchema, workspace.FeaturesSchema),
    (v1.CreateInviteSchema, workspace.CreateInviteSchema),
    (zou.PersonInputSchema, identity.PersonSchema),
    (v1_billing.CreditSchema, billing.CreditSchema),
    (v1_billing.DebitSchema, billing.DebitSchema),
    (v1_billing.AddCardSchema, billing.AddCardSchema),
    (v1_billing.UpdatePlanSchema, billing.UpdatePlanSchema),
    (v1_billing.CancelPlanSchema, billing.CancelPlanSchema),
]


@pytest.mark.parametrize(("documented_schema", "validated_schema"), REQUEST_SCHEMAS, ids=lambda s: s.__name__)
def test_documented_request_fields_match_the_service_schema(documented_schema, validated_schema):
    def shape(schema):
        return {name: field.required for name, field in schema().fields.items()}

    assert shape(documented_schema) == shape(validated_schema)
