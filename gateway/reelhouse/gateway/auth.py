"""Authentication at the gateway, with no RPC on the hot path.

Access tokens are verified with identity's public keys, fetched once and
again only when a token names an unknown key; a token's signature is checked
once and its claims remembered until it expires. Revocations (logout, account
cancellation) reach every gateway replica as broadcast events; each replica
also loads the current list when it starts and re-syncs it periodically, so a
replica that missed an event while disconnected catches up.
"""

import logging
import threading
import time

from nameko.extensions import DependencyProvider

from reelhouse.shared.context import ANONYMOUS, Caller
from reelhouse.shared.errors import Unauthenticated
from reelhouse.shared.ids import from_prefixed, parse_uuid
from reelhouse.shared.tokens import Revocations, VerifiedTokens, key_id_of, load_public_key, verify_access_token

log = logging.getLogger(__name__)

RESYNC_SECONDS = 60


class Authenticator(DependencyProvider):
    def setup(self):
        self.public_keys = {}  # kid -> loaded public key
        self.verified = VerifiedTokens()
        self.revocations = Revocations()
        self.synced_at = 0.0
        self.lock = threading.Lock()

    def get_dependency(self, worker_ctx):
        return AuthHandle(self)


class AuthHandle:
    def __init__(self, state):
        self.state = state

    @property
    def revocations(self):
        return self.state.revocations

    def caller_for(self, request, services):
        token = bearer_token(request)
        if token is None:
            return ANONYMOUS
        return self.caller_from_token(token, services, chosen_workspace(request))

    def caller_from_token(self, token, services, workspace_id=None):
        now = time.time()
        claims = self.state.verified.get(token, now)
        if claims is None:
            claims = verify_access_token(token, self._public_key(key_id_of(token), services))
            self.state.verified.put(token, claims, now)
        self._sync_revocations(services, now)
        if self.state.revocations.is_revoked(claims):
            raise Unauthenticated("The access token has been revoked.", {"reason": "token_revoked"})
        return Caller(user_id=claims["sub"], role=claims.get("role"), session_id=claims["sid"],
                      workspace_id=workspace_id)

    def _public_key(self, kid, services):
        key = self.state.public_keys.get(kid)
        if key is None:
            keys = services.call("identity", "get_public_keys")["keys"]
            self.state.public_keys = {k["kid"]: load_public_key(k["public_key"]) for k in keys}
            key = self.state.public_keys.get(kid)
        if key is None:
            raise Unauthenticated("The access token is invalid.", {"reason": "unknown_signing_key"})
        return key

    def _sync_revocations(self, services, now):
        if now - self.state.synced_at < RESYNC_SECONDS:
            return
        # One request resyncs; the others go on with the current list. Before
        # the first sync they wait for it instead (fail closed).
        if not self.state.lock.acquire(blocking=not self.state.synced_at):
            return
        try:
            if time.time() - self.state.synced_at >= RESYNC_SECONDS:
                self._load_revocations(services, now)
        finally:
            self.state.lock.release()

    def _load_revocations(self, services, now):
        try:
            current = services.call("identity", "list_revocations")
        except Exception:
            if not self.state.synced_at:
                raise  # never synced: refuse rather than accept a revoked token
            log.warning("revocation resync failed; relying on broadcast events until the next try")
            self.state.synced_at = now
            return
        for session_id, until in current["sessions"].items():
            self.state.revocations.revoke_session(session_id, until)
        for user_id, before in current["users"].items():
            self.state.revocations.revoke_user(user_id, before)
        self.state.revocations.forget_expired(now)
        self.state.synced_at = now


def chosen_workspace(request):
    """The UUID named by ``X-Workspace-Id`` (a UUID or a ``wrk_`` ID), or None."""
    value = request.headers.get("X-Workspace-Id", "").strip()
    if not value:
        return None
    return from_prefixed("wrk", value) if value.startswith("wrk_") else parse_uuid(value)


def bearer_token(request):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use the header Authorization: Bearer <token>.", {"reason": "bad_authorization_header"})
    return token.strip()
