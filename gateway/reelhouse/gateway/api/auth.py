"""/api/auth routes, as Kitsu's ``/auth`` (gazu's log_in, get_current_user, ...)."""

from nameko.web.handlers import http

from reelhouse.shared.errors import AppError, Unauthenticated

from ..auth import bearer_token
from ..http import Reply, route
from . import shapes

VERSION = "0.1.0"
LOGIN_EXTRA_FIELDS = ("totp", "email_otp", "fido_authentication_response", "recovery_code")


class ZouAuthRoutes:
    @http("GET", "/api")
    @route(shapes, auth="none")
    def zou_api_root(self, call):
        return {"api": "Reelhouse (Zou-compatible)", "version": VERSION}

    @http("GET", "/api/")
    def zou_api_root_slash(self, request):
        return self.zou_api_root(request)

    @http("POST", "/api/auth/login")
    @route(shapes, auth="none")
    def zou_login(self, call):
        body = call.json(required=False) or {}
        credentials = {k: v for k, v in body.items() if k not in LOGIN_EXTRA_FIELDS or v}
        try:
            result = call.rpc("identity", "login", credentials)
        except AppError as error:
            if error.status >= 500:
                raise
            # Zou answers a failed login with 400 and {"login": false}.
            return Reply({"login": False, "error": True, "message": error.message}, status=400)
        return {"login": True, "user": shapes.person(result["user"]), "ldap": False,
                "access_token": result["access_token"], "refresh_token": result["refresh_token"]}

    @http("GET", "/api/auth/authenticated")
    @route(shapes)
    def zou_authenticated(self, call):
        user = call.rpc("identity", "get_user", call.caller.user_id)
        return {"authenticated": True, "user": shapes.person(user), "organisation": {"name": "Reelhouse"}}

    @http("GET", "/api/auth/logout")
    @route(shapes)
    def zou_logout(self, call):
        result = call.rpc("identity", "logout")
        self.auth.revocations.revoke_session(result["session_id"], result.get("expires_epoch", 2**31))
        return {"logout": True}

    @http("GET", "/api/auth/refresh-token")
    @route(shapes, auth="none")
    def zou_refresh_token(self, call):
        # gazu sends the refresh token as the bearer token here.
        token = bearer_token(call.request)
        if not token:
            raise Unauthenticated("Send the refresh token as Authorization: Bearer <token>.")
        result = call.rpc("identity", "refresh", token)
        return {"access_token": result["access_token"], "refresh_token": result["refresh_token"]}
