"""/api project routes beyond CRUD: settings, team, open projects, per-project
listings and entity creation (one route per shape, every entity kind)."""

from nameko.web.handlers import http

from reelhouse.shared.errors import NotFound
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORD_PAGE, RECORDS, list_pt

# GET /api/data/projects/<p>/<listing>: the model listed, filtered on the project.
PROJECT_LISTINGS = ("assets", "shots", "sequences", "episodes", "scenes", "edits", "tasks", "comments",
                    "entity-links")
CREATABLE_KINDS = ("shots", "sequences", "episodes", "scenes", "edits")
SETTINGS = ("task-types", "task-status", "asset-types")


class ProjectRoutes:
    @http("GET", "/api/data/projects/open")
    @route(shapes)
    @document("Open projects of the workspace", response=RECORDS)
    def zou_open_projects(self, call):
        return call.rpc(PT, "list_open_projects", False)

    @http("GET", "/api/data/user/projects/open")
    @route(shapes)
    @document("Open projects whose team the caller is in", response=RECORDS)
    def zou_user_open_projects(self, call):
        return call.rpc(PT, "list_open_projects", True)

    @http("GET", "/api/data/projects/<string:project_id>/<string:listing>")
    @route(shapes)
    @document("A project's entities, tasks, comments, entity links, task types or asset types",
              response=RECORD_PAGE, errors=(404,))
    def zou_project_listing(self, call, project_id, listing):
        if listing == "task-types":  # Zou: the task types of the project's settings
            return call.rpc(PT, "list_project_setting", parse_uuid(project_id), "task-types")
        if listing == "asset-types":  # Zou: the asset types the project's assets use
            return call.rpc(PT, "list_project_asset_types", parse_uuid(project_id))
        if listing not in PROJECT_LISTINGS:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return list_pt(call, listing, {"project_id": parse_uuid(project_id)})

    @http("POST", "/api/data/projects/<string:project_id>/<string:kind>")
    @route(shapes)
    @document("Create a shot, sequence, episode, scene or edit in a project, or add a person to its team",
              status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_create_project_entity(self, call, project_id, kind):
        if kind == "team":
            body = call.json()
            person_id = body.get("person_id") if isinstance(body, dict) else None
            return Reply(call.rpc(PT, "add_team_member", parse_uuid(project_id), parse_uuid(person_id),
                                  body.get("role")), status=201)
        if kind not in CREATABLE_KINDS:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return Reply(call.rpc(PT, "create_entity", kind, parse_uuid(project_id), call.json()), status=201)

    @http("DELETE", "/api/data/projects/<string:project_id>/team/<string:person_id>")
    @route(shapes)
    @document("Remove a person from a project's team", status=204, errors=(403, 404))
    def zou_remove_team_member(self, call, project_id, person_id):
        call.rpc(PT, "remove_team_member", parse_uuid(project_id), parse_uuid(person_id))
        return Reply("", status=204)

    @http("GET", "/api/data/projects/<string:project_id>/asset-types/<string:asset_type_id>/assets")
    @route(shapes)
    @document("A project's assets of one asset type", response=RECORD_PAGE, errors=(404,))
    def zou_project_assets_of_type(self, call, project_id, asset_type_id):
        return list_pt(call, "assets", {"project_id": parse_uuid(project_id),
                                        "entity_type_id": parse_uuid(asset_type_id)})

    @http("POST", "/api/data/projects/<string:project_id>/asset-types/<string:asset_type_id>/assets/new")
    @route(shapes)
    @document("Create an asset of an asset type in a project", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_new_asset(self, call, project_id, asset_type_id):
        return Reply(call.rpc(PT, "create_entity", "assets", parse_uuid(project_id), call.json(),
                              parse_uuid(asset_type_id)), status=201)

    @http("GET", "/api/data/projects/<string:project_id>/settings/<string:setting>")
    @route(shapes)
    @document("Task types, task statuses or asset types set on a project", response=RECORDS, errors=(404,))
    def zou_project_settings(self, call, project_id, setting):
        if setting not in SETTINGS:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return call.rpc(PT, "list_project_setting", parse_uuid(project_id), setting)

    @http("POST", "/api/data/projects/<string:project_id>/settings/<string:setting>")
    @route(shapes)
    @document("Add a task type, task status or asset type to a project", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_add_project_setting(self, call, project_id, setting):
        if setting not in SETTINGS:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return Reply(call.rpc(PT, "add_project_setting", parse_uuid(project_id), setting, call.json()), status=201)

    @http("DELETE", "/api/data/projects/<string:project_id>/settings/<string:setting>/<string:target_id>")
    @route(shapes)
    @document("Remove a task type, task status or asset type from a project", status=204, errors=(403, 404))
    def zou_remove_project_setting(self, call, project_id, setting, target_id):
        if setting not in SETTINGS:
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        call.rpc(PT, "remove_project_setting", parse_uuid(project_id), setting, parse_uuid(target_id))
        return Reply("", status=204)

    @http("GET", "/api/data/<string:kind>/all")
    @route(shapes)
    @document("All assets (or shots, sequences, ...) of the workspace, filtered", response=RECORD_PAGE,
              errors=(400, 404))
    def zou_all_entities_of_kind(self, call, kind):
        if kind not in ("assets", "shots", "sequences", "episodes", "scenes", "edits"):
            raise NotFound(shapes.ROUTE_NOT_FOUND)
        return list_pt(call, kind)
