"""/api/data/persons: Zou's generic CRUD for persons (owned by identity)."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from . import shapes

PAGE_ARGS = ("page", "limit", "relations", "fields")


class PersonRoutes:
    @http("GET", "/api/data/persons")
    @route(shapes)
    def list_persons(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit")) if "page" in call.args else None
        filters = {k: v for k, v in call.args.items() if k not in PAGE_ARGS}
        number, limit = (page.number, page.limit) if page else (1, 500)
        result = call.rpc("identity", "list_persons", filters, number, limit)
        return shapes.listing(result, page, shapes.person)

    @http("POST", "/api/data/persons")
    @route(shapes)
    def create_person(self, call):
        return Reply(shapes.person(call.rpc("identity", "create_person", call.json())), status=201)

    @http("GET", "/api/data/persons/<string:person_id>")
    @route(shapes)
    def get_person(self, call, person_id):
        return shapes.person(call.rpc("identity", "get_user", parse_uuid(person_id)))

    @http("PUT", "/api/data/persons/<string:person_id>")
    @route(shapes)
    def update_person(self, call, person_id):
        return shapes.person(call.rpc("identity", "update_person", parse_uuid(person_id), call.json()))

    @http("DELETE", "/api/data/persons/<string:person_id>")
    @route(shapes)
    def delete_person(self, call, person_id):
        call.rpc("identity", "delete_person", parse_uuid(person_id))
        return Reply("", status=204)
