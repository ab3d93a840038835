"""nameko entrypoints of the production_tracking service.

Runs on RabbitMQ with its own database and answers ``health``; its business
RPCs are added by the issue that builds its domain.
"""

from reelhouse.shared.db import Database
from reelhouse.shared.service import ServiceBase

from .models import Base


class ProductionTrackingService(ServiceBase):
    name = "production_tracking"

    db = Database(Base)
