"""The whole suite on the real broker and real PostgreSQL, driven over HTTP.

``suite`` starts the gateway and every service in this process (one nameko
runner, each service with its own migrated database), like ``make run``
does with separate processes.
"""


import pytest
import requests

from reelhouse.asset.service import AssetMediaWorker, AssetService
from reelhouse.billing.service import BillingService
from reelhouse.gateway.service import GatewayService
from reelhouse.identity.cli import main as identity_cli
from reelhouse.identity.service import IdentityService
from reelhouse.importer.service import ImporterService
from reelhouse.production_tracking.service import ProductionTrackingService
from reelhouse.shared import s3testing, stripetesting
from reelhouse.shared.mail import read_mailbox
from reelhouse.shared.testing import eventually  # noqa: F401  (the e2e tests import it from here)
from reelhouse.workspace.service import WorkspaceService

SERVICES = {
    IdentityService: "services/identity",
    WorkspaceService: "services/workspace",
    AssetService: "services/asset",
    AssetMediaWorker: "services/asset",
    ProductionTrackingService: "services/production_tracking",
    BillingService: "services/billing",
    ImporterService: "services/import",
}

# A real local S3 endpoint (moto server) for the asset service; a bucket per test.
s3_server = s3testing.s3_server
s3_settings = s3testing.s3_settings
# Billing speaks to a local Stripe fake through the real SDK; webhooks are signed as Stripe signs them.
stripe_fake = stripetesting.stripe_fake
stripe_settings = stripetesting.stripe_settings


class Suite:
    def __init__(self, base_url, mailbox, configs, container_factory, containers):
        self.containers = containers
        self.base_url = base_url
        self.mailbox = mailbox
        self.configs = configs
        self.container_factory = container_factory
        self.http = requests.Session()

    def url(self, path):
        return self.base_url + path

    def get(self, path, token=None, headers=None, **kwargs):
        return self.http.get(self.url(path), headers=auth(token, headers), **kwargs)

    def post(self, path, json=None, token=None, headers=None, **kwargs):
        return self.http.post(self.url(path), json=json, headers=auth(token, headers), **kwargs)

    def put(self, path, json=None, token=None, headers=None, **kwargs):
        return self.http.put(self.url(path), json=json, headers=auth(token, headers), **kwargs)

    def delete(self, path, token=None, headers=None, **kwargs):
        return self.http.delete(self.url(path), headers=auth(token, headers), **kwargs)

    def create_admin(self, email, password, *options):
        """The operator's create-admin command against this suite's identity database and broker."""
        identity = self.configs[IdentityService]
        return identity_cli(["create-admin", "--email", email, "--password", password, *options],
                            database_url=identity["DATABASE_URL"], amqp_uri=identity["AMQP_URI"])

    def mail_token(self, to, kind):
        for message in reversed(read_mailbox(self.mailbox)):
            if message["to"] == to and message["kind"] == kind:
                return message["data"]["token"]
        raise AssertionError(f"no {kind} mail to {to}")

    def register_and_login(self, email, password="correct horse battery", **extra):
        data = {"first_name": "Ada", "last_name": "Lovelace", "email": email, "password": password,
                "is_business": False, **extra}
        registered = self.post("/v1/register", json={"data": data})
        assert registered.status_code == 201, registered.text
        assert self.post("/v1/activate", json={"data": {"token": self.mail_token(email, "activation")}}).ok
        login = self.post("/v1/auth/login", json={"data": {"email": email, "password": password}})
        assert login.status_code == 200, login.text
        return registered.json(), login.json()["data"]


def auth(token, headers=None):
    return {**(headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}


@pytest.fixture
def studio_admin(suite):
    """The first admin of a fresh installation, made by the create-admin command.

    Their "Studio" workspace arrives through the registration saga once the
    identity service's sweeper publishes the command's outbox event.
    """
    credentials = {"email": "admin@studio.example", "password": "kitsu-admin-1"}
    assert suite.create_admin(credentials["email"], credentials["password"]) == 0
    return credentials


@pytest.fixture
def kitsu(suite):
    """gazu 1.3.1 logged in as the studio's first admin (``gazu_studio.admin_client``)."""
    from .gazu_studio import admin_client  # gazu_studio imports this module

    return admin_client(suite)


@pytest.fixture
def k(kitsu):
    """gazu's keyword for the admin's client: ``gazu.project.all_projects(**k)``."""
    return {"client": kitsu}


@pytest.fixture
def suite_configs(rabbit_config, web_config, database_url_for, mailbox, fast_retries, s3_settings,
                  stripe_settings):
    common = dict(rabbit_config, MAILBOX_DIR=str(mailbox), RPC_TIMEOUT_SECONDS=5, **fast_retries)
    configs = {cls: dict(common, DATABASE_URL=database_url_for(folder)) for cls, folder in SERVICES.items()}
    for cls in (AssetService, AssetMediaWorker):
        configs[cls].update(s3_settings)
    configs[BillingService].update(stripe_settings)
    configs[GatewayService] = dict(common, **web_config, HEALTH_TIMEOUT_SECONDS=2)
    return configs


@pytest.fixture
def suite(container_factory, suite_configs, web_config_port, mailbox):
    containers = {}
    for cls, config in suite_configs.items():
        containers[cls] = container_factory(cls, config)
        containers[cls].start()
    return Suite(f"http://127.0.0.1:{web_config_port}", mailbox, suite_configs, container_factory, containers)
