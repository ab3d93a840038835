"""The ``/v1`` wire shapes as marshmallow schemas, for the OpenAPI document.

The gateway owns these because the wire is the dialect's: envelopes,
prefixed IDs and timestamps that the services never see. The owning service
still validates every payload with its own schema; request schemas here
describe the same fields (gateway/tests/test_openapi.py keeps the names in
step) and response schemas describe what ``v1/shapes.py`` builds.
"""

import functools

from marshmallow import Schema, fields, validate

from reelhouse.shared.pagination import MAX_LIMIT

TIMESTAMP = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"


def prefixed_id(prefix, description="", **kwargs):
    about = f"A type-prefixed ID: {prefix}_ and 22 base62 characters. {description}".strip()
    return fields.String(metadata={"pattern": f"^{prefix}_[0-9A-Za-z]{{22}}$", "description": about}, **kwargs)


def timestamp(**kwargs):
    return fields.String(allow_none=True, metadata={"pattern": TIMESTAMP, "description": "UTC, Y-m-d H:i:s."},
                         **kwargs)


def constant(value):
    return fields.String(required=True, validate=validate.OneOf([value]))


# Envelopes ------------------------------------------------------------------

@functools.cache
def data(schema):
    """``{"data": <schema>}``: the /v1 envelope of one object, in either direction."""
    return Schema.from_dict({"data": fields.Nested(schema, required=True)}, name=f"{name_of(schema)}Data")


@functools.cache
def page(schema):
    """``{"data": [<schema>...], "meta": {"pagination": ...}}``: one page of a list."""
    return Schema.from_dict({"data": fields.List(fields.Nested(schema), required=True),
                             "meta": fields.Nested(PageMetaSchema, required=True)}, name=f"{name_of(schema)}Page")


def name_of(schema):
    return schema.__name__.removesuffix("Schema")


class PageLinksSchema(Schema):
    next = fields.String(metadata={"format": "uri"})
    previous = fields.String(metadata={"format": "uri"})


class PaginationSchema(Schema):
    total = fields.Integer(required=True)
    count = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    current_page = fields.Integer(required=True)
    total_pages = fields.Integer(required=True)
    links = fields.Nested(PageLinksSchema, required=True)


class PageMetaSchema(Schema):
    pagination = fields.Nested(PaginationSchema, required=True)


class PageQuerySchema(Schema):
    page = fields.Integer(validate=validate.Range(min=1), metadata={"default": 1})
    limit = fields.Integer(validate=validate.Range(min=1, max=MAX_LIMIT), metadata={"default": 100})


class SuccessBodySchema(Schema):
    http_code = fields.Integer(required=True)
    message = fields.String(required=True)


class SuccessSchema(Schema):
    """The answer of a route that returns no object."""

    success = fields.Nested(SuccessBodySchema, required=True)


class ErrorBodySchema(Schema):
    http_code = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "Stable: see docs/api-v1.md, Errors."})
    message = fields.String(required=True)
    request_id = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", keys=fields.String(),
                          metadata={"description": "Per-field problems of a 422."})
    details = fields.Raw(metadata={"description": "Facts about other errors, e.g. reason."})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


# Account and users ------------------------------------------------------------

class RegisterSchema(Schema):
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    email = fields.Email(required=True, validate=validate.Length(max=255))
    password = fields.String(required=True, validate=validate.Length(min=8, max=200))
    is_business = fields.Boolean(required=True)
    company = fields.String(allow_none=True, validate=validate.Length(max=200),
                            metadata={"description": "Required when is_business is true."})
    invite_token = fields.String(allow_none=True, metadata={"description": "Join the inviting workspace."})


class ActivateSchema(Schema):
    token = fields.String(required=True, metadata={"description": "The token of the activation mail."})
    password = fields.String(validate=validate.Length(min=8, max=200),
                             metadata={"description": "Only for a person an administrator registered: "
                                                      "the password they choose."})


