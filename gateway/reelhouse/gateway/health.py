"""/health: every service asked over RPC at once, each with a short timeout."""

import eventlet
from nameko.web.handlers import http

from reelhouse.shared.errors import AppError

from .http import Reply, route
from .v1 import shapes

SERVICES = ("identity", "workspace", "asset", "production_tracking", "billing", "importer")


def ask(call, service, timeout):
    try:
        return call.rpc(service, "health", timeout=timeout)
    except AppError as error:
        return {"service": service, "status": "unavailable", "error": error.code}


class HealthRoutes:
    @http("GET", "/health")
    @route(shapes, auth="none")
    def health(self, call):
        timeout = float(call.config.get("HEALTH_TIMEOUT_SECONDS", 1))
        pool = eventlet.GreenPool(len(SERVICES))
        answers = list(pool.imap(lambda name: ask(call, name, timeout), SERVICES))
        services = {name: answer for name, answer in zip(SERVICES, answers, strict=True)}
        healthy = all(answer.get("status") == "ok" for answer in answers)
        return Reply({"status": "ok" if healthy else "degraded", "services": services},
                     status=200 if healthy else 503)
