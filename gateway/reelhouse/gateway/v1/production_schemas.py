"""``/v1`` wire shapes of video series, productions, briefs, shots, revisions,
deliverables and actions, for the OpenAPI document.

production_tracking validates every payload (``reelhouse.production_tracking
.candidio.schemas``); these describe the same fields as the client sends and
receives them (prefixed IDs, ``Y-m-d H:i:s``).
"""

from marshmallow import Schema, fields, validate

from .schemas import PageQuerySchema, constant, prefixed_id, timestamp

NAME = validate.Length(min=1, max=255)
STATUSES = ["planning", "submitted", "in_production", "reviewing", "completed", "cancelled"]
DELIVERABLE_STATUSES = ["uploading", "reviewing", "rejected", "accepted"]
RATINGS = ["happy", "neutral", "sad"]
RELATION = fields.Raw(metadata={"description": "Present when asked for with include."})


def list_query(name, includes, scopes, sortable):
    """The query arguments of one list route: page, limit, include, scope, sort, direction."""
    return Schema.from_dict({
        **PageQuerySchema().fields,
        "include": fields.String(metadata={"description": f"Comma-separated, dot-nested: {includes}."}),
        "scope": fields.String(metadata={"description": f"Comma-separated name:value pairs: {scopes}."}),
        "sort": fields.String(validate=validate.OneOf(sortable), metadata={"description": "Default created_at."}),
        "direction": fields.String(validate=validate.OneOf(["asc", "desc"]), metadata={"default": "asc"}),
    }, name=f"{name}ListQuery")


def get_query(name, includes):
    return Schema.from_dict({"include": fields.String(
        metadata={"description": f"Comma-separated, dot-nested: {includes}."})}, name=f"{name}GetQuery")


# -- video series ---------------------------------------------------------------

class CreateVideoSeriesSchema(Schema):
    workspace_id = prefixed_id("wrk", "Only on POST /v1/video-series; nested routes take it from the URL.")
    template_id = prefixed_id("tmp", allow_none=True)
    example_video_id = prefixed_id("ast", allow_none=True)
    title = fields.String(required=True, validate=NAME)
    audience = fields.String()
    synopsis = fields.String()
    turnaround = fields.Integer(validate=validate.Range(min=1, max=365), metadata={"default": 5})
    video_length = fields.String(allow_none=True, metadata={"example": "120.0"})
    internal_notes = fields.String(allow_none=True, metadata={"description": "Administrators only."})
    is_published = fields.Boolean(metadata={"default": False})


class UpdateVideoSeriesSchema(CreateVideoSeriesSchema):
    class Meta:
        exclude = ("workspace_id",)

    title = fields.String(validate=NAME)


