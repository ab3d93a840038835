"""The whole suite on the real broker and real PostgreSQL, driven over HTTP.

``suite`` starts the gateway and every service in this process (one nameko
runner, each service with its own migrated database), like ``make run``
does with separate processes.
"""

import time

import pytest
import requests

from reelhouse.asset.service import AssetService
from reelhouse.billing.service import BillingService
from reelhouse.gateway.service import GatewayService
from reelhouse.identity.service import IdentityService
from reelhouse.importer.service import ImporterService
from reelhouse.production_tracking.service import ProductionTrackingService
from reelhouse.shared.mail import read_mailbox
from reelhouse.workspace.service import WorkspaceService

SERVICES = {
    IdentityService: "services/identity",
    WorkspaceService: "services/workspace",
    AssetService: "services/asset",
    ProductionTrackingService: "services/production_tracking",
    BillingService: "services/billing",
    ImporterService: "services/import",
}


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

    def get(self, path, token=None, **kwargs):
        return self.http.get(self.url(path), headers=auth(token), **kwargs)

    def post(self, path, json=None, token=None, **kwargs):
        return self.http.post(self.url(path), json=json, headers=auth(token), **kwargs)

    def put(self, path, json=None, token=None, **kwargs):
        return self.http.put(self.url(path), json=json, headers=auth(token), **kwargs)

    def delete(self, path, token=None, **kwargs):
        return self.http.delete(self.url(path), headers=auth(token), **kwargs)

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


def auth(token):
    return {"Authorization": f"Bearer {token}"} if token else {}


def eventually(check, timeout=10.0, interval=0.05):
    """Poll ``check`` until it returns a truthy value (sagas finish asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


@pytest.fixture
def suite_configs(rabbit_config, web_config, database_url_for, mailbox, fast_retries):
    common = dict(rabbit_config, MAILBOX_DIR=str(mailbox), RPC_TIMEOUT_SECONDS=5, **fast_retries)
    configs = {cls: dict(common, DATABASE_URL=database_url_for(folder)) for cls, folder in SERVICES.items()}
    configs[GatewayService] = dict(common, **web_config, HEALTH_TIMEOUT_SECONDS=2)
    return configs


@pytest.fixture
def suite(container_factory, suite_configs, web_config_port, mailbox):
    containers = {}
    for cls, config in suite_configs.items():
        containers[cls] = container_factory(cls, config)
        containers[cls].start()
    return Suite(f"http://127.0.0.1:{web_config_port}", mailbox, suite_configs, container_factory, containers)
