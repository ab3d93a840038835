"""Rate limits: past a route kind's budget per client address, 429 with
Retry-After, before any service is called. A stand-in identity on the real
broker counts what reaches it."""

import pytest
from nameko.rpc import rpc
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from reelhouse.gateway.ratelimit import client_address
from reelhouse.shared.errors import Unauthenticated


class WrongPasswordIdentity:
    name = "identity"
    logins = 0

    @rpc
    def login(self, payload):
        WrongPasswordIdentity.logins += 1
        raise Unauthenticated("Wrong email or password.", {"reason": "wrong_credentials"})

    @rpc
    def forgot_password(self, payload):
        return {"success": True}


@pytest.fixture
def gateway_config(gateway_config):
    return dict(gateway_config, RATE_LIMIT_LOGIN="3/minute", RATE_LIMIT_MAIL="2/minute", TRUSTED_PROXY_HOPS=1)


@pytest.fixture
def identity(container_factory, rabbit_config):
    WrongPasswordIdentity.logins = 0
    container = container_factory(WrongPasswordIdentity, rabbit_config)
    container.start()
    return container


LOGIN = {"data": {"email": "ada@example.com", "password": "guess-1234"}}


def test_password_guesses_past_the_budget_get_429_with_retry_after_and_reach_no_service(
        gateway, identity, web_session):
    for _ in range(3):
        assert web_session.post("/v1/auth/login", json=LOGIN).status_code == 401
    refused = web_session.post("/v1/auth/login", json=LOGIN)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and error["details"]["reason"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # One budget for both dialects' logins: /api is no way around it.
    zou = web_session.post("/api/auth/login", json={"email": "ada@example.com", "password": "guess-1234"})
    assert zou.status_code == 429 and zou.json()["error"] is True
    assert WrongPasswordIdentity.logins == 3


def test_each_client_address_has_its_own_budget(gateway, identity, web_session):
    for _ in range(3):
        web_session.post("/v1/auth/login", json=LOGIN, headers={"X-Forwarded-For": "203.0.113.7"})
    assert web_session.post("/v1/auth/login", json=LOGIN,
                            headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 429
    # The client's own claim left of the proxy's entry does not pick the budget.
    other = web_session.post("/v1/auth/login", json=LOGIN, headers={"X-Forwarded-For": "203.0.113.7, 198.51.100.2"})
    assert other.status_code == 401


def test_mail_sending_routes_have_their_own_budget(gateway, identity, web_session):
    body = {"data": {"email": "ada@example.com"}}
    assert [web_session.post("/v1/users/forgot-password", json=body).status_code for _ in range(3)] == [200, 200, 429]
    assert web_session.post("/v1/auth/login", json=LOGIN).status_code == 401  # logins are counted apart


def request_from(remote_addr, forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return Request(EnvironBuilder(headers=headers, environ_base={"REMOTE_ADDR": remote_addr}).get_environ())


def test_client_address_trusts_only_the_configured_proxies():
    assert client_address(request_from("10.0.0.5", "1.2.3.4"), 0) == "10.0.0.5"
    assert client_address(request_from("10.0.0.5", "spoofed, 1.2.3.4"), 1) == "1.2.3.4"
    assert client_address(request_from("10.0.0.5", "1.2.3.4, 10.0.0.9"), 2) == "1.2.3.4"
    assert client_address(request_from("10.0.0.5", "1.2.3.4"), 2) == "10.0.0.5"  # fewer hops than trusted
