"""/docs: a readable index of every route, generated from the route table itself.

(The OpenAPI document generated from the marshmallow schemas comes with
issue 5; until then this page cannot drift from the code because it is read
from the mounted entrypoints.)
"""

import html
import inspect

from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.web.handlers import HttpRequestHandler, http
from werkzeug.wrappers import Response


def route_table(service_cls):
    rows = []
    for name, function in inspect.getmembers(service_cls, inspect.isfunction):
        for entrypoint in getattr(function, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, HttpRequestHandler) and "<path:rest>" not in entrypoint.url:
                rows.append((entrypoint.url, entrypoint.method, name))
    return sorted(rows)


class DocsRoutes:
    @http("GET", "/docs")
    def docs(self, request):
        rows = "".join(
            f"<tr><td>{html.escape(method)}</td><td><code>{html.escape(url)}</code></td><td>{html.escape(name)}</td></tr>"
            for url, method, name in route_table(type(self))
        )
        page = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Reelhouse API</title>"
            "<style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}</style></head><body>"
            "<h1>Reelhouse API routes</h1><p><code>/v1</code>: Candidio dialect; <code>/api</code>: Kitsu/Zou "
            "dialect (gazu). Conventions: docs/api-v1.md, docs/api-zou.md in the repository.</p>"
            f"<table><tr><th>method</th><th>path</th><th>handler</th></tr>{rows}</table></body></html>"
        )
        return Response(page, mimetype="text/html")
