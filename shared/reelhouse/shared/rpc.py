"""RPC to other services, always with a timeout and typed failures.

nameko's own proxies wait forever. :class:`ServiceCaller` bounds every call:
a call that is not answered in time raises :class:`ServiceTimeout` (504), an
unknown service or an unreachable broker raises :class:`ServiceUnavailable`
(503), and a service's own :class:`AppError` arrives as the same class. The
request message carries the timeout as its expiration, so a call the caller
has given up on is dropped from the queue rather than executed late.

One reply listener per process (shared by all workers), as NAMEKO-NOTES asks:
a reply queue per call would leave thousands of queues behind.

Replies are sent by :class:`ReplyResponder` (installed by ``reelhouse.shared.service``).
"""

import logging
import sys

import eventlet
import kombu.serialization
import nameko.rpc
from amqp.exceptions import AMQPError
from kombu.exceptions import OperationalError
from nameko.constants import DEFAULT_TRANSPORT_OPTIONS
from nameko.exceptions import RemoteError, UnknownService, UnserializableValueError, serialize
from nameko.extensions import DependencyProvider
from nameko.rpc import MethodProxy, ReplyListener, Responder

from .context import set_call_context
from .errors import AppError, InternalError, ServiceTimeout, ServiceUnavailable

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0
TRANSIENT = 1  # AMQP delivery mode
FAST_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class ServiceCaller:
    def __init__(self, worker_ctx, reply_listener, default_timeout):
        self.worker_ctx = worker_ctx
        self.reply_listener = reply_listener
        self.default_timeout = default_timeout

    def set_context(self, caller, request_id, idempotency_key=None):
        set_call_context(self.worker_ctx, caller, request_id, idempotency_key)

    def call(self, service, method, *args, timeout=None, **kwargs):
        timeout = timeout or self.default_timeout
        proxy = MethodProxy(
            self.worker_ctx, service, method, self.reply_listener,
            expiration=timeout, retry=True, retry_policy=FAST_RETRY_POLICY,
            # Transient: a request outlives neither its timeout nor a broker
            # restart usefully, so the broker need not write it to disk.
            delivery_mode=TRANSIENT,
        )
        reply = None
        try:
            with eventlet.Timeout(timeout):
                reply = proxy.call_async(*args, **kwargs)
                return reply.result()
        except eventlet.Timeout:
            if reply is not None:
                forget_reply(self.reply_listener, reply)
            raise ServiceTimeout(f"{service} did not answer within {timeout:g} s.") from None
        except UnknownService:
            raise ServiceUnavailable(f"{service} is not running.") from None
        except (OSError, OperationalError, AMQPError, ConnectionError) as error:
            log.warning("broker unreachable calling %s.%s: %s", service, method, error)
            raise ServiceUnavailable("The message broker is unreachable.") from None
        except AppError:
            raise
        except RemoteError as error:
            log.error("%s.%s failed: %s", service, method, error)
            raise InternalError(f"{service} failed to handle the request.") from None


def forget_reply(reply_listener, reply):
    """Drop the listener's entry for a reply nobody waits for any more.

    nameko removes it only when the reply arrives; a request that expired in
    the queue never gets one, so each timeout would leak an entry.
    """
    pending = reply_listener._reply_events  # nameko 2.14 keeps no public handle on it
    for correlation_id, event in list(pending.items()):
        if event is reply.reply_event:
            pending.pop(correlation_id, None)


class Services(DependencyProvider):
    """``self.services.call("identity", "login", ...)`` inside any nameko service."""

    reply_listener = ReplyListener()

    def __init__(self, timeout=None):
        self.timeout = timeout

    def setup(self):
        self.default_timeout = self.timeout or float(
            self.container.config.get("RPC_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)
        )

    def get_dependency(self, worker_ctx):
        return ServiceCaller(worker_ctx, self.reply_listener, self.default_timeout)


class ReplyResponder(Responder):
    """nameko's RPC responder, with the reply serialised once and sent transient, without confirms.

    nameko 2.14 serialises every reply twice (a check, then the publish) and
    publishes it persistent with publisher confirms: a broker round trip per
    call, on the path of every RPC. None of that protects anything: the reply
    queue is not durable, and a reply lost with a broker crash leaves the caller
    exactly where a timeout does — the work is already committed, its events are
    in the outbox, and a retried write is answered once by its Idempotency-Key.
    Events and requests keep their confirms.
    """

    def send_response(self, result, exc_info):
        error = serialize(exc_info[1]) if exc_info is not None else None
        content_type = self.message.properties["content_type"]
        serializer = kombu.serialization.registry.type_to_name[content_type]
        try:
            _type, encoding, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)
        except Exception:  # nameko's rule: an unserialisable result becomes an error, never a crash
            exc_info = sys.exc_info()
            error = serialize(UnserializableValueError(result))
            result = None
            _type, encoding, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)
        publisher = self.publisher_cls(self.amqp_uri, ssl=self.ssl, login_method=self.login_method)
        publisher.publish(
            body, content_type=content_type, content_encoding=encoding,
            exchange=self.exchange, routing_key=self.message.properties["reply_to"],
            correlation_id=self.message.properties.get("correlation_id"),
            use_confirms=False, delivery_mode=TRANSIENT,
            # A dict of its own: nameko's Publisher mutates the shared default
            # transport options on every publish, and the event publishers'
            # connections must keep their confirms.
            transport_options={**DEFAULT_TRANSPORT_OPTIONS, "confirm_publish": False},
        )
        return result, exc_info


def install_reply_responder():
    """Make every ``@rpc`` entrypoint of this process reply through :class:`ReplyResponder`.

    nameko's RpcConsumer builds ``nameko.rpc.Responder`` by name for each reply
    and offers no setting for it; the services declare plain ``@rpc``.
    """
    nameko.rpc.Responder = ReplyResponder
