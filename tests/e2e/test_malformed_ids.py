"""Every route that takes an id in its path answers a malformed one with a 4xx
error body — never a 5xx, never a success — in both dialects, for a logged-in
administrator (the caller who passes every permission check)."""

import re

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


def with_malformed_ids(url):
    return PARAMETER.sub(lambda m: "not-an-id" if m.group(1).endswith("_id") else WELL_FORMED.get(m.group(1), "x"),
                         url)


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
