"""Input schemas of the Zou file RPCs (marshmallow 4): unknown fields refused,
except where gazu echoes a whole record back (``update``: output-only keys dropped)."""

from marshmallow import EXCLUDE, Schema, fields, validate

from reelhouse.shared.validation import StrictInteger

from .schemas import MAX_PARTS

REVISION = validate.Range(min=1, max=100_000)
NAME = validate.Length(min=1, max=250)
VALIDATION_STATUSES = ("neutral", "validated", "rejected")


class NewPreviewSchema(Schema):
    """``add-preview``'s body (gazu sends ``{}`` or ``{"revision": n}``)."""

    revision = StrictInteger(validate=REVISION)


class PreviewRecordSchema(Schema):
    """``POST /data/preview-files``: a preview of a task (and a comment)."""

    task_id = fields.UUID(required=True)
    comment_id = fields.UUID(load_default=None, allow_none=True)
    revision = StrictInteger(validate=REVISION)
    name = fields.String(validate=NAME)
    description = fields.String(allow_none=True)


class PreviewUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # gazu.files.update_preview may send the record it read

    name = fields.String(validate=NAME)
    original_name = fields.String(validate=NAME, allow_none=True)
    description = fields.String(allow_none=True)
    revision = StrictInteger(validate=REVISION)
    position = StrictInteger(validate=validate.Range(min=1, max=1000))
    validation_status = fields.String(validate=validate.OneOf(VALIDATION_STATUSES))
    annotations = fields.List(fields.Dict(), allow_none=True)
    data = fields.Dict(allow_none=True)


class BeginUploadSchema(Schema):
    """What the gateway knows before streaming: the file's name and an upper bound of its size."""

    file_name = fields.String(required=True, validate=NAME)
    max_size = StrictInteger(required=True, validate=validate.Range(min=1, max=5 * 1024 ** 4))


class UploadedPartSchema(Schema):
    part_number = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_PARTS))
    etag = fields.String(required=True, validate=validate.Length(min=1, max=100))


class FinishUploadSchema(Schema):
    object_key = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    upload_id = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    file_name = fields.String(required=True, validate=NAME)
    size = StrictInteger(required=True, validate=validate.Range(min=1))
    parts = fields.List(fields.Nested(UploadedPartSchema), required=True,
                        validate=validate.Length(min=1, max=MAX_PARTS))


class MainPreviewSchema(Schema):
    frame_number = StrictInteger(validate=validate.Range(min=0))


class ListQuerySchema(Schema):
    """Equality filters of ``GET /data/preview-files`` (others are refused, as Zou refuses hidden columns)."""

    task_id = fields.UUID()
    comment_id = fields.UUID()
    entity_id = fields.UUID()
    project_id = fields.UUID()
    person_id = fields.UUID()
    revision = StrictInteger()
    status = fields.String()
    validation_status = fields.String()
    extension = fields.String()
    id = fields.UUID()
    relations = fields.String()  # accepted and ignored: preview files carry no relation lists


# --- output and working files ----------------------------------------------------------------

class OutputFilterSchema(Schema):
    """The seed's filters of output-file listings (gazu's ``_output_file_filters``)."""

    output_type_id = fields.UUID()
    task_type_id = fields.UUID()
    file_status_id = fields.UUID()
    representation = fields.String(validate=validate.Length(max=20))
    name = fields.String(validate=validate.Length(max=250))
    temporal_entity_id = fields.UUID()


class OutputRecordQuerySchema(OutputFilterSchema):
    """``GET /data/output-files``: equality filters (gazu's ``get_output_file_by_path`` uses ``path``)."""

    id = fields.UUID()
    entity_id = fields.UUID()
    asset_instance_id = fields.UUID()
    project_id = fields.UUID()
    person_id = fields.UUID()
    path = fields.String(validate=validate.Length(max=400))
    revision = fields.Integer()


class WorkingRecordQuerySchema(Schema):
    id = fields.UUID()
    task_id = fields.UUID()
    entity_id = fields.UUID()
    person_id = fields.UUID()
    software_id = fields.UUID()
    name = fields.String(validate=validate.Length(max=250))
    path = fields.String(validate=validate.Length(max=400))
    revision = fields.Integer()


class NextRevisionSchema(Schema):
    output_type_id = fields.UUID(required=True)
    task_type_id = fields.UUID(required=True)
    name = fields.String(load_default="main", validate=NAME)
    representation = fields.String(load_default="", validate=validate.Length(max=20))


class NewOutputFileSchema(Schema):
    output_type_id = fields.UUID(required=True)
    task_type_id = fields.UUID(required=True)
    name = fields.String(load_default="main", validate=NAME)
    comment = fields.String(load_default="")
    revision = StrictInteger(load_default=0, validate=validate.Range(min=0, max=100_000))
    representation = fields.String(load_default="", validate=validate.Length(max=20))
    nb_elements = StrictInteger(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    sep = fields.String(load_default="/", validate=validate.OneOf(("/", "\\")))
    extension = fields.String(validate=validate.Length(max=10))
    working_file_id = fields.UUID(load_default=None, allow_none=True)
    person_id = fields.UUID(load_default=None, allow_none=True)
    file_status_id = fields.UUID(load_default=None, allow_none=True)


class NewWorkingFileSchema(Schema):
    name = fields.String(load_default="main", validate=NAME)
    mode = fields.String(load_default="working", validate=validate.Length(max=40))
    comment = fields.String(load_default="")
    revision = StrictInteger(load_default=0, validate=validate.Range(min=0, max=100_000))
    task_id = fields.UUID()
    person_id = fields.UUID(load_default=None, allow_none=True)
    software_id = fields.UUID(load_default=None, allow_none=True)
    sep = fields.String(load_default="/", validate=validate.OneOf(("/", "\\")))
