"""Every route of the Candidio digest's route index (``../shared/spec/candidio.md``,
section 5: 110 method + path combinations) is mounted by the gateway, each by
a route of its own, not by the JSON 404 fallback. The behaviour of each is
tested with its resource (tests/e2e/test_v1_*.py, the services' tests)."""

import re

import pytest
from werkzeug.routing import Map, Rule

from reelhouse.gateway.docs import route_table
from reelhouse.gateway.service import GatewayService

# (number in the digest, method, path); ``{w}``, ``{p}``... stand for IDs.
DIGEST_ROUTES = [
    (1, "POST", "/v1/register"),
    (2, "POST", "/v1/activate"),
    (3, "POST", "/v1/users/forgot-password"),
    (4, "POST", "/v1/users/reset-password"),
    (5, "POST", "/v1/users/confirm-email"),
    (6, "GET", "/v1/workspaces"),
    (7, "GET", "/v1/workspaces/{w}"),
    (8, "POST", "/v1/workspaces"),
    (9, "PUT", "/v1/workspaces/{w}"),
    (10, "DELETE", "/v1/workspaces/{w}"),
    (11, "GET", "/v1/users"),
    (12, "GET", "/v1/workspace/{w}/users"),
    (13, "GET", "/v1/workspace/{w}/productions/{p}/users"),
    (14, "GET", "/v1/workspace/{w}/video-series/{s}/users"),
    (15, "GET", "/v1/users/{u}"),
    (16, "GET", "/v1/workspace/{w}/users/{u}"),
    (17, "GET", "/v1/workspace/{w}/productions/{p}/users/{u}"),
    (18, "GET", "/v1/workspace/{w}/video-series/{s}/users/{u}"),
    (19, "POST", "/v1/users"),
    (20, "PUT", "/v1/users/{u}"),
    (21, "DELETE", "/v1/users/{u}"),
    (22, "GET", "/v1/invites/{token}"),
    (23, "GET", "/v1/productions"),
    (24, "GET", "/v1/workspaces/{w}/productions"),
    (25, "GET", "/v1/workspaces/{w}/video-series/{s}/productions"),
    (26, "GET", "/v1/productions/{p}"),
    (27, "GET", "/v1/public/productions/{p}"),
    (28, "GET", "/v1/workspaces/{w}/productions/{p}"),
    (29, "GET", "/v1/workspaces/{w}/video-series/{s}/productions/{p}"),
    (30, "POST", "/v1/productions"),
    (31, "POST", "/v1/workspaces/{w}/productions"),
    (32, "POST", "/v1/workspaces/{w}/video-series/{s}/productions"),
    (33, "PUT", "/v1/productions/{p}"),
    (34, "PUT", "/v1/workspaces/{w}/productions/{p}"),
    (35, "PUT", "/v1/workspaces/{w}/video-series/{s}/productions/{p}"),
    (36, "DELETE", "/v1/productions/{p}"),
    (37, "DELETE", "/v1/workspaces/{w}/productions/{p}"),
    (38, "DELETE", "/v1/workspaces/{w}/video-series/{s}/productions/{p}"),
    (39, "GET", "/v1/video-series"),
    (40, "GET", "/v1/workspaces/{w}/video-series"),
    (41, "GET", "/v1/video-series/{s}"),
    (42, "GET", "/v1/workspaces/{w}/video-series/{s}"),
    (43, "POST", "/v1/video-series"),
    (44, "POST", "/v1/workspaces/{w}/video-series"),
    (45, "PUT", "/v1/video-series/{s}"),
    (46, "PUT", "/v1/workspaces/{w}/video-series/{s}"),
    (47, "DELETE", "/v1/video-series/{s}"),
    (48, "DELETE", "/v1/workspaces/{w}/video-series/{s}"),
    (49, "GET", "/v1/workspaces/{w}/productions/{p}/briefs"),
    (50, "GET", "/v1/workspaces/{w}/productions/{p}/briefs/{b}"),
    (51, "POST", "/v1/workspaces/{w}/productions/{p}/briefs"),
    (52, "PUT", "/v1/workspaces/{w}/productions/{p}/briefs/{b}"),
    (53, "DELETE", "/v1/workspaces/{w}/productions/{p}/briefs/{b}"),
    (54, "GET", "/v1/workspaces/{w}/productions/{p}/descriptions"),
    (55, "GET", "/v1/public/workspaces/{w}/productions/{p}/descriptions"),
    (56, "GET", "/v1/workspaces/{w}/productions/{p}/descriptions/{d}"),
    (57, "POST", "/v1/workspaces/{w}/productions/{p}/descriptions"),
    (58, "PUT", "/v1/workspaces/{w}/productions/{p}/descriptions/{d}"),
    (59, "DELETE", "/v1/workspaces/{w}/productions/{p}/descriptions/{d}"),
    (60, "PUT", "/v1/workspaces/{w}/assets/{a}/descriptions/{d}/attach"),
    (61, "DELETE", "/v1/workspaces/{w}/assets/{a}/descriptions/{d}/detach"),
    (62, "GET", "/v1/assets"),
    (63, "GET", "/v1/workspaces/{w}/assets"),
    (64, "GET", "/v1/workspaces/{w}/productions/{p}/assets"),
    (65, "GET", "/v1/assets/{a}"),
    (66, "GET", "/v1/workspaces/{w}/assets/{a}"),
    (67, "GET", "/v1/workspaces/{w}/productions/{p}/assets/{a}"),
    (68, "POST", "/v1/assets"),
    (69, "POST", "/v1/workspaces/{w}/assets"),
    (70, "POST", "/v1/workspaces/{w}/productions/{p}/assets"),
    (71, "POST", "/v1/public/workspaces/{w}/productions/{p}/assets"),
    (72, "PUT", "/v1/assets/{a}"),
    (73, "PUT", "/v1/workspaces/{w}/assets/{a}"),
    (74, "PUT", "/v1/workspaces/{w}/productions/{p}/assets/{a}"),
    (75, "DELETE", "/v1/assets/{a}"),
    (76, "DELETE", "/v1/workspaces/{w}/assets/{a}"),
    (77, "DELETE", "/v1/workspaces/{w}/productions/{p}/assets/{a}"),
    (78, "GET", "/v1/workspaces/{w}/productions/{p}/revisions"),
    (79, "GET", "/v1/workspaces/{w}/productions/{p}/revisions/{r}"),
    (80, "POST", "/v1/workspaces/{w}/productions/{p}/revisions"),
    (81, "PUT", "/v1/workspaces/{w}/productions/{p}/revisions/{r}"),
    (82, "GET", "/v1/deliverables"),
    (83, "GET", "/v1/workspaces/{w}/deliverables"),
    (84, "GET", "/v1/deliverables/{d}"),
    (85, "GET", "/v1/workspaces/{w}/deliverables/{d}"),
    (86, "POST", "/v1/deliverables"),
    (87, "POST", "/v1/workspaces/{w}/deliverables"),
    (88, "PUT", "/v1/deliverables/{d}"),
    (89, "PUT", "/v1/workspaces/{w}/deliverables/{d}"),
    (90, "DELETE", "/v1/deliverables/{d}"),
    (91, "DELETE", "/v1/workspaces/{w}/deliverables/{d}"),
    (92, "GET", "/v1/templates"),
    (93, "GET", "/v1/public/templates"),
    (94, "GET", "/v1/templates/{t}"),
    (95, "POST", "/v1/templates"),
    (96, "PUT", "/v1/templates/{t}"),
    (97, "DELETE", "/v1/templates/{t}"),
    (98, "GET", "/v1/template-types"),
    (99, "GET", "/v1/template-types/{tt}"),
    (100, "POST", "/v1/template-types"),
    (101, "PUT", "/v1/template-types/{tt}"),
    (102, "DELETE", "/v1/template-types/{tt}"),
    (103, "GET", "/v1/industries"),
    (104, "GET", "/v1/industries/{i}"),
    (105, "POST", "/v1/industries"),
    (106, "PUT", "/v1/industries/{i}"),
    (107, "DELETE", "/v1/industries/{i}"),
    (108, "GET", "/v1/actions"),
    (109, "GET", "/v1/users/{u}/actions"),
    (110, "GET", "/v1/workspace/{w}/actions"),
]

SAMPLE_ID = "abc123"


@pytest.fixture(scope="module")
def rules():
    mounted = [Rule(url, methods=[method], endpoint=name) for url, method, name in route_table(GatewayService)]
    return Map(mounted).bind("reelhouse.test")


def test_the_index_has_the_digests_110_routes():
    assert len(DIGEST_ROUTES) == 110 and [n for n, _m, _p in DIGEST_ROUTES] == list(range(1, 111))


@pytest.mark.parametrize(("number", "method", "path"), DIGEST_ROUTES, ids=[f"#{n}" for n, _m, _p in DIGEST_ROUTES])
def test_the_gateway_mounts_the_digest_route(number, method, path, rules):
    # The fallback's catch-all routes are not in route_table: a route missing here raises NotFound.
    endpoint, _arguments = rules.match(re.sub(r"\{[a-z]+\}", SAMPLE_ID, path), method=method)
    assert endpoint, f"#{number} {method} {path}"