class SecondFactorSchema(Schema):
    """One second factor, when the account has two-factor authentication on."""

    totp = fields.String(allow_none=True, validate=validate.Length(max=20))
    email_otp = fields.String(allow_none=True, validate=validate.Length(max=20))
    recovery_code = fields.String(allow_none=True, validate=validate.Length(max=40))


class LoginSchema(SecondFactorSchema):
    email = fields.String(validate=validate.Length(min=1, max=255))
    desktop_login = fields.String(validate=validate.Length(min=1, max=80),
                                  metadata={"description": "Instead of email."})
    password = fields.String(required=True)


class RefreshSchema(Schema):
    refresh_token = fields.String(required=True)


class UpdateUserSchema(Schema):
    first_name = fields.String(validate=validate.Length(min=1, max=80))
    last_name = fields.String(validate=validate.Length(min=1, max=80))
    email = fields.Email(validate=validate.Length(max=255))
    password = fields.String(metadata={"description": "The current password, to change it."})
    new_password = fields.String(validate=validate.Length(min=8, max=200))
    preferences = fields.Dict(keys=fields.String())
    is_beta = fields.Boolean()


class ForgotPasswordSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))


class ResetPasswordSchema(Schema):
    token = fields.String(required=True, metadata={"description": "The token of the password-reset mail."})
    password = fields.String(required=True, validate=validate.Length(min=8, max=200))


class ConfirmEmailSchema(Schema):
    token = fields.String(required=True, metadata={"description": "The token mailed to the new address."})


class CreateUserSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))
    password = fields.String(required=True, validate=validate.Length(min=8, max=200))
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class AvatarSchema(Schema):
    color = fields.String(required=True)
    image_urls = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True), required=True)


