"""Who is calling, and under which request id, carried in nameko context data.

The gateway authenticates the HTTP caller and puts a :class:`Caller` into the
worker's context data; nameko copies context data into the headers of every
RPC and event it sends, so every service down the line sees the same caller
and request id without passing them as arguments.
"""

import json
import uuid
from dataclasses import asdict, dataclass, field

from nameko.extensions import DependencyProvider

CALLER_KEY = "caller"
REQUEST_ID_KEY = "request_id"
IDEMPOTENCY_KEY = "idempotency_key"  # see reelhouse.shared.idempotency

ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor")


@dataclass(frozen=True)
class Caller:
    """The authenticated principal. ``user_id`` is None for anonymous calls."""

    user_id: str | None = None
    role: str | None = None
    session_id: str | None = None
    is_service: bool = False
    scopes: tuple = field(default_factory=tuple)
    # The workspace the client chose for this request (``X-Workspace-Id``);
    # None lets the service pick the caller's default workspace.
    workspace_id: str | None = None

    @property
    def is_authenticated(self):
        return self.user_id is not None or self.is_service

    @property
    def is_admin(self):
        return self.is_service or self.role == "admin"

    def to_header(self):
        data = asdict(self)
        data["scopes"] = list(self.scopes)
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_header(cls, value):
        if not value:
            return ANONYMOUS
        data = json.loads(value) if isinstance(value, str) else dict(value)
        data["scopes"] = tuple(data.get("scopes") or ())
        return cls(**data)


ANONYMOUS = Caller()
SYSTEM = Caller(is_service=True)


def new_request_id():
    return uuid.uuid4().hex


def set_call_context(worker_ctx, caller, request_id, idempotency_key=None):
    """Put caller, request id and the client's idempotency key where nameko will forward them."""
    # ``worker_ctx.context_data`` is a fresh copy of ``worker_ctx.data`` on each
    # access (nameko 2.x): writing to it would be lost. Write the source.
    worker_ctx.data[CALLER_KEY] = caller.to_header()
    worker_ctx.data[REQUEST_ID_KEY] = request_id
    if idempotency_key:
        worker_ctx.data[IDEMPOTENCY_KEY] = idempotency_key


def caller_of(worker_ctx):
    return Caller.from_header(worker_ctx.context_data.get(CALLER_KEY))


def request_id_of(worker_ctx):
    return worker_ctx.context_data.get(REQUEST_ID_KEY)


class CallContext(DependencyProvider):
    """Gives a service method ``self.context.caller`` and ``.request_id``."""

    def get_dependency(self, worker_ctx):
        return _Context(caller_of(worker_ctx), request_id_of(worker_ctx))


@dataclass(frozen=True)
class _Context:
    caller: Caller
    request_id: str | None
