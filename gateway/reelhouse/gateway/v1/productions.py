"""/v1 production routes: video series (and their legacy "projects" names),
productions, briefs, shots (``descriptions``), revisions, deliverables, actions.

Every route is one RPC to production_tracking, which finds, authorizes and
validates; the URL's parent IDs travel as ``context`` (scope and permission
context), so a payload never needs an ID the URL already gives.
"""

from nameko.web.handlers import http

from reelhouse.shared import ids
from reelhouse.shared.errors import MalformedId, ValidationFailed
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document, same_as
from . import production_schemas as s
from . import production_shapes as ps
from . import shapes
from .schemas import PageQuerySchema, SuccessSchema, data, page

SERVICE = "production_tracking"
W = "/v1/workspaces/<string:workspace_id>"
S = "<string:series_id>"

SERIES_INCLUDES = "created_by, example_video, template, workspace, assets, productions, collaborators"
PRODUCTION_INCLUDES = ("brief, briefs, created_by, project, template, workspace, assets, descriptions, "
                       "collaborators, snapshots, revisions, deliverables")
BRIEF_INCLUDES, SHOT_INCLUDES = "production", "assets, production"
REVISION_INCLUDES = "created_by, production, workspace, assets"
DELIVERABLE_INCLUDES = "created_by, reviewed_by, production, revision, assets"
ACTION_INCLUDES = "actionable, user, workspace"

SERIES_SCOPES = {"published": ("published", bool), "user": ("user", "usr"), "workspace": ("workspace", "wrk")}
PRODUCTION_SCOPES = {"allowsPublicUpload": ("allowsPublicUpload", bool), "asset": ("asset", "ast"),
                     "project": ("project", "vds"), "projectNull": ("projectNull", bool),
                     "projectUser": ("projectUser", "usr"), "user": ("user", "usr"),
                     "workspace": ("workspace", "wrk")}
BRIEF_SCOPES = {"user": ("user", "usr"), "workspace": ("workspace", "wrk")}
SHOT_SCOPES = {"asset": ("asset", "ast"), "production": ("production", "prd"), "workspace": ("workspace", "wrk")}
REVISION_SCOPES = {"production": ("production", "prd"), "user": ("user", "usr"), "workspace": ("workspace", "wrk")}
DELIVERABLE_SCOPES = {"production": ("production", "prd"), "workspace": ("workspace", "wrk")}
ACTION_SCOPES = {"user": ("user", "usr"), "workspace": ("workspace", "wrk")}

SERIES_LIST = s.list_query("VideoSeries", SERIES_INCLUDES, "published:true|false, user:<usr_>, workspace:<wrk_>",
                           ["created_at", "updated_at", "title"])
PRODUCTION_LIST = s.list_query(
    "Production", PRODUCTION_INCLUDES, "allowsPublicUpload:true|false, asset:<ast_>, project:<vds_>, "
    "projectNull:true|false, projectUser:<usr_>, user:<usr_>, workspace:<wrk_>",
    ["created_at", "updated_at", "title", "goal_date", "status"])
BRIEF_LIST = s.list_query("Brief", BRIEF_INCLUDES, "user:<usr_>, workspace:<wrk_>", ["created_at", "updated_at"])
SHOT_LIST = s.list_query("Description", SHOT_INCLUDES, "asset:<ast_>, production:<prd_>, workspace:<wrk_>",
                         ["position", "created_at", "updated_at"])
REVISION_LIST = s.list_query("Revision", REVISION_INCLUDES, "production:<prd_>, user:<usr_>, workspace:<wrk_>",
                             ["created_at", "updated_at"])
DELIVERABLE_LIST = s.list_query("Deliverable", DELIVERABLE_INCLUDES, "production:<prd_>, workspace:<wrk_>",
                                ["created_at", "updated_at", "status"])
ACTION_LIST = s.list_query("Action", ACTION_INCLUDES, "user:<usr_>, workspace:<wrk_>", ["created_at"])

