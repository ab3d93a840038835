"""Every service runs on RabbitMQ with its own migrated database and answers health."""

import pytest
from nameko.testing.services import entrypoint_hook

from reelhouse.asset.service import AssetService
from reelhouse.billing.service import BillingService
from reelhouse.importer.service import ImporterService
from reelhouse.production_tracking.service import ProductionTrackingService

SKELETONS = [
    (AssetService, "services/asset"),
    (BillingService, "services/billing"),
    (ImporterService, "services/import"),
    (ProductionTrackingService, "services/production_tracking"),
]


@pytest.mark.parametrize("service_cls,service_dir", SKELETONS, ids=[s[0].name for s in SKELETONS])
def test_service_answers_health_with_its_database(service_cls, service_dir, container_factory, rabbit_config,
                                                  database_url_for):
    config = dict(rabbit_config, DATABASE_URL=database_url_for(service_dir))
    container = container_factory(service_cls, config)
    container.start()
    with entrypoint_hook(container, "health") as health:
        assert health() == {"service": service_cls.name, "status": "ok", "database": "ok"}
