"""/api routes of a project's budgets and budget entries, metadata descriptors,
preview background files and quotas, and gazu's user-context listings
(``/data/user/...``). Budgets, entries and descriptors are also served by the
generic /api/data/<model> routes."""

from nameko.web.handlers import http

from reelhouse.shared.errors import NotFound
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORDS, TRUNCATED_HEADER, listing_args

ASSET = "asset"
QUOTAS = {"type": "object", "additionalProperties": True,
          "description": "{person_id: {count|frames|seconds: {day|week|month: {key: value}}}}"}
PERSON_QUOTAS = {"type": "object", "additionalProperties": True,
                 "description": "{count|frames|seconds: {day|week|month: {key: value}}, task_types: {...}}"}
# /data/projects/<p>/<collection>[/<id>]: the model, and the route's parent column below the project.
NESTED = {"budgets": "budgets", "metadata-descriptors": "metadata-descriptors"}
# gazu's user context: the path's tail -> (listing, owner parameter)
USER_LISTINGS = {
    "projects/<string:owner_id>/asset-types": "project-asset-types",
    "projects/<string:owner_id>/sequences": "project-sequences",
    "projects/<string:owner_id>/episodes": "project-episodes",
    "sequences/<string:owner_id>/shots": "sequence-shots",
    "sequences/<string:owner_id>/scenes": "sequence-scenes",
    **{f"{kind}/<string:owner_id>/task-types": "entity-task-types" for kind in ("assets", "shots", "scenes",
                                                                                 "sequences")},
}


def _fixed(project_id, budget_id=None):
    fixed = {"project_id": parse_uuid(project_id)}
    if budget_id is not None:
        fixed["budget_id"] = parse_uuid(budget_id)
    return fixed


def list_in_project(call, model, fixed):
    """``data.list_pt`` under a project's route: a project (or budget) the caller cannot see is a 404."""
    args, page = listing_args(call)
    listing = call.rpc(PT, "zou_project_listing", model, fixed, args, page.number if page else None,
                       page.limit if page else None)
    if listing.meta.get("truncated"):
        return Reply(listing, headers={TRUNCATED_HEADER: "true"})
    return listing


def _collection(call):
    # /api/data/projects/<p>/<collection>[/...]
    return call.request.path.split("/")[5]


