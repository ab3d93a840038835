"""reliable_event_handler: a failing handler is retried with backoff, then its
event is parked in ``<queue>.dead-letter``; the event is never acked and dropped."""

import pytest
from nameko.testing.services import entrypoint_waiter

from reelhouse.shared.events import ATTEMPT_HEADER, dead_letter_queue, make_envelope, reliable_event_handler


class Flaky:
    """Shared by the test and the handler (same process): how often to fail, and the calls."""

    failures = 0
    calls = []


class FlakyConsumerService:
    name = "flaky_consumer"

    @reliable_event_handler("source", "job_requested")
    def handle(self, envelope):
        Flaky.calls.append(envelope["event_id"])
        if len(Flaky.calls) <= Flaky.failures:
            raise RuntimeError(f"failure {len(Flaky.calls)}")
        return envelope["data"]


@pytest.fixture
def start_consumer(container_factory, rabbit_config, fast_retries):
    def start(failures):
        Flaky.failures, Flaky.calls = failures, []
        container = container_factory(FlakyConsumerService, dict(rabbit_config, **fast_retries))
        container.start()
        (handler,) = [e for e in container.entrypoints if e.method_name == "handle"]
        return container, handler.queue.name

    return start


def test_handler_failing_twice_is_retried_until_it_succeeds(start_consumer, event_publisher, broker):
    container, queue_name = start_consumer(failures=2)
    envelope = make_envelope("job_requested", {"job": 1})

    succeeded = lambda _worker_ctx, _result, exc_info: exc_info is None  # noqa: E731
    with entrypoint_waiter(container, "handle", callback=succeeded, timeout=10) as result:
        event_publisher("source").publish(envelope)

    assert result.get() == {"job": 1}
    assert Flaky.calls == [envelope["event_id"]] * 3
    broker.declare(dead_letter_queue(queue_name))
    assert broker.depth(dead_letter_queue(queue_name).name) == 0


def test_handler_that_always_fails_ends_in_the_dead_letter_queue(
        start_consumer, event_publisher, broker, fast_retries):
    container, queue_name = start_consumer(failures=1000)
    broker.declare(dead_letter_queue(queue_name))  # to watch it from the start
    envelope = make_envelope("job_requested", {"job": 2})
    event_publisher("source").publish(envelope)

    parked = broker.wait_for_message(f"{queue_name}.dead-letter", timeout=10)
    assert parked.payload == envelope
    attempts = 1 + len(fast_retries["EVENT_RETRY_DELAYS_MS"])
    assert parked.headers[ATTEMPT_HEADER] == attempts
    assert parked.headers["x-reelhouse-last-error"] == f"RuntimeError: failure {attempts}"
    assert Flaky.calls == [envelope["event_id"]] * attempts

    # Stopping the consumer would requeue anything left unacked: the original
    # and the retry queues must be empty, so the dead-letter copy is the only one.
    container.stop()
    assert broker.depth(queue_name) == 0
    for delay in fast_retries["EVENT_RETRY_DELAYS_MS"]:
        assert broker.depth(f"{queue_name}.retry.{delay}") == 0
    assert broker.get(f"{queue_name}.dead-letter") is None
