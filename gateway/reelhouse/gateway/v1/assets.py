"""/v1 asset routes: uploads (presigned S3 URLs) and Candidio assets.

No file byte passes through here: the client PUTs to the bucket with the URLs
an upload gives, then registers the asset; downloads are presigned GET links.
The production-scoped routes (``/v1/workspaces/{w}/productions/{p}/assets``)
take the production from the URL as the asset's parent; the public ones
(``/v1/public/workspaces/{w}/productions/{p}/…``) need no token and answer
only for a production that allows public uploads.
"""

from nameko.web.handlers import http

from reelhouse.shared.errors import AppError, ValidationFailed
from reelhouse.shared.pagination import page_from

from ..http import ASSEMBLY_TIMEOUT_SECONDS, Reply, route
from ..openapi import document, same_as
from . import asset_schemas as wire
from . import shapes
from .schemas import SuccessSchema, data, page
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data

ASSET_PREFIX, UPLOAD_PREFIX = "ast", "upl"
W = "/v1/workspaces/<string:workspace_id>"
P = "<string:production_id>"
PUBLIC_P = "/v1/public/workspaces/<string:workspace_id>/productions/<string:production_id>"
# The spec's uploadable parents: request field / scope name -> (prefix, type the service stores).
UPLOADABLES = {
    "production_id": ("prd", "production"),
    "description_id": ("dsc", "description"),
    "deliverable_id": ("dlv", "deliverable"),
    "revision_id": ("rvs", "revision"),
    "video_series_id": ("vds", "video_series"),
}
UPLOADABLE_SCOPES = {"production": "production_id", "description": "description_id",
                     "deliverable": "deliverable_id", "revision": "revision_id", "videoSeries": "video_series_id"}
INCLUDES = ("created_by", "uploadable", "workspace")
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def scope_error(message):
    return ValidationFailed(details={"scope": [message]})


def parse_scopes(call, workspace_from_url=None):
    """``scope=assetType:video,hasFailedJobs:true,user:usr_…`` -> the service's filters.

    Several scopes are comma-separated (or repeated ``scope`` parameters); an
    argument follows a colon. The spec's optional-ID scopes (``production``…)
    may come bare: "attached to any such parent".
    """
    filters = {}
    if call.args.get("workspace_id"):
        filters["workspace_id"] = decode_id(WORKSPACE_PREFIX, call.args["workspace_id"], "workspace_id")
    for raw in call.args.getlist("scope"):
        for item in filter(None, (part.strip() for part in raw.split(","))):
            name, _, value = item.partition(":")
            if name == "assetType":
                filters["asset_type"] = value  # the service checks the value
            elif name in ("completed", "hasFailedJobs"):
                if value.lower() not in BOOLEANS:
                    raise scope_error(f"{name} takes true or false.")
                filters["completed" if name == "completed" else "has_failed_jobs"] = BOOLEANS[value.lower()]
            elif name == "user":
                filters["user_id"] = decode_id(USER_PREFIX, value, "scope")
            elif name == "workspace":
                filters["workspace_id"] = decode_id(WORKSPACE_PREFIX, value, "scope")
            elif name in UPLOADABLE_SCOPES:
                prefix, kind = UPLOADABLES[UPLOADABLE_SCOPES[name]]
                filters["uploadable_type"] = kind
                if value:
                    filters["uploadable_id"] = decode_id(prefix, value, "scope")
            elif name == "descriptionType":
                raise scope_error("descriptionType is not available until shots exist.")
            else:
                raise scope_error(f"Unknown scope '{name}'.")
    if workspace_from_url is not None:
        if filters.get("workspace_id", workspace_from_url) != workspace_from_url:
            raise scope_error("The workspace differs from the one in the URL.")
        filters["workspace_id"] = workspace_from_url
    return filters


def parse_includes(call):
    names = [part.strip() for raw in call.args.getlist("include") for part in raw.split(",") if part.strip()]
    unknown = sorted(set(names) - set(INCLUDES))
    if unknown:
        raise ValidationFailed(details={"include": [f"Unknown include: {', '.join(unknown)}. "
                                                    f"Allowed: {', '.join(INCLUDES)}."]})
    return set(names)


