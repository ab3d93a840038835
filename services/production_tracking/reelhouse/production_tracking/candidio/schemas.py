"""Input schemas of the /v1 production API. IDs arrive as UUIDs (the gateway
decodes ``prd_``/``vds_``... and refuses a wrong prefix); unknown fields are
refused at every level, so a typo never disappears silently."""

import datetime as dt
import re

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from reelhouse.shared.validation import StrictBoolean, StrictInteger

NAME = validate.Length(min=1, max=255)
TEXT = validate.Length(max=10_000)
SHORT = validate.Length(max=255)
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
BRIEF_TONES = (
    "action", "brief", "clean", "clever", "cool", "emotional", "fancy", "fast", "fresh", "fun", "funny", "happy",
    "inspiring", "inviting", "long", "mysterious", "powerful", "serious", "slow", "thoughtProvoking",
)
# The production workflow (docs/api-v1.md, Productions): status -> statuses it may move to.
STATUSES = {
    "planning": ("submitted", "cancelled"),
    "submitted": ("planning", "in_production", "cancelled"),
    "in_production": ("reviewing", "cancelled"),
    "reviewing": ("in_production", "completed"),
    "completed": ("reviewing",),
    "cancelled": ("planning",),
}
DELIVERABLE_STATUSES = ("uploading", "reviewing", "rejected", "accepted")
RATINGS = ("happy", "neutral", "sad")
MAX_SHOTS = 500
_DECIMAL = re.compile(r"^\d{1,6}(\.\d{1,3})?$")




