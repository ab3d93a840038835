"""OpenAPI 3.1 documents generated from the routes themselves.

A route declares its documentation beside it with ``@document(...)`` (under
``@route``); :func:`build` walks the service's nameko ``@http`` entrypoints,
so method, path and path parameters come from the mounted routes and cannot
drift, and renders one dialect's routes with apispec and the marshmallow
schemas each declaration names. A route without a declaration still appears,
marked "Not documented yet" (gateway/tests/test_openapi.py refuses that).
"""

import copy
import dataclasses
import functools
import http
import inspect
import re
from importlib.metadata import version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from marshmallow import INCLUDE, Schema, fields
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.web.handlers import HttpRequestHandler

ATTRIBUTE = "openapi_doc"
BEARER = "bearerAuth"
URL_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
CONVERTER_TYPES = {"int": "integer", "float": "number"}
ERROR_DESCRIPTIONS = {
    400: "Bad input: malformed JSON or ID, no envelope (on /api also invalid fields).",
    401: "No valid access token (the error's details.reason says why).",
    403: "The caller may not do this.",
    404: "No such record, or one the caller may not see.",
    409: "Conflicts with an existing record.",
    413: "The body is too large.",
    422: "Invalid fields: the error lists each field's problems.",
    "default": "Any other error (5xx: a service is down, slow or failed).",
}


@dataclasses.dataclass(frozen=True)
class Doc:
    """What a route declares; schemas are marshmallow classes, instances or JSON-schema dicts."""

    summary: str
    body: object = None  # the request body; None: the route reads none
    response: object = None  # the success body; None: the answer has none (e.g. 204)
    status: int = 200
    query: object = None  # a schema whose fields are the query arguments
    errors: tuple = ()  # statuses beyond those the generator adds (see error_statuses)
    auth: str = "bearer"  # "bearer" or "none"; mirror @route's auth ("optional" counts as "none")
    description: str = ""
    media_type: str = "application/json"
    body_media_type: str = "application/json"  # e.g. multipart/form-data for file uploads
    deprecated: bool = False
    hidden: bool = False  # catch-all routes that are not part of the API


def document(summary: str, **details):
    """Declare a route's OpenAPI documentation (see :class:`Doc` for the fields)."""
    return attach(Doc(summary, **details))


def same_as(route_function, **changes):
    """An alias route: ``route_function``'s documentation, with ``changes``."""
    return attach(dataclasses.replace(doc_of(route_function), **changes))


def attach(doc: Doc):
    def decorate(function):
        setattr(function, ATTRIBUTE, doc)
        return function

    return decorate


hidden = document("", hidden=True)


@dataclasses.dataclass(frozen=True)
class Dialect:
    """One API dialect's document: which routes, how its errors look."""

    prefix: str
    title: str
    error_schema: object
    invalid_status: int  # the status of a body that fails validation (422 /v1, 400 /api)
    description: str = ""


class OpenApiDocumentSchema(Schema):
    """The answer of /v1/openapi.json and /api/openapi.json (OpenAPI 3.1 itself)."""

    class Meta:
        unknown = INCLUDE

    openapi = fields.String(required=True)
    info = fields.Dict(required=True)
    paths = fields.Dict(required=True)
    components = fields.Dict()


def doc_of(function) -> Doc | None:
    return getattr(function, ATTRIBUTE, None)