class VideoSeriesSchema(Schema):
    type = constant("video-series")
    id = prefixed_id("vds", required=True)
    title = fields.String(required=True)
    audience = fields.String(required=True)
    synopsis = fields.String(required=True)
    turnaround = fields.Integer(required=True)
    video_length = fields.String(allow_none=True, required=True)
    internal_notes = fields.String(allow_none=True, metadata={"description": "Shown to administrators only."})
    is_published = fields.Boolean(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    created_by = RELATION
    example_video = RELATION
    template = RELATION
    workspace = RELATION
    assets = RELATION
    productions = RELATION
    collaborators = RELATION


# -- productions ------------------------------------------------------------------

class CreateProductionSchema(Schema):
    workspace_id = prefixed_id("wrk", "Only on POST /v1/productions; nested routes take it from the URL.")
    title = fields.String(validate=NAME, metadata={"description": "Required unless from a template or a clone."})
    allow_public_upload = fields.Boolean()
    allow_public_shotlist = fields.Boolean()
    goal_date = timestamp()
    production_id = prefixed_id("prd", "Clone this production (its brief, shots and settings).")
    project_id = prefixed_id("vds", "The video series (prj_ accepted too); implicit on the series route.",
                             allow_none=True)
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Administrators only."})
    template_id = prefixed_id("tmp", "Instantiate this template (its production, brief and shots).")


class UpdateProductionSchema(Schema):
    title = fields.String(validate=NAME)
    allow_public_upload = fields.Boolean()
    allow_public_shotlist = fields.Boolean()
    goal_date = timestamp()
    is_queued = fields.Boolean()
    project_id = prefixed_id("vds", "Move into (or, with null, out of) a video series.", allow_none=True)
    status = fields.String(validate=validate.OneOf(STATUSES),
                           metadata={"description": "Administrators only; see docs/api-v1.md for the workflow."})


class ProductionSchema(Schema):
    type = constant("production")
    id = prefixed_id("prd", required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    status_state = fields.String(required=True, metadata={"example": "Planning"})
    status_queued = fields.Boolean(required=True)
    allow_public_upload = fields.Boolean(required=True)
    allow_public_shotlist = fields.Boolean(required=True)
    goal_date = timestamp(required=True)
    first_submitted_at = timestamp(required=True)
    last_submitted_at = timestamp(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    brief = RELATION
    created_by = RELATION
    project = RELATION
    template = RELATION
    workspace = RELATION
    assets = RELATION
    briefs = RELATION
    descriptions = RELATION
    collaborators = RELATION
    snapshots = RELATION
    revisions = RELATION
    deliverables = RELATION


# -- briefs and shots ---------------------------------------------------------------

class BriefInputSchema(Schema):
    purpose = fields.String(allow_none=True)
    purpose_because = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    end_screen = fields.String(allow_none=True)
    instructions = fields.String(allow_none=True)
    meta = fields.Dict(metadata={"description": "length (\"3.0\"), tone.<20 flags>, music, musicType, "
                                                "musicProvider, videoType."})


class BriefSchema(BriefInputSchema):
    type = constant("brief")
    id = prefixed_id("brf", required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    production = RELATION


class ShotFieldsSchema(Schema):
    field1 = fields.String(allow_none=True)
    field2 = fields.String(allow_none=True)
    meta = fields.Dict(metadata={"description": "name, title (a lower third)."})


class CreateDescriptionSchema(Schema):
    production_id = prefixed_id("prd", "Taken from the URL.")
    type = fields.String(required=True, validate=validate.Length(min=1, max=50), metadata={"example": "broll"})
    fields_ = fields.Nested(ShotFieldsSchema, data_key="fields", required=True)
    position = fields.Integer(validate=validate.Range(min=0), metadata={"description": "Default: last."})


class UpdateDescriptionSchema(Schema):
    type = fields.String(validate=validate.Length(min=1, max=50))
    fields_ = fields.Nested(ShotFieldsSchema, data_key="fields")
    position = fields.Integer(validate=validate.Range(min=0), metadata={"description": "Moves the shot."})


class DescriptionSchema(Schema):
    type = constant("description")
    id = prefixed_id("dsc", required=True)
    position = fields.Integer(required=True)
    shot_type = fields.String(required=True)
    fields_ = fields.Nested(ShotFieldsSchema, data_key="fields", required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    assets = RELATION
    production = RELATION


# -- revisions, deliverables, actions --------------------------------------------------

class CreateRevisionSchema(Schema):
    instructions = fields.String(allow_none=True)


class UpdateRevisionSchema(CreateRevisionSchema):
    is_open = fields.Boolean(metadata={"description": "false closes the revision, true reopens it."})


class RevisionSchema(Schema):
    type = constant("revision")
    id = prefixed_id("rvs", required=True)
    instructions = fields.String(allow_none=True, required=True)
    is_open = fields.Boolean(required=True)
    closed_at = timestamp(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    created_by = RELATION
    production = RELATION
    workspace = RELATION
    assets = RELATION


class CreateDeliverableSchema(Schema):
    workspace_id = prefixed_id("wrk", "Only on POST /v1/deliverables.")
    production_id = prefixed_id("prd", required=True)
    revision_id = prefixed_id("rvs", allow_none=True)
    reviewed_by_id = prefixed_id("usr", allow_none=True)
    notes_for_producer = fields.String(allow_none=True)


class UpdateDeliverableSchema(Schema):
    revision_id = prefixed_id("rvs", allow_none=True)
    reviewed_by_id = prefixed_id("usr", allow_none=True)
    notes_for_producer = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(DELIVERABLE_STATUSES), metadata={"description": "Staff only."})
    rating = fields.String(allow_none=True, validate=validate.OneOf(RATINGS),
                           metadata={"description": "The producer's, once accepted."})


class DeliverableSchema(Schema):
    type = constant("deliverable")
    id = prefixed_id("dlv", required=True)
    notes_for_producer = fields.String(allow_none=True, required=True)
    status = fields.String(required=True, validate=validate.OneOf(DELIVERABLE_STATUSES))
    rating = fields.String(allow_none=True, required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    created_by = RELATION
    reviewed_by = RELATION
    production = RELATION
    revision = RELATION
    assets = RELATION


class ActionSchema(Schema):
    type = constant("actions")
    id = prefixed_id("act", required=True)
    verb = fields.String(required=True, metadata={"example": "production_created"})
    actionable_type = fields.String(required=True, metadata={"example": "production"})
    actionable_id = fields.String(allow_none=True, required=True)
    details = fields.Dict(required=True, metadata={"description": "from/to of a status change, changed fields…"})
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    actionable = RELATION
    user = RELATION
    workspace = RELATION
