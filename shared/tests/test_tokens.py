"""Access tokens: Ed25519 JWTs verified with the public key, and the revocation denylist."""

import datetime as dt

import jwt
import pytest

from reelhouse.shared.errors import Unauthenticated
from reelhouse.shared.tokens import (
    ACCESS_TOKEN_SECONDS,
    Revocations,
    VerifiedTokens,
    generate_key_pair,
    key_id_of,
    load_public_key,
    sign_access_token,
    verify_access_token,
)


@pytest.fixture(scope="module")
def keys():
    return generate_key_pair()


def test_signed_token_verifies_with_the_public_key(keys):
    kid, private_pem, public_pem = keys
    token = sign_access_token(kid, private_pem, user_id="u-1", session_id="s-1", role="manager")

    claims = verify_access_token(token, public_pem)
    assert (claims["sub"], claims["sid"], claims["role"], claims["typ"], claims["iss"]) == (
        "u-1", "s-1", "manager", "access", "reelhouse")
    assert claims["exp"] - int(claims["iat"]) == ACCESS_TOKEN_SECONDS
    assert key_id_of(token) == kid


def test_expired_token_is_refused_with_reason_token_expired(keys):
    kid, private_pem, public_pem = keys
    issued = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ACCESS_TOKEN_SECONDS + 1)
    token = sign_access_token(kid, private_pem, "u-1", "s-1", "user", now=issued)

    with pytest.raises(Unauthenticated) as raised:
        verify_access_token(token, public_pem)
    assert raised.value.details == {"reason": "token_expired"}


def test_token_signed_by_another_key_is_refused(keys):
    _kid, _private_pem, public_pem = keys
    other_kid, other_private_pem, _other_public_pem = generate_key_pair()
    token = sign_access_token(other_kid, other_private_pem, "u-1", "s-1", "admin")

    with pytest.raises(Unauthenticated) as raised:
        verify_access_token(token, public_pem)
    assert raised.value.details == {"reason": "token_invalid"}


def test_tampered_token_is_refused(keys):
    kid, private_pem, public_pem = keys
    header, payload, signature = sign_access_token(kid, private_pem, "u-1", "s-1", "user").split(".")
    forged = jwt.encode({"sub": "u-1", "sid": "s-1", "role": "admin"}, "x" * 32, algorithm="HS256").split(".")[1]

    with pytest.raises(Unauthenticated) as raised:
        verify_access_token(".".join([header, forged, signature]), public_pem)
    assert raised.value.details == {"reason": "token_invalid"}


def test_token_of_another_type_is_refused(keys):
    kid, private_pem, public_pem = keys
    now = dt.datetime.now(dt.UTC)
    claims = {"iss": "reelhouse", "typ": "refresh", "sub": "u-1", "sid": "s-1",
              "iat": now, "exp": now + dt.timedelta(minutes=5)}
    token = jwt.encode(claims, private_pem, algorithm="EdDSA", headers={"kid": kid})

    with pytest.raises(Unauthenticated) as raised:
        verify_access_token(token, public_pem)
    assert raised.value.details == {"reason": "token_invalid"}


def test_malformed_token_has_no_key_id():
    with pytest.raises(Unauthenticated):
        key_id_of("not.a.token")


# ---- revocations -------------------------------------------------------------------

NOW = 1_800_000_000


def claims(user_id="u-1", session_id="s-1", issued_at=NOW - 60):
    return {"sub": user_id, "sid": session_id, "iat": issued_at}


def test_revoked_session_refuses_its_tokens_only():
    revocations = Revocations()
    revocations.revoke_session("s-1", until_epoch=NOW + ACCESS_TOKEN_SECONDS)

    assert revocations.is_revoked(claims(session_id="s-1"))
    assert not revocations.is_revoked(claims(session_id="s-2"))


def test_revoked_user_refuses_tokens_issued_up_to_the_revocation_only():
    revocations = Revocations()
    revocations.revoke_user("u-1", before_epoch=NOW)

    assert revocations.is_revoked(claims(issued_at=NOW - 60))
    assert revocations.is_revoked(claims(issued_at=NOW))
    assert not revocations.is_revoked(claims(issued_at=NOW + 1))  # a later login
    assert not revocations.is_revoked(claims(user_id="u-2", session_id="s-9"))


def test_a_token_issued_later_in_the_revocations_second_is_accepted(keys):
    kid, private_pem, public_pem = keys
    revoked_at = dt.datetime(2026, 12, 6, 5, 0, 0, 400_000, tzinfo=dt.UTC)
    revocations = Revocations()
    revocations.revoke_user("u-1", before_epoch=revoked_at.timestamp())

    def issued(at):
        token = sign_access_token(kid, private_pem, user_id="u-1", session_id="s-1", role="user", now=at)
        return jwt.decode(token, options={"verify_signature": False})

    assert revocations.is_revoked(issued(revoked_at - dt.timedelta(milliseconds=300)))  # same second, before
    assert not revocations.is_revoked(issued(revoked_at + dt.timedelta(milliseconds=300)))  # same second, after


def test_revoking_a_user_again_never_moves_the_cut_off_back():
    revocations = Revocations()
    revocations.revoke_user("u-1", before_epoch=NOW)
    revocations.revoke_user("u-1", before_epoch=NOW - 600)

    assert revocations.is_revoked(claims(issued_at=NOW - 60))


def test_forget_expired_drops_only_entries_no_live_token_can_need():
    revocations = Revocations()
    revocations.revoke_session("s-old", until_epoch=NOW - 1)
    revocations.revoke_session("s-live", until_epoch=NOW + 60)
    revocations.revoke_user("u-old", before_epoch=NOW - ACCESS_TOKEN_SECONDS - 1)
    revocations.revoke_user("u-live", before_epoch=NOW - 60)

    revocations.forget_expired(now_epoch=NOW)

    assert not revocations.is_revoked(claims(user_id="x", session_id="s-old"))
    assert revocations.is_revoked(claims(user_id="x", session_id="s-live"))
    assert not revocations.is_revoked(claims(user_id="u-old", session_id="y", issued_at=NOW - 2000))
    assert revocations.is_revoked(claims(user_id="u-live", session_id="y", issued_at=NOW - 120))


def test_verify_accepts_a_key_loaded_once(keys):
    kid, private_pem, public_pem = keys
    token = sign_access_token(kid, private_pem, "u1", "s1", "user")
    assert verify_access_token(token, load_public_key(public_pem))["sub"] == "u1"


def test_verified_tokens_forget_a_token_when_it_expires():
    verified = VerifiedTokens()
    verified.put("t1", {"sub": "u1", "exp": 100}, now_epoch=50)
    assert verified.get("t1", now_epoch=99)["sub"] == "u1"
    assert verified.get("t1", now_epoch=100) is None
    assert verified.get("t1", now_epoch=50) is None  # gone, not just hidden


def test_verified_tokens_stay_bounded_dropping_expired_then_oldest():
    verified = VerifiedTokens(max_entries=3)
    verified.put("expired", {"exp": 10}, now_epoch=5)
    verified.put("old", {"exp": 1000}, now_epoch=5)
    verified.put("middle", {"exp": 1000}, now_epoch=5)
    verified.put("new", {"exp": 1000}, now_epoch=20)  # full: the expired one goes
    assert [verified.get(t, 20) is not None for t in ("expired", "old", "middle", "new")] == [False, True, True, True]
    verified.put("newest", {"exp": 1000}, now_epoch=20)  # full, none expired: the oldest goes
    assert [verified.get(t, 20) is not None for t in ("old", "middle", "new", "newest")] == [False, True, True, True]
