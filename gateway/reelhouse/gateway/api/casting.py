"""/api casting routes: what an entity casts, and entity links of a project."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORDS


class CastingRoutes:
    @http("GET", "/api/data/projects/<string:project_id>/entities/<string:entity_id>/casting")
    @route(shapes)
    @document("What an entity casts (assets and occurrences)", response=RECORDS, errors=(404,))
    def zou_get_casting(self, call, project_id, entity_id):
        return call.rpc(PT, "get_casting", parse_uuid(project_id), parse_uuid(entity_id))

    @http("PUT", "/api/data/projects/<string:project_id>/entities/<string:entity_id>/casting")
    @route(shapes)
    @document("Replace what an entity casts", body=RECORDS, response=RECORDS, errors=(400, 403, 404))
    def zou_update_casting(self, call, project_id, entity_id):
        return call.rpc(PT, "update_casting", parse_uuid(project_id), parse_uuid(entity_id), call.json())

    @http("DELETE", "/api/data/projects/<string:project_id>/entity-links/<string:link_id>")
    @route(shapes)
    @document("Delete an entity link of a project", status=204, errors=(403, 404))
    def zou_delete_project_entity_link(self, call, project_id, link_id):
        call.rpc(PT, "delete_project_entity_link", parse_uuid(project_id), parse_uuid(link_id))
        return Reply("", status=204)

    @http("GET", "/api/data/assets/<string:asset_id>/casting")
    @route(shapes)
    @document("What an asset casts (other assets)", response=RECORDS, errors=(404,))
    def zou_get_asset_casting(self, call, asset_id):
        return call.rpc(PT, "get_casting", None, parse_uuid(asset_id))

    @http("PUT", "/api/data/assets/<string:asset_id>/casting")
    @route(shapes)
    @document("Replace what an asset casts", body=RECORDS, response=RECORDS, errors=(400, 403, 404))
    def zou_update_asset_casting(self, call, asset_id):
        return call.rpc(PT, "update_casting", None, parse_uuid(asset_id), call.json())

    @http("POST", "/api/actions/projects/<string:project_id>/assets/share")
    @route(shapes)
    @document("Share or unshare all (or the listed) assets of a project", body=RECORD, response=RECORDS,
              errors=(400, 403, 404))
    def zou_share_project_assets(self, call, project_id):
        return call.rpc(PT, "share_assets", parse_uuid(project_id), call.json(required=False))

    @http("POST", "/api/actions/projects/<string:project_id>/asset-types/<string:asset_type_id>/assets/share")
    @route(shapes)
    @document("Share or unshare the assets of one asset type of a project", body=RECORD, response=RECORDS,
              errors=(400, 403, 404))
    def zou_share_project_asset_type_assets(self, call, project_id, asset_type_id):
        return call.rpc(PT, "share_assets", parse_uuid(project_id), call.json(required=False),
                        parse_uuid(asset_type_id))
