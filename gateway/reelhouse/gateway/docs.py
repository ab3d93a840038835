"""The API's documentation, generated from the mounted routes.

``/v1/openapi.json`` and ``/api/openapi.json``: one OpenAPI 3.1 document per
dialect (openapi.py builds them from each route's ``@document``). ``/docs``:
Swagger UI over both, its files served from the openapi-ui-bundles package
(no CDN: the page works offline). ``/docs/routes``: a plain index of every
mounted route, handler names included.
"""

import html
import inspect

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.web.handlers import HttpRequestHandler, http
from openapi_ui_bundles import swagger_ui
from werkzeug.utils import send_file
from werkzeug.wrappers import Response

from reelhouse.shared.errors import NotFound

from . import openapi
from .api import schemas as zou_schemas
from .api import shapes as zou_shapes
from .http import route
from .openapi import document
from .v1 import schemas as v1_schemas
from .v1 import shapes as v1_shapes

CANDIDIO = openapi.Dialect(
    prefix="/v1", title="Reelhouse /v1 (Candidio dialect)", error_schema=v1_schemas.ErrorSchema,
    invalid_status=422,
    description="Conventions and design decisions: docs/api-v1.md in the repository. Log in with "
                "POST /v1/auth/login and send the access token as `Authorization: Bearer <token>`.")
ZOU = openapi.Dialect(
    prefix="/api", title="Reelhouse /api (Kitsu/Zou dialect)", error_schema=zou_schemas.ErrorSchema,
    invalid_status=400,
    description="What Kitsu's client gazu drives; notes in docs/api-zou.md in the repository.")

ASSETS = swagger_ui.static_path
ASSET_NAMES = frozenset(path.name for path in ASSETS.iterdir() if path.is_file())
ASSET_MAX_AGE = 24 * 3600

SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reelhouse API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  urls: [{url: "/v1/openapi.json", name: "/v1 (Candidio)"}, {url: "/api/openapi.json", name: "/api (Kitsu/Zou)"}],
  dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"
});
</script></body></html>
"""


def route_table(service_cls):
    rows = []
    for name, function in inspect.getmembers(service_cls, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, HttpRequestHandler) and "<path:rest>" not in entrypoint.url:
                rows.append((entrypoint.url, entrypoint.method, name))
    return sorted(rows)


class DocsRoutes:
    @http("GET", "/v1/openapi.json")
    @route(v1_shapes, auth="none")
    @document("This OpenAPI 3.1 document", auth="none", response=openapi.OpenApiDocumentSchema)
    def v1_openapi(self, call):
        return openapi.build(type(self), CANDIDIO)

    @http("GET", "/api/openapi.json")
    @route(zou_shapes, auth="none")
    @document("This OpenAPI 3.1 document", auth="none", response=openapi.OpenApiDocumentSchema)
    def zou_openapi(self, call):
        return openapi.build(type(self), ZOU)

    @http("GET", "/docs")
    @route(v1_shapes, auth="none")
    def docs(self, call):
        return Response(SWAGGER_PAGE, mimetype="text/html")

    @http("GET", "/docs/static/<string:filename>")
    @route(v1_shapes, auth="none")
    def docs_static(self, call, filename):
        # Only the package's own files: the name is matched, never joined blindly.
        if filename not in ASSET_NAMES:
            raise NotFound(f"No documentation asset {filename}.")
        return send_file(ASSETS / filename, call.request.environ, max_age=ASSET_MAX_AGE)

    @http("GET", "/docs/routes")
    @route(v1_shapes, auth="none")
    def docs_routes(self, call):
        rows = "".join(
            f"<tr><td>{html.escape(method)}</td><td><code>{html.escape(url)}</code></td><td>{html.escape(name)}</td></tr>"
            for url, method, name in route_table(type(self))
        )
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Reelhouse API routes</title>"
            "<style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}</style></head><body>"
            "<h1>Reelhouse API routes</h1><p><code>/v1</code>: Candidio dialect; <code>/api</code>: Kitsu/Zou "
            "dialect (gazu). Full documentation: <a href='/docs'>/docs</a> (OpenAPI: "
            "<a href='/v1/openapi.json'>/v1/openapi.json</a>, <a href='/api/openapi.json'>/api/openapi.json</a>)."
            f"</p><table><tr><th>method</th><th>path</th><th>handler</th></tr>{rows}</table></body></html>"
        )
        return Response(page, mimetype="text/html")
