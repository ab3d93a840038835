"""Input schemas (marshmallow 4). Unknown fields are refused, except in events."""

from marshmallow import EXCLUDE, Schema, fields, validate

from reelhouse.shared.validation import StrictBoolean, StrictInteger

NAME = validate.Length(min=1, max=255)
# type/subtype per RFC 6838 (parameters such as "; charset=" are not file types).
MIMETYPE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$",
                           error="Must be a media type such as video/mp4.")
ASSET_TYPES = ("audio", "image", "video", "other")
UPLOADABLE_TYPES = ("production", "description", "deliverable", "revision", "video_series")
MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3  # S3's limit for one PUT
MAX_OBJECT_BYTES = 5 * 1024 ** 4  # S3's limit for one object
MIN_PART_BYTES = 5 * 1024 ** 2  # S3's minimum for every part but the last
MAX_PARTS = 10000




class CreateUploadSchema(Schema):
    file_name = fields.String(required=True, validate=NAME)
    size = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_OBJECT_BYTES))
    mimetype = fields.String(required=True, validate=MIMETYPE)
    multipart = StrictBoolean(load_default=False)
    part_size = StrictInteger(validate=validate.Range(min=MIN_PART_BYTES, max=MAX_SINGLE_PUT_BYTES))


class PartSchema(Schema):
    part_number = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_PARTS))
    etag = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CompleteUploadSchema(Schema):
    # Optional: without it the service asks S3 which parts arrived.
    parts = fields.List(fields.Nested(PartSchema), validate=validate.Length(min=1, max=MAX_PARTS))


class CreateAssetSchema(Schema):
    workspace_id = fields.UUID()
    bucket = fields.String(required=True, validate=validate.Length(min=1, max=255))
    object_key = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    file_name = fields.String(required=True, validate=NAME)
    file_type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    size = StrictInteger(required=True, validate=validate.Range(min=0, max=MAX_OBJECT_BYTES))
    mimetype = fields.String(required=True, validate=MIMETYPE)
    is_completed_production = StrictBoolean(load_default=False)
    # The spec's uploadable parents (at most one), production_tracking's records.
    production_id = fields.UUID(allow_none=True)
    description_id = fields.UUID(allow_none=True)
    deliverable_id = fields.UUID(allow_none=True)
    revision_id = fields.UUID(allow_none=True)
    video_series_id = fields.UUID(allow_none=True)


class ListFiltersSchema(Schema):
    workspace_id = fields.UUID()
    user_id = fields.UUID()
    asset_type = fields.String(validate=validate.OneOf(ASSET_TYPES))
    completed = StrictBoolean()
    has_failed_jobs = StrictBoolean()
    uploadable_type = fields.String(validate=validate.OneOf(UPLOADABLE_TYPES))
    uploadable_id = fields.UUID()


class AssetEventSchema(Schema):
    """``asset.asset_created`` / ``asset.asset_deleted`` as this service emits them."""

    class Meta:
        unknown = EXCLUDE

    asset_id = fields.UUID(required=True)
    object_keys = fields.List(fields.String(), load_default=list)
