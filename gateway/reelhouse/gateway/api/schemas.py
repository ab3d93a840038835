"""The ``/api`` (Zou dialect) wire shapes as marshmallow schemas, for the OpenAPI document.

Lighter than ``/v1``'s: Zou's own documentation is the reference gazu
follows; these describe what ``api/shapes.py`` builds and what identity
accepts, so the generated document stays truthful.
"""

import functools

from marshmallow import INCLUDE, Schema, fields, validate

from reelhouse.shared.context import ROLES


class ErrorSchema(Schema):
    error = fields.Boolean(required=True)
    message = fields.String(required=True)
    data = fields.Raw(allow_none=True, metadata={"description": "Per-field problems or other facts."})
    code = fields.String(required=True, metadata={"description": "Reelhouse's stable code (gazu ignores it)."})
    request_id = fields.String(required=True)


@functools.cache
def page_of(schema):
    """Zou's list answer: a bare array, or the page envelope when ``page`` is asked."""
    envelope = Schema.from_dict({
        "data": fields.List(fields.Nested(schema), required=True),
        "total": fields.Integer(required=True), "nb_pages": fields.Integer(required=True),
        "limit": fields.Integer(required=True), "offset": fields.Integer(required=True),
        "page": fields.Integer(required=True),
    }, name=f"{schema.__name__.removesuffix('Schema')}Page")
    return {"oneOf": [{"type": "array", "items": schema}, envelope]}


class PageQuerySchema(Schema):
    page = fields.Integer(validate=validate.Range(min=1), metadata={"description": "Asks for the page envelope."})
    limit = fields.Integer(validate=validate.Range(min=1))


class ApiRootSchema(Schema):
    api = fields.String(required=True)
    version = fields.String(required=True)


class PersonSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(["Person"]))
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    full_name = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(allow_none=True, required=True)
    active = fields.Boolean(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    desktop_login = fields.String(allow_none=True, required=True)
    timezone = fields.String(required=True)
    locale = fields.String(required=True)
    has_avatar = fields.Boolean(required=True)
    data = fields.Raw(allow_none=True, required=True)
    departments = fields.List(fields.UUID(), required=True)
    notifications_enabled = fields.Boolean(required=True)
    notifications_slack_enabled = fields.Boolean(required=True)
    is_bot = fields.Boolean(required=True)
    totp_enabled = fields.Boolean(required=True)
    email_otp_enabled = fields.Boolean(required=True)
    fido_enabled = fields.Boolean(required=True)
    preferred_two_factor_authentication = fields.String(allow_none=True, required=True,
                                                        validate=validate.OneOf(["totp", "email_otp"]))
    created_at = fields.String(allow_none=True, required=True, metadata={"format": "date-time"})
    updated_at = fields.String(allow_none=True, required=True, metadata={"format": "date-time"})


class PersonInputSchema(Schema):
    """What identity keeps of a person; other Zou fields gazu sends are accepted and ignored."""

    class Meta:
        unknown = INCLUDE

    email = fields.Email(required=True, validate=validate.Length(max=255))
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    last_name = fields.String(validate=validate.Length(max=80))
    password = fields.String(validate=validate.Length(min=8, max=200))
    role = fields.String(validate=validate.OneOf(ROLES), metadata={"default": "user"})
    desktop_login = fields.String(allow_none=True, validate=validate.Length(max=80))
    phone = fields.String(allow_none=True, validate=validate.Length(max=30))
    active = fields.Boolean(metadata={"default": True})
    is_beta = fields.Boolean(metadata={"default": False})
    timezone = fields.String(allow_none=True, validate=validate.Length(max=50))
    locale = fields.String(allow_none=True, validate=validate.Length(max=10))
    departments = fields.List(fields.UUID(), allow_none=True,
                              metadata={"description": "Ids of the workspace's departments the person belongs to."})
    departments = fields.List(fields.UUID(), allow_none=True, metadata={"description": "Department IDs."})


class PersonFilterQuerySchema(PageQuerySchema):
    """Equality filters; any other key is refused with 400."""

    id = fields.UUID()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()
    desktop_login = fields.String()
    is_bot = fields.Boolean(metadata={"description": "true answers an empty list: there are no bots yet."})


class SecondFactorSchema(Schema):
    totp = fields.String(allow_none=True, metadata={"description": "A code of the person's TOTP app."})
    email_otp = fields.String(allow_none=True, metadata={"description": "A code mailed by GET /auth/email-otp."})
    recovery_code = fields.String(allow_none=True, metadata={"description": "One of the recovery codes (spent)."})


class LoginSchema(SecondFactorSchema):
    email = fields.String(required=True, metadata={"description": "An email, or a desktop login."})
    password = fields.String(required=True)


class TotpSetupSchema(Schema):
    totp_provisionning_uri = fields.String(required=True, metadata={"description": "otpauth:// URI (Zou's spelling)."})
    otp_secret = fields.String(required=True)


class RecoveryCodesSchema(Schema):
    otp_recovery_codes = fields.List(fields.String(), required=True,
                                     metadata={"description": "Shown once; empty when codes existed already."})


class SuccessSchema(Schema):
    success = fields.Boolean(required=True)


class LoginResultSchema(Schema):
    login = fields.Boolean(required=True)
    user = fields.Nested(PersonSchema, required=True)
    ldap = fields.Boolean(required=True)
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)


class OrganisationSchema(Schema):
    """The workspace's organisation (its settings); only ``name`` for a person in no workspace."""

    name = fields.String(required=True)
    id = fields.UUID()
    type = fields.String()
    has_avatar = fields.Boolean()
    hours_by_day = fields.Float()
    use_original_file_name = fields.Boolean()
    timesheets_locked = fields.Boolean()
    format_duration_in_hours = fields.Boolean()
    hd_by_default = fields.Boolean()
    dark_theme_by_default = fields.Boolean()
    created_at = fields.String()
    updated_at = fields.String()


class AuthenticatedSchema(Schema):
    authenticated = fields.Boolean(required=True)
    user = fields.Nested(PersonSchema, required=True)
    organisation = fields.Nested(OrganisationSchema, required=True)


class LogoutSchema(Schema):
    logout = fields.Boolean(required=True)


class TokensSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)

