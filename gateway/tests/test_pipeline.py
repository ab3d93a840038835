"""The request pipeline: bad input, unknown routes and unavailable services.

The services behind the gateway are replaced here by small nameko services
on the real broker, so each failure mode can be produced on purpose; the
end-to-end tests in tests/e2e run the real services.
"""

import time

import eventlet
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc

from reelhouse.shared.context import IDEMPOTENCY_KEY
from reelhouse.shared.errors import NotFound


class SlowWorkspace:
    name = "workspace"

    @rpc
    def get_invite(self, token):
        eventlet.sleep(5)


class ContextKey(DependencyProvider):
    def get_dependency(self, worker_ctx):
        return worker_ctx.context_data.get(IDEMPOTENCY_KEY)


class KeyEchoingWorkspace:
    """Refuses with the idempotency key the gateway put in the call context."""

    name = "workspace"
    key = ContextKey()

    @rpc
    def get_invite(self, token):
        raise NotFound("echo", {"key": self.key})


class RefusingWorkspace:
    name = "workspace"

    @rpc
    def get_invite(self, token):
        raise NotFound("No such invite.", {"token": token})


def test_unknown_v1_route_answers_json_404(gateway, web_session):
    response = web_session.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.headers["X-Request-Id"]


def test_unknown_api_route_answers_zou_404(gateway, web_session):
    response = web_session.get("/api/data/nowhere/at/all")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] is True and body["message"].startswith("404 Not Found")


def test_malformed_json_is_400_with_code(gateway, web_session):
    response = web_session.post("/v1/register", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["details"]["reason"] == "malformed_json"


def test_missing_data_envelope_is_400(gateway, web_session):
    response = web_session.post("/v1/register", json={"email": "a@b.c"})
    assert response.status_code == 400
    assert response.json()["error"]["details"]["reason"] == "envelope_missing"


def test_unknown_top_level_field_is_422(gateway, web_session):
    response = web_session.post("/v1/register", json={"data": {}, "extra": 1})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"extra": ["Unknown field."]}


def test_oversized_body_is_413(gateway, web_session):
    response = web_session.post("/v1/register", json={"data": {"first_name": "x" * 2000}})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_request_id_is_echoed(gateway, web_session):
    response = web_session.get("/v1/nowhere", headers={"X-Request-Id": "req-123"})
    assert response.headers["X-Request-Id"] == "req-123"
    assert response.json()["error"]["request_id"] == "req-123"


def test_missing_token_is_401(gateway, web_session):
    response = web_session.get("/v1/workspaces")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_malformed_authorization_header_is_401(gateway, web_session):
    response = web_session.get("/v1/workspaces", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


def test_garbage_bearer_token_is_401(gateway, web_session):
    response = web_session.get("/v1/workspaces", headers={"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 401


def test_service_never_started_answers_503_quickly(gateway, web_session):
    started = time.monotonic()
    response = web_session.post("/v1/register", json={"data": {"email": "a@example.com"}})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert time.monotonic() - started < 2


def test_slow_service_answers_504_within_the_timeout(gateway, container_factory, gateway_config, web_session):
    container_factory(SlowWorkspace, gateway_config).start()
    started = time.monotonic()
    response = web_session.get("/v1/invites/some-token")
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "service_timeout"
    assert elapsed < 3


def test_remote_error_keeps_its_type_and_details(gateway, container_factory, gateway_config, web_session):
    container_factory(RefusingWorkspace, gateway_config).start()
    response = web_session.get("/v1/invites/abc")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] == "No such invite."
    assert error["details"] == {"token": "abc"}


def test_idempotency_key_reaches_the_service_and_a_malformed_one_is_400(
        gateway, container_factory, gateway_config, web_session):
    container_factory(KeyEchoingWorkspace, gateway_config).start()
    echoed = web_session.get("/v1/invites/abc", headers={"Idempotency-Key": "retry-7f3a"})
    assert echoed.json()["error"]["details"] == {"key": "retry-7f3a"}
    assert web_session.get("/v1/invites/abc").json()["error"]["details"] == {"key": None}
    for bad in ("", "has space", "x" * 256):
        refused = web_session.get("/v1/invites/abc", headers={"Idempotency-Key": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["error"]["details"]["reason"] == "bad_idempotency_key"


def test_health_reports_each_missing_service_as_unavailable(gateway, web_session):
    started = time.monotonic()
    response = web_session.get("/health")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    services = response.json()["services"]
    assert set(services) == {"identity", "workspace", "asset", "production_tracking", "billing", "importer"}
    assert all(s["status"] == "unavailable" for s in services.values())


def test_docs_page_lists_the_mounted_routes(gateway, web_session):
    response = web_session.get("/docs/routes")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert "/v1/register" in response.text and "/api/auth/login" in response.text