class UserSchema(Schema):
    type = constant("users")
    id = prefixed_id("usr", required=True)
    user_hash = fields.String(required=True)
    avatar = fields.Nested(AvatarSchema, required=True)
    email = fields.Email(required=True)
    full_name = fields.String(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    is_confirmed = fields.Boolean(required=True)
    is_invite = fields.Boolean(required=True)
    is_beta = fields.Boolean(required=True)
    preferences = fields.Dict(keys=fields.String(), required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    workspaces = fields.List(fields.Dict(), metadata={
        "description": "With include=workspaces: {type, id} references to the workspaces you share."})
    owned_productions = fields.List(fields.Dict(), metadata={"description": "With include: productions created "
                                                                            "(at most 100, where you may read)."})
    shared_productions = fields.List(fields.Dict(), metadata={"description": "With include: productions whose "
                                                                             "team holds the user."})
    owned_video_series = fields.List(fields.Dict(), metadata={"description": "With include: series created."})
    shared_video_series = fields.List(fields.Dict(), metadata={"description": "With include: series whose team "
                                                                              "holds the user."})


USER_INCLUDES = "Comma-separated: workspaces, owned_productions, shared_productions, owned_video_series, " \
                "shared_video_series."


class UserQuerySchema(Schema):
    include = fields.String(metadata={"description": USER_INCLUDES})


class UserPageQuerySchema(PageQuerySchema):
    include = fields.String(metadata={"description": USER_INCLUDES})


class RegistrationMetaSchema(Schema):
    workspace_id = prefixed_id("wrk", "The workspace being created for the user.", required=True)


class RegisteredSchema(Schema):
    data = fields.Nested(UserSchema, required=True)
    meta = fields.Nested(RegistrationMetaSchema, required=True)


class TokenSchema(Schema):
    type = constant("token")
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    access_token = fields.String(required=True, metadata={"description": "An Ed25519 JWT, 15 minutes."})
    refresh_token = fields.String(required=True, metadata={"description": "Opaque, 30 days, spent on use."})
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds."})
    user = fields.Nested(UserSchema, required=True)


class UserListQuerySchema(UserPageQuerySchema):
    scope = fields.String(metadata={"description": "workspace:<wrk_ id>, production:<prd_ id>, project:<vds_ id> "
                                                   "(the members of its workspace); admins see every user otherwise."})


# Workspaces and invites -------------------------------------------------------

class FeaturesSchema(Schema):
    """Any subset of the plan entitlements; key spelling mixes cases as in the spec."""

    video_series = fields.Boolean()
    users = fields.Integer(validate=validate.Range(min=0))
    coachingPlatform = fields.String()  # noqa: N815 - wire name
    templates = fields.String()
    stockLibrary = fields.Boolean()  # noqa: N815
    landingPage = fields.Boolean()  # noqa: N815
    help_center = fields.Boolean()
    in_app_chat = fields.Boolean()
    priority_emails = fields.Boolean()
    phone_support = fields.Boolean()


NAME = validate.Length(min=1, max=255)


class CreateWorkspaceSchema(Schema):
    organization = fields.String(validate=NAME, allow_none=True)
    company = fields.String(validate=NAME, allow_none=True, metadata={"description": "Alias of organization."})
    name = fields.String(validate=NAME, allow_none=True)
    path = fields.String(validate=NAME, allow_none=True, metadata={"deprecated": True})
    phone = fields.String(validate=validate.Length(max=50), allow_none=True)
    is_business = fields.Boolean(required=True)
    internal_notes = fields.String(allow_none=True, metadata={"description": "Platform admins only."})


class UpdateWorkspaceSchema(Schema):
    organization = fields.String(validate=NAME, allow_none=True)
    name = fields.String(validate=NAME)
    path = fields.String(validate=NAME, metadata={"deprecated": True})
    phone = fields.String(validate=validate.Length(max=50), allow_none=True)
    industry_id = prefixed_id("ind", allow_none=True)
    template_collection_id = prefixed_id("tcl", allow_none=True)
    internal_notes = fields.String(allow_none=True, metadata={"description": "Platform admins only."})
    features = fields.Nested(FeaturesSchema)


class WorkspaceSchema(Schema):
    type = constant("workspace")
    id = prefixed_id("wrk", required=True)
    organization_name = fields.String(allow_none=True, required=True)
    workspace_name = fields.String(allow_none=True, required=True)
    workspace_path = fields.String(allow_none=True, required=True)
    phone = fields.String(allow_none=True, required=True)
    is_business = fields.Boolean(allow_none=True, required=True)
    is_invite = fields.Boolean(allow_none=True, required=True)
    stripe_id = fields.String(allow_none=True, required=True)
    card_brand = fields.String(allow_none=True, required=True)
    card_last_four = fields.String(allow_none=True, required=True)
    features = fields.Nested(FeaturesSchema, allow_none=True, required=True)
    account = fields.Integer(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    role = fields.String(metadata={"description": "The caller's role here, when a member: owner, producer, "
                                                  "co_producer, or a custom role's rol_ ID."})
    permissions = fields.List(fields.String(), metadata={"description": "The caller's permission strings here."})
    internal_notes = fields.String(allow_none=True, metadata={"description": "Shown to platform admins only."})


class WorkspaceListQuerySchema(PageQuerySchema):
    scope = fields.String(metadata={"description": "user:<usr_ id> (admins only)."})


class CreateInviteSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))
    role = fields.String(metadata={"default": "co_producer",
                                   "description": "producer, co_producer, or a custom role's rol_ ID."})


class InviteSchema(Schema):
    type = constant("invite")
    workspace_id = prefixed_id("wrk", required=True)
    email = fields.Email(required=True)
    role = fields.String(allow_none=True, required=True)
    expires_at = timestamp(required=True)
    accepted_at = timestamp(required=True)
    token = fields.String(metadata={"description": "Only to the inviter, right after creating the invite."})


class InvitedWorkspaceSchema(Schema):
    type = constant("workspace")
    id = prefixed_id("wrk", required=True)
    workspace_name = fields.String(allow_none=True, required=True)


class InvitedUserSchema(Schema):
    """An invite seen by its recipient: the invited (not yet confirmed) user."""

    type = constant("users")
    email = fields.Email(required=True)
    is_confirmed = fields.Boolean(required=True)
    is_invite = fields.Boolean(required=True)
    invite = fields.Nested(InviteSchema, required=True)
    workspace = fields.Nested(InvitedWorkspaceSchema, required=True)
