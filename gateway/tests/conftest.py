import pytest

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
