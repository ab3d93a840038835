"""Input schemas of roles and role assignment (marshmallow; unknown fields refused)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .permissions import BUILT_IN_ROLES, OWNER, PERMISSIONS

PERMISSION = fields.String(validate=validate.OneOf(sorted(PERMISSIONS), error="Unknown permission {input}."))


class CreateRoleSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    description = fields.String(allow_none=True, validate=validate.Length(max=1000))
    permissions = fields.List(PERMISSION, required=True, validate=validate.Length(max=len(PERMISSIONS) * 2))


class UpdateRoleSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=100))
    description = fields.String(allow_none=True, validate=validate.Length(max=1000))
    permissions = fields.List(PERMISSION, validate=validate.Length(max=len(PERMISSIONS) * 2))


class AssignRoleSchema(Schema):
    """Exactly one of ``role`` (built-in name) and ``role_id`` (a custom role)."""

    # Ownership moves by its own act, never by assignment.
    role = fields.String(validate=validate.OneOf([r for r in BUILT_IN_ROLES if r != OWNER]))
    role_id = fields.UUID()

    @validates_schema
    def one_of_them(self, data, **kwargs):
        if ("role" in data) == ("role_id" in data):
            raise ValidationError("Give either a built-in role or a custom role id.", "role")
