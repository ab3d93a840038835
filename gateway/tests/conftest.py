import pytest
from werkzeug.routing import Map, Rule

from reelhouse.gateway.docs import route_table
from reelhouse.gateway.service import GatewayService


@pytest.fixture
def gateway_config(rabbit_config, web_config):
    return dict(rabbit_config, **web_config, RPC_TIMEOUT_SECONDS=1, HEALTH_TIMEOUT_SECONDS=0.5,
                MAX_JSON_BODY_BYTES=1024)


@pytest.fixture
def gateway(container_factory, gateway_config):
    container = container_factory(GatewayService, gateway_config)
    container.start()
    return container


@pytest.fixture(scope="session")
def mounted_routes():
    """The gateway's route table as a werkzeug map: ``match(path, method=...)``
    raises NotFound for a path only the JSON 404 fallback would answer."""
    rules = [Rule(url, methods=[method], endpoint=name) for url, method, name in route_table(GatewayService)]
    return Map(rules).bind("reelhouse.test")
