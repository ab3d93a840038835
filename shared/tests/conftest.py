"""Fixtures for testing the shared machinery against real PostgreSQL and RabbitMQ.

The database is the asset service's migrated test database (it holds the
``outbox_events`` and ``processed_events`` tables every service has). Test
modules add their own small probe tables to it through ``probe_tables``.
"""

import time

import pytest
from kombu import Connection, Queue
from sqlalchemy.orm import sessionmaker

from reelhouse.shared.db import DatabaseAccess, make_engine
from reelhouse.shared.events import EnvelopePublisher

MESSAGING_TABLES = {"outbox_events", "processed_events", "idempotency_keys"}  # the service already has them


@pytest.fixture
def asset_db_url(database_url_for):
    return database_url_for("services/asset")


@pytest.fixture
def probe_tables(asset_db_url):
    """``probe_tables(Base)`` creates Base's non-messaging tables; dropped after the test."""
    engine = make_engine(asset_db_url)
    created = []

    def create(base):
        tables = [t for name, t in base.metadata.tables.items() if name not in MESSAGING_TABLES]
        base.metadata.create_all(engine, tables=tables)
        created.append((base.metadata, tables))

    yield create
    for metadata, tables in created:
        metadata.drop_all(engine, tables=tables)
    engine.dispose()


@pytest.fixture
def db_access(asset_db_url):
    """``db_access(base, publisher=None, consumer=None)``: a DatabaseAccess outside nameko."""
    engines = []

    def make(base, publisher=None, consumer=None, request_id=None, actor=None):
        engine = make_engine(asset_db_url)
        engines.append(engine)
        return DatabaseAccess(sessionmaker(engine, expire_on_commit=False), base.metadata, publisher,
                              request_id=request_id, actor=actor, consumer=consumer)

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def event_publisher(rabbit_config):
    """``event_publisher(service_name)``: publishes envelopes on ``<service_name>.events``."""
    return lambda service_name: EnvelopePublisher(rabbit_config["AMQP_URI"], service_name, rabbit_config)


class Broker:
    """Direct kombu access to the test vhost, to look inside queues."""

    def __init__(self, connection):
        self.connection = connection
        self.channel = connection.channel()

    def declare(self, queue):
        return queue(self.channel).declare()

    def bind(self, name, exchange, routing_key):
        """A durable queue bound to ``exchange`` (declared here if missing)."""
        queue = Queue(name, exchange=exchange, routing_key=routing_key, durable=True)
        queue(self.channel).declare()
        return queue

    def depth(self, name):
        """Ready messages in an existing queue (passive declare: never creates it)."""
        _name, count, _consumers = self.channel.queue_declare(queue=name, passive=True)
        return count

    def get(self, name):
        """Take one message (kombu Message: .payload, .headers) off a queue, or None when empty."""
        return Queue(name)(self.channel).get(no_ack=True)

    def wait_for_message(self, name, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.get(name)
            if message is not None:
                return message
            time.sleep(0.02)
        raise AssertionError(f"no message arrived on {name} within {timeout} s")


@pytest.fixture
def broker(rabbit_config):
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        yield Broker(connection)


def wait_until(predicate, timeout=10, interval=0.02, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout} s")


@pytest.fixture
def poll():
    """``poll(predicate, timeout=10)``: wait until predicate() is true, or fail."""
    return wait_until
