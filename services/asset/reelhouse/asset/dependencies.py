"""nameko dependencies of the asset service: its database, the bucket, the media tools."""

import logging

from nameko.extensions import DependencyProvider

from reelhouse.shared.db import Database
from reelhouse.shared.events import EnvelopePublisher

from .media import MediaTools
from .storage import ObjectStore, StorageSettings

log = logging.getLogger(__name__)


SERVICE = "asset"


class AssetDatabase(Database):
    """The shared Database, publishing on ``asset.events`` from every container
    of the service (the media worker runs under its own name)."""

    def setup(self):
        super().setup()
        config = self.container.config
        self.publisher = EnvelopePublisher(config["AMQP_URI"], SERVICE, config)


class Storage(DependencyProvider):
    """``self.storage``: one :class:`ObjectStore` (a boto3 client) per container."""

    def setup(self):
        self.store = ObjectStore(StorageSettings.from_config(self.container.config))

    def start(self):
        if self.store.settings.create_bucket:
            try:
                self.store.ensure_bucket()
            except Exception as error:  # S3 down at start: uploads answer 503 until it is back
                log.warning("could not create bucket %s: %s", self.store.bucket, error)

    def get_dependency(self, worker_ctx):
        return self.store


class Media(DependencyProvider):
    """``self.media``: ffmpeg settings and the slots bounding concurrent jobs."""

    def setup(self):
        self.tools = MediaTools.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.tools
