"""Access tokens: Ed25519-signed JWTs, verified anywhere with the public key.

The identity service holds the private key and signs; the gateway verifies
locally (no RPC per request) with the public keys identity publishes. The
``sid`` claim names the session, so a logout revokes every token of that
session at once through the denylist the gateways keep (see ``Revocations``).
"""

import datetime as dt
import threading
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .errors import Unauthenticated

ALGORITHM = "EdDSA"
ISSUER = "reelhouse"
ACCESS_TOKEN_SECONDS = 15 * 60


def generate_key_pair():
    """Return (kid, private_pem, public_pem) for a fresh Ed25519 key."""
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return uuid.uuid4().hex, private_pem, public_pem


def sign_access_token(kid, private_pem, user_id, session_id, role, now=None, lifetime=ACCESS_TOKEN_SECONDS):
    now = now or dt.datetime.now(dt.UTC)
    claims = {
        "iss": ISSUER, "typ": "access", "sub": str(user_id), "sid": str(session_id), "role": role,
        # iat to the microsecond (RFC 7519 allows a non-integer NumericDate): a
        # revocation "of every token issued so far" must not also refuse a
        # token issued later in the same second.
        "jti": uuid.uuid4().hex, "iat": now.timestamp(), "exp": now + dt.timedelta(seconds=lifetime),
    }
    return jwt.encode(claims, private_pem, algorithm=ALGORITHM, headers={"kid": kid})


def key_id_of(token):
    try:
        return jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        raise Unauthenticated("The access token is malformed.") from None


def load_public_key(public_pem):
    """Parse a PEM public key once; PyJWT would parse PEM text on every call."""
    return serialization.load_pem_public_key(public_pem.encode())


def verify_access_token(token, public_key):
    """Return the claims, or raise Unauthenticated with a reason a client can show.

    ``public_key`` is PEM text or a key from :func:`load_public_key`.
    """
    try:
        claims = jwt.decode(token, public_key, algorithms=[ALGORITHM], issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "sid"]})
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("The access token has expired.", {"reason": "token_expired"}) from None
    except jwt.PyJWTError:
        raise Unauthenticated("The access token is invalid.", {"reason": "token_invalid"}) from None
    if claims.get("typ") != "access":
        raise Unauthenticated("Not an access token.", {"reason": "token_invalid"})
    return claims


class VerifiedTokens:
    """Claims of access tokens whose signature was checked already, until they expire.

    A client sends the same token with every request for its 15 minutes;
    one signature check is enough (revocation is still checked every time).
    Bounded: when full, expired entries go first, then the oldest ones.
    """

    def __init__(self, max_entries=50_000):
        self.max_entries = max_entries
        self._claims = {}  # token -> claims, oldest first (dicts keep insertion order)

    def get(self, token, now_epoch):
        claims = self._claims.get(token)
        if claims is not None and claims["exp"] <= now_epoch:
            self._claims.pop(token, None)
            return None  # verified again, which answers "expired"
        return claims

    def put(self, token, claims, now_epoch):
        if len(self._claims) >= self.max_entries:
            self._claims = {t: c for t, c in self._claims.items() if c["exp"] > now_epoch}
            while len(self._claims) >= self.max_entries:
                self._claims.pop(next(iter(self._claims)))
        self._claims[token] = claims


class Revocations:
    """Denylist of revoked sessions and users, kept in memory by each gateway.

    Entries only need to live as long as an access token can (15 minutes):
    after that the token is refused for having expired anyway.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = {}  # session id -> expiry (epoch seconds)
        self._users = {}  # user id -> tokens issued before this epoch second are revoked

    def revoke_session(self, session_id, until_epoch):
        with self._lock:
            self._sessions[str(session_id)] = until_epoch

    def revoke_user(self, user_id, before_epoch):
        with self._lock:
            current = self._users.get(str(user_id), 0)
            self._users[str(user_id)] = max(current, before_epoch)

    def is_revoked(self, claims):
        with self._lock:
            if claims.get("sid") in self._sessions:
                return True
            before = self._users.get(claims.get("sub"))
            return before is not None and claims.get("iat", 0) <= before

    def forget_expired(self, now_epoch):
        with self._lock:
            self._sessions = {k: v for k, v in self._sessions.items() if v > now_epoch}
            horizon = now_epoch - ACCESS_TOKEN_SECONDS
            self._users = {k: v for k, v in self._users.items() if v > horizon}
