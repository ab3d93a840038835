"""nameko entrypoints of the asset service.

Runs on RabbitMQ with its own database and answers ``health``; its business
RPCs are added by the issue that builds its domain.
"""

# Imported as a module: `nameko run` starts every service class it finds here.
from reelhouse.shared import service as base
from reelhouse.shared.db import Database

from .models import Base


class AssetService(base.ServiceBase):
    name = "asset"

    db = Database(Base)
