"""pytest fixtures for service tests against real PostgreSQL and RabbitMQ.

Loaded from the root ``conftest.py``. nameko's own plugin supplies
``rabbit_config`` (a fresh RabbitMQ vhost per test, via the management API),
``container_factory`` and ``runner_factory``.
"""

import os
import time
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.testing.services import entrypoint_hook
from sqlalchemy import create_engine, text

from .context import Caller
from .migrations import upgrade

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def create_database(name):
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(name):
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def truncate_all(url):
    """Empty every table but alembic_version. A test leaves a few rows behind:
    DELETE with foreign-key triggers off (the tests' PostgreSQL role is a
    superuser) takes milliseconds where TRUNCATE, which makes new files for
    every table and index, took ~0.1 s per database."""
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in tables:
            connection.execute(text(f'DELETE FROM "{table}"'))
    engine.dispose()


class MigratedDatabases:
    """One migrated PostgreSQL database per service directory, made once per run."""

    def __init__(self):
        self.run_id = uuid.uuid4().hex[:8]
        self.urls = {}

    def url_for(self, service_dir):
        if service_dir not in self.urls:
            name = f"rh_test_{os.path.basename(os.path.normpath(service_dir))}_{self.run_id}"
            url = create_database(name)
            upgrade(service_dir, url)
            self.urls[service_dir] = (name, url)
        return self.urls[service_dir][1]

    def drop_all(self):
        for name, _url in self.urls.values():
            drop_database(name)


@pytest.fixture(scope="session")
def migrated_databases():
    databases = MigratedDatabases()
    yield databases
    databases.drop_all()


@pytest.fixture
def database_url_for(migrated_databases):
    """``database_url_for("services/identity")`` -> an empty, migrated database."""
    used = []

    def get(service_dir):
        url = migrated_databases.url_for(service_dir)
        truncate_all(url)
        used.append(url)
        return url

    return get


@pytest.fixture
def fast_retries():
    """Event retry delays short enough for a test to watch a dead-letter happen."""
    return {"EVENT_RETRY_DELAYS_MS": [50, 100]}


@pytest.fixture
def web_session(web_config_port):
    """nameko's own fixture imports werkzeug's removed ``url_join``; this one doesn't."""
    from urllib.parse import urljoin

    from requests import Session

    base = f"http://127.0.0.1:{web_config_port}/"

    class WebSession(Session):
        def request(self, method, url, *args, **kwargs):
            return Session.request(self, method, urljoin(base, url.lstrip("/")), *args, **kwargs)

    with WebSession() as session:
        session.base_url = base.rstrip("/")
        yield session


@pytest.fixture
def mailbox(tmp_path):
    """A fresh mailbox folder; read it with ``reelhouse.shared.mail.read_mailbox``."""
    folder = tmp_path / "mailbox"
    folder.mkdir()
    return folder


def eventually(check, timeout=10.0, interval=0.05):
    """Poll ``check`` until it returns a truthy value, and return it (sagas and
    event handlers finish asynchronously); fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


# -- one service under test ---------------------------------------------------------
# A service's conftest defines ``container`` (its started container); these
# fixtures then work the same way in every service's tests.

def make_caller(role: str = "user") -> Caller:
    """A caller with a fresh user id, as the gateway would send it."""
    return Caller(user_id=str(uuid.uuid4()), role=role)


@pytest.fixture
def call(container):
    """``call("get_workspace", id, caller=alice)``: one entrypoint of ``container``, run as ``caller``."""

    def run(method, *args, caller=None, **kwargs):
        context_data = {"caller": caller.to_header()} if caller else {}
        with entrypoint_hook(container, method, context_data=context_data) as hook:
            return hook(*args, **kwargs)

    return run


@pytest.fixture
def alice():
    return make_caller()


@pytest.fixture
def bob():
    return make_caller()


@pytest.fixture
def event_tap(rabbit_config):
    """``event_tap("workspace")``: a queue bound to every event of that service;
    ``drain()`` returns the envelopes published since, ``types()`` their types."""
    connection = Connection(rabbit_config["AMQP_URI"])

    def tap(service_name):
        queue = Queue(f"test-tap-{uuid.uuid4().hex}", Exchange(f"{service_name}.events", type="topic", durable=True),
                      routing_key="#", auto_delete=False)
        queue(connection.channel()).declare()
        return _Tap(connection, queue)

    yield tap
    connection.release()


class _Tap:
    def __init__(self, connection, queue):
        self.connection, self.queue = connection, queue

    def drain(self):
        envelopes = []
        bound = self.queue(self.connection.default_channel)
        while (message := bound.get(no_ack=True)) is not None:
            envelopes.append(message.payload)
        return envelopes

    def types(self):
        return [envelope["type"] for envelope in self.drain()]