def asset_payload(data):
    """Map /v1 reference IDs to canonical UUIDs; the service validates the rest."""
    payload = dict(data)
    if isinstance(payload.get("workspace_id"), str):
        payload["workspace_id"] = decode_id(WORKSPACE_PREFIX, payload["workspace_id"], "workspace_id")
    for field, (prefix, _kind) in UPLOADABLES.items():
        if isinstance(payload.get(field), str):
            payload[field] = decode_id(prefix, payload[field], field)
    return payload


def asset_body(record):
    """The spec's asset object: bucket, key, workspace and parent IDs are not shown."""
    return {
        "type": "asset",
        "id": shapes.ids.to_prefixed(ASSET_PREFIX, record["id"]),
        "file_name": record["file_name"],
        "file_type": record["file_type"],
        "mimetype": record["mimetype"],
        "size": record["size"],
        "video_duration": record.get("video_duration"),
        "is_stock": record["is_stock"],
        "is_transcoded": record["is_transcoded"],
        "is_completed_production": record["is_completed_production"],
        "link_download": record["link_download"],
        "link_thumbnail": record.get("link_thumbnail"),
        "link_fullsize": record.get("link_fullsize"),
        "link_preview_mp4": record.get("link_preview_mp4"),
        "link_preview_webm": record.get("link_preview_webm"),
        "created_at": shapes.timestamp(record.get("created_at")),
        "updated_at": shapes.timestamp(record.get("updated_at")),
    }


def upload_body(record):
    body = {
        "type": "upload",
        "id": shapes.ids.to_prefixed(UPLOAD_PREFIX, record["id"]),
        "workspace_id": shapes.ids.to_prefixed(WORKSPACE_PREFIX, record["workspace_id"]),
        "bucket": record["bucket"],
        "object_key": record["object_key"],
        "file_name": record["file_name"],
        "mimetype": record["mimetype"],
        "size": record["size"],
        "multipart": record["multipart"],
        "status": record["status"],
        "expires_at": shapes.timestamp(record.get("expires_at")),
        "created_at": shapes.timestamp(record.get("created_at")),
    }
    if record["multipart"]:
        body.update(part_size=record["part_size"], part_count=record["part_count"])
    for field in ("method", "url", "headers", "parts"):
        if field in record:
            body[field] = record[field]
    return body


def shaped_assets(call, records, includes):
    """Asset bodies plus the requested relations, one RPC per distinct related record."""
    bodies = [asset_body(record) for record in records]
    if not includes:
        return bodies
    related = {"created_by": {}, "workspace": {}}
    for record in records:
        if "created_by" in includes and record.get("created_by"):
            related["created_by"].setdefault(record["created_by"], None)
        if "workspace" in includes:
            related["workspace"].setdefault(record["workspace_id"], None)
    for user_id in related["created_by"]:
        related["created_by"][user_id] = _fetch(lambda u=user_id: shapes.user(call.rpc("identity", "get_user", u)))
    for workspace_id in related["workspace"]:
        related["workspace"][workspace_id] = _fetch(lambda w=workspace_id: shapes.workspace(
            call.rpc("workspace", "get_workspace", w), call.caller))
    for body, record in zip(bodies, records, strict=True):
        # Embedded objects inline, unwrapped, as the spec's only sample shows.
        if "created_by" in includes:
            body["created_by"] = related["created_by"].get(record.get("created_by"))
        if "workspace" in includes:
            body["workspace"] = related["workspace"].get(record["workspace_id"])
        if "uploadable" in includes:
            body["uploadable"] = uploadable_reference(record)
    return bodies


def uploadable_reference(record):
    """The parent as a reference (production_tracking's record: fetch it from its own route)."""
    kind = record.get("uploadable_type")
    prefix = next((prefix for prefix, name in UPLOADABLES.values() if name == kind), None)
    if prefix is None or not record.get("uploadable_id"):
        return None
    return {"type": kind, "id": shapes.ids.to_prefixed(prefix, record["uploadable_id"])}


def production_context(workspace_id, production_id):
    """The URL's workspace and production as the services' UUIDs (400 malformed_id otherwise)."""
    return decode_id(WORKSPACE_PREFIX, workspace_id), decode_id("prd", production_id)


def _fetch(load):
    """A related record, or null when it is gone or not visible to the caller."""
    try:
        return load()
    except AppError as error:
        if error.status in (403, 404):
            return None
        raise