# Reference fields of payloads and their ID prefixes.
SERIES_REFS = {"workspace_id": "wrk", "template_id": "tmp", "example_video_id": "ast"}
PRODUCTION_REFS = {"workspace_id": "wrk", "production_id": "prd", "project_id": "vds", "template_id": "tmp"}
SHOT_REFS = {"production_id": "prd"}
DELIVERABLE_REFS = {"workspace_id": "wrk", "production_id": "prd", "revision_id": "rvs", "reviewed_by_id": "usr"}


def series_id_of(value, field=None):
    """A video series ID: ``vds_``, or the legacy ``prj_`` spelling of the same UUID."""
    if isinstance(value, str) and value.startswith(ps.LEGACY_SERIES_PREFIX + "_"):
        return shapes.decode_id(ps.LEGACY_SERIES_PREFIX, value, field)
    return shapes.decode_id("vds", value, field)


def context_of(workspace_id=None, series_id=None, production_id=None, user_id=None):
    context = {}
    if workspace_id is not None:
        context["workspace_id"] = shapes.decode_id("wrk", workspace_id)
    if series_id is not None:
        context["series_id"] = series_id_of(series_id)
    if production_id is not None:
        context["production_id"] = shapes.decode_id("prd", production_id)
    if user_id is not None:
        context["user_id"] = shapes.decode_id("usr", user_id)
    return context


def decode_refs(data, prefixes):
    """Prefixed reference IDs of a payload as UUIDs (a series accepts prj_ too); every bad one reported."""
    data = dict(data)
    if isinstance(data.get("project_id"), str) and data["project_id"].startswith(ps.LEGACY_SERIES_PREFIX + "_"):
        try:
            data["project_id"] = ids.to_prefixed("vds", ids.from_prefixed(ps.LEGACY_SERIES_PREFIX,
                                                                          data["project_id"]))
        except MalformedId as error:
            raise ValidationFailed(details={"project_id": [str(error)]}) from None
    return shapes.decode_fields(data, prefixes)


def list_of(call, kind, context, scopes):
    page = page_from(call.args.get("page"), call.args.get("limit"))
    filters = shapes.scopes(call, scopes)
    result = call.rpc(SERVICE, "list_v1_records", kind, context, filters, page.number, page.limit,
                      shapes.list_options(call))
    return shapes.collection(ps.record(result["items"], call.caller), page, result["total"], call)


def one_of(call, kind, record_id, context):
    record = call.rpc(SERVICE, "get_v1_record", kind, record_id, context, shapes.includes(call))
    return {"data": ps.record(record, call.caller)}


def create_in(call, kind, context, refs=None):
    payload = decode_refs(shapes.request_data(call), refs or {})
    record = call.rpc(SERVICE, "create_v1_record", kind, context, payload)
    return Reply({"data": ps.record(record, call.caller)}, status=201)


def update_in(call, kind, record_id, context, refs=None):
    payload = decode_refs(shapes.request_data(call), refs or {})
    record = call.rpc(SERVICE, "update_v1_record", kind, record_id, context, payload)
    return {"data": ps.record(record, call.caller)}


def delete_in(call, kind, record_id, context):
    call.rpc(SERVICE, "delete_v1_record", kind, record_id, context)
    return shapes.success()


