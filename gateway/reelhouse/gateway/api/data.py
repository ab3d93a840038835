"""/api/data/<model>: Zou's generic CRUD, one set of routes for every model
production_tracking serves (persons stay with identity: their static routes
take precedence over these)."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import schemas, shapes

PT = "production_tracking"

# production_tracking's records as Zou shapes them: an id, a type and the model's columns.
RECORD = {"type": "object", "additionalProperties": True,
          "properties": {"id": {"type": "string", "format": "uuid"}, "type": {"type": "string"}}}
RECORDS = {"type": "array", "items": RECORD}
RECORD_PAGE = {"oneOf": [RECORDS, {"type": "object", "properties": {
    "data": RECORDS, "total": {"type": "integer"}, "nb_pages": {"type": "integer"}, "limit": {"type": "integer"},
    "offset": {"type": "integer"}, "page": {"type": "integer"}}}]}


# Set on a bare list that was cut at its maximum: ask with ``page`` for the rest.
TRUNCATED_HEADER = "X-Reelhouse-Truncated"


def listing_args(call):
    """The query string as filters, and the page when ``page`` was asked (Zou's envelope)."""
    args = call.args.to_dict()
    page = page_from(args.pop("page", None), args.pop("limit", None)) if "page" in call.args else None
    args.pop("limit", None)
    return args, page


def list_pt(call, model, fixed=None):
    """One RPC: rows of ``model`` as Zou lists them (bare array, or the page envelope)."""
    args, page = listing_args(call)
    # Encoded by the service and passed through as it is: a big list is not decoded and re-encoded here.
    listing = call.rpc(PT, "zou_listing", model, args, page.number if page else None,
                       page.limit if page else None, fixed)
    if listing.meta.get("truncated"):  # a bare list stops at production_tracking's BARE_LIST_MAX rows
        return Reply(listing, headers={TRUNCATED_HEADER: "true"})
    return listing


def is_forced(call):
    return call.args.get("force", "").lower() in ("true", "1")


class DataRoutes:
    @http("GET", "/api/data/events/last")
    @route(shapes)
    @document("The events feed, newest first (after, before, limit, cursor_event_id)", response=RECORDS)
    def zou_last_events(self, call):
        return call.rpc(PT, "list_last_events", call.args.to_dict())

    @http("GET", "/api/data/<string:model>")
    @route(shapes)
    @document("List a model's records: equality filters on any column, JSON-list IN filters, page",
              query=schemas.PageQuerySchema, response=RECORD_PAGE, errors=(400, 403, 404))
    def zou_list_records(self, call, model):
        return list_pt(call, model)

    @http("POST", "/api/data/<string:model>")
    @route(shapes)
    @document("Create a record of a model", status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_create_record(self, call, model):
        return Reply(call.rpc(PT, "create_record", model, call.json()), status=201)

    @http("GET", "/api/data/<string:model>/<string:record_id>")
    @route(shapes)
    @document("Get a record by id", response=RECORD, errors=(404,))
    def zou_get_record(self, call, model, record_id):
        return call.rpc(PT, "get_record", model, parse_uuid(record_id), call.args.to_dict())

    @http("PUT", "/api/data/<string:model>/<string:record_id>")
    @route(shapes)
    @document("Update a record (output-only fields are ignored)", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_record(self, call, model, record_id):
        return call.rpc(PT, "update_record", model, parse_uuid(record_id), call.json())

    @http("DELETE", "/api/data/<string:model>/<string:record_id>")
    @route(shapes)
    @document("Delete a record; refused with dependants unless force=true", status=204, errors=(400, 403, 404))
    def zou_delete_record(self, call, model, record_id):
        call.rpc(PT, "delete_record", model, parse_uuid(record_id), is_forced(call))
        return Reply("", status=204)