class AssetRoutes:
    # --- uploads: where the client sends the bytes -----------------------------------

    @http("POST", "/v1/uploads")
    @route(shapes)
    @document("Ask for an upload into a workspace (workspace_id in the body)", status=201,
              body=data(wire.CreateUploadSchema), response=data(wire.UploadSchema),
              description="Answers presigned S3 URL(s): PUT the bytes there, then create the asset.")
    def create_media_upload(self, call):
        data = dict(request_data(call))
        workspace_id = data.pop("workspace_id", None)
        if not isinstance(workspace_id, str):
            raise ValidationFailed(details={"workspace_id": ["Missing data for required field."]})
        record = call.rpc("asset", "create_upload", decode_id(WORKSPACE_PREFIX, workspace_id, "workspace_id"), data)
        return Reply({"data": upload_body(record)}, status=201)

    @http("POST", "/v1/workspaces/<string:workspace_id>/uploads")
    @route(shapes)
    @document("Ask for an upload into this workspace", status=201, body=data(wire.CreateUploadSchema),
              response=data(wire.UploadSchema),
              description="Answers presigned S3 URL(s): PUT the bytes there, then create the asset.")
    def create_workspace_media_upload(self, call, workspace_id):
        data = dict(request_data(call))
        if "workspace_id" in data:
            if data.pop("workspace_id") != workspace_id:
                raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
        record = call.rpc("asset", "create_upload", decode_id(WORKSPACE_PREFIX, workspace_id), data)
        return Reply({"data": upload_body(record)}, status=201)

    @http("GET", "/v1/uploads/<string:upload_id>")
    @route(shapes)
    @document("Get an upload (without its URLs)", response=data(wire.UploadSchema))
    def get_media_upload(self, call, upload_id):
        return {"data": upload_body(call.rpc("asset", "get_upload", decode_id(UPLOAD_PREFIX, upload_id)))}

    @http("POST", "/v1/uploads/<string:upload_id>/complete")
    @route(shapes)
    @document("Complete an upload: assemble a multipart upload, verify the object's size",
              body=data(wire.CompleteUploadSchema), response=data(wire.UploadSchema), errors=(409,))
    def complete_media_upload(self, call, upload_id):
        data = request_data(call) if call.json(required=False) is not None else {}
        record = call.rpc("asset", "complete_upload", decode_id(UPLOAD_PREFIX, upload_id), data,
                          timeout=ASSEMBLY_TIMEOUT_SECONDS)
        return {"data": upload_body(record)}

    @http("DELETE", "/v1/uploads/<string:upload_id>")
    @route(shapes)
    @document("Abort an upload: drop its parts or object", response=SuccessSchema, errors=(409,))
    def abort_media_upload(self, call, upload_id):
        call.rpc("asset", "abort_upload", decode_id(UPLOAD_PREFIX, upload_id))
        return shapes.success()

    # --- assets -------------------------------------------------------------------------

    @http("GET", "/v1/assets")
    @route(shapes)
    @document("List assets (admins: all; others: their workspaces')", query=wire.AssetListQuerySchema,
              response=page(wire.AssetSchema))
    def list_media_assets(self, call):
        return self._list_media_assets(call, None)

    @http("GET", "/v1/workspaces/<string:workspace_id>/assets")
    @route(shapes)
    @document("List a workspace's assets", query=wire.AssetListQuerySchema, response=page(wire.AssetSchema))
    def list_workspace_media_assets(self, call, workspace_id):
        return self._list_media_assets(call, decode_id(WORKSPACE_PREFIX, workspace_id))

    @http("POST", "/v1/assets")
    @route(shapes)
    @document("Register an uploaded object as an asset (workspace_id in the body)", status=201,
              query=wire.AssetIncludeQuerySchema, body=data(wire.CreateAssetSchema),
              response=data(wire.AssetSchema), errors=(409,),
              description="The object must exist under the workspace's upload prefix with the declared size.")
    def create_media_asset(self, call):
        record = call.rpc("asset", "create_asset", asset_payload(request_data(call)))
        return Reply({"data": shaped_assets(call, [record], parse_includes(call))[0]}, status=201)

    @http("POST", "/v1/workspaces/<string:workspace_id>/assets")
    @route(shapes)
    @document("Register an uploaded object as an asset of this workspace", status=201,
              query=wire.AssetIncludeQuerySchema, body=data(wire.CreateAssetSchema),
              response=data(wire.AssetSchema), errors=(409,),
              description="The object must exist under the workspace's upload prefix with the declared size.")
    def create_workspace_media_asset(self, call, workspace_id):
        record = call.rpc("asset", "create_asset", asset_payload(request_data(call)),
                          decode_id(WORKSPACE_PREFIX, workspace_id))
        return Reply({"data": shaped_assets(call, [record], parse_includes(call))[0]}, status=201)

    @http("GET", "/v1/assets/<string:asset_id>")
    @route(shapes)
    @document("Get an asset", query=wire.AssetGetQuerySchema, response=data(wire.AssetSchema))
    def get_media_asset(self, call, asset_id):
        # The spec's optional ?workspace_id= adds a check that the asset is there.
        workspace_id = call.args.get("workspace_id")
        workspace_id = decode_id(WORKSPACE_PREFIX, workspace_id, "workspace_id") if workspace_id else None
        record = call.rpc("asset", "get_asset", decode_id(ASSET_PREFIX, asset_id), workspace_id)
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    @http("GET", "/v1/workspaces/<string:workspace_id>/assets/<string:asset_id>")
    @route(shapes)
    @document("Get one of a workspace's assets", query=wire.AssetIncludeQuerySchema,
              response=data(wire.AssetSchema))
    def get_workspace_media_asset(self, call, workspace_id, asset_id):
        record = call.rpc("asset", "get_asset", decode_id(ASSET_PREFIX, asset_id),
                          decode_id(WORKSPACE_PREFIX, workspace_id))
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    @http("DELETE", "/v1/assets/<string:asset_id>")
    @route(shapes)
    @document("Delete an asset; its objects are removed right after", response=SuccessSchema)
    def delete_media_asset(self, call, asset_id):
        call.rpc("asset", "delete_asset", decode_id(ASSET_PREFIX, asset_id))
        return shapes.success()

    @http("DELETE", "/v1/workspaces/<string:workspace_id>/assets/<string:asset_id>")
    @route(shapes)
    @document("Delete one of a workspace's assets; its objects are removed right after", response=SuccessSchema)
    def delete_workspace_media_asset(self, call, workspace_id, asset_id):
        call.rpc("asset", "delete_asset", decode_id(ASSET_PREFIX, asset_id), decode_id(WORKSPACE_PREFIX, workspace_id))
        return shapes.success()

    @http("PUT", "/v1/assets/<string:asset_id>")
    @route(shapes)
    @document("Correct an asset's metadata or parent", query=wire.AssetIncludeQuerySchema,
              body=data(wire.UpdateAssetSchema), response=data(wire.AssetSchema), errors=(403,),
              description="bucket, object_key and size describe the stored object: they may only be repeated.")
    def update_media_asset(self, call, asset_id):
        record = call.rpc("asset", "update_asset", decode_id(ASSET_PREFIX, asset_id), asset_payload(request_data(call)))
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    @http("PUT", f"{W}/assets/<string:asset_id>")
    @route(shapes)
    @document("Correct the metadata or parent of one of a workspace's assets", query=wire.AssetIncludeQuerySchema,
              body=data(wire.UpdateAssetSchema), response=data(wire.AssetSchema), errors=(403,),
              description="bucket, object_key and size describe the stored object: they may only be repeated.")
    def update_workspace_media_asset(self, call, workspace_id, asset_id):
        record = call.rpc("asset", "update_asset", decode_id(ASSET_PREFIX, asset_id), asset_payload(request_data(call)),
                          decode_id(WORKSPACE_PREFIX, workspace_id))
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    # --- a production's assets (the asset's parent is the production in the URL) -------------

    @http("GET", f"{W}/productions/{P}/assets")
    @route(shapes)
    @document("List a production's assets", query=wire.AssetListQuerySchema, response=page(wire.AssetSchema),
              description="The assets uploaded to the production (their parent); 404 for an unknown production.")
    def list_production_media_assets(self, call, workspace_id, production_id):
        workspace, production = production_context(workspace_id, production_id)
        # The production must be there (and visible): an unknown one is 404, not an empty page.
        call.rpc("production_tracking", "get_v1_record", "production", production, {"workspace_id": workspace})
        return self._list_media_assets(call, workspace, production)

    @http("GET", f"{W}/productions/{P}/assets/<string:asset_id>")
    @route(shapes)
    @document("Get one of a production's assets", query=wire.AssetIncludeQuerySchema,
              response=data(wire.AssetSchema))
    def get_production_media_asset(self, call, workspace_id, production_id, asset_id):
        workspace, production = production_context(workspace_id, production_id)
        record = call.rpc("asset", "get_asset", decode_id(ASSET_PREFIX, asset_id), workspace, production)
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    @http("POST", f"{W}/productions/{P}/assets")
    @route(shapes)
    @document("Register an uploaded object as an asset of this production", status=201,
              query=wire.AssetIncludeQuerySchema, body=data(wire.CreateAssetSchema),
              response=data(wire.AssetSchema), errors=(403, 409),
              description="workspace_id and production_id come from the URL (the body may repeat them).")
    def create_production_media_asset(self, call, workspace_id, production_id):
        workspace, production = production_context(workspace_id, production_id)
        record = call.rpc("asset", "create_asset", asset_payload(request_data(call)), workspace, production)
        return Reply({"data": shaped_assets(call, [record], parse_includes(call))[0]}, status=201)

    @http("PUT", f"{W}/productions/{P}/assets/<string:asset_id>")
    @route(shapes)
    @document("Correct the metadata or parent of one of a production's assets", query=wire.AssetIncludeQuerySchema,
              body=data(wire.UpdateAssetSchema), response=data(wire.AssetSchema), errors=(403,))
    def update_production_media_asset(self, call, workspace_id, production_id, asset_id):
        workspace, production = production_context(workspace_id, production_id)
        record = call.rpc("asset", "update_asset", decode_id(ASSET_PREFIX, asset_id), asset_payload(request_data(call)),
                          workspace, production)
        return {"data": shaped_assets(call, [record], parse_includes(call))[0]}

    @http("DELETE", f"{W}/productions/{P}/assets/<string:asset_id>")
    @route(shapes)
    @document("Delete one of a production's assets; its objects are removed right after", response=SuccessSchema,
              errors=(403,))
    def delete_production_media_asset(self, call, workspace_id, production_id, asset_id):
        workspace, production = production_context(workspace_id, production_id)
        call.rpc("asset", "delete_asset", decode_id(ASSET_PREFIX, asset_id), workspace, production)
        return shapes.success()

    # --- public uploads: no token, productions that allow them -------------------------------

    @http("POST", f"{PUBLIC_P}/uploads")
    @route(shapes, auth="none", limit="public")
    @document("Ask for an upload to a production that allows public uploads (no token)", auth="none",
              status=201, body=data(wire.CreateUploadSchema), response=data(wire.UploadSchema), errors=(429,),
              description="404 unless the production allows public upload. Then register it with the "
                          "public assets route.")
    def create_public_media_upload(self, call, workspace_id, production_id):
        data = dict(request_data(call))
        if data.pop("workspace_id", workspace_id) != workspace_id:
            raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
        record = call.rpc("asset", "create_public_upload", *production_context(workspace_id, production_id), data)
        return Reply({"data": upload_body(record)}, status=201)

    @http("POST", f"{PUBLIC_P}/assets")
    @route(shapes, auth="none", limit="public")
    @document("Register a public upload as an asset of the production (no token)", auth="none", status=201,
              body=data(wire.CreateAssetSchema), response=data(wire.AssetSchema), errors=(409, 429),
              description="404 unless the production allows public upload; object_key must come from a "
                          "public upload.")
    def create_public_media_asset(self, call, workspace_id, production_id):
        record = call.rpc("asset", "create_public_asset", *production_context(workspace_id, production_id),
                          asset_payload(request_data(call)))
        return Reply({"data": asset_body(record)}, status=201)

    @http("POST", f"{W}/productions/{P}/assets/public")
    @same_as(create_public_media_asset, deprecated=True,
             description="The spec's earlier spelling of POST /v1/public/workspaces/{workspace_id}/productions/"
                         "{production_id}/assets (no token).")
    def create_public_media_asset_legacy(self, request, workspace_id, production_id):
        return self.create_public_media_asset(request, workspace_id=workspace_id, production_id=production_id)

    def _list_media_assets(self, call, workspace_id, production_id=None):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        filters = parse_scopes(call, workspace_id)
        if production_id is not None:
            if filters.get("uploadable_type", "production") != "production" \
                    or filters.get("uploadable_id", production_id) != production_id:
                raise scope_error("The production is the one in the URL.")
            filters.update(uploadable_type="production", uploadable_id=production_id)
        includes = parse_includes(call)
        result = call.rpc("asset", "list_assets", filters, page.number, page.limit,
                          call.args.get("sort") or None, call.args.get("direction") or None)
        return shapes.collection(shaped_assets(call, result["items"], includes), page, result["total"], call)
