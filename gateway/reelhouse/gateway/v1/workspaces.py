"""/v1 workspace routes: workspaces, their users, invites."""

from nameko.web.handlers import http

from reelhouse.shared.errors import NotFound
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document, same_as
from . import roles, schemas, shapes, users
from .productions import series_id_of
from .schemas import data, page
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data


def workspace_payload(data):
    """Map /v1 reference fields to canonical UUIDs; the service validates the rest."""
    payload = dict(data)
    for field, prefix in (("industry_id", "ind"), ("template_collection_id", "tcl")):
        if payload.get(field):
            payload[field] = decode_id(prefix, payload[field], field)
    return payload


W = "/v1/workspaces/<string:workspace_id>"
P, S = "<string:production_id>", "<string:series_id>"


def workspace_users(call, workspace_id):
    """A page of the workspace's members (identity answers 404 to a non-member)."""
    page = page_from(call.args.get("page"), call.args.get("limit"))
    result = call.rpc("identity", "list_users", {"workspace_id": workspace_id}, page.number, page.limit)
    return shapes.collection(users.shaped_users(call, result["items"]), page, result["total"], call)


def workspace_user(call, workspace_id, user_id):
    filters = {"workspace_id": workspace_id, "id": decode_id(USER_PREFIX, user_id)}
    found = call.rpc("identity", "list_users", filters, 1, 1)["items"]
    if not found:
        raise NotFound("No such user in this workspace.")
    return {"data": users.shaped_users(call, found)[0]}


def parent_workspace(call, workspace_id, kind, record_id):
    """The workspace, once production_tracking found the production/series in it (404 otherwise)."""
    workspace = decode_id(WORKSPACE_PREFIX, workspace_id)
    record = series_id_of(record_id) if kind == "video_series" else decode_id("prd", record_id)
    call.rpc("production_tracking", "get_v1_record", kind, record, {"workspace_id": workspace})
    return workspace


