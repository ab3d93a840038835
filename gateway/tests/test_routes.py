"""The route table: every route function of every area is mounted."""

import inspect

from reelhouse.gateway.service import GatewayService


def test_no_route_function_is_shadowed_by_another_area():
    # Areas are mixins; two functions with one name would silently drop a route.
    for area in GatewayService.__mro__[1:]:
        for name, function in vars(area).items():
            if inspect.isfunction(function) and getattr(function, "nameko_entrypoints", None):
                assert getattr(GatewayService, name) is function, f"{area.__name__}.{name} is shadowed"
