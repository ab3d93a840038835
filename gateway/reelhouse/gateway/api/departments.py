"""/api/data/departments and /api/data/organisations: Zou's generic CRUD for
the two models identity owns, and the person ↔ department actions.

These static routes take precedence over the generic ``/api/data/<model>``
ones, which serve production_tracking's models.
"""

from nameko.web.handlers import http

from reelhouse.shared.errors import Forbidden
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import schemas, shapes
from .data import RECORD, RECORD_PAGE, listing_args

IGNORED_ARGS = ("force", "relations", "fields")
# Output-only keys gazu sends back with a whole record (update_department).
OUTPUT_ONLY = ("id", "type", "created_at", "updated_at", "has_avatar")


class DepartmentRoutes:
    @http("GET", "/api/data/departments")
    @route(shapes)
    @document("List the workspace's departments (filters: id, name, archived)", query=schemas.PageQuerySchema,
              response=RECORD_PAGE, errors=(400, 403))
    def zou_list_departments(self, call):
        filters, page = listing_args(call)
        filters = {key: value for key, value in filters.items() if key not in IGNORED_ARGS}
        result = call.rpc("identity", "list_departments", filters, page.number if page else 1,
                          page.limit if page else 500)
        return shapes.listing(result, page, shapes.as_is)

    @http("POST", "/api/data/departments")
    @route(shapes)
    @document("Create a department (admins)", status=201, body=RECORD, response=RECORD, errors=(400, 403, 409))
    def zou_create_department(self, call):
        return Reply(call.rpc("identity", "create_department", shapes.writable(call.json(), OUTPUT_ONLY)), status=201)

    @http("GET", "/api/data/departments/<string:department_id>")
    @route(shapes)
    @document("Get a department", response=RECORD, errors=(404,))
    def zou_get_department(self, call, department_id):
        return call.rpc("identity", "get_department", parse_uuid(department_id))

    @http("PUT", "/api/data/departments/<string:department_id>")
    @route(shapes)
    @document("Update a department (admins)", body=RECORD, response=RECORD, errors=(400, 403, 404, 409))
    def zou_update_department(self, call, department_id):
        return call.rpc("identity", "update_department", parse_uuid(department_id),
                        shapes.writable(call.json(), OUTPUT_ONLY))

    @http("DELETE", "/api/data/departments/<string:department_id>")
    @route(shapes)
    @document("Delete a department; its persons leave it (force accepted, not needed)", status=204,
              errors=(403, 404))
    def zou_delete_department(self, call, department_id):
        # gazu's remove_department(force=True) sends ?force=true; nothing depends on a department, so it is moot.
        call.rpc("identity", "delete_department", parse_uuid(department_id))
        return Reply("", status=204)

    @http("POST", "/api/actions/persons/<string:person_id>/departments/add")
    @route(shapes)
    @document("Add a person to a department (admins)", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_add_person_to_department(self, call, person_id):
        body = call.json()
        department_id = body.get("department_id") if isinstance(body, dict) else None
        return Reply(call.rpc("identity", "add_person_to_department", parse_uuid(person_id),
                              parse_uuid(department_id)), status=201)

    @http("DELETE", "/api/actions/persons/<string:person_id>/departments/<string:department_id>")
    @route(shapes)
    @document("Remove a person from a department (admins)", status=204, errors=(403, 404))
    def zou_remove_person_from_department(self, call, person_id, department_id):
        call.rpc("identity", "remove_person_from_department", parse_uuid(person_id), parse_uuid(department_id))
        return Reply("", status=204)


class OrganisationRoutes:
    @http("GET", "/api/data/organisations")
    @route(shapes)
    @document("The workspace's organisation settings, as a one-item list", response=RECORD_PAGE, errors=(403,))
    def zou_list_organisations(self, call):
        _filters, page = listing_args(call)
        return shapes.listing(call.rpc("identity", "list_organisations"), page, shapes.as_is)

    @http("POST", "/api/data/organisations")
    @route(shapes)
    @document("Refused: each workspace has its organisation already", body=RECORD, errors=(403,))
    def zou_create_organisation(self, call):
        raise Forbidden("Each workspace has one organisation; update it instead.")

    @http("GET", "/api/data/organisations/<string:organisation_id>")
    @route(shapes)
    @document("Get the organisation", response=RECORD, errors=(404,))
    def zou_get_organisation(self, call, organisation_id):
        return call.rpc("identity", "get_organisation", parse_uuid(organisation_id))

    @http("PUT", "/api/data/organisations/<string:organisation_id>")
    @route(shapes)
    @document("Update the organisation's settings (admins)", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_organisation(self, call, organisation_id):
        return call.rpc("identity", "update_organisation", parse_uuid(organisation_id),
                        shapes.writable(call.json(), OUTPUT_ONLY))

    @http("DELETE", "/api/data/organisations/<string:organisation_id>")
    @route(shapes)
    @document("Refused: the organisation is the workspace's settings", status=204, errors=(403,))
    def zou_delete_organisation(self, call, organisation_id):
        raise Forbidden("The organisation holds the workspace's settings; it cannot be deleted.")