def http_routes(service_cls, prefix: str):
    """(method, url, function) for each @http route of ``service_cls`` under ``prefix``."""
    for _name, function in inspect.getmembers(service_cls, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            url = entrypoint.url if isinstance(entrypoint, HttpRequestHandler) else None
            if url and (url == prefix or url.startswith(prefix + "/")):
                for method in entrypoint.method.split(","):
                    yield method.strip().upper(), url, function


def openapi_path(url: str) -> str:
    """A werkzeug rule (``/v1/users/<string:user_id>``) as an OpenAPI path (``/v1/users/{user_id}``)."""
    return URL_PARAMETER.sub(r"{\2}", url)


def path_parameters(url: str) -> list[dict]:
    return [{"in": "path", "name": name, "required": True, "description": f"The {name.replace('_', ' ')}.",
             "schema": {"type": CONVERTER_TYPES.get(converter, "string")}}
            for converter, name in URL_PARAMETER.findall(url)]


@functools.cache
def build(service_cls, dialect: Dialect) -> dict:
    """The OpenAPI 3.1 document of ``dialect``'s routes (built once per service class)."""
    spec = APISpec(title=dialect.title, version=version("reelhouse-gateway"), openapi_version="3.1.0",
                   plugins=[MarshmallowPlugin(schema_name_resolver=schema_name)],
                   info={"description": dialect.description})
    spec.components.security_scheme(BEARER, {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Error", schema=dialect.error_schema)
    spec.components.header("RequestId", {"description": "The request's ID, as sent when sane, else a new one.",
                                         "schema": {"type": "string"}})
    paths, operation_ids, errors = {}, set(), {"default"}
    for method, url, function in sorted(http_routes(service_cls, dialect.prefix), key=lambda r: (r[1], r[0])):
        doc = doc_of(function) or Doc(function.__name__.replace("_", " ").capitalize(),
                                      description="Not documented yet.")
        if doc.hidden:
            continue
        operation_id = unique(function.__name__, operation_ids)
        paths.setdefault(url, {})[method.lower()] = operation(doc, function, url, operation_id, dialect)
        errors |= error_statuses(doc, url, dialect)
    for url, operations in paths.items():
        spec.path(path=openapi_path(url), operations=operations, parameters=path_parameters(url))
    # Every error answer has the dialect's error body: one shared response per status.
    for status in sorted(errors, key=str):
        spec.components.response(error_name(status), {
            "description": ERROR_DESCRIPTIONS.get(status) or http.HTTPStatus(status).phrase,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}})
    return spec.to_dict()


def schema_name(schema) -> str:
    # A partial instance (an update body) is its own component, not "Person1".
    return resolver(schema) + ("Partial" if getattr(schema, "partial", None) else "")


def unique(name: str, taken: set) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}_{number}"
    taken.add(candidate)
    return candidate


def operation(doc: Doc, function, url: str, operation_id: str, dialect: Dialect) -> dict:
    # Tag by route module (v1/workspaces.py -> "workspaces"), as the code is laid out.
    tag = function.__module__.rsplit(".", 1)[-1]
    result = {"operationId": operation_id, "summary": doc.summary, "tags": [tag],
              "security": [{BEARER: []}] if doc.auth == "bearer" else [],
              "responses": responses(doc, url, dialect)}
    if doc.description:
        result["description"] = doc.description
    if doc.deprecated:
        result["deprecated"] = True
    if doc.query is not None:
        result["parameters"] = [{"in": "query", "schema": doc.query}]
    if doc.body is not None:
        result["requestBody"] = {"required": True, "content": {doc.body_media_type: {"schema": fresh(doc.body)}}}
    return result


def fresh(schema):
    """A copy of a JSON-schema dict: apispec resolves the schemas inside it in place."""
    return copy.deepcopy(schema) if isinstance(schema, dict) else schema


def responses(doc: Doc, url: str, dialect: Dialect) -> dict:
    success = {"description": http.HTTPStatus(doc.status).phrase,
               "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}}
    if doc.response is not None:
        success["content"] = {doc.media_type: {"schema": fresh(doc.response)}}
    answers = {str(doc.status): success}
    for status in sorted(error_statuses(doc, url, dialect)):
        answers[str(status)] = {"$ref": f"#/components/responses/{error_name(status)}"}
    answers["default"] = {"$ref": f"#/components/responses/{error_name('default')}"}
    return answers


def error_name(status) -> str:
    """``404`` -> ``NotFound``: the name of the shared error response."""
    if status == "default":
        return "OtherError"
    return http.HTTPStatus(status).name.title().replace("_", "")


def error_statuses(doc: Doc, url: str, dialect: Dialect) -> set:
    """The errors a route can answer by its shape, plus the ones it declares."""
    statuses = set(doc.errors)
    if doc.auth == "bearer":
        statuses.add(401)
    if doc.body is not None:
        statuses |= {400, dialect.invalid_status, 413}
    if doc.query is not None:
        statuses.add(dialect.invalid_status)
    if URL_PARAMETER.search(url):
        statuses |= {400, 404}  # a malformed ID, an unknown or hidden record
    return statuses
