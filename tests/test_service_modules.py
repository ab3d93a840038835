"""`nameko run <module>` starts every class with entrypoints in the module: each
service module must hold exactly its own service class."""

import importlib
import inspect
import subprocess
import sys

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

MODULES = {
    "reelhouse.identity.service": "IdentityService",
    "reelhouse.workspace.service": "WorkspaceService",
    # AssetMediaWorker: ffmpeg jobs in a container (worker pool) of their own, started with it.
    "reelhouse.asset.service": "AssetService, AssetMediaWorker",
    "reelhouse.production_tracking.service": "ProductionTrackingService",
    "reelhouse.billing.service": "BillingService",
    "reelhouse.importer.service": "ImporterService",
    "reelhouse.gateway.service": "GatewayService",
}


def has_entrypoints(cls):
    return any(getattr(member, ENTRYPOINT_EXTENSIONS_ATTR, None) for _, member in inspect.getmembers(cls))


@pytest.mark.parametrize("module_name", MODULES)
def test_module_exposes_only_its_service_class(module_name):
    module = importlib.import_module(module_name)
    found = [name for name, value in vars(module).items() if inspect.isclass(value) and has_entrypoints(value)]
    assert found == MODULES[module_name].split(", ")


@pytest.mark.parametrize("module_name", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module_name):
    """As `nameko run` imports it: first, alone (an import cycle hidden by the
    order in which tests import modules shows up here)."""
    done = subprocess.run([sys.executable, "-c", f"import {module_name}"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
