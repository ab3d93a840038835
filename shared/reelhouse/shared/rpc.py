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

A method that answers a large JSON value (a listing of 10,000 shots) may
return an :class:`EncodedResult`: its JSON is encoded once, with orjson, by
the service. A caller that asks for it (the gateway: ``Services(accept_encoded=True)``)
receives those bytes as they are and writes them to its HTTP client without
decoding and re-encoding them; any other caller receives the same value as
ordinary JSON. See docs/performance.md ("Listings pass through the gateway").
"""

import logging
import sys

import eventlet
import kombu.serialization
import nameko.rpc
import orjson
from amqp.exceptions import AMQPError
from kombu.exceptions import OperationalError
from nameko.amqp.publish import Publisher
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

# An RPC request carrying this header may be answered with ENCODED_CONTENT_TYPE.
ACCEPTS_ENCODED_HEADER = "x-reelhouse-accepts-encoded"
ENCODED_SERIALIZER = "reelhouse-encoded"
ENCODED_CONTENT_TYPE = "application/vnd.reelhouse.encoded-result"


class EncodedResult:
    """An RPC result whose JSON was encoded by the service; ``meta`` travels beside it.

    ``meta`` holds small facts about the value that are not part of it (e.g.
    that a list was truncated), as a response's headers would.
    """

    __slots__ = ("json", "meta")

    def __init__(self, json: bytes, meta: dict | None = None):
        self.json, self.meta = json, meta or {}

    @classmethod
    def of(cls, value, **meta):
        return cls(orjson.dumps(value), meta)

    def wire_body(self) -> bytes:
        """The message body: the meta as one line of JSON, a newline, the value's JSON."""
        return orjson.dumps(self.meta) + b"\n" + self.json

    @classmethod
    def from_wire(cls, body: bytes) -> "EncodedResult":
        head, _, value = body.partition(b"\n")  # compact JSON never holds a raw newline
        return cls(value, orjson.loads(head))

    def as_reply_json(self) -> bytes:
        """nameko's ordinary reply body around the value, for callers that did not ask for it encoded."""
        return b'{"result":' + self.json + b',"error":null}'


def _decode_encoded_reply(body):
    return {"result": EncodedResult.from_wire(body), "error": None}


def _refuse_to_encode(_value):
    raise TypeError(f"{ENCODED_SERIALIZER} replies are published by ReplyResponder, not through kombu")


kombu.serialization.register(ENCODED_SERIALIZER, _refuse_to_encode, _decode_encoded_reply,
                             content_type=ENCODED_CONTENT_TYPE, content_encoding="binary")


class _ConfirmedRequestPublisher(Publisher):
    # Each publisher class keeps a dict of its own: nameko's Publisher writes
    # ``confirm_publish`` into its class-level transport options on every publish,
    # and the event publishers' connections must keep their confirms.
    use_confirms = True
    transport_options = {**DEFAULT_TRANSPORT_OPTIONS, "confirm_publish": True}


class _UnconfirmedPublisher(Publisher):
    use_confirms = False
    transport_options = {**DEFAULT_TRANSPORT_OPTIONS, "confirm_publish": False}


class _UnconfirmedRequestPublisher(_UnconfirmedPublisher):
    def publish(self, payload, **kwargs):
        # nameko asks for mandatory delivery on every request; without a confirm
        # nothing would read the broker's return, so do not ask for one.
        return super().publish(payload, **{**kwargs, "mandatory": False})


# (broker URI, service) pairs whose request queue a confirmed publish has reached.
_ROUTABLE_SERVICES: set[tuple[str, str]] = set()


class RequestProxy(MethodProxy):
    """nameko's method proxy, publishing with confirms only until the service's queue is known to exist.

    nameko publishes every request ``mandatory`` with publisher confirms, a
    broker round trip per call, to raise UnknownService when no queue takes
    it. nameko's RPC queues are durable: once a confirmed request to a service
    was routed, its queue stays bound whether or not a replica is running
    (a stopped service's requests wait in it and expire, which is a timeout,
    not UnknownService, with or without confirms). So only the calls until
    the first routed one need the confirm.

    ``accept_encoded``: the service may answer an :class:`EncodedResult` as it is.
    """

    def __init__(self, worker_ctx, service_name, method_name, reply_listener, accept_encoded=False, **options):
        self.accept_encoded = accept_encoded
        self.routable_key = (worker_ctx.container.config["AMQP_URI"], service_name)
        self.confirmed = self.routable_key not in _ROUTABLE_SERVICES
        self.publisher_cls = _ConfirmedRequestPublisher if self.confirmed else _UnconfirmedRequestPublisher
        super().__init__(worker_ctx, service_name, method_name, reply_listener, **options)

    def call_async(self, *args, **kwargs):
        reply = super().call_async(*args, **kwargs)  # raises UnknownService when a confirmed request was returned
        if self.confirmed:
            _ROUTABLE_SERVICES.add(self.routable_key)
        return reply

    def forget_routable(self):
        _ROUTABLE_SERVICES.discard(self.routable_key)

    def get_message_headers(self, worker_ctx):
        headers = super().get_message_headers(worker_ctx)
        return {**headers, ACCEPTS_ENCODED_HEADER: "1"} if self.accept_encoded else headers