class VideoSeriesRoutes:
    """Canonical: /v1/video-series. The seed's /v1/projects names are served as aliases."""

    @http("GET", "/v1/video-series")
    @route(shapes)
    @document("List video series (administrators: all; members: their workspaces')", query=SERIES_LIST,
              response=page(s.VideoSeriesSchema))
    def list_video_series(self, call):
        return list_of(call, "video_series", {}, SERIES_SCOPES)

    @http("GET", f"{W}/video-series")
    @route(shapes)
    @document("List a workspace's video series", query=SERIES_LIST, response=page(s.VideoSeriesSchema))
    def list_workspace_video_series(self, call, workspace_id):
        return list_of(call, "video_series", context_of(workspace_id), SERIES_SCOPES)

    @http("GET", f"/v1/video-series/{S}")
    @route(shapes)
    @document("Get a video series", query=s.get_query("VideoSeries", SERIES_INCLUDES),
              response=data(s.VideoSeriesSchema))
    def get_video_series(self, call, series_id):
        return one_of(call, "video_series", series_id_of(series_id), {})

    @http("GET", f"{W}/video-series/{S}")
    @route(shapes)
    @document("Get a video series of a workspace", query=s.get_query("VideoSeries", SERIES_INCLUDES),
              response=data(s.VideoSeriesSchema))
    def get_workspace_video_series(self, call, workspace_id, series_id):
        return one_of(call, "video_series", series_id_of(series_id), context_of(workspace_id))

    @http("POST", "/v1/video-series")
    @route(shapes)
    @document("Create a video series (workspace_id in the body)", status=201,
              body=data(s.CreateVideoSeriesSchema), response=data(s.VideoSeriesSchema), errors=(403,))
    def create_video_series(self, call):
        return create_in(call, "video_series", {}, SERIES_REFS)

    @http("POST", f"{W}/video-series")
    @route(shapes)
    @document("Create a video series in a workspace", status=201, body=data(s.CreateVideoSeriesSchema),
              response=data(s.VideoSeriesSchema), errors=(403,))
    def create_workspace_video_series(self, call, workspace_id):
        return create_in(call, "video_series", context_of(workspace_id), SERIES_REFS)

    @http("PUT", f"/v1/video-series/{S}")
    @route(shapes)
    @document("Update a video series", body=data(s.UpdateVideoSeriesSchema), response=data(s.VideoSeriesSchema),
              errors=(403,))
    def update_video_series(self, call, series_id):
        return update_in(call, "video_series", series_id_of(series_id), {}, SERIES_REFS)

    @http("PUT", f"{W}/video-series/{S}")
    @route(shapes)
    @document("Update a video series of a workspace", body=data(s.UpdateVideoSeriesSchema),
              response=data(s.VideoSeriesSchema), errors=(403,))
    def update_workspace_video_series(self, call, workspace_id, series_id):
        return update_in(call, "video_series", series_id_of(series_id), context_of(workspace_id), SERIES_REFS)

    @http("DELETE", f"/v1/video-series/{S}")
    @route(shapes)
    @document("Delete a video series (409 while it holds productions)", response=SuccessSchema, errors=(403, 409))
    def delete_video_series(self, call, series_id):
        return delete_in(call, "video_series", series_id_of(series_id), {})

    @http("DELETE", f"{W}/video-series/{S}")
    @route(shapes)
    @document("Delete a video series of a workspace (409 while it holds productions)", response=SuccessSchema,
              errors=(403, 409))
    def delete_workspace_video_series(self, call, workspace_id, series_id):
        return delete_in(call, "video_series", series_id_of(series_id), context_of(workspace_id))

    # -- the seed's "Projects": same records, prj_ or vds_ IDs accepted -------------------------

    @http("GET", "/v1/projects")
    @same_as(list_video_series, deprecated=True, description="Legacy name of GET /v1/video-series.")
    def list_projects_alias(self, request):
        return self.list_video_series(request)

    @http("GET", f"{W}/projects")
    @same_as(list_workspace_video_series, deprecated=True,
             description="Legacy name of GET /v1/workspaces/{workspace_id}/video-series.")
    def list_workspace_projects_alias(self, request, workspace_id):
        return self.list_workspace_video_series(request, workspace_id=workspace_id)

    @http("GET", f"/v1/projects/{S}")
    @same_as(get_video_series, deprecated=True, description="Legacy name of GET /v1/video-series/{series_id}.")
    def get_project_alias(self, request, series_id):
        return self.get_video_series(request, series_id=series_id)

    @http("GET", f"{W}/projects/{S}")
    @same_as(get_workspace_video_series, deprecated=True, description="Legacy name of the video-series route.")
    def get_workspace_project_alias(self, request, workspace_id, series_id):
        return self.get_workspace_video_series(request, workspace_id=workspace_id, series_id=series_id)

    @http("POST", "/v1/projects")
    @same_as(create_video_series, deprecated=True, description="Legacy name of POST /v1/video-series.")
    def create_project_alias(self, request):
        return self.create_video_series(request)

    @http("POST", f"{W}/projects")
    @same_as(create_workspace_video_series, deprecated=True, description="Legacy name of the video-series route.")
    def create_workspace_project_alias(self, request, workspace_id):
        return self.create_workspace_video_series(request, workspace_id=workspace_id)

    @http("PUT", f"/v1/projects/{S}")
    @same_as(update_video_series, deprecated=True, description="Legacy name of PUT /v1/video-series/{series_id}.")
    def update_project_alias(self, request, series_id):
        return self.update_video_series(request, series_id=series_id)

    @http("PUT", f"{W}/projects/{S}")
    @same_as(update_workspace_video_series, deprecated=True, description="Legacy name of the video-series route.")
    def update_workspace_project_alias(self, request, workspace_id, series_id):
        return self.update_workspace_video_series(request, workspace_id=workspace_id, series_id=series_id)

    @http("DELETE", f"/v1/projects/{S}")
    @same_as(delete_video_series, deprecated=True, description="Legacy name of DELETE /v1/video-series/{series_id}.")
    def delete_project_alias(self, request, series_id):
        return self.delete_video_series(request, series_id=series_id)

    @http("DELETE", f"{W}/projects/{S}")
    @same_as(delete_workspace_video_series, deprecated=True, description="Legacy name of the video-series route.")
    def delete_workspace_project_alias(self, request, workspace_id, series_id):
        return self.delete_workspace_video_series(request, workspace_id=workspace_id, series_id=series_id)


