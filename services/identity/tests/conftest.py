"""Fixtures for identity tests: a migrated PostgreSQL database, a DatabaseAccess
for unit tests of the plain functions, and a running service container."""

import pytest
from nameko.testing.services import entrypoint_hook
from sqlalchemy.orm import sessionmaker

from reelhouse.identity import persons
from reelhouse.identity.models import Base
from reelhouse.identity.service import IdentityService
from reelhouse.shared.context import ANONYMOUS, SYSTEM, Caller
from reelhouse.shared.db import DatabaseAccess, make_engine

SERVICE_DIR = "services/identity"
PASSWORD = "correct horse battery"


class RecordingPublisher:
    """Stands in for the broker in unit tests: keeps what would be published."""

    def __init__(self):
        self.published = []

    def publish(self, envelope):
        self.published.append(envelope)

    def of_type(self, event_type):
        return [e["data"] for e in self.published if e["type"] == event_type]


@pytest.fixture
def database_url(database_url_for):
    return database_url_for(SERVICE_DIR)


@pytest.fixture
def publisher():
    return RecordingPublisher()


@pytest.fixture
def db(database_url, publisher):
    engine = make_engine(database_url)
    yield DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, publisher,
                         consumer="identity.test")
    engine.dispose()


@pytest.fixture
def make_person(db):
    """Create a confirmed person (admin-style) and return its user record."""

    def make(email="ada@example.com", role="user", password=PASSWORD, **fields):
        data = {"email": email, "first_name": fields.pop("first_name", "Ada"), "last_name": "Lovelace",
                "password": password, "role": role, **fields}
        with db.transaction() as tx:
            return persons.create_person(tx, SYSTEM, data)

    return make


@pytest.fixture
def caller_for():
    """``caller_for(user_record, session_id)`` -> the Caller the gateway would send."""

    def make(user, session_id=None):
        return Caller(user_id=user["id"], role=user["role"], session_id=session_id)

    return make


@pytest.fixture
def config(rabbit_config, database_url, mailbox):
    return dict(rabbit_config, DATABASE_URL=database_url, MAILBOX_DIR=str(mailbox))


@pytest.fixture
def identity(container_factory, config):
    container = container_factory(IdentityService, config)
    container.start()
    return container


@pytest.fixture
def call(identity):
    """``call("login", payload, caller=...)``: one RPC entrypoint, with a caller in context."""

    def run(method, *args, caller=ANONYMOUS, **kwargs):
        context = {"caller": caller.to_header(), "request_id": "test-request"}
        with entrypoint_hook(identity, method, context_data=context) as hook:
            return hook(*args, **kwargs)

    return run
