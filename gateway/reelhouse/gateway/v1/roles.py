"""/v1 roles and permissions (our design; the spec has only the heading).

A role is addressed by its key when built in (``owner``, ``producer``,
``co_producer``) and by its ``rol_`` ID when custom; assigning a role to a
member takes the same value. See docs/permissions.md.
"""

from nameko.web.handlers import http

from reelhouse.shared import ids
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import catalog_schemas as wire
from . import shapes
from .schemas import PageQuerySchema, SuccessSchema, data, page
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data

ROLE_PREFIX = "rol"
BUILT_IN = ("owner", "producer", "co_producer")


def role_ref(value):
    """A role in a URL: a built-in key as is, a ``rol_`` ID as its UUID."""
    return value if value in BUILT_IN else decode_id(ROLE_PREFIX, value)


def role_value(role, role_id):
    """How a member's role reads on the wire: the built-in key, or the custom role's ``rol_`` ID."""
    return ids.to_prefixed(ROLE_PREFIX, role_id) if role_id else role


def role(record):
    return {
        "type": "role",
        "id": record["id"] if not record["is_custom"] else ids.to_prefixed(ROLE_PREFIX, record["id"]),
        "workspace_id": ids.to_prefixed(WORKSPACE_PREFIX, record["workspace_id"]) if record["workspace_id"] else None,
        "name": record["name"], "description": record.get("description"), "is_custom": record["is_custom"],
        "permissions": record["permissions"],
        "created_at": shapes.timestamp(record.get("created_at")),
        "updated_at": shapes.timestamp(record.get("updated_at")),
    }


def membership(record):
    return {
        "type": "membership",
        "workspace_id": ids.to_prefixed(WORKSPACE_PREFIX, record["workspace_id"]),
        "user_id": ids.to_prefixed(USER_PREFIX, record["user_id"]),
        "role": role_value(record["role"], record.get("role_id")),
        "role_name": record.get("role_name"),
        "permissions": record.get("permissions", []),
        "created_at": shapes.timestamp(record.get("created_at")),
    }


def assignment_payload(call):
    """``{"role": "producer" | "rol_…"}`` to the service's ``role`` / ``role_id``."""
    return role_in_payload(request_data(call), "role_id")


def role_in_payload(data, custom_field):
    """A ``role`` naming a custom role (``rol_…``) becomes its UUID, in ``custom_field``
    (``role_id`` for assignments; ``role`` itself for invites, whose service field takes both)."""
    payload = dict(data)
    value = payload.get("role")
    if isinstance(value, str) and value.startswith(ROLE_PREFIX + "_"):
        payload.pop("role")
        payload[custom_field] = decode_id(ROLE_PREFIX, value, "role")
    return payload


class RoleRoutes:
    @http("GET", "/v1/permissions")
    @route(shapes)
    @document("List the permission strings roles are made of", response=page(wire.PermissionSchema))
    def list_permissions(self, call):
        result = call.rpc("workspace", "list_permissions")
        items = [{"type": "permission", "id": p["name"], "description": p["description"]} for p in result["items"]]
        # The catalogue is one short, fixed list: a single page of everything.
        return shapes.collection(items, page_from(1, max(1, result["total"]), max_limit=1000), result["total"], call)

    @http("GET", "/v1/workspaces/<string:workspace_id>/roles")
    @route(shapes)
    @document("List a workspace's roles: built-in first, then custom", query=PageQuerySchema,
              response=page(wire.RoleSchema), errors=(403,))
    def list_workspace_roles(self, call, workspace_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc("workspace", "list_roles", decode_id(WORKSPACE_PREFIX, workspace_id), page.number,
                          page.limit)
        return shapes.collection([role(r) for r in result["items"]], page, result["total"], call)

    @http("GET", "/v1/workspaces/<string:workspace_id>/roles/<string:role_id>")
    @route(shapes)
    @document("Get a role (built-in key or rol_ ID)", response=data(wire.RoleSchema), errors=(403,))
    def get_workspace_role(self, call, workspace_id, role_id):
        record = call.rpc("workspace", "get_role", decode_id(WORKSPACE_PREFIX, workspace_id), role_ref(role_id))
        return {"data": role(record)}

    @http("POST", "/v1/workspaces/<string:workspace_id>/roles")
    @route(shapes)
    @document("Create a custom role (roles.create)", status=201, body=data(wire.RoleInputSchema),
              response=data(wire.RoleSchema), errors=(403, 409),
              description="Nobody grants a permission they do not hold.")
    def create_workspace_role(self, call, workspace_id):
        record = call.rpc("workspace", "create_role", decode_id(WORKSPACE_PREFIX, workspace_id), request_data(call))
        return Reply({"data": role(record)}, status=201)

    @http("PUT", "/v1/workspaces/<string:workspace_id>/roles/<string:role_id>")
    @route(shapes)
    @document("Update a custom role (roles.update; partial)", body=data(wire.RoleInputSchema),
              response=data(wire.RoleSchema), errors=(403, 409))
    def update_workspace_role(self, call, workspace_id, role_id):
        record = call.rpc("workspace", "update_role", decode_id(WORKSPACE_PREFIX, workspace_id), role_ref(role_id),
                          request_data(call))
        return {"data": role(record)}

    @http("DELETE", "/v1/workspaces/<string:workspace_id>/roles/<string:role_id>")
    @route(shapes)
    @document("Delete a custom role (roles.delete)", response=SuccessSchema, errors=(403, 409),
              description="409 while members hold it.")
    def delete_workspace_role(self, call, workspace_id, role_id):
        call.rpc("workspace", "delete_role", decode_id(WORKSPACE_PREFIX, workspace_id), role_ref(role_id))
        return shapes.success()

    @http("GET", "/v1/workspaces/<string:workspace_id>/members")
    @route(shapes)
    @document("List a workspace's memberships with roles and permissions (members.read)", query=PageQuerySchema,
              response=page(wire.MembershipSchema), errors=(403,))
    def list_workspace_members(self, call, workspace_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc("workspace", "list_members", decode_id(WORKSPACE_PREFIX, workspace_id), page.number,
                          page.limit)
        return shapes.collection([membership(m) for m in result["items"]], page, result["total"], call)

    @http("PUT", "/v1/workspaces/<string:workspace_id>/users/<string:user_id>/role")
    @route(shapes)
    @document("Give a member another role (members.update)", body=data(wire.AssignRoleInputSchema),
              response=data(wire.MembershipSchema), errors=(403,),
              description="The owner's role is not changed here; nobody grants more than they hold.")
    def assign_member_role(self, call, workspace_id, user_id):
        record = call.rpc("workspace", "assign_role", decode_id(WORKSPACE_PREFIX, workspace_id),
                          decode_id(USER_PREFIX, user_id), assignment_payload(call))
        return {"data": membership(record)}

    @http("DELETE", "/v1/workspaces/<string:workspace_id>/users/<string:user_id>")
    @route(shapes)
    @document("Remove a member (members.delete), or leave the workspace", response=SuccessSchema, errors=(403,),
              description="The owner cannot be removed; nobody removes a member holding more than they do.")
    def remove_workspace_member(self, call, workspace_id, user_id):
        call.rpc("workspace", "remove_member", decode_id(WORKSPACE_PREFIX, workspace_id),
                 decode_id(USER_PREFIX, user_id))
        return shapes.success()