P = "<string:production_id>"
PRODUCTION_GET = s.get_query("Production", PRODUCTION_INCLUDES)


class ProductionRoutes:
    @http("GET", "/v1/productions")
    @route(shapes)
    @document("List productions (administrators: all; members: their workspaces')", query=PRODUCTION_LIST,
              response=page(s.ProductionSchema))
    def list_productions(self, call):
        return list_of(call, "production", {}, PRODUCTION_SCOPES)

    @http("GET", f"{W}/productions")
    @route(shapes)
    @document("List a workspace's productions", query=PRODUCTION_LIST, response=page(s.ProductionSchema))
    def list_workspace_productions(self, call, workspace_id):
        return list_of(call, "production", context_of(workspace_id), PRODUCTION_SCOPES)

    @http("GET", f"{W}/video-series/{S}/productions")
    @route(shapes)
    @document("List the productions of a video series", query=PRODUCTION_LIST, response=page(s.ProductionSchema))
    def list_series_productions(self, call, workspace_id, series_id):
        return list_of(call, "production", context_of(workspace_id, series_id), PRODUCTION_SCOPES)

    @http("GET", f"/v1/productions/{P}")
    @route(shapes)
    @document("Get a production", query=PRODUCTION_GET, response=data(s.ProductionSchema))
    def get_production(self, call, production_id):
        return one_of(call, "production", shapes.decode_id("prd", production_id), {})

    @http("GET", f"/v1/public/productions/{P}")
    @route(shapes, auth="none")
    @document("Get a production that allows public uploads (no token)", auth="none",
              response=data(s.ProductionSchema))
    def get_public_production(self, call, production_id):
        record = call.rpc(SERVICE, "get_public_production", shapes.decode_id("prd", production_id))
        return {"data": ps.record(record, call.caller)}

    @http("GET", f"{W}/productions/{P}")
    @route(shapes)
    @document("Get a production of a workspace", query=PRODUCTION_GET, response=data(s.ProductionSchema))
    def get_workspace_production(self, call, workspace_id, production_id):
        return one_of(call, "production", shapes.decode_id("prd", production_id), context_of(workspace_id))

    @http("GET", f"{W}/video-series/{S}/productions/{P}")
    @route(shapes)
    @document("Get a production of a video series", query=PRODUCTION_GET, response=data(s.ProductionSchema))
    def get_series_production(self, call, workspace_id, series_id, production_id):
        return one_of(call, "production", shapes.decode_id("prd", production_id),
                      context_of(workspace_id, series_id))

    @http("POST", "/v1/productions")
    @route(shapes)
    @document("Create a production (workspace_id in the body): plain, from a template, or a clone",
              status=201, body=data(s.CreateProductionSchema), response=data(s.ProductionSchema), errors=(403,))
    def create_production(self, call):
        return create_in(call, "production", {}, PRODUCTION_REFS)

    @http("POST", f"{W}/productions")
    @route(shapes)
    @document("Create a production in a workspace: plain, from a template, or a clone", status=201,
              body=data(s.CreateProductionSchema), response=data(s.ProductionSchema), errors=(403,))
    def create_workspace_production(self, call, workspace_id):
        return create_in(call, "production", context_of(workspace_id), PRODUCTION_REFS)

    @http("POST", f"{W}/video-series/{S}/productions")
    @route(shapes)
    @document("Create a production in a video series", status=201, body=data(s.CreateProductionSchema),
              response=data(s.ProductionSchema), errors=(403,))
    def create_series_production(self, call, workspace_id, series_id):
        return create_in(call, "production", context_of(workspace_id, series_id), PRODUCTION_REFS)

    @http("PUT", f"/v1/productions/{P}")
    @route(shapes)
    @document("Update a production (status: administrators)", body=data(s.UpdateProductionSchema),
              response=data(s.ProductionSchema), errors=(403,))
    def update_production(self, call, production_id):
        return update_in(call, "production", shapes.decode_id("prd", production_id), {}, PRODUCTION_REFS)

    @http("PUT", f"{W}/productions/{P}")
    @route(shapes)
    @document("Update a production of a workspace (status: administrators)", body=data(s.UpdateProductionSchema),
              response=data(s.ProductionSchema), errors=(403,))
    def update_workspace_production(self, call, workspace_id, production_id):
        return update_in(call, "production", shapes.decode_id("prd", production_id), context_of(workspace_id),
                         PRODUCTION_REFS)

    @http("PUT", f"{W}/video-series/{S}/productions/{P}")
    @route(shapes)
    @document("Update a production of a video series", body=data(s.UpdateProductionSchema),
              response=data(s.ProductionSchema), errors=(403,))
    def update_series_production(self, call, workspace_id, series_id, production_id):
        return update_in(call, "production", shapes.decode_id("prd", production_id),
                         context_of(workspace_id, series_id), PRODUCTION_REFS)

    @http("DELETE", f"/v1/productions/{P}")
    @route(shapes)
    @document("Delete a production with its brief, shots, revisions and deliverables", response=SuccessSchema,
              errors=(403,))
    def delete_production(self, call, production_id):
        return delete_in(call, "production", shapes.decode_id("prd", production_id), {})

    @http("DELETE", f"{W}/productions/{P}")
    @route(shapes)
    @document("Delete a production of a workspace", response=SuccessSchema, errors=(403,))
    def delete_workspace_production(self, call, workspace_id, production_id):
        return delete_in(call, "production", shapes.decode_id("prd", production_id), context_of(workspace_id))

    @http("DELETE", f"{W}/video-series/{S}/productions/{P}")
    @route(shapes)
    @document("Delete a production of a video series", response=SuccessSchema, errors=(403,))
    def delete_series_production(self, call, workspace_id, series_id, production_id):
        return delete_in(call, "production", shapes.decode_id("prd", production_id),
                         context_of(workspace_id, series_id))


