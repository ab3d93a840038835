"""Input schemas (marshmallow 4). Unknown fields are refused, except in events."""

import uuid

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from reelhouse.shared.validation import StrictBoolean, StrictInteger

NAME = validate.Length(min=1, max=255)




class FeaturesSchema(Schema):
    """Any subset of the plan entitlements; key spelling mixes cases as in the spec."""

    video_series = StrictBoolean()
    users = StrictInteger(validate=validate.Range(min=0))
    coachingPlatform = fields.String(validate=NAME)  # noqa: N815 - wire name
    templates = fields.String(validate=NAME)
    stockLibrary = StrictBoolean()  # noqa: N815
    landingPage = StrictBoolean()  # noqa: N815
    help_center = StrictBoolean()
    in_app_chat = StrictBoolean()
    priority_emails = StrictBoolean()
    phone_support = StrictBoolean()


class CreateWorkspaceSchema(Schema):
    organization = fields.String(validate=NAME, allow_none=True)
    company = fields.String(validate=NAME, allow_none=True)  # alias of organization (spec sample)
    name = fields.String(validate=NAME, allow_none=True)
    path = fields.String(validate=NAME, allow_none=True)  # deprecated slug
    phone = fields.String(validate=validate.Length(max=50), allow_none=True)
    is_business = StrictBoolean(required=True)
    internal_notes = fields.String(allow_none=True)


class UpdateWorkspaceSchema(Schema):
    organization = fields.String(validate=NAME, allow_none=True)
    name = fields.String(validate=NAME)
    path = fields.String(validate=NAME)
    phone = fields.String(validate=validate.Length(max=50), allow_none=True)
    industry_id = fields.UUID(allow_none=True)
    template_collection_id = fields.UUID(allow_none=True)
    internal_notes = fields.String(allow_none=True)
    features = fields.Nested(FeaturesSchema)


class ListFiltersSchema(Schema):
    user_id = fields.UUID()


def _invite_role(value: str) -> None:
    """A built-in role but owner (one per workspace), or a custom role's id (checked by invites.py)."""
    if value in ("producer", "co_producer"):
        return
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValidationError("Must be producer, co_producer or a custom role's id.") from None


class CreateInviteSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))
    # Owner is not invitable: a workspace has exactly one owner.
    role = fields.String(load_default="co_producer", validate=lambda value: _invite_role(value))


class PersonCreatedSchema(Schema):
    """``identity.person_created`` data: an admin made a person in their workspace."""

    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(required=True)
    workspace_id = fields.UUID(required=True)


class UserRegisteredSchema(Schema):
    """``identity.user_registered`` data; later additive fields are ignored."""

    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(required=True)
    email = fields.String(allow_none=True)
    first_name = fields.String(allow_none=True, load_default=None)
    last_name = fields.String(allow_none=True, load_default=None)
    is_business = fields.Boolean(allow_none=True, load_default=False)
    company = fields.String(allow_none=True, load_default=None)
    workspace_id = fields.UUID(allow_none=True, load_default=None)
    invite_token = fields.String(allow_none=True, load_default=None)


class UserCancelledSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.UUID(required=True)