class DecimalString(fields.Field):
    """The spec's decimals-as-strings ("3.0"); a JSON number is accepted and kept as text."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValidationError('Must be a decimal number such as "3.0".')
        text = str(value)
        if not _DECIMAL.match(text):
            raise ValidationError('Must be a non-negative decimal number such as "3.0".')
        return text if "." in text else f"{text}.0"


class Timestamp(fields.Field):
    """``Y-m-d H:i:s`` (UTC), the spec's one time format; a bare date means midnight."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("Must be a date-time: Y-m-d H:i:s.")
        for pattern in (TIMESTAMP_FORMAT, "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value, pattern)
            except ValueError:
                continue
        raise ValidationError("Must be a date-time: Y-m-d H:i:s.")


# -- video series ------------------------------------------------------------

class CreateSeriesSchema(Schema):
    workspace_id = fields.UUID()
    template_id = fields.UUID(allow_none=True)
    example_video_id = fields.UUID(allow_none=True)
    title = fields.String(required=True, validate=NAME)
    audience = fields.String(validate=TEXT)
    synopsis = fields.String(validate=TEXT)
    turnaround = StrictInteger(validate=validate.Range(min=1, max=365))
    video_length = DecimalString(allow_none=True)
    internal_notes = fields.String(allow_none=True, validate=TEXT)
    is_published = StrictBoolean()


class UpdateSeriesSchema(CreateSeriesSchema):
    class Meta:
        exclude = ("workspace_id",)

    # Update sends only what changes; a title, when sent, must not be blank.
    title = fields.String(validate=NAME)


# -- productions -------------------------------------------------------------

class CreateProductionSchema(Schema):
    workspace_id = fields.UUID()
    title = fields.String(validate=NAME)
    allow_public_upload = StrictBoolean()
    allow_public_shotlist = StrictBoolean()
    goal_date = Timestamp(allow_none=True)
    production_id = fields.UUID()
    project_id = fields.UUID(allow_none=True)
    status = fields.String(validate=validate.OneOf(tuple(STATUSES)))
    template_id = fields.UUID()

    @validates_schema
    def _one_source(self, data, **kwargs):
        if "production_id" in data and "template_id" in data:
            raise ValidationError("Clone a production or use a template, not both.", "template_id")
        if "title" not in data and "production_id" not in data and "template_id" not in data:
            raise ValidationError("Required unless the production comes from a template or a clone.", "title")


class UpdateProductionSchema(Schema):
    title = fields.String(validate=NAME)
    allow_public_upload = StrictBoolean()
    allow_public_shotlist = StrictBoolean()
    goal_date = Timestamp(allow_none=True)
    is_queued = StrictBoolean()
    project_id = fields.UUID(allow_none=True)
    status = fields.String(validate=validate.OneOf(tuple(STATUSES)))


# -- briefs ------------------------------------------------------------------

ToneSchema = Schema.from_dict({tone: StrictBoolean() for tone in BRIEF_TONES}, name="ToneSchema")


class BriefMetaSchema(Schema):
    length = DecimalString(allow_none=True)
    tone = fields.Nested(ToneSchema)
    music = StrictBoolean()
    musicType = fields.String(allow_none=True, validate=SHORT)  # noqa: N815 - wire name
    musicProvider = fields.String(allow_none=True, validate=SHORT)  # noqa: N815
    videoType = fields.String(allow_none=True, validate=SHORT)  # noqa: N815


class BriefSchema(Schema):
    purpose = fields.String(allow_none=True, validate=TEXT)
    purpose_because = fields.String(allow_none=True, validate=TEXT)
    description = fields.String(allow_none=True, validate=TEXT)
    end_screen = fields.String(allow_none=True, validate=TEXT)
    instructions = fields.String(allow_none=True, validate=TEXT)
    meta = fields.Nested(BriefMetaSchema)


# -- shots -------------------------------------------------------------------

class ShotMetaSchema(Schema):
    name = fields.String(allow_none=True, validate=SHORT)
    title = fields.String(allow_none=True, validate=SHORT)


class ShotMeta(fields.Nested):
    """``fields.meta``: an object; the spec's sample sends ``[]`` for "empty", taken as ``{}``."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        if value == []:
            return {}
        return super()._deserialize(value, attr, data, partial=partial, **kwargs)


class ShotFieldsSchema(Schema):
    field1 = fields.String(allow_none=True, validate=TEXT)
    field2 = fields.String(allow_none=True, validate=TEXT)
    meta = ShotMeta(ShotMetaSchema)


class CreateShotSchema(Schema):
    production_id = fields.UUID()
    type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    # ``fields`` on the wire; another attribute name because Schema.fields is taken.
    shot_fields = fields.Nested(ShotFieldsSchema, data_key="fields", required=True)
    position = StrictInteger(validate=validate.Range(min=0, max=MAX_SHOTS))


class UpdateShotSchema(Schema):
    type = fields.String(validate=validate.Length(min=1, max=50))
    shot_fields = fields.Nested(ShotFieldsSchema, data_key="fields")
    position = StrictInteger(validate=validate.Range(min=0, max=MAX_SHOTS))


# -- revisions and deliverables ----------------------------------------------

class CreateRevisionSchema(Schema):
    instructions = fields.String(allow_none=True, validate=TEXT)


class UpdateRevisionSchema(CreateRevisionSchema):
    is_open = StrictBoolean()


class CreateDeliverableSchema(Schema):
    workspace_id = fields.UUID()
    production_id = fields.UUID(required=True)
    revision_id = fields.UUID(allow_none=True)
    reviewed_by_id = fields.UUID(allow_none=True)
    notes_for_producer = fields.String(allow_none=True, validate=TEXT)


class UpdateDeliverableSchema(Schema):
    revision_id = fields.UUID(allow_none=True)
    reviewed_by_id = fields.UUID(allow_none=True)
    notes_for_producer = fields.String(allow_none=True, validate=TEXT)
    status = fields.String(validate=validate.OneOf(DELIVERABLE_STATUSES))
    rating = fields.String(allow_none=True, validate=validate.OneOf(RATINGS))


# -- the blueprint of a template (the workspace service's, read over RPC) ------

class TemplateProductionSchema(Schema):
    class Meta:  # a consumer ignores fields it does not know (additive contract changes)
        unknown = EXCLUDE

    title = fields.String(validate=NAME)
    allow_public_upload = StrictBoolean()
    allow_public_shotlist = StrictBoolean()


class TemplateShotSchema(Schema):
    class Meta:  # a consumer ignores fields it does not know (additive contract changes)
        unknown = EXCLUDE

    type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    shot_fields = fields.Nested(ShotFieldsSchema(unknown=EXCLUDE), data_key="fields", load_default=dict)


class TemplateBlobSchema(Schema):
    class Meta:  # a consumer ignores fields it does not know (additive contract changes)
        unknown = EXCLUDE

    production = fields.Nested(TemplateProductionSchema)
    brief = fields.Nested(BriefSchema(unknown=EXCLUDE))
    descriptions = fields.List(fields.Nested(TemplateShotSchema), validate=validate.Length(max=MAX_SHOTS))


# -- list options --------------------------------------------------------------

class ListOptionsSchema(Schema):
    sort = fields.String()
    direction = fields.String(validate=validate.OneOf(("asc", "desc")))
    include = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                          validate=validate.Length(max=20))