WP = f"{W}/productions/{P}"


class BriefRoutes:
    @http("GET", f"{WP}/briefs")
    @route(shapes)
    @document("List a production's briefs (the latest is the production's brief)", query=BRIEF_LIST,
              response=page(s.BriefSchema))
    def list_briefs(self, call, workspace_id, production_id):
        return list_of(call, "brief", context_of(workspace_id, production_id=production_id), BRIEF_SCOPES)

    @http("GET", f"{WP}/briefs/<string:brief_id>")
    @route(shapes)
    @document("Get a brief", query=s.get_query("Brief", BRIEF_INCLUDES), response=data(s.BriefSchema))
    def get_brief(self, call, workspace_id, production_id, brief_id):
        return one_of(call, "brief", shapes.decode_id("brf", brief_id),
                      context_of(workspace_id, production_id=production_id))

    @http("POST", f"{WP}/briefs")
    @route(shapes)
    @document("Write a production's brief", status=201, body=data(s.BriefInputSchema), response=data(s.BriefSchema),
              errors=(403,))
    def create_brief(self, call, workspace_id, production_id):
        return create_in(call, "brief", context_of(workspace_id, production_id=production_id))

    @http("PUT", f"{WP}/briefs/<string:brief_id>")
    @route(shapes)
    @document("Update a brief (meta merges one level deep)", body=data(s.BriefInputSchema),
              response=data(s.BriefSchema), errors=(403,))
    def update_brief(self, call, workspace_id, production_id, brief_id):
        return update_in(call, "brief", shapes.decode_id("brf", brief_id),
                         context_of(workspace_id, production_id=production_id))

    @http("DELETE", f"{WP}/briefs/<string:brief_id>")
    @route(shapes)
    @document("Delete a brief", response=SuccessSchema, errors=(403,))
    def delete_brief(self, call, workspace_id, production_id, brief_id):
        return delete_in(call, "brief", shapes.decode_id("brf", brief_id),
                         context_of(workspace_id, production_id=production_id))


