"""Bad input on every route, for a logged-in administrator (the caller who
passes every permission check), in both dialects: a malformed id in the path
is a 4xx error body, never a 5xx or a success; a body that is not JSON, or
JSON that is not an object, is never a 5xx."""

import re
import uuid

import requests

from reelhouse.gateway.docs import route_table
from reelhouse.gateway.service import GatewayService

PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
# Path parameters that are not ids get a well-formed value, so only the id is wrong.
WELL_FORMED = {"model": "projects", "date": "2026-12-01", "year": "2026", "month": "1", "week": "1", "day": "1"}


def routes_with_ids():
    for url, method, _name in route_table(GatewayService):
        if any(name.endswith("_id") for name in PARAMETER.findall(url)):
            yield method, url


def with_ids(url, make_id):
    return PARAMETER.sub(lambda m: make_id() if m.group(1).endswith("_id") else WELL_FORMED.get(m.group(1), "x"), url)


def with_malformed_ids(url):
    return with_ids(url, lambda: "not-an-id")


def test_a_malformed_id_is_a_client_error_on_every_route(suite, kitsu):
    headers = {"Authorization": f"Bearer {kitsu.tokens['access_token']}"}
    answers = {}
    for method, url in routes_with_ids():
        body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        response = requests.request(method, suite.url(with_malformed_ids(url)), headers=headers, timeout=10, **body)
        answers[(method, url)] = response.status_code
        if response.status_code != 204:
            assert response.headers["Content-Type"].startswith("application/json"), (method, url)
    wrong = {route: status for route, status in answers.items() if not 400 <= status < 500}
    assert len(answers) > 200 and wrong == {}


# Routes that end the caller's session or account whatever the body (they take none): the
# requests after them would only test the token check.
ENDS_THE_SESSION = {("POST", "/v1/account/cancel"), ("POST", "/v1/auth/logout"), ("GET", "/api/auth/logout")}
BAD_BODIES = ("{not json", '"a string"', "[1, 2]")


def test_a_malformed_body_is_never_a_server_error(suite, kitsu):
    headers = {"Authorization": f"Bearer {kitsu.tokens['access_token']}", "Content-Type": "application/json"}
    answers = {}
    for url, method, _name in route_table(GatewayService):
        if method not in ("POST", "PUT", "PATCH") or (method, url) in ENDS_THE_SESSION:
            continue
        path = with_ids(url, lambda: str(uuid.uuid4()))
        for body in BAD_BODIES:
            response = requests.request(method, suite.url(path), headers=headers, data=body, timeout=15)
            answers[(method, url, body)] = response.status_code
    server_errors = {request: status for request, status in answers.items() if status >= 500}
    unauthenticated = [request for request, status in answers.items() if status == 401]
    assert len(answers) > 400 and server_errors == {} and unauthenticated == []
