"""Unknown routes answer in the dialect of their prefix, as JSON."""

from nameko.web.handlers import http

from reelhouse.shared.errors import NotFound

from .api import shapes as zou
from .http import route
from .openapi import hidden
from .v1 import shapes as candidio

METHODS = "GET,POST,PUT,PATCH,DELETE"


class FallbackRoutes:
    @http(METHODS, "/api/<path:rest>")
    @route(zou, auth="none")
    @hidden  # a catch-all, not part of the API
    def zou_not_found(self, call, rest):
        raise NotFound(zou.ROUTE_NOT_FOUND)

    @http(METHODS, "/<path:rest>")
    @route(candidio, auth="none")
    @hidden
    def not_found(self, call, rest):
        raise NotFound(f"No route {call.request.method} /{rest}.")
