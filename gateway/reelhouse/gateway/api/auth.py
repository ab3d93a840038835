"""/api/auth routes, as Kitsu's ``/auth`` (gazu's log_in, get_current_user, ...)."""

from nameko.web.handlers import http

from reelhouse.shared.errors import AppError, Forbidden, Unauthenticated
from reelhouse.shared.ids import parse_uuid

from ..auth import bearer_token
from ..http import Reply, route
from ..openapi import document, same_as
from . import schemas, shapes

VERSION = "0.1.0"
LOGIN_EXTRA_FIELDS = ("totp", "email_otp", "fido_authentication_response", "recovery_code")


def failed_login(error):
    """Zou answers a failed login with 400 and ``{"login": false}``, flagging a
    missing or wrong second factor the way Kitsu's clients read it."""
    body = {"login": False, "error": True, "message": error.message}
    reason = (error.details or {}).get("reason") if isinstance(error.details, dict) else None
    if reason == "missing_otp":
        body.update(missing_OTP=True, two_factor_authentication_enabled=True,
                    preferred_two_factor_authentication=error.details.get("preferred_two_factor_authentication"))
    elif reason == "wrong_otp":
        body["wrong_OTP"] = True
    return body


class ZouAuthRoutes:
    @http("GET", "/api")
    @route(shapes, auth="none")
    @document("The API's name and version (gazu's host check)", auth="none", response=schemas.ApiRootSchema)
    def zou_api_root(self, call):
        return {"api": "Reelhouse (Zou-compatible)", "version": VERSION}

    @http("GET", "/api/")
    @same_as(zou_api_root)
    def zou_api_root_slash(self, request):
        return self.zou_api_root(request)

    @http("POST", "/api/auth/login")
    @route(shapes, auth="none", limit="login")
    @document("Log in (email or desktop login)", auth="none", body=schemas.LoginSchema,
              response=schemas.LoginResultSchema, errors=(429,),
              description='A failed login is 400 `{"login": false, "error": true, "message": ...}`.')
    def zou_login(self, call):
        body = call.json(required=False) or {}
        # Not an object: identity's validation answers with the field error (a failed login).
        credentials = {k: v for k, v in body.items() if k not in LOGIN_EXTRA_FIELDS or v} \
            if isinstance(body, dict) else body
        try:
            result = call.rpc("identity", "login", credentials)
        except AppError as error:
            if error.status >= 500:
                raise
            return Reply(failed_login(error), status=400)
        return {"login": True, "user": shapes.person(result["user"]), "ldap": False,
                "access_token": result["access_token"], "refresh_token": result["refresh_token"]}

    @http("GET", "/api/auth/authenticated")
    @route(shapes)
    @document("The caller, if the token is good", response=schemas.AuthenticatedSchema)
    def zou_authenticated(self, call):
        user = call.rpc("identity", "get_user", call.caller.user_id)
        try:  # the workspace's settings (gazu's get_organisation); a person in no workspace has none
            organisation = call.rpc("identity", "list_organisations")["items"][0]
        except Forbidden:
            organisation = {"name": "Reelhouse"}
        return {"authenticated": True, "user": shapes.person(user), "organisation": organisation}

    @http("GET", "/api/auth/logout")
    @route(shapes)
    @document("Log out: the session's tokens are refused at once", response=schemas.LogoutSchema)
    def zou_logout(self, call):
        result = call.rpc("identity", "logout")
        self.auth.revocations.revoke_session(result["session_id"], result.get("expires_epoch", 2**31))
        return {"logout": True}

    @http("GET", "/api/auth/refresh-token")
    @route(shapes, auth="none")
    @document("Trade the refresh token (sent as the bearer token) for a new pair", auth="none",
              response=schemas.TokensSchema, errors=(401,),
              description="Authorization: Bearer <refresh token>; the refresh token is spent.")
    def zou_refresh_token(self, call):
        # gazu sends the refresh token as the bearer token here.
        token = bearer_token(call.request)
        if not token:
            raise Unauthenticated("Send the refresh token as Authorization: Bearer <token>.")
        result = call.rpc("identity", "refresh", token)
        return {"access_token": result["access_token"], "refresh_token": result["refresh_token"]}


class ZouTwoFactorRoutes:
    """Kitsu's 2FA routes, each about the caller's own account (FIDO keys are not supported)."""

    @http("PUT", "/api/auth/totp")
    @route(shapes)
    @document("Start enabling TOTP: a secret and its otpauth:// URI", response=schemas.TotpSetupSchema,
              errors=(409,))
    def zou_pre_enable_totp(self, call):
        return call.rpc("identity", "pre_enable_totp")

    @http("POST", "/api/auth/totp")
    @route(shapes)
    @document("Enable TOTP with a code from the new secret", body=schemas.SecondFactorSchema,
              response=schemas.RecoveryCodesSchema, errors=(400, 409))
    def zou_enable_totp(self, call):
        return call.rpc("identity", "enable_totp", call.json())

    @http("DELETE", "/api/auth/totp")
    @route(shapes)
    @document("Disable TOTP (needs a second factor)", body=schemas.SecondFactorSchema,
              response=schemas.SuccessSchema, errors=(400, 401, 409))
    def zou_disable_totp(self, call):
        return call.rpc("identity", "disable_totp", call.json(required=False) or {})

    @http("GET", "/api/auth/email-otp")
    @route(shapes, auth="none", limit="mail")
    @document("Mail a login code to ?email= (the same answer for any address)", auth="none",
              response=schemas.SuccessSchema, errors=(429,))
    def zou_send_email_otp(self, call):
        return call.rpc("identity", "send_email_otp", call.args.get("email", ""))

    @http("PUT", "/api/auth/email-otp")
    @route(shapes)
    @document("Start enabling e-mail OTP: a code is mailed", response=schemas.SuccessSchema, errors=(409,))
    def zou_pre_enable_email_otp(self, call):
        return call.rpc("identity", "pre_enable_email_otp")

    @http("POST", "/api/auth/email-otp")
    @route(shapes)
    @document("Enable e-mail OTP with the mailed code", body=schemas.SecondFactorSchema,
              response=schemas.RecoveryCodesSchema, errors=(400, 409))
    def zou_enable_email_otp(self, call):
        return call.rpc("identity", "enable_email_otp", call.json())

    @http("DELETE", "/api/auth/email-otp")
    @route(shapes)
    @document("Disable e-mail OTP (needs a second factor)", body=schemas.SecondFactorSchema,
              response=schemas.SuccessSchema, errors=(400, 401, 409))
    def zou_disable_email_otp(self, call):
        return call.rpc("identity", "disable_email_otp", call.json(required=False) or {})

    @http("PUT", "/api/auth/recovery-codes")
    @route(shapes)
    @document("New recovery codes (needs a second factor)", body=schemas.SecondFactorSchema,
              response=schemas.RecoveryCodesSchema, errors=(400, 401, 409))
    def zou_renew_recovery_codes(self, call):
        return call.rpc("identity", "renew_recovery_codes", call.json(required=False) or {})

    @http("DELETE", "/api/actions/persons/<string:person_id>/disable-two-factor-authentication")
    @route(shapes)
    @document("Disable a person's 2FA (admins; never another admin's)", response=schemas.SuccessSchema,
              errors=(403, 404))
    def zou_disable_two_factor(self, call, person_id):
        return call.rpc("identity", "disable_two_factor", parse_uuid(person_id))
