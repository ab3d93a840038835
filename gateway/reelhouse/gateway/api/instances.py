"""/api routes for asset instances (in assets, in layout scenes, used by shots)
and a project's team as persons. The instance records themselves are also
served by the generic /api/data/asset-instances routes."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD

# Zou groups these listings by asset id (or shot / scene id): {id: [instance, ...]}.
GROUPED = {"type": "object", "additionalProperties": {"type": "array", "items": RECORD}}
NEW_ASSET_INSTANCE = {"type": "object", "required": ["asset_to_instantiate_id"], "properties": {
    "asset_to_instantiate_id": {"type": "string", "format": "uuid"},
    "description": {"type": ["string", "null"], "maxLength": 200}}}
NEW_SCENE_INSTANCE = {"type": "object", "required": ["asset_id"], "properties": {
    "asset_id": {"type": "string", "format": "uuid"}, "description": {"type": ["string", "null"], "maxLength": 200}}}
SHOT_INSTANCE = {"type": "object", "required": ["asset_instance_id"],
                 "properties": {"asset_instance_id": {"type": "string", "format": "uuid"}}}
TEAM_ROLE = {"type": "object", "required": ["role"], "properties": {
    "role": {"type": ["string", "null"], "enum": ["user", "supervisor", "manager", "client", "vendor", None]}}}
TEAM_LINK = {"type": "object", "properties": {"project_id": {"type": "string"}, "person_id": {"type": "string"},
                                              "role": {"type": ["string", "null"]}}}
PERSONS = {"type": "array", "items": {"type": "object", "additionalProperties": True}}


# GET /api/data/<collection>/<id>/<child>: the grouped listing (production_tracking's name) answering it.
GROUPED_LISTINGS = {
    ("assets", "asset-asset-instances"): "asset-asset-instances",  # instances inside the asset, by asset
    ("assets", "shot-asset-instances"): "shot-asset-instances",  # the asset's instances in shots, by shot
    ("assets", "scene-asset-instances"): "scene-asset-instances",  # the asset's instances in scenes, by scene
    ("scenes", "asset-instances"): "scene-instances",  # a scene's instances, by asset
    ("scenes", "camera-instances"): "scene-camera-instances",  # those of "Camera" assets, by asset
    ("shots", "asset-instances"): "shot-instances",  # the instances a shot uses, by asset
}


class AssetInstanceRoutes:
    # mounted on every path of GROUPED_LISTINGS, below the class
    @route(shapes)
    @document("Asset instances of an asset, scene or shot, grouped by asset (or by shot or scene)",
              response=GROUPED, errors=(400, 404))
    def zou_grouped_asset_instances(self, call, owner_id):
        collection, child = call.request.path.rstrip("/").split("/")[3::2]  # /api/data/<c>/<id>/<child>
        return call.rpc(PT, "list_grouped_asset_instances", GROUPED_LISTINGS[(collection, child)],
                        parse_uuid(owner_id))

    @http("POST", "/api/data/assets/<string:asset_id>/asset-asset-instances")
    @route(shapes)
    @document("Instantiate an asset inside an asset (numbered after the highest)", status=201,
              body=NEW_ASSET_INSTANCE, response=RECORD, errors=(400, 403, 404))
    def zou_new_asset_asset_instance(self, call, asset_id):
        return Reply(call.rpc(PT, "new_asset_asset_instance", parse_uuid(asset_id), call.json()), status=201)

    @http("POST", "/api/data/scenes/<string:scene_id>/asset-instances")
    @route(shapes)
    @document("Instantiate an asset in a layout scene (numbered after the highest)", status=201,
              body=NEW_SCENE_INSTANCE, response=RECORD, errors=(400, 403, 404))
    def zou_new_scene_asset_instance(self, call, scene_id):
        return Reply(call.rpc(PT, "new_scene_asset_instance", parse_uuid(scene_id), call.json()), status=201)

    @http("POST", "/api/data/shots/<string:shot_id>/asset-instances")
    @route(shapes)
    @document("A shot uses an asset instance; answers the shot", status=201, body=SHOT_INSTANCE, response=RECORD,
              errors=(400, 403, 404))
    def zou_add_asset_instance_to_shot(self, call, shot_id):
        return Reply(call.rpc(PT, "add_asset_instance_to_shot", parse_uuid(shot_id), call.json()), status=201)

    @http("DELETE", "/api/data/shots/<string:shot_id>/asset-instances/<string:asset_instance_id>")
    @route(shapes)
    @document("A shot stops using an asset instance", status=204, errors=(400, 403, 404))
    def zou_remove_asset_instance_from_shot(self, call, shot_id, asset_instance_id):
        call.rpc(PT, "remove_asset_instance_from_shot", parse_uuid(shot_id), parse_uuid(asset_instance_id))
        return Reply("", status=204)


for _collection, _child in GROUPED_LISTINGS:
    http("GET", f"/api/data/{_collection}/<string:owner_id>/{_child}")(AssetInstanceRoutes.zou_grouped_asset_instances)


class TeamRoutes:
    @http("GET", "/api/data/projects/<string:project_id>/team")
    @route(shapes)
    @document("A project's team as persons (each with its project_role)", response=PERSONS, errors=(400, 404))
    def zou_project_team(self, call, project_id):
        members = call.rpc(PT, "list_team", parse_uuid(project_id))
        return [dict(shapes.person(member), project_role=member["project_role"]) for member in members]

    @http("PUT", "/api/data/projects/<string:project_id>/team/<string:person_id>")
    @route(shapes)
    @document("Set a team member's role in this project only (null: their workspace role)", body=TEAM_ROLE,
              response=TEAM_LINK, errors=(400, 403, 404))
    def zou_set_team_member_role(self, call, project_id, person_id):
        return call.rpc(PT, "set_team_member_role", parse_uuid(project_id), parse_uuid(person_id), call.json())
