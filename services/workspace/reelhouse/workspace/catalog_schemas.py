"""Input schemas of the catalogue: industries, template types, templates (with
the production blueprint they carry) and template collections. Unknown
fields are refused at every level, so a typo never disappears silently."""

import re

from marshmallow import Schema, ValidationError, fields, validate

from reelhouse.shared.validation import StrictBoolean

NAME = validate.Length(min=1, max=255)
TEXT = validate.Length(max=10_000)
URL = validate.And(validate.Length(max=2048), validate.URL(schemes={"http", "https"}))
BRIEF_TONES = (
    "action", "brief", "clean", "clever", "cool", "emotional", "fancy", "fast", "fresh", "fun", "funny", "happy",
    "inspiring", "inviting", "long", "mysterious", "powerful", "serious", "slow", "thoughtProvoking",
)
MAX_SHOTS = 500
_DECIMAL = re.compile(r"^\d{1,6}(\.\d{1,3})?$")


class DecimalString(fields.Field):
    """The spec's decimals-as-strings ("3.0"); a JSON number is accepted and kept as text."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValidationError("Must be a decimal number such as \"3.0\".")
        text = str(value)
        if not _DECIMAL.match(text):
            raise ValidationError("Must be a non-negative decimal number such as \"3.0\".")
        return text if "." in text else f"{text}.0"


class NamedSchema(Schema):
    """Industries (and, with ``icon``, template types): the spec's shared payload."""

    name = fields.String(required=True, validate=NAME)
    description = fields.String(allow_none=True, validate=TEXT)
    is_published = StrictBoolean()


class TemplateTypeSchema(NamedSchema):
    icon = fields.String(allow_none=True, validate=URL)


# -- the template blob -------------------------------------------------------

class ProductionPartSchema(Schema):
    title = fields.String(validate=NAME)
    allow_public_upload = StrictBoolean()
    allow_public_shotlist = StrictBoolean()


ToneSchema = Schema.from_dict({tone: StrictBoolean() for tone in BRIEF_TONES}, name="ToneSchema")


class BriefMetaSchema(Schema):
    length = DecimalString()
    tone = fields.Nested(ToneSchema)
    music = StrictBoolean()
    musicType = fields.String(allow_none=True, validate=NAME)  # noqa: N815 - wire name
    musicProvider = fields.String(allow_none=True, validate=NAME)  # noqa: N815
    videoType = fields.String(allow_none=True, validate=NAME)  # noqa: N815


class BriefPartSchema(Schema):
    purpose = fields.String(allow_none=True, validate=TEXT)
    purpose_because = fields.String(allow_none=True, validate=TEXT)
    description = fields.String(allow_none=True, validate=TEXT)
    end_screen = fields.String(allow_none=True, validate=TEXT)
    instructions = fields.String(allow_none=True, validate=TEXT)
    meta = fields.Nested(BriefMetaSchema)


class ShotMetaSchema(Schema):
    name = fields.String(allow_none=True, validate=NAME)
    title = fields.String(allow_none=True, validate=NAME)


class ShotFieldsSchema(Schema):
    field1 = fields.String(allow_none=True, validate=TEXT)
    field2 = fields.String(allow_none=True, validate=TEXT)
    meta = fields.Nested(ShotMetaSchema)


class ShotPartSchema(Schema):
    """One shot of the shot list, in the shape of the ``descriptions`` resource's payload."""

    type = fields.String(required=True, validate=validate.Length(min=1, max=50))
    # ``fields`` on the wire; another attribute name because Schema.fields is taken.
    shot_fields = fields.Nested(ShotFieldsSchema, data_key="fields", load_default=dict)


class TemplateBlobSchema(Schema):
    """What a production is created from: its settings, its brief, its ordered shot list.

    Every part is optional: ``{}`` (the spec's sample) is an empty blueprint.
    """

    production = fields.Nested(ProductionPartSchema)
    brief = fields.Nested(BriefPartSchema)
    descriptions = fields.List(fields.Nested(ShotPartSchema), validate=validate.Length(max=MAX_SHOTS))


class CreateTemplateSchema(Schema):
    workspace_id = fields.UUID(allow_none=True)
    industry_id = fields.UUID(allow_none=True)
    template_type_id = fields.UUID(allow_none=True)
    name = fields.String(required=True, validate=NAME)
    description = fields.String(allow_none=True, validate=TEXT)
    template = fields.Nested(TemplateBlobSchema, required=True)
    is_published = StrictBoolean()
    editor_pick = StrictBoolean()
    image_url = fields.String(allow_none=True, validate=URL)


class UpdateTemplateSchema(Schema):
    industry_id = fields.UUID(allow_none=True)
    template_type_id = fields.UUID(allow_none=True)
    name = fields.String(validate=NAME)
    description = fields.String(allow_none=True, validate=TEXT)
    template = fields.Nested(TemplateBlobSchema)
    is_published = StrictBoolean()
    editor_pick = StrictBoolean()
    image_url = fields.String(allow_none=True, validate=URL)


class CollectionSchema(Schema):
    name = fields.String(required=True, validate=NAME)
    description = fields.String(allow_none=True, validate=TEXT)
    template_ids = fields.List(fields.UUID(), validate=validate.Length(max=MAX_SHOTS))


class TemplateFiltersSchema(Schema):
    industry_id = fields.UUID()
    template_type_id = fields.UUID()
    workspace_id = fields.UUID()
    is_published = StrictBoolean()


class ListOptionsSchema(Schema):
    sort = fields.String()
    direction = fields.String(validate=validate.OneOf(["asc", "desc"]))
    include = fields.List(fields.String(validate=validate.Length(min=1, max=200)), validate=validate.Length(max=20))
