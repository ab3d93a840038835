"""Domain events: the envelope, publishing with confirms, and reliable handlers.

Every event travels as an envelope::

    {event_id, type, version, occurred_at, request_id, actor, data}

on nameko's ``<service>.events`` topic exchange with the event type as routing
key, so ordinary nameko ``event_handler`` consumers can subscribe. Events are
never published directly by business code: they are written to the outbox in
the business transaction (see ``db``) and published after commit.

:func:`reliable_event_handler` replaces nameko's ``event_handler``, which acks
and drops an event whose handler raised. Here a failed event is republished to
a delay queue (retried with backoff) and, after the last attempt, parked in a
dead-letter queue; the original is acked only after that republish is
confirmed, so nothing is lost.
"""

import datetime as dt
import logging
import uuid

from kombu import Exchange, Queue
from marshmallow import EXCLUDE, Schema, ValidationError, fields
from nameko.amqp.publish import Publisher
from nameko.events import EventHandler
from nameko.standalone.events import get_event_exchange

log = logging.getLogger(__name__)

ENVELOPE_VERSION = 1
ATTEMPT_HEADER = "x-reelhouse-attempt"
DEFAULT_RETRY_DELAYS_MS = (1000, 5000, 30000, 120000, 600000)
# Publishing must not hang a request when the broker is away: one quick retry,
# then the outbox sweeper takes over.
QUICK_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


class EnvelopeSchema(Schema):
    """Contract of every event. Consumers ignore unknown fields (additive changes)."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    type = fields.String(required=True)
    version = fields.Integer(required=True)
    occurred_at = fields.String(required=True)
    request_id = fields.String(allow_none=True)
    actor = fields.String(allow_none=True)
    data = fields.Dict(required=True)


def load_event_data(schema, data: dict) -> dict:
    """An event's ``data`` through its schema; malformed data raises ValueError on
    purpose, so the event is retried and then dead-lettered for a person to look at."""
    try:
        return schema().load(data)
    except ValidationError as error:
        raise ValueError(f"malformed event data: {error.normalized_messages()}") from None


def occurred_at(envelope: dict) -> dt.datetime:
    """The envelope's time as the naive UTC datetime every table stores (projections
    compare it to apply only events newer than the last one applied)."""
    value = dt.datetime.fromisoformat(str(envelope["occurred_at"]))
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def make_envelope(event_type, data, request_id=None, actor=None, version=ENVELOPE_VERSION):
    return {
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "version": version,
        "occurred_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds"),
        "request_id": request_id,
        "actor": actor,
        "data": data,
    }


class EnvelopePublisher:
    """Publishes envelopes on a service's event exchange, with publisher confirms."""

    def __init__(self, amqp_uri, service_name, config):
        self.exchange = get_event_exchange(service_name, config)
        self.publisher = Publisher(
            amqp_uri, use_confirms=True, serializer="json",
            retry=True, retry_policy=QUICK_RETRY_POLICY, declare=[self.exchange],
        )

    def publish(self, envelope):
        headers = {"nameko.request_id": envelope.get("request_id") or ""}
        self.publisher.publish(
            envelope, exchange=self.exchange, routing_key=envelope["type"],
            extra_headers=headers, delivery_mode=2,
        )


class ReliableEventHandler(EventHandler):
    """An event handler that retries with backoff and then dead-letters."""

    def setup(self):
        super().setup()
        config = self.container.config
        self.retry_delays_ms = tuple(config.get("EVENT_RETRY_DELAYS_MS") or DEFAULT_RETRY_DELAYS_MS)
        self.parking_publisher = Publisher(
            config["AMQP_URI"], use_confirms=True, serializer="json",
            retry=True, retry_policy={"max_retries": 5, "interval_start": 0.5, "interval_step": 1, "interval_max": 5},
        )

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        if exc_info is not None:
            # Republish first, ack second: a crash in between duplicates the
            # event (handlers are idempotent) but never loses it.
            self._retry_later_or_dead_letter(message, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info

    def _retry_later_or_dead_letter(self, message, exc_info):
        headers = dict(message.headers or {})
        attempt = int(headers.get(ATTEMPT_HEADER, 0)) + 1
        headers[ATTEMPT_HEADER] = attempt
        headers["x-reelhouse-last-error"] = f"{exc_info[0].__name__}: {exc_info[1]}"[:500]
        queue_name = self.queue.name
        if attempt <= len(self.retry_delays_ms):
            delay = self.retry_delays_ms[attempt - 1]
            target = retry_queue(queue_name, delay)
            log.warning("event handler %s failed (attempt %s), retrying in %s ms", queue_name, attempt, delay)
        else:
            target = dead_letter_queue(queue_name)
            log.error("event handler %s failed %s times, dead-lettered", queue_name, attempt)
        self.parking_publisher.publish(
            message.payload, exchange=Exchange(""), routing_key=target.name,
            declare=[target], headers=headers, delivery_mode=2,
        )


def retry_queue(queue_name, delay_ms):
    """A queue where a failed event waits ``delay_ms``, then returns to its queue."""
    return Queue(
        f"{queue_name}.retry.{delay_ms}", durable=True,
        queue_arguments={
            "x-message-ttl": delay_ms,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": queue_name,
        },
    )


def dead_letter_queue(queue_name):
    return Queue(f"{queue_name}.dead-letter", durable=True)


reliable_event_handler = ReliableEventHandler.decorator