D = "<string:description_id>"


class DescriptionRoutes:
    @http("GET", f"{WP}/descriptions")
    @route(shapes)
    @document("List a production's shots, in shot-list order", query=SHOT_LIST, response=page(s.DescriptionSchema))
    def list_descriptions(self, call, workspace_id, production_id):
        return list_of(call, "description", context_of(workspace_id, production_id=production_id), SHOT_SCOPES)

    @http("GET", f"/v1/public/workspaces/<string:workspace_id>/productions/{P}/descriptions")
    @route(shapes, auth="none")
    @document("List the shots of a production that shares its shot list, while in planning (no token)",
              auth="none", query=PageQuerySchema, response=page(s.DescriptionSchema))
    def list_public_descriptions(self, call, workspace_id, production_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc(SERVICE, "list_public_shots", shapes.decode_id("wrk", workspace_id),
                          shapes.decode_id("prd", production_id), page.number, page.limit)
        return shapes.collection(ps.record(result["items"], call.caller), page, result["total"], call)

    @http("GET", f"{WP}/descriptions/{D}")
    @route(shapes)
    @document("Get a shot", query=s.get_query("Description", SHOT_INCLUDES), response=data(s.DescriptionSchema))
    def get_description(self, call, workspace_id, production_id, description_id):
        return one_of(call, "description", shapes.decode_id("dsc", description_id),
                      context_of(workspace_id, production_id=production_id))

    @http("POST", f"{WP}/descriptions")
    @route(shapes)
    @document("Add a shot (at position, default last; later shots move down)", status=201,
              body=data(s.CreateDescriptionSchema), response=data(s.DescriptionSchema), errors=(403,))
    def create_description(self, call, workspace_id, production_id):
        return create_in(call, "description", context_of(workspace_id, production_id=production_id), SHOT_REFS)

    @http("PUT", f"{WP}/descriptions/{D}")
    @route(shapes)
    @document("Update or move a shot", body=data(s.UpdateDescriptionSchema), response=data(s.DescriptionSchema),
              errors=(403,))
    def update_description(self, call, workspace_id, production_id, description_id):
        return update_in(call, "description", shapes.decode_id("dsc", description_id),
                         context_of(workspace_id, production_id=production_id))

    @http("DELETE", f"{WP}/descriptions/{D}")
    @route(shapes)
    @document("Delete a shot (later shots move up)", response=SuccessSchema, errors=(403,))
    def delete_description(self, call, workspace_id, production_id, description_id):
        return delete_in(call, "description", shapes.decode_id("dsc", description_id),
                         context_of(workspace_id, production_id=production_id))

    @http("PUT", f"{W}/assets/<string:asset_id>/descriptions/{D}/attach")
    @route(shapes)
    @document("Attach an asset of the workspace to a shot", response=SuccessSchema, errors=(403,))
    def attach_description_asset(self, call, workspace_id, asset_id, description_id):
        call.rpc(SERVICE, "attach_shot_asset", shapes.decode_id("wrk", workspace_id),
                 shapes.decode_id("ast", asset_id), shapes.decode_id("dsc", description_id))
        return shapes.success()

    @http("DELETE", f"{W}/assets/<string:asset_id>/descriptions/{D}/detach")
    @route(shapes)
    @document("Detach an asset from a shot", response=SuccessSchema, errors=(403, 409))
    def detach_description_asset(self, call, workspace_id, asset_id, description_id):
        call.rpc(SERVICE, "detach_shot_asset", shapes.decode_id("wrk", workspace_id),
                 shapes.decode_id("ast", asset_id), shapes.decode_id("dsc", description_id))
        return shapes.success()


R = "<string:revision_id>"


class RevisionRoutes:
    @http("GET", f"{WP}/revisions")
    @route(shapes)
    @document("List a production's revisions", query=REVISION_LIST, response=page(s.RevisionSchema))
    def list_revisions(self, call, workspace_id, production_id):
        return list_of(call, "revision", context_of(workspace_id, production_id=production_id), REVISION_SCOPES)

    @http("GET", f"{WP}/revisions/{R}")
    @route(shapes)
    @document("Get a revision", query=s.get_query("Revision", REVISION_INCLUDES), response=data(s.RevisionSchema))
    def get_revision(self, call, workspace_id, production_id, revision_id):
        return one_of(call, "revision", shapes.decode_id("rvs", revision_id),
                      context_of(workspace_id, production_id=production_id))

    @http("POST", f"{WP}/revisions")
    @route(shapes)
    @document("Open a revision", status=201, body=data(s.CreateRevisionSchema), response=data(s.RevisionSchema),
              errors=(403,))
    def create_revision(self, call, workspace_id, production_id):
        return create_in(call, "revision", context_of(workspace_id, production_id=production_id))

    @http("PUT", f"{WP}/revisions/{R}")
    @route(shapes)
    @document("Update a revision; is_open closes or reopens it", body=data(s.UpdateRevisionSchema),
              response=data(s.RevisionSchema), errors=(403,))
    def update_revision(self, call, workspace_id, production_id, revision_id):
        return update_in(call, "revision", shapes.decode_id("rvs", revision_id),
                         context_of(workspace_id, production_id=production_id))


DV = "<string:deliverable_id>"
DELIVERABLE_GET = s.get_query("Deliverable", DELIVERABLE_INCLUDES)


class DeliverableRoutes:
    @http("GET", "/v1/deliverables")
    @route(shapes)
    @document("List deliverables (administrators: all; members: their workspaces')", query=DELIVERABLE_LIST,
              response=page(s.DeliverableSchema))
    def list_deliverables(self, call):
        return list_of(call, "deliverable", {}, DELIVERABLE_SCOPES)

    @http("GET", f"{W}/deliverables")
    @route(shapes)
    @document("List a workspace's deliverables", query=DELIVERABLE_LIST, response=page(s.DeliverableSchema))
    def list_workspace_deliverables(self, call, workspace_id):
        return list_of(call, "deliverable", context_of(workspace_id), DELIVERABLE_SCOPES)

    @http("GET", f"/v1/deliverables/{DV}")
    @route(shapes)
    @document("Get a deliverable", query=DELIVERABLE_GET, response=data(s.DeliverableSchema))
    def get_deliverable(self, call, deliverable_id):
        return one_of(call, "deliverable", shapes.decode_id("dlv", deliverable_id), {})

    @http("GET", f"{W}/deliverables/{DV}")
    @route(shapes)
    @document("Get a deliverable of a workspace", query=DELIVERABLE_GET, response=data(s.DeliverableSchema))
    def get_workspace_deliverable(self, call, workspace_id, deliverable_id):
        return one_of(call, "deliverable", shapes.decode_id("dlv", deliverable_id), context_of(workspace_id))

    @http("POST", "/v1/deliverables")
    @route(shapes)
    @document("Deliver a cut for a production (staff)", status=201, body=data(s.CreateDeliverableSchema),
              response=data(s.DeliverableSchema), errors=(403,))
    def create_deliverable(self, call):
        return create_in(call, "deliverable", {}, DELIVERABLE_REFS)

    @http("POST", f"{W}/deliverables")
    @route(shapes)
    @document("Deliver a cut for a production of a workspace (staff)", status=201,
              body=data(s.CreateDeliverableSchema), response=data(s.DeliverableSchema), errors=(403,))
    def create_workspace_deliverable(self, call, workspace_id):
        return create_in(call, "deliverable", context_of(workspace_id), DELIVERABLE_REFS)

    @http("PUT", f"/v1/deliverables/{DV}")
    @route(shapes)
    @document("Review (staff) or rate (the producer) a deliverable", body=data(s.UpdateDeliverableSchema),
              response=data(s.DeliverableSchema), errors=(403,))
    def update_deliverable(self, call, deliverable_id):
        return update_in(call, "deliverable", shapes.decode_id("dlv", deliverable_id), {}, DELIVERABLE_REFS)

    @http("PUT", f"{W}/deliverables/{DV}")
    @route(shapes)
    @document("Review (staff) or rate (the producer) a deliverable of a workspace",
              body=data(s.UpdateDeliverableSchema), response=data(s.DeliverableSchema), errors=(403,))
    def update_workspace_deliverable(self, call, workspace_id, deliverable_id):
        return update_in(call, "deliverable", shapes.decode_id("dlv", deliverable_id), context_of(workspace_id),
                         DELIVERABLE_REFS)

    @http("DELETE", f"/v1/deliverables/{DV}")
    @route(shapes)
    @document("Delete a deliverable (staff)", response=SuccessSchema, errors=(403,))
    def delete_deliverable(self, call, deliverable_id):
        return delete_in(call, "deliverable", shapes.decode_id("dlv", deliverable_id), {})

    @http("DELETE", f"{W}/deliverables/{DV}")
    @route(shapes)
    @document("Delete a deliverable of a workspace (staff)", response=SuccessSchema, errors=(403,))
    def delete_workspace_deliverable(self, call, workspace_id, deliverable_id):
        return delete_in(call, "deliverable", shapes.decode_id("dlv", deliverable_id), context_of(workspace_id))


class ActionRoutes:
    @http("GET", "/v1/actions")
    @route(shapes)
    @document("The activity log, newest first (administrators: all; members: their workspaces')",
              query=ACTION_LIST, response=page(s.ActionSchema))
    def list_actions(self, call):
        return list_of(call, "action", {}, ACTION_SCOPES)

    @http("GET", "/v1/users/<string:user_id>/actions")
    @route(shapes)
    @document("A user's actions, in the caller's workspaces", query=ACTION_LIST, response=page(s.ActionSchema))
    def list_user_actions(self, call, user_id):
        return list_of(call, "action", context_of(user_id=user_id), ACTION_SCOPES)

    @http("GET", f"{W}/actions")
    @route(shapes)
    @document("A workspace's activity log, newest first", query=ACTION_LIST, response=page(s.ActionSchema))
    def list_workspace_actions(self, call, workspace_id):
        return list_of(call, "action", context_of(workspace_id), ACTION_SCOPES)

    @http("GET", "/v1/workspace/<string:workspace_id>/actions")
    @same_as(list_workspace_actions, deprecated=True,
             description="The spec's singular spelling of GET /v1/workspaces/{workspace_id}/actions.")
    def list_workspace_actions_singular(self, request, workspace_id):
        return self.list_workspace_actions(request, workspace_id=workspace_id)
