"""Fixtures for billing service tests: a running container on a fresh vhost and
migrated PostgreSQL database, workspace owners made through the membership
projection's own events, and (``stripe_settings``) the local Stripe fake."""

import uuid

import pytest
from sqlalchemy import create_engine

from reelhouse.billing.service import BillingService
from reelhouse.shared import stripetesting
from reelhouse.shared.events import make_envelope
from reelhouse.shared.testing import make_caller

SERVICE_DIR = "services/billing"

# The local Stripe fake, made visible to this directory's tests.
stripe_fake = stripetesting.stripe_fake
stripe_settings = stripetesting.stripe_settings


@pytest.fixture
def database_url(database_url_for):
    return database_url_for(SERVICE_DIR)


@pytest.fixture
def provider_settings():
    """The local ledger provider; Stripe tests override this with ``stripe_settings``."""
    return {"PAYMENT_PROVIDER": "ledger"}


@pytest.fixture
def config(rabbit_config, database_url, fast_retries, provider_settings):
    return dict(rabbit_config, DATABASE_URL=database_url, **fast_retries, **provider_settings)


@pytest.fixture
def container(container_factory, config):
    container = container_factory(BillingService, config)
    container.start()
    return container


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def admin():
    return make_caller("admin")


@pytest.fixture
def join(call):
    """Make ``user`` a member of ``workspace_id``, as the workspace service's event would."""

    def run(workspace_id, user, role="owner"):
        call("on_member_added", make_envelope("member_added", {"workspace_id": workspace_id,
                                                               "user_id": user.user_id, "role": role}))

    return run


@pytest.fixture
def workspace_id(join, alice):
    """A workspace alice owns."""
    workspace = str(uuid.uuid4())
    join(workspace, alice)
    return workspace


@pytest.fixture
def with_card(call, alice, workspace_id):
    """Give alice's workspace a card (Stripe's test Visa unless told)."""

    def run(payment_method="pm_card_visa", **extra):
        return call("add_card", workspace_id, {"payment_method": payment_method, **extra}, caller=alice)

    return run
