"""/v1 account routes: registration, activation, tokens, the user's own record.

The spec leaves authentication undefined; docs/api-v1.md explains the design
(short-lived Ed25519 access tokens, rotating refresh tokens, logout revoking
the session on every gateway at once).
"""

from nameko.web.handlers import http

from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from . import shapes
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data


def token_body(result):
    return {"data": {
        "type": "token",
        "token_type": result.get("token_type", "Bearer"),
        "access_token": result["access_token"],
        "refresh_token": result["refresh_token"],
        "expires_in": result["expires_in"],
        "user": shapes.user(result["user"]),
    }}


class AccountRoutes:
    @http("POST", "/v1/register")
    @route(shapes, auth="none")
    def register(self, call):
        result = call.rpc("identity", "register", request_data(call))
        return Reply({
            "data": shapes.user(result["user"]),
            "meta": {"workspace_id": shapes.ids.to_prefixed(WORKSPACE_PREFIX, result["workspace_id"])},
        }, status=201)

    @http("POST", "/v1/activate")
    @route(shapes, auth="none")
    def activate(self, call):
        data = request_data(call)
        call.rpc("identity", "activate", data.get("token"))
        return shapes.success()

    @http("POST", "/v1/auth/login")
    @route(shapes, auth="none")
    def login(self, call):
        return token_body(call.rpc("identity", "login", request_data(call)))

    @http("POST", "/v1/auth/refresh")
    @route(shapes, auth="none")
    def refresh(self, call):
        return token_body(call.rpc("identity", "refresh", request_data(call).get("refresh_token")))

    @http("POST", "/v1/auth/logout")
    @route(shapes)
    def logout(self, call):
        result = call.rpc("identity", "logout")
        # Revoke here at once; the broadcast event tells the other replicas.
        self.auth.revocations.revoke_session(result["session_id"], result.get("expires_epoch", 2**31))
        return shapes.success()

    @http("GET", "/v1/me")
    @route(shapes)
    def me(self, call):
        return {"data": shapes.user(call.rpc("identity", "get_user", call.caller.user_id))}

    @http("POST", "/v1/account/cancel")
    @route(shapes)
    def cancel_account(self, call):
        call.rpc("identity", "cancel_account", call.caller.user_id)
        return shapes.success()


class UserRoutes:
    @http("GET", "/v1/users")
    @route(shapes)
    def list_users(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        filters = {}
        if call.args.get("scope", "").startswith("workspace:"):
            filters["workspace_id"] = decode_id(WORKSPACE_PREFIX, call.args["scope"].split(":", 1)[1], "scope")
        result = call.rpc("identity", "list_users", filters, page.number, page.limit)
        return shapes.collection([shapes.user(u) for u in result["items"]], page, result["total"], call)

    @http("GET", "/v1/users/<string:user_id>")
    @route(shapes)
    def get_user(self, call, user_id):
        return {"data": shapes.user(call.rpc("identity", "get_user", decode_id(USER_PREFIX, user_id)))}

    @http("PUT", "/v1/users/<string:user_id>")
    @route(shapes)
    def update_user(self, call, user_id):
        record = call.rpc("identity", "update_user", decode_id(USER_PREFIX, user_id), request_data(call))
        return {"data": shapes.user(record)}

    @http("DELETE", "/v1/users/<string:user_id>")
    @route(shapes)
    def cancel_user(self, call, user_id):
        call.rpc("identity", "cancel_account", decode_id(USER_PREFIX, user_id))
        return shapes.success()