class ProjectMoreRoutes:
    # -- budgets and metadata descriptors (mounted on both collections below the class) -----------

    @route(shapes)
    @document("A project's budgets or metadata descriptors (budgets: its managers only)", response=RECORDS,
              errors=(400, 404))
    def zou_project_nested_list(self, call, project_id):
        return list_in_project(call, NESTED[_collection(call)], _fixed(project_id))

    @route(shapes)
    @document("Add a budget or a metadata descriptor to a project", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_project_nested_create(self, call, project_id):
        return Reply(call.rpc(PT, "create_project_record", NESTED[_collection(call)], _fixed(project_id),
                              call.json()), status=201)

    @route(shapes)
    @document("A budget or a metadata descriptor of a project", response=RECORD, errors=(404,))
    def zou_project_nested_get(self, call, project_id, record_id):
        return call.rpc(PT, "get_project_record", NESTED[_collection(call)], parse_uuid(record_id),
                        _fixed(project_id))

    @route(shapes)
    @document("Change a budget or a metadata descriptor of a project (a renamed descriptor renames its "
              "field in the entities' data)", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_project_nested_update(self, call, project_id, record_id):
        return call.rpc(PT, "update_project_record", NESTED[_collection(call)], parse_uuid(record_id),
                        _fixed(project_id), call.json())

    @route(shapes)
    @document("Remove a budget (with its entries) or a metadata descriptor (and its field from the "
              "entities' data) of a project", status=204, errors=(403, 404))
    def zou_project_nested_delete(self, call, project_id, record_id):
        call.rpc(PT, "delete_project_record", NESTED[_collection(call)], parse_uuid(record_id),
                 _fixed(project_id))
        return Reply("", status=204)

    @http("POST", "/api/data/projects/<string:project_id>/metadata-descriptors/reorder")
    @route(shapes)
    @document("Order a project's metadata descriptors of one entity type (entity_type, descriptor_ids)",
              body=RECORD, response=RECORDS, errors=(400, 403, 404))
    def zou_reorder_metadata_descriptors(self, call, project_id):
        return call.rpc(PT, "reorder_metadata_descriptors", parse_uuid(project_id), call.json())

    # -- budget entries ---------------------------------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/budgets/<string:budget_id>/entries")
    @route(shapes)
    @document("The entries of a project's budget", response=RECORDS, errors=(400, 404))
    def zou_budget_entries(self, call, project_id, budget_id):
        return list_in_project(call, "budget-entries", _fixed(project_id, budget_id))

    @http("POST", "/api/data/projects/<string:project_id>/budgets/<string:budget_id>/entries")
    @route(shapes)
    @document("Add an entry to a budget (an amount, or a quantity at a unit price)", status=201, body=RECORD,
              response=RECORD, errors=(400, 403, 404))
    def zou_create_budget_entry(self, call, project_id, budget_id):
        return Reply(call.rpc(PT, "create_project_record", "budget-entries", _fixed(project_id, budget_id),
                              call.json()), status=201)

    @http("GET", "/api/data/projects/<string:project_id>/budgets/<string:budget_id>/entries/<string:entry_id>")
    @route(shapes)
    @document("An entry of a budget", response=RECORD, errors=(404,))
    def zou_budget_entry(self, call, project_id, budget_id, entry_id):
        return call.rpc(PT, "get_project_record", "budget-entries", parse_uuid(entry_id),
                        _fixed(project_id, budget_id))

    @http("PUT", "/api/data/projects/<string:project_id>/budgets/<string:budget_id>/entries/<string:entry_id>")
    @route(shapes)
    @document("Change an entry of a budget", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_budget_entry(self, call, project_id, budget_id, entry_id):
        return call.rpc(PT, "update_project_record", "budget-entries", parse_uuid(entry_id),
                        _fixed(project_id, budget_id), call.json())

    @http("DELETE", "/api/data/projects/<string:project_id>/budgets/<string:budget_id>/entries/<string:entry_id>")
    @route(shapes)
    @document("Remove an entry of a budget", status=204, errors=(403, 404))
    def zou_delete_budget_entry(self, call, project_id, budget_id, entry_id):
        call.rpc(PT, "delete_project_record", "budget-entries", parse_uuid(entry_id), _fixed(project_id, budget_id))
        return Reply("", status=204)

    # -- preview background files of a project ----------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/settings/preview-background-files")
    @route(shapes)
    @document("The preview background files a project offers", response=RECORDS, errors=(404,))
    def zou_project_preview_backgrounds(self, call, project_id):
        ids = call.rpc(PT, "list_project_preview_background_ids", parse_uuid(project_id))
        if not ids:
            return []
        # The workspace's backgrounds are few (one list, bounded by the asset service): keep the project's.
        backgrounds = call.rpc(ASSET, "list_preview_background_files", {}, None, None)
        items = backgrounds["items"] if isinstance(backgrounds, dict) else backgrounds
        return [item for item in items if item["id"] in set(ids)]

    @http("POST", "/api/data/projects/<string:project_id>/settings/preview-background-files")
    @route(shapes)
    @document("Offer a preview background file (preview_background_file_id) in a project; answers the project",
              status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_add_project_preview_background(self, call, project_id):
        body = call.json()
        background_id = body.get("preview_background_file_id") if isinstance(body, dict) else None
        if background_id is not None:  # the asset service's file, of this workspace (404 otherwise)
            call.rpc(ASSET, "get_preview_background_file", parse_uuid(background_id))
        return Reply(call.rpc(PT, "add_project_preview_background", parse_uuid(project_id), body), status=201)

    @http("DELETE", "/api/data/projects/<string:project_id>/settings/preview-background-files/"
                    "<string:background_id>")
    @route(shapes)
    @document("Stop offering a preview background file in a project", status=204, errors=(403, 404))
    def zou_remove_project_preview_background(self, call, project_id, background_id):
        call.rpc(PT, "remove_project_preview_background", parse_uuid(project_id), parse_uuid(background_id))
        return Reply("", status=204)

    # -- quotas -----------------------------------------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/quotas/<string:task_type_id>")
    @route(shapes)
    @document("Shots finished per person (count, frames, seconds) by day, week and month for a task type",
              response=QUOTAS, errors=(400, 404))
    def zou_project_quotas(self, call, project_id, task_type_id):
        return call.rpc(PT, "get_project_quotas", parse_uuid(project_id), parse_uuid(task_type_id))

    @http("GET", "/api/data/projects/<string:project_id>/quotas/persons/<string:person_id>")
    @route(shapes)
    @document("One person's quotas in a project, over all task types and by task type", response=PERSON_QUOTAS,
              errors=(400, 403, 404))
    def zou_project_person_quotas(self, call, project_id, person_id):
        return call.rpc(PT, "get_project_person_quotas", parse_uuid(project_id), parse_uuid(person_id))

    # -- gazu's user context (mounted on every path of USER_LISTINGS below the class) ------------

    @route(shapes)
    @document("The caller's context: what holds a task assigned to them (asset types, sequences, episodes, "
              "shots, scenes, task types)", response=RECORDS, errors=(404,))
    def zou_user_context(self, call, owner_id):
        tail = call.request.path.split("/api/data/user/", 1)[1].split("/")
        listing = USER_LISTINGS.get(f"{tail[0]}/<string:owner_id>/{tail[2]}")
        if listing is None:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return call.rpc(PT, "list_user_context", listing, parse_uuid(owner_id))

    @http("GET", "/api/data/user/projects/<string:project_id>/asset-types/<string:asset_type_id>/assets")
    @route(shapes)
    @document("The caller's context: a project's assets of a type with a task assigned to them",
              response=RECORDS, errors=(404,))
    def zou_user_assets_of_type(self, call, project_id, asset_type_id):
        return call.rpc(PT, "list_user_context", "project-assets", parse_uuid(project_id), parse_uuid(asset_type_id))


for _nested in NESTED:
    _base = f"/api/data/projects/<string:project_id>/{_nested}"
    http("GET", _base)(ProjectMoreRoutes.zou_project_nested_list)
    http("POST", _base)(ProjectMoreRoutes.zou_project_nested_create)
    http("GET", f"{_base}/<string:record_id>")(ProjectMoreRoutes.zou_project_nested_get)
    http("PUT", f"{_base}/<string:record_id>")(ProjectMoreRoutes.zou_project_nested_update)
    http("DELETE", f"{_base}/<string:record_id>")(ProjectMoreRoutes.zou_project_nested_delete)
for _tail in USER_LISTINGS:
    http("GET", f"/api/data/user/{_tail}")(ProjectMoreRoutes.zou_user_context)
