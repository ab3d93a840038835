"""/v1 workspace routes: workspaces, their users, invites."""

from nameko.web.handlers import http

from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from . import shapes
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data


def workspace_payload(data):
    """Map /v1 reference fields to canonical UUIDs; the service validates the rest."""
    payload = dict(data)
    for field, prefix in (("industry_id", "ind"), ("template_collection_id", "tcl")):
        if payload.get(field):
            payload[field] = decode_id(prefix, payload[field], field)
    return payload


class WorkspaceRoutes:
    @http("GET", "/v1/workspaces")
    @route(shapes)
    def list_workspaces(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        filters = {}
        scope = call.args.get("scope", "")
        if scope.startswith("user:"):
            filters["user_id"] = decode_id(USER_PREFIX, scope.split(":", 1)[1], "scope")
        result = call.rpc("workspace", "list_workspaces", filters, page.number, page.limit)
        items = [shapes.workspace(w, call.caller) for w in result["items"]]
        return shapes.collection(items, page, result["total"], call)

    @http("POST", "/v1/workspaces")
    @route(shapes)
    def create_workspace(self, call):
        record = call.rpc("workspace", "create_workspace", workspace_payload(request_data(call)))
        return Reply({"data": shapes.workspace(record, call.caller)}, status=201)

    @http("GET", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    def get_workspace(self, call, workspace_id):
        record = call.rpc("workspace", "get_workspace", decode_id(WORKSPACE_PREFIX, workspace_id))
        return {"data": shapes.workspace(record, call.caller)}

    @http("PUT", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    def update_workspace(self, call, workspace_id):
        record = call.rpc("workspace", "update_workspace", decode_id(WORKSPACE_PREFIX, workspace_id),
                          workspace_payload(request_data(call)))
        return {"data": shapes.workspace(record, call.caller)}

    @http("DELETE", "/v1/workspaces/<string:workspace_id>")
    @route(shapes)
    def delete_workspace(self, call, workspace_id):
        call.rpc("workspace", "delete_workspace", decode_id(WORKSPACE_PREFIX, workspace_id))
        return shapes.success()

    # The spec writes this family with a singular "workspace"; both are served.
    @http("GET", "/v1/workspaces/<string:workspace_id>/users")
    @route(shapes)
    def list_workspace_users(self, call, workspace_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        filters = {"workspace_id": decode_id(WORKSPACE_PREFIX, workspace_id)}
        result = call.rpc("identity", "list_users", filters, page.number, page.limit)
        return shapes.collection([shapes.user(u) for u in result["items"]], page, result["total"], call)

    @http("GET", "/v1/workspace/<string:workspace_id>/users")
    def list_workspace_users_singular(self, request, workspace_id):
        return self.list_workspace_users(request, workspace_id=workspace_id)

    @http("POST", "/v1/workspaces/<string:workspace_id>/invites")
    @route(shapes)
    def create_invite(self, call, workspace_id):
        invite = call.rpc("workspace", "create_invite", decode_id(WORKSPACE_PREFIX, workspace_id), request_data(call))
        return Reply({"data": invite_body(invite)}, status=201)

    @http("GET", "/v1/invites/<string:token>")
    @route(shapes, auth="none")
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
        "role": invite.get("role"),
        "expires_at": shapes.timestamp(invite.get("expires_at")),
        "accepted_at": shapes.timestamp(invite.get("accepted_at")),
    }
    if include_token and invite.get("token"):
        body["token"] = invite["token"]
    return body
