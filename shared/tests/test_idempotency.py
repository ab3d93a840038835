"""run_once: a consumer applies each event at most once, recorded in the same
transaction as the effect."""

import eventlet
import pytest
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import Database, make_base
from reelhouse.shared.events import make_envelope, reliable_event_handler

Base = make_base()


class Counter(Base):
    __tablename__ = "probe_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def increment(tx, data):
    tx.session.execute(update(Counter).where(Counter.name == data["counter"]).values(value=Counter.value + 1))


def counter_value(db, name="hits"):
    with db.session() as session:
        return session.scalar(select(Counter.value).where(Counter.name == name))


@pytest.fixture
def make_db(probe_tables, db_access):
    """``make_db(consumer)``: database access for one consumer, with a zeroed counter."""
    probe_tables(Base)
    with db_access(Base).transaction() as tx:
        tx.session.add(Counter(name="hits", value=0))
    return lambda consumer: db_access(Base, consumer=consumer)


def test_same_event_twice_is_applied_once(make_db):
    db = make_db("probe.counter")
    envelope = make_envelope("hit", {"counter": "hits"})

    assert db.run_once(envelope, increment) is True
    assert db.run_once(envelope, increment) is False
    assert counter_value(db) == 1


def test_different_consumers_each_apply_the_same_event(make_db):
    envelope = make_envelope("hit", {"counter": "hits"})

    assert make_db("probe.first").run_once(envelope, increment) is True
    assert make_db("probe.second").run_once(envelope, increment) is True
    assert make_db("probe.first").run_once(envelope, increment) is False
    assert counter_value(make_db("probe.reader")) == 2


def test_failed_handler_leaves_no_mark_so_a_retry_applies_the_event(make_db):
    db = make_db("probe.counter")
    envelope = make_envelope("hit", {"counter": "hits"})

    def increment_then_fail(tx, data):
        increment(tx, data)
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError):
        db.run_once(envelope, increment_then_fail)
    assert counter_value(db) == 0
    assert db.run_once(envelope, increment) is True
    assert counter_value(db) == 1


def test_concurrent_duplicates_are_applied_once(make_db):
    envelope = make_envelope("hit", {"counter": "hits"})

    def slow_increment(tx, data):
        increment(tx, data)
        eventlet.sleep(0.2)  # hold the transaction open while the duplicate arrives

    threads = [eventlet.spawn(make_db("probe.counter").run_once, envelope, slow_increment) for _ in range(2)]
    assert sorted(thread.wait() for thread in threads) == [False, True]
    assert counter_value(make_db("probe.reader")) == 1


class CounterService:
    name = "counter"
    db = Database(Base)

    @reliable_event_handler("source", "hit")
    def count(self, envelope):
        return self.db.run_once(envelope, increment)


def test_redelivered_event_reaching_a_service_handler_is_applied_once(
        make_db, container_factory, rabbit_config, asset_db_url, event_publisher):
    container = container_factory(CounterService, dict(rabbit_config, DATABASE_URL=asset_db_url))
    container.start()
    envelope = make_envelope("hit", {"counter": "hits"})
    results = []

    def second_call(_worker_ctx, result, exc_info):
        results.append(exc_info or result)
        return len(results) == 2

    with entrypoint_waiter(container, "count", callback=second_call, timeout=10):
        publisher = event_publisher("source")
        publisher.publish(envelope)
        publisher.publish(envelope)

    assert sorted(results) == [False, True]
    db = make_db("counter.count")  # the consumer name the service records under
    assert counter_value(db) == 1
    assert db.run_once(envelope, increment) is False
