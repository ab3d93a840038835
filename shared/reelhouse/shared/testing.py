"""pytest fixtures for service tests against real PostgreSQL and RabbitMQ.

Loaded from the root ``conftest.py``. nameko's own plugin supplies
``rabbit_config`` (a fresh RabbitMQ vhost per test, via the management API),
``container_factory`` and ``runner_factory``.
"""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

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
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        if tables:
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
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
