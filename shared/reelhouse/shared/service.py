"""Entrypoints every service has: a health RPC, the outbox sweeper, the idempotency-key janitor."""

import logging

from nameko.rpc import rpc
from nameko.timer import timer

from .rpc import install_reply_responder

log = logging.getLogger(__name__)

# Every service class derives from ServiceBase, so importing this module is
# what makes a process's RPC replies cheap (see rpc.ReplyResponder).
install_reply_responder()

OUTBOX_SWEEP_INTERVAL_SECONDS = 2
IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS = 3600


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


class IdempotencyKeyJanitorMixin:
    @timer(interval=IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS)
    def forget_old_idempotency_keys(self):
        count = self.db.forget_old_idempotency_keys()
        if count:
            log.info("forgot %d idempotency key(s) older than a day", count)


class ServiceBase(HealthMixin, OutboxSweeperMixin, IdempotencyKeyJanitorMixin):
    """Base of every Reelhouse service class (needs ``name`` and ``db``)."""
