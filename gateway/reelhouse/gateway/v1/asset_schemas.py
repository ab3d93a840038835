"""``/v1`` wire shapes of uploads and assets, for the OpenAPI document.

The asset service validates every payload (``reelhouse.asset.schemas``);
these describe the same fields as the client sends and receives them
(prefixed IDs, ``Y-m-d H:i:s``).
"""

from marshmallow import Schema, fields, validate

from .schemas import PageQuerySchema, UserSchema, WorkspaceSchema, constant, prefixed_id, timestamp

NAME = validate.Length(min=1, max=255)
LINK = "A presigned GET URL, valid for a few minutes (S3_DOWNLOAD_URL_EXPIRY_SECONDS)."
INCLUDES = "Comma-separated: created_by, uploadable (the parent as a {type, id} reference), workspace."
PARENT = ("The asset's one parent (at most one of the five), a record of the workspace; "
          "null on update detaches.")
SCOPES = ("Comma-separated scopes, argument after a colon: assetType:audio|image|video|other, "
          "completed:true|false, hasFailedJobs:true|false, user:<usr_ id>, workspace:<wrk_ id>, "
          "production[:<prd_ id>], description[:<dsc_ id>], deliverable[:<dlv_ id>], revision[:<rvs_ id>], "
          "videoSeries[:<vds_ id>].")


class CreateUploadSchema(Schema):
    workspace_id = prefixed_id("wrk", "Only on POST /v1/uploads; nested routes take it from the URL.")
    file_name = fields.String(required=True, validate=NAME)
    size = fields.Integer(required=True, validate=validate.Range(min=1), metadata={"description": "Bytes."})
    mimetype = fields.String(required=True, metadata={"example": "video/mp4"})
    multipart = fields.Boolean(metadata={"default": False,
                                         "description": "Presigned part URLs instead of one PUT (needed over 5 GiB)."})
    part_size = fields.Integer(validate=validate.Range(min=5 * 1024 * 1024),
                               metadata={"description": "Bytes per part (default 16 MiB)."})


class UploadPartSchema(Schema):
    part_number = fields.Integer(required=True)
    url = fields.String(metadata={"format": "uri", "description": "PUT this part's bytes here."})
    etag = fields.String(metadata={"description": "The ETag S3 answered for the part."})


class CompleteUploadSchema(Schema):
    parts = fields.List(fields.Nested(UploadPartSchema(only=("part_number", "etag"))),
                        metadata={"description": "Optional: without it the service asks S3 which parts arrived."})


class UploadSchema(Schema):
    type = constant("upload")
    id = prefixed_id("upl", required=True)
    workspace_id = prefixed_id("wrk", required=True)
    bucket = fields.String(required=True)
    object_key = fields.String(required=True, metadata={"description": "Under workspaces/<id>/uploads/."})
    file_name = fields.String(required=True)
    mimetype = fields.String(required=True)
    size = fields.Integer(required=True)
    multipart = fields.Boolean(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["pending", "completed", "aborting", "aborted"]),
                           metadata={"description": "aborting: abandoned, its object being removed."})
    expires_at = timestamp(required=True)
    created_at = timestamp(required=True)
    method = fields.String(metadata={"description": "Single upload: PUT."})
    url = fields.String(metadata={"format": "uri", "description": "Single upload: where to PUT the bytes."})
    headers = fields.Dict(keys=fields.String(), values=fields.String(),
                          metadata={"description": "Single upload: headers the PUT must send (signed)."})
    part_size = fields.Integer()
    part_count = fields.Integer()
    parts = fields.List(fields.Nested(UploadPartSchema(only=("part_number", "url"))))


class CreateAssetSchema(Schema):
    workspace_id = prefixed_id("wrk", "Required on POST /v1/assets only.")
    bucket = fields.String(required=True)
    object_key = fields.String(required=True, metadata={"description": "The upload's object_key."})
    file_name = fields.String(required=True, validate=NAME)
    file_type = fields.String(required=True, metadata={"description": "The extension, e.g. mp4."})
    size = fields.Integer(required=True, metadata={"description": "Bytes; must equal the object's."})
    mimetype = fields.String(required=True)
    is_completed_production = fields.Boolean(metadata={"default": False})
    production_id = prefixed_id("prd", PARENT + " Implicit on the production routes.", allow_none=True)
    description_id = prefixed_id("dsc", PARENT, allow_none=True)
    deliverable_id = prefixed_id("dlv", PARENT, allow_none=True)
    revision_id = prefixed_id("rvs", PARENT, allow_none=True)
    video_series_id = prefixed_id("vds", PARENT, allow_none=True)


class UpdateAssetSchema(CreateAssetSchema):
    """Every field optional (partial update)."""

    bucket = fields.String(metadata={"description": "May only repeat the stored value."})
    object_key = fields.String(metadata={"description": "May only repeat the stored value."})
    file_name = fields.String(validate=NAME)
    file_type = fields.String(metadata={"description": "The extension; checked against mimetype."})
    size = fields.Integer(metadata={"description": "May only repeat the stored value."})
    mimetype = fields.String()


class AssetSchema(Schema):
    type = constant("asset")
    id = prefixed_id("ast", required=True)
    file_name = fields.String(required=True)
    file_type = fields.String(required=True)
    mimetype = fields.String(required=True)
    size = fields.Integer(required=True)
    video_duration = fields.Float(allow_none=True, required=True, metadata={"description": "Seconds, once probed."})
    is_stock = fields.Boolean(required=True)
    is_transcoded = fields.Boolean(required=True, metadata={"description": "Thumbnail/preview made."})
    is_completed_production = fields.Boolean(required=True)
    link_download = fields.String(required=True, metadata={"description": LINK})
    link_thumbnail = fields.String(allow_none=True, required=True, metadata={"description": LINK})
    link_fullsize = fields.String(allow_none=True, required=True, metadata={"description": LINK + " Images."})
    link_preview_mp4 = fields.String(allow_none=True, required=True, metadata={"description": LINK + " Video."})
    link_preview_webm = fields.String(allow_none=True, required=True, metadata={"description": "Not produced."})
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    created_by = fields.Nested(UserSchema, allow_none=True, metadata={"description": "With include=created_by."})
    workspace = fields.Nested(WorkspaceSchema, allow_none=True, metadata={"description": "With include=workspace."})
    uploadable = fields.Raw(allow_none=True, metadata={"description": "With include=uploadable."})


class AssetListQuerySchema(PageQuerySchema):
    scope = fields.String(metadata={"description": SCOPES})
    include = fields.String(metadata={"description": INCLUDES})
    workspace_id = prefixed_id("wrk", "Only the assets of this workspace.")
    sort = fields.String(validate=validate.OneOf(["created_at", "updated_at", "file_name", "size"]),
                         metadata={"default": "created_at"})
    direction = fields.String(validate=validate.OneOf(["asc", "desc"]), metadata={"default": "asc"})


class AssetIncludeQuerySchema(Schema):
    include = fields.String(metadata={"description": INCLUDES})


class AssetGetQuerySchema(AssetIncludeQuerySchema):
    workspace_id = prefixed_id("wrk", "404 unless the asset belongs to this workspace.")