class ServiceCaller:
    def __init__(self, worker_ctx, reply_listener, default_timeout, accept_encoded=False):
        self.worker_ctx = worker_ctx
        self.reply_listener = reply_listener
        self.default_timeout = default_timeout
        self.accept_encoded = accept_encoded

    def set_context(self, caller, request_id, idempotency_key=None):
        set_call_context(self.worker_ctx, caller, request_id, idempotency_key)

    def call(self, service, method, *args, timeout=None, **kwargs):
        timeout = timeout or self.default_timeout
        proxy = RequestProxy(
            self.worker_ctx, service, method, self.reply_listener, accept_encoded=self.accept_encoded,
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
            proxy.forget_routable()  # a request may have been lost on a dead connection: confirm the next one
            raise ServiceTimeout(f"{service} did not answer within {timeout:g} s.") from None
        except UnknownService:
            raise ServiceUnavailable(f"{service} is not running.") from None
        except (OSError, OperationalError, AMQPError, ConnectionError) as error:
            proxy.forget_routable()
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
    """``self.services.call("identity", "login", ...)`` inside any nameko service.

    ``accept_encoded``: results a service returns as :class:`EncodedResult`
    arrive as one (the gateway writes their bytes straight to its client).
    """

    reply_listener = ReplyListener()

    def __init__(self, timeout=None, accept_encoded=False):
        self.timeout = timeout
        self.accept_encoded = accept_encoded

    def setup(self):
        self.default_timeout = self.timeout or float(
            self.container.config.get("RPC_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)
        )
        if self.accept_encoded and ENCODED_SERIALIZER not in self.container.accept:
            # The reply listener consumes with the container's accepted content types.
            self.container.accept = [*self.container.accept, ENCODED_SERIALIZER]

    def get_dependency(self, worker_ctx):
        return ServiceCaller(worker_ctx, self.reply_listener, self.default_timeout, self.accept_encoded)


class ReplyResponder(Responder):
    """nameko's RPC responder, with the reply serialised once and sent transient, without confirms.

    nameko 2.14 serialises every reply twice (a check, then the publish) and
    publishes it persistent with publisher confirms: a broker round trip per
    call, on the path of every RPC. None of that protects anything: the reply
    queue is not durable, and a reply lost with a broker crash leaves the caller
    exactly where a timeout does — the work is already committed, its events are
    in the outbox, and a retried write is answered once by its Idempotency-Key.
    Events keep their confirms; requests keep them until their queue is known
    (:class:`RequestProxy`).
    """

    publisher_cls = _UnconfirmedPublisher

    def send_response(self, result, exc_info):
        content_type = self.message.properties["content_type"]
        if isinstance(result, EncodedResult) and exc_info is None:
            if (self.message.headers or {}).get(ACCEPTS_ENCODED_HEADER):
                content_type, encoding, body = ENCODED_CONTENT_TYPE, "binary", result.wire_body()
            else:
                content_type, encoding, body = "application/json", "utf-8", result.as_reply_json()
        else:
            result, exc_info, encoding, body = self._serialised(result, exc_info, content_type)
        publisher = self.publisher_cls(self.amqp_uri, ssl=self.ssl, login_method=self.login_method)
        publisher.publish(
            body, content_type=content_type, content_encoding=encoding,
            exchange=self.exchange, routing_key=self.message.properties["reply_to"],
            correlation_id=self.message.properties.get("correlation_id"), delivery_mode=TRANSIENT,
        )
        return result, exc_info

    @staticmethod
    def _serialised(result, exc_info, content_type):
        """(result, exc_info, encoding, body) of an ordinary reply, once encoded."""
        error = serialize(exc_info[1]) if exc_info is not None else None
        serializer = kombu.serialization.registry.type_to_name[content_type]
        try:
            _type, encoding, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)
        except Exception:  # nameko's rule: an unserialisable result becomes an error, never a crash
            exc_info = sys.exc_info()
            error = serialize(UnserializableValueError(result))
            result = None
            _type, encoding, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)
        return result, exc_info, encoding, body


def install_reply_responder():
    """Make every ``@rpc`` entrypoint of this process reply through :class:`ReplyResponder`.

    nameko's RpcConsumer builds ``nameko.rpc.Responder`` by name for each reply
    and offers no setting for it; the services declare plain ``@rpc``.
    """
    nameko.rpc.Responder = ReplyResponder
