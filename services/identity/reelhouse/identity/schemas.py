"""Input schemas of the identity RPCs. Unknown fields are refused (marshmallow's
default RAISE), so a misspelt field is an error rather than silently ignored.

``fields.Email`` checks the address's shape only: no DNS or network lookup.
"""

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from reelhouse.shared.context import ROLES

PASSWORD = validate.Length(min=8, max=200)
NAME = validate.Length(min=1, max=80)


class RegisterSchema(Schema):
    first_name = fields.String(required=True, validate=NAME)
    last_name = fields.String(required=True, validate=NAME)
    email = fields.Email(required=True, validate=validate.Length(max=255))
    password = fields.String(required=True, validate=PASSWORD)
    is_business = fields.Boolean(required=True)
    company = fields.String(allow_none=True, validate=validate.Length(max=200))
    invite_token = fields.String(allow_none=True)

    @validates_schema
    def company_for_businesses(self, data, **kwargs):
        if data.get("is_business") and not (data.get("company") or "").strip():
            raise ValidationError("Required when is_business is true.", "company")


class AdminRegisterSchema(Schema):
    """An administrator registers a producer (``POST /v1/register`` with an admin token)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=255))
    first_name = fields.String(required=True, validate=NAME)
    last_name = fields.String(required=True, validate=NAME)


class SecondFactorSchema(Schema):
    """A second factor: at login with 2FA on, and to disable a method or renew recovery codes."""

    totp = fields.String(allow_none=True, validate=validate.Length(max=20))
    email_otp = fields.String(allow_none=True, validate=validate.Length(max=20))
    recovery_code = fields.String(allow_none=True, validate=validate.Length(max=40))


class LoginSchema(SecondFactorSchema):
    # Not an Email field: Zou lets the desktop login ID travel in ``email``.
    email = fields.String(validate=validate.Length(min=1, max=255))
    desktop_login = fields.String(validate=validate.Length(min=1, max=80))
    password = fields.String(required=True)

    @validates_schema
    def who(self, data, **kwargs):
        if not data.get("email") and not data.get("desktop_login"):
            raise ValidationError("Give an email or a desktop_login.", "email")


class ForgotPasswordSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))


class ResetPasswordSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, validate=PASSWORD)


class TokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UpdateUserSchema(Schema):
    first_name = fields.String(validate=NAME)
    last_name = fields.String(validate=NAME)
    email = fields.Email(validate=validate.Length(max=255))
    password = fields.String()  # the current password, to change it
    new_password = fields.String(validate=PASSWORD)
    preferences = fields.Dict(keys=fields.String())
    is_beta = fields.Boolean()


class PersonSchema(Schema):
    """Zou person fields an admin may set. Load with ``partial=True`` for updates."""

    email = fields.Email(required=True, validate=validate.Length(max=255))
    first_name = fields.String(required=True, validate=NAME)
    last_name = fields.String(load_default="", validate=validate.Length(max=80))
    password = fields.String(validate=PASSWORD)
    role = fields.String(load_default="user", validate=validate.OneOf(ROLES))
    desktop_login = fields.String(allow_none=True, validate=validate.Length(max=80))
    phone = fields.String(allow_none=True, validate=validate.Length(max=30))
    active = fields.Boolean(load_default=True)
    is_beta = fields.Boolean(load_default=False)
    timezone = fields.String(allow_none=True, validate=validate.Length(max=50))
    locale = fields.String(allow_none=True, validate=validate.Length(max=10))
    departments = fields.List(fields.UUID(), allow_none=True)


class DepartmentSchema(Schema):
    """Load with ``partial=True`` for updates."""

    name = fields.String(required=True, validate=NAME)
    # gazu's new_department sends "" for "no colour": the default one is kept.
    color = fields.String(validate=validate.Regexp(r"^(#[0-9A-Fa-f]{6})?$", error="A colour like #1a2b3c."))
    archived = fields.Boolean()

    @post_load
    def drop_blank_colour(self, data, **kwargs):
        if data.get("color") == "":
            del data["color"]
        return data


class DepartmentFiltersSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    archived = fields.Boolean()


class OrganisationSchema(Schema):
    """Every field optional: an update names what it changes."""

    name = fields.String(validate=NAME)
    hours_by_day = fields.Float(validate=validate.Range(min=0.5, max=24))
    use_original_file_name = fields.Boolean()
    timesheets_locked = fields.Boolean()
    format_duration_in_hours = fields.Boolean()
    hd_by_default = fields.Boolean()
    dark_theme_by_default = fields.Boolean()


class CreateAdminSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))
    password = fields.String(required=True, validate=PASSWORD)
    first_name = fields.String(load_default="Super", validate=NAME)
    last_name = fields.String(load_default="Admin", validate=validate.Length(max=80))


class PersonFiltersSchema(Schema):
    """Equality filters of ``list_persons``; any other key is refused (Zou: 400)."""

    id = fields.UUID()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()
    desktop_login = fields.String()
    is_bot = fields.Boolean()
    full_name = fields.String()  # "First Last", case-insensitive (gazu's get_person_by_full_name)


class UserFiltersSchema(Schema):
    workspace_id = fields.UUID()
    id = fields.UUID()
