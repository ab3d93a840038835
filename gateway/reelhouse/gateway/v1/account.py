"""/v1 account routes: registration, activation, tokens, the user's own record.

The spec leaves authentication undefined; docs/api-v1.md explains the design
(short-lived Ed25519 access tokens, rotating refresh tokens, logout revoking
the session on every gateway at once).
"""

from nameko.web.handlers import http

from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import schemas, shapes, users
from .schemas import data, page
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
    @route(shapes, auth="optional", limit="mail")
    @document("Register a user (and, through a saga, their workspace)", auth="none", status=201,
              body=data(schemas.RegisterSchema), response=schemas.RegisteredSchema, errors=(409, 429),
              description="An activation mail follows; log in after activating. With an administrator's "
                          "token the body may instead be `name` (the workspace), `email`, `first_name`, "
                          "`last_name` and no password: the person is invited and sets a password when "
                          "activating (docs/api-v1.md).")
    def register(self, call):
        result = call.rpc("identity", "register", request_data(call))
        return Reply({
            "data": shapes.user(result["user"]),
            "meta": {"workspace_id": shapes.ids.to_prefixed(WORKSPACE_PREFIX, result["workspace_id"])},
        }, status=201)

    @http("POST", "/v1/activate")
    @route(shapes, auth="none")
    @document("Activate an account with the mailed token", auth="none",
              body=data(schemas.ActivateSchema), response=schemas.SuccessSchema, errors=(404,))
    def activate(self, call):
        data = request_data(call)
        call.rpc("identity", "activate", data.get("token"), data.get("password"))
        return shapes.success()

    @http("POST", "/v1/auth/login")
    @route(shapes, auth="none", limit="login")
    @document("Log in: an access and a refresh token", auth="none", body=data(schemas.LoginSchema),
              response=data(schemas.TokenSchema), errors=(401, 403, 429),
              description="403 `account_not_activated` until the account is activated.")
    def login(self, call):
        return token_body(call.rpc("identity", "login", request_data(call)))

    @http("POST", "/v1/auth/refresh")
    @route(shapes, auth="none")
    @document("Trade a refresh token for a new pair", auth="none", body=data(schemas.RefreshSchema),
              response=data(schemas.TokenSchema), errors=(401,),
              description="The refresh token is spent: each one works once.")
    def refresh(self, call):
        return token_body(call.rpc("identity", "refresh", request_data(call).get("refresh_token")))

    @http("POST", "/v1/auth/logout")
    @route(shapes)
    @document("Log out: every token of the session is refused at once", response=schemas.SuccessSchema)
    def logout(self, call):
        result = call.rpc("identity", "logout")
        # Revoke here at once; the broadcast event tells the other replicas.
        self.auth.revocations.revoke_session(result["session_id"], result.get("expires_epoch", 2**31))
        return shapes.success()

    @http("GET", "/v1/me")
    @route(shapes)
    @document("The caller's own user", response=data(schemas.UserSchema))
    def me(self, call):
        return {"data": shapes.user(call.rpc("identity", "get_user", call.caller.user_id))}

    @http("POST", "/v1/account/cancel")
    @route(shapes)
    @document("Cancel the caller's account and revoke its sessions", response=schemas.SuccessSchema)
    def cancel_account(self, call):
        call.rpc("identity", "cancel_account", call.caller.user_id)
        return shapes.success()


class PasswordRoutes:
    @http("POST", "/v1/users/forgot-password")
    @route(shapes, auth="none", limit="mail")
    @document("Mail a password-reset token", auth="none", body=data(schemas.ForgotPasswordSchema),
              response=schemas.SuccessSchema, errors=(429,),
              description="The same answer whether or not the address has an account.")
    def forgot_password(self, call):
        call.rpc("identity", "forgot_password", request_data(call))
        return shapes.success()

    @http("POST", "/v1/users/reset-password")
    @route(shapes, auth="none")
    @document("Set a new password with the mailed token; every session is logged out", auth="none",
              body=data(schemas.ResetPasswordSchema), response=schemas.SuccessSchema, errors=(404,))
    def reset_password(self, call):
        call.rpc("identity", "reset_password", request_data(call))
        return shapes.success()

    @http("POST", "/v1/users/confirm-email")
    @route(shapes, auth="none")
    @document("Confirm a changed e-mail address with the token mailed to it", auth="none",
              body=data(schemas.ConfirmEmailSchema), response=data(schemas.UserSchema), errors=(404, 409))
    def confirm_email(self, call):
        return {"data": shapes.user(call.rpc("identity", "confirm_email", request_data(call)))}


class UserRoutes:
    @http("POST", "/v1/users")
    @route(shapes)
    @document("Create a confirmed user (administrators; others invite)", status=201,
              body=data(schemas.CreateUserSchema), response=data(schemas.UserSchema), errors=(403, 409))
    def create_user(self, call):
        return Reply({"data": shapes.user(call.rpc("identity", "create_person", request_data(call)))}, status=201)

    @http("GET", "/v1/users")
    @route(shapes)
    @document("List users (admins; or one workspace's, production's or series' with scope)",
              query=schemas.UserListQuerySchema, response=page(schemas.UserSchema), errors=(403,))
    def list_users(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc("identity", "list_users", users.user_filters(call), page.number, page.limit)
        return shapes.collection(users.shaped_users(call, result["items"]), page, result["total"], call)

    @http("GET", "/v1/users/<string:user_id>")
    @route(shapes)
    @document("Get a user", query=schemas.UserQuerySchema, response=data(schemas.UserSchema))
    def get_user(self, call, user_id):
        record = call.rpc("identity", "get_user", decode_id(USER_PREFIX, user_id))
        return {"data": users.shaped_users(call, [record])[0]}

    @http("PUT", "/v1/users/<string:user_id>")
    @route(shapes)
    @document("Update a user", body=data(schemas.UpdateUserSchema), response=data(schemas.UserSchema),
              errors=(403, 409), description="Changing the password takes the current one in `password`.")
    def update_user(self, call, user_id):
        record = call.rpc("identity", "update_user", decode_id(USER_PREFIX, user_id), request_data(call))
        return {"data": shapes.user(record)}

    @http("DELETE", "/v1/users/<string:user_id>")
    @route(shapes)
    @document("Cancel a user's account", response=schemas.SuccessSchema, errors=(403,))
    def cancel_user(self, call, user_id):
        call.rpc("identity", "cancel_account", decode_id(USER_PREFIX, user_id))
        return shapes.success()
