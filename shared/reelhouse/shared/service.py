"""Entrypoints every service has: a health RPC and the outbox sweeper."""

import logging

from nameko.rpc import rpc
from nameko.timer import timer

log = logging.getLogger(__name__)

OUTBOX_SWEEP_INTERVAL_SECONDS = 2


class HealthMixin:
    """``health`` RPC: answers when the service consumes and its database answers."""

    @rpc
    def health(self):
        database = "ok"
        try:
            self.db.ping()
        except Exception as error:  # report, don't raise: health must answer
            log.warning("health: database check failed: %s", error)
            database = "unavailable"
        return {"service": self.name, "status": "ok" if database == "ok" else "degraded", "database": database}


class OutboxSweeperMixin:
    @timer(interval=OUTBOX_SWEEP_INTERVAL_SECONDS)
    def sweep_outbox(self):
        count = self.db.sweep_outbox()
        if count:
            log.info("outbox sweeper republished %d event(s)", count)


class ServiceBase(HealthMixin, OutboxSweeperMixin):
    """Base of every Reelhouse service class (needs ``name`` and ``db``)."""