class WorkspaceRoutes:
    @http("GET", "/v1/workspaces")
    @route(shapes)
    @document("List the caller's workspaces (admins: any user's with scope)",
              query=schemas.WorkspaceListQuerySchema, response=page(schemas.WorkspaceSchema), errors=(403,))
    def list_workspaces(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        filters = {}
        scope = call.args.get("scope", "")
        if scope.startswith("user:"):
            filters["user_id"] = decode_id(USER_PREFIX, scope.split(":", 1)[1], "scope")
        result = call.rpc("workspace", "list_workspaces", filters, page.number, page.limit, shapes.includes(call))
        items = [shapes.workspace(w, call.caller) for w in result["items"]]
        return shapes.collection(items, page, result["total"], call)

    @http("POST", "/v1/workspaces")
    @route(shapes)
    @document("Create a workspace owned by the caller", status=201, body=data(schemas.CreateWorkspaceSchema),
              response=data(schemas.WorkspaceSchema), errors=(403,))
    def create_workspace(self, call):
        record = call.rpc("workspace", "create_workspace", workspace_payload(request_data(call)))
        return Reply({"data": shapes.workspace(record, call.caller)}, status=201)

    @http("GET", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    @document("Get a workspace", response=data(schemas.WorkspaceSchema),
              description="404 for non-members: tenants are not revealed.")
    def get_workspace(self, call, workspace_id):
        record = call.rpc("workspace", "get_workspace", decode_id(WORKSPACE_PREFIX, workspace_id),
                          shapes.includes(call))
        return {"data": shapes.workspace(record, call.caller)}

    @http("PUT", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    @document("Update a workspace (owner and producers)", body=data(schemas.UpdateWorkspaceSchema),
              response=data(schemas.WorkspaceSchema), errors=(403,),
              description="internal_notes, features and template_collection_id: platform admins only.")
    def update_workspace(self, call, workspace_id):
        record = call.rpc("workspace", "update_workspace", decode_id(WORKSPACE_PREFIX, workspace_id),
                          workspace_payload(request_data(call)))
        return {"data": shapes.workspace(record, call.caller)}

    @http("DELETE", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    @document("Delete a workspace (its owner)", response=schemas.SuccessSchema, errors=(403,))
    def delete_workspace(self, call, workspace_id):
        call.rpc("workspace", "delete_workspace", decode_id(WORKSPACE_PREFIX, workspace_id))
        return shapes.success()

    # The spec writes this family with a singular "workspace"; both are served.
    @http("GET", "/v1/workspaces/<string:workspace_id>/users")
    @route(shapes)
    @document("List a workspace's users", query=schemas.UserPageQuerySchema, response=page(schemas.UserSchema))
    def list_workspace_users(self, call, workspace_id):
        return workspace_users(call, decode_id(WORKSPACE_PREFIX, workspace_id))

    @http("GET", "/v1/workspace/<string:workspace_id>/users")
    @same_as(list_workspace_users, deprecated=True,
             description="The spec's singular spelling of GET /v1/workspaces/{workspace_id}/users.")
    def list_workspace_users_singular(self, request, workspace_id):
        return self.list_workspace_users(request, workspace_id=workspace_id)

    @http("GET", "/v1/workspaces/<string:workspace_id>/users/<string:user_id>")
    @route(shapes)
    @document("Get one of a workspace's users", query=schemas.UserQuerySchema,
              response=data(schemas.UserSchema), errors=(403, 404))
    def get_workspace_user(self, call, workspace_id, user_id):
        return workspace_user(call, decode_id(WORKSPACE_PREFIX, workspace_id), user_id)

    @http("GET", "/v1/workspace/<string:workspace_id>/users/<string:user_id>")
    @same_as(get_workspace_user, deprecated=True,
             description="The spec's singular spelling of GET /v1/workspaces/{workspace_id}/users/{user_id}.")
    def get_workspace_user_singular(self, request, workspace_id, user_id):
        return self.get_workspace_user(request, workspace_id=workspace_id, user_id=user_id)

    # Users who may see a production or a video series: its workspace's members (every
    # workspace role reads productions; nothing is shared per production).
    @http("GET", f"{W}/productions/{P}/users")
    @route(shapes)
    @document("List the users who may see a production", query=schemas.UserPageQuerySchema,
              response=page(schemas.UserSchema), description="The members of its workspace.")
    def list_production_users(self, call, workspace_id, production_id):
        return workspace_users(call, parent_workspace(call, workspace_id, "production", production_id))

    @http("GET", f"/v1/workspace/<string:workspace_id>/productions/{P}/users")
    @same_as(list_production_users, deprecated=True, description="The spec's singular spelling.")
    def list_production_users_singular(self, request, workspace_id, production_id):
        return self.list_production_users(request, workspace_id=workspace_id, production_id=production_id)

    @http("GET", f"{W}/video-series/{S}/users")
    @route(shapes)
    @document("List the users who may see a video series", query=schemas.UserPageQuerySchema,
              response=page(schemas.UserSchema), description="The members of its workspace.")
    def list_series_users(self, call, workspace_id, series_id):
        return workspace_users(call, parent_workspace(call, workspace_id, "video_series", series_id))

    @http("GET", f"/v1/workspace/<string:workspace_id>/video-series/{S}/users")
    @same_as(list_series_users, deprecated=True, description="The spec's singular spelling.")
    def list_series_users_singular(self, request, workspace_id, series_id):
        return self.list_series_users(request, workspace_id=workspace_id, series_id=series_id)

    @http("GET", f"{W}/productions/{P}/users/<string:user_id>")
    @route(shapes)
    @document("Get one of the users who may see a production", query=schemas.UserQuerySchema,
              response=data(schemas.UserSchema))
    def get_production_user(self, call, workspace_id, production_id, user_id):
        return workspace_user(call, parent_workspace(call, workspace_id, "production", production_id), user_id)

    @http("GET", f"/v1/workspace/<string:workspace_id>/productions/{P}/users/<string:user_id>")
    @same_as(get_production_user, deprecated=True, description="The spec's singular spelling.")
    def get_production_user_singular(self, request, workspace_id, production_id, user_id):
        return self.get_production_user(request, workspace_id=workspace_id, production_id=production_id,
                                        user_id=user_id)

    @http("GET", f"{W}/video-series/{S}/users/<string:user_id>")
    @route(shapes)
    @document("Get one of the users who may see a video series", query=schemas.UserQuerySchema,
              response=data(schemas.UserSchema))
    def get_series_user(self, call, workspace_id, series_id, user_id):
        return workspace_user(call, parent_workspace(call, workspace_id, "video_series", series_id), user_id)

    @http("GET", f"/v1/workspace/<string:workspace_id>/video-series/{S}/users/<string:user_id>")
    @same_as(get_series_user, deprecated=True, description="The spec's singular spelling.")
    def get_series_user_singular(self, request, workspace_id, series_id, user_id):
        return self.get_series_user(request, workspace_id=workspace_id, series_id=series_id, user_id=user_id)

    @http("POST", "/v1/workspaces/<string:workspace_id>/invites")
    @route(shapes)
    @document("Invite someone to a workspace by email", status=201, body=data(schemas.CreateInviteSchema),
              response=data(schemas.InviteSchema), errors=(403, 409))
    def create_invite(self, call, workspace_id):
        invite = call.rpc("workspace", "create_invite", decode_id(WORKSPACE_PREFIX, workspace_id),
                          roles.role_in_payload(request_data(call), "role"))
        return Reply({"data": invite_body(invite)}, status=201)

    @http("GET", "/v1/invites/<string:token>")
    @route(shapes, auth="none")
    @document("Look up an invite by its token (public)", auth="none", response=data(schemas.InvitedUserSchema))
    def get_invite(self, call, token):
        found = call.rpc("workspace", "get_invite", token)
        invite = found["invite"]
        # The spec answers with the invited user: unconfirmed, marked invite.
        return {"data": {
            "type": "users", "email": invite["email"], "is_confirmed": False, "is_invite": True,
            "invite": invite_body(invite, include_token=False),
            "workspace": {"type": "workspace", "id": ids_of(found["workspace"]["id"]),
                          "workspace_name": found["workspace"].get("workspace_name")},
        }}

    @http("POST", "/v1/invites/<string:token>/accept")
    @route(shapes)
    @document("Accept an invite: the caller joins the workspace", response=data(schemas.WorkspaceSchema),
              errors=(403, 409))
    def accept_invite(self, call, token):
        record = call.rpc("workspace", "accept_invite", token)
        return {"data": shapes.workspace(record, call.caller)}


def ids_of(workspace_id):
    return shapes.ids.to_prefixed(WORKSPACE_PREFIX, workspace_id)


def invite_body(invite, include_token=True):
    body = {
        "type": "invite",
        "workspace_id": ids_of(invite["workspace_id"]),
        "email": invite["email"],
        "role": roles.role_value(invite.get("role"), invite.get("role_id")),
        "expires_at": shapes.timestamp(invite.get("expires_at")),
        "accepted_at": shapes.timestamp(invite.get("accepted_at")),
    }
    if include_token and invite.get("token"):
        body["token"] = invite["token"]
    return body
