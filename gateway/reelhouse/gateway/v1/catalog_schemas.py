"""``/v1`` wire shapes of the catalogue and of roles, for the OpenAPI document.

The workspace service validates every payload (``reelhouse.workspace.
catalog_schemas`` / ``role_schemas``); these describe the same fields as the
client sends and receives them (prefixed IDs, ``Y-m-d H:i:s``).
"""

from marshmallow import Schema, fields, validate

from .schemas import PageQuerySchema, WorkspaceSchema, constant, prefixed_id, timestamp

NAME = validate.Length(min=1, max=255)
INCLUDE = "Comma-separated relations, dot-nested (e.g. templates.workspace): {}."
SORT = "Sort by one of: {} (default name)."
DIRECTION = fields.String(validate=validate.OneOf(["asc", "desc"]), metadata={"default": "asc"})


def list_query(name, relations, sortable, scopes=None):
    """The query arguments of a catalogue list: page, limit, sort, direction, include (and scopes)."""
    extra = {
        "sort": fields.String(metadata={"description": SORT.format(", ".join(sortable))}),
        "direction": DIRECTION,
        "include": fields.String(metadata={"description": INCLUDE.format(", ".join(relations))}),
    }
    if scopes:
        extra["scope"] = fields.String(metadata={"description": scopes})
    return PageQuerySchema.from_dict(extra, name=f"{name}ListQuery")


def include_query(name, relations):
    return Schema.from_dict({"include": fields.String(metadata={
        "description": INCLUDE.format(", ".join(relations))})}, name=f"{name}IncludeQuery")


# Requests ----------------------------------------------------------------------

class IndustryInputSchema(Schema):
    name = fields.String(required=True, validate=NAME, metadata={"description": "Optional on update."})
    description = fields.String(allow_none=True)
    is_published = fields.Boolean(metadata={"default": False})


class TemplateTypeInputSchema(IndustryInputSchema):
    icon = fields.String(allow_none=True, metadata={"format": "uri"})


class ShotBlueprintSchema(Schema):
    type = fields.String(required=True, metadata={"description": "The shot type, e.g. broll."})
    fields_ = fields.Dict(data_key="fields", metadata={"description": "field1, field2, meta.name, meta.title."})


class TemplateBlueprintSchema(Schema):
    production = fields.Dict(metadata={"description": "title, allow_public_upload, allow_public_shotlist."})
    brief = fields.Dict(metadata={"description": "purpose, purpose_because, description, end_screen, instructions, "
                                                 "meta (length, tone.<20 flags>, music, musicType, musicProvider, "
                                                 "videoType)."})
    descriptions = fields.List(fields.Nested(ShotBlueprintSchema), metadata={"description": "The shot list, "
                                                                                            "in order."})


class TemplateInputSchema(Schema):
    workspace_id = prefixed_id("wrk", "Omit (or null) for a global template (admins). Taken from the URL on "
                                      "nested routes; cannot change on update.", allow_none=True)
    industry_id = prefixed_id("ind", allow_none=True)
    template_type_id = prefixed_id("tpt", allow_none=True)
    name = fields.String(required=True, validate=NAME, metadata={"description": "Optional on update."})
    description = fields.String(allow_none=True)
    template = fields.Nested(TemplateBlueprintSchema, required=True, metadata={"description": "Optional on update."})
    is_published = fields.Boolean(metadata={"default": False})
    editor_pick = fields.Boolean(metadata={"description": "Platform admins only."})
    image_url = fields.String(allow_none=True, metadata={"format": "uri"})


class CollectionInputSchema(Schema):
    name = fields.String(required=True, validate=NAME, metadata={"description": "Optional on update."})
    description = fields.String(allow_none=True)
    template_ids = fields.List(prefixed_id("tmp"), metadata={"description": "Global templates, in order; "
                                                                            "replaces the set."})


class RoleInputSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "Optional on update."})
    description = fields.String(allow_none=True)
    permissions = fields.List(fields.String(), required=True, metadata={
        "description": "Permission strings (GET /v1/permissions); optional on update."})


class AssignRoleInputSchema(Schema):
    role = fields.String(required=True, metadata={
        "description": "producer, co_producer, or a custom role's rol_ ID."})


# Responses -------------------------------------------------------------------------

class IndustrySchema(Schema):
    type = constant("industry")
    id = prefixed_id("ind", required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    is_published = fields.Boolean(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    templates = fields.List(fields.Dict(), metadata={"description": "With include=templates."})
    workspaces = fields.List(fields.Nested(WorkspaceSchema), metadata={"description": "With include=workspaces."})


class TemplateTypeSchema(Schema):
    type = constant("template_type")
    id = prefixed_id("tpt", required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    icon = fields.String(allow_none=True, required=True)
    is_published = fields.Boolean(required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    templates = fields.List(fields.Dict(), metadata={"description": "With include=templates."})


class TemplateSchema(Schema):
    type = constant("template")
    id = prefixed_id("tmp", required=True)
    workspace_id = prefixed_id("wrk", "Null for a global template.", allow_none=True, required=True)
    industry_id = prefixed_id("ind", allow_none=True, required=True)
    template_type_id = prefixed_id("tpt", allow_none=True, required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    is_published = fields.Boolean(required=True)
    editor_pick = fields.Boolean(required=True)
    image_url = fields.String(allow_none=True, required=True)
    template = fields.Nested(TemplateBlueprintSchema, metadata={"description": "The blueprint: on single-object "
                                                                               "answers, not in lists."})
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    industry = fields.Nested(IndustrySchema, allow_none=True, metadata={"description": "With include=industry."})
    template_type = fields.Nested(TemplateTypeSchema, allow_none=True)
    workspace = fields.Nested(WorkspaceSchema, allow_none=True)


class CollectionSchema(Schema):
    type = constant("template_collection")
    id = prefixed_id("tcl", required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    template_ids = fields.List(prefixed_id("tmp"), required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)
    templates = fields.List(fields.Nested(TemplateSchema), metadata={"description": "With include=templates."})
    workspaces = fields.List(fields.Nested(WorkspaceSchema), metadata={"description": "With include=workspaces."})


class RoleSchema(Schema):
    type = constant("role")
    id = fields.String(required=True, metadata={"description": "owner, producer, co_producer, or rol_ + 22 base62."})
    workspace_id = prefixed_id("wrk", "Null for built-in roles.", allow_none=True, required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True, required=True)
    is_custom = fields.Boolean(required=True)
    permissions = fields.List(fields.String(), required=True)
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)


class MembershipSchema(Schema):
    type = constant("membership")
    workspace_id = prefixed_id("wrk", required=True)
    user_id = prefixed_id("usr", required=True)
    role = fields.String(required=True, metadata={"description": "A built-in role or a custom role's rol_ ID."})
    role_name = fields.String(required=True)
    permissions = fields.List(fields.String(), required=True)
    created_at = timestamp(required=True)


class PermissionSchema(Schema):
    type = constant("permission")
    id = fields.String(required=True, metadata={"example": "workspaces.update"})
    description = fields.String(required=True)
