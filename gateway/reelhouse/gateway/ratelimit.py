"""Rate limits at the gateway: a budget per kind of route and client address.

Guessing passwords, flooding someone's inbox with codes, or filling a public
upload link takes many requests from few addresses; past its budget a route
answers 429 with ``Retry-After``. A route opts in with ``@route(...,
limit="login")``.

Counters live in each replica's memory (``limits``' moving window), so with N
gateway replicas behind a load balancer a client gets at most N times the
budget: enough against guessing, and no shared store on the request path.
Identity adds its own per-account lock on second factors (docs/api-v1.md).
"""

import math
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from nameko.extensions import DependencyProvider

from reelhouse.shared.errors import RateLimited

# Budgets per client address; each can be set with RATE_LIMIT_<KIND> in the
# gateway's config ("20/minute", "5/second", "100/hour").
DEFAULT_LIMITS = {
    "login": "60/minute",   # password logins, both dialects (a studio behind one NAT logs in together)
    "mail": "10/minute",    # routes that send mail: register, forgot password, e-mailed codes
    "public": "60/minute",  # anonymous uploads to a production's public link
}


def client_address(request, trusted_proxy_hops: int) -> str:
    """The client's address: the peer, or, behind ``trusted_proxy_hops``
    proxies that each append to X-Forwarded-For, the entry the outermost one
    added (anything left of it is the client's own claim)."""
    if trusted_proxy_hops > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(forwarded) >= trusted_proxy_hops:
            return forwarded[-trusted_proxy_hops]
    return request.remote_addr or "unknown"


class RateLimits(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.limits = {kind: parse(str(config.get(f"RATE_LIMIT_{kind.upper()}", default)))
                       for kind, default in DEFAULT_LIMITS.items()}
        self.trusted_proxy_hops = int(config.get("TRUSTED_PROXY_HOPS", 0))
        self.window = MovingWindowRateLimiter(MemoryStorage())

    def get_dependency(self, worker_ctx):
        return self

    def check(self, kind: str, request) -> None:
        """Count this request against ``kind``'s budget; raise 429 past it."""
        limit = self.limits[kind]
        address = client_address(request, self.trusted_proxy_hops)
        if self.window.hit(limit, kind, address):
            return
        reset_at, _remaining = self.window.get_window_stats(limit, kind, address)
        raise RateLimited("Too many requests of this kind from your address; wait and retry.", {
            "reason": "rate_limited", "limit": str(limit), "retry_after": max(1, math.ceil(reset_at - time.time())),
        })
