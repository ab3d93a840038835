"""The Reelhouse suite as separate OS processes, for benchmarks.

Like ``make run`` (scripts/run_suite.py) but production-shaped: every service
gets its own fresh PostgreSQL database instead of a SQLite file, and the whole
suite talks over a dedicated RabbitMQ vhost, so a benchmark neither sees nor
leaves behind anything of other runs (the vhost takes every queue with it,
including the reply queues that linger for minutes after a client leaves).

Everything here talks to 127.0.0.1 only.
"""

from __future__ import annotations

import math
import os
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg2
import requests

from reelhouse.shared import ids
from reelhouse.shared.mail import read_mailbox

# The process helpers `make run` uses (scripts/ is not a package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from processes import ROOT, Child, log_tail, migrate, nameko_command, start, stop_all  # noqa: E402

LOG_DIR = ROOT / "var" / "bench" / "logs"

# services/<folder> -> what `nameko run` starts ("import" is a keyword, so its
# package is reelhouse.importer). The class is named explicitly: given a bare
# module, nameko starts every class with entrypoints in its namespace, so an
# imported mixin would be started too (or refused) and the bench would not be
# measuring the service it thinks it is.
SERVICES = {
    "identity": "reelhouse.identity.service:IdentityService",
    "workspace": "reelhouse.workspace.service:WorkspaceService",
    "asset": "reelhouse.asset.service:AssetService",
    "production_tracking": "reelhouse.production_tracking.service:ProductionTrackingService",
    "billing": "reelhouse.billing.service:BillingService",
    "import": "reelhouse.importer.service:ImporterService",
}
GATEWAY = "reelhouse.gateway.service:GatewayService"

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/{database}"
RABBIT_MGMT = "http://127.0.0.1:15672/api"
RABBIT_AUTH = ("guest", "guest")
# One name per run: engineers share this machine, and two benches on one vhost
# and one set of databases dropped each other's state mid-run (seen 2026-12-06).
RUN_ID = os.environ.get("BENCH_RUN_ID") or str(os.getpid())
VHOST = f"reelhouse-bench-{RUN_ID}"


def bench_database(folder: str) -> str:
    return f"bench_{RUN_ID}_{folder}"

STARTUP_TIMEOUT_S = 90
MAIL_TIMEOUT_S = 15
WORKSPACE_TIMEOUT_S = 15
POLL_INTERVAL_S = 0.1  # only used while setting up, never inside a timed loop


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values: a value that was actually observed."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(1, math.ceil(p / 100 * len(sorted_values))) - 1]


def stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt  # so a bench's ``finally`` stops the children it started


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


@dataclass
class Suite:
    """What a running suite offers a benchmark, and what stop_suite must undo."""

    amqp_uri: str = ""
    vhost: str | None = None
    databases: list[str] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    scratch: Path | None = None  # temp dir holding the mailbox
    mailbox: Path | None = None
    gateway_port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def pids(self) -> dict[str, int]:
        return {child.name: child.process.pid for child in self.children}


@dataclass
class BenchUser:
    email: str
    user_id: str  # canonical UUID, as services see it
    workspace_id: str  # canonical UUID
    workspace_ref: str  # /v1 form, wrk_...
    access_token: str


# --- infrastructure -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_vhost(name: str) -> bool:
    """A fresh vhost with full rights for guest; False if the management API is not there."""
    url = f"{RABBIT_MGMT}/vhosts/{quote(name, safe='')}"
    try:
        requests.delete(url, auth=RABBIT_AUTH, timeout=10)  # leftovers of an interrupted run
        requests.put(url, auth=RABBIT_AUTH, timeout=10).raise_for_status()
        permissions = f"{RABBIT_MGMT}/permissions/{quote(name, safe='')}/guest"
        requests.put(permissions, json={"configure": ".*", "write": ".*", "read": ".*"},
                     auth=RABBIT_AUTH, timeout=10).raise_for_status()
        return True
    except requests.RequestException as error:
        say(f"management API unavailable ({error}); using the default vhost")
        return False


def delete_vhost(name: str) -> None:
    try:
        requests.delete(f"{RABBIT_MGMT}/vhosts/{quote(name, safe='')}", auth=RABBIT_AUTH, timeout=10)
    except requests.RequestException as error:
        say(f"could not delete vhost {name}: {error}")


def admin_connection():
    connection = psycopg2.connect(PG_ADMIN_DSN, connect_timeout=5)
    connection.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
    return connection


def recreate_database(name: str) -> None:
    connection = admin_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def drop_database(name: str) -> None:
    try:
        connection = admin_connection()
    except psycopg2.Error as error:
        say(f"could not drop {name}: {error}")
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def wait_until_healthy(suite: Suite) -> None:
    """Poll /health until 200; fail fast if a child dies."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        for child in suite.children:
            if child.process.poll() is not None:
                raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n"
                                   f"{log_tail(child.log_path)}")
        try:
            if requests.get(f"{suite.base_url}/health", timeout=3).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    tails = "\n".join(f"--- {c.name}\n{log_tail(c.log_path, 8)}" for c in suite.children)
    raise RuntimeError(f"/health did not answer 200 within {STARTUP_TIMEOUT_S} s\n{tails}")


def start_suite(suite: Suite) -> None:
    """Fill ``suite`` as it goes, so stop_suite() can undo a half-started suite."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    suite.scratch = Path(tempfile.mkdtemp(prefix="reelhouse-bench-"))
    suite.mailbox = suite.scratch / "mailbox"
    if create_vhost(VHOST):
        suite.vhost = VHOST
        suite.amqp_uri = f"amqp://guest:guest@127.0.0.1:5672/{quote(VHOST, safe='')}"
    else:
        suite.amqp_uri = "amqp://guest:guest@127.0.0.1:5672/"
    suite.gateway_port = free_port()

    env = {
        **os.environ,
        "AMQP_URI": suite.amqp_uri,
        "MAILBOX_DIR": str(suite.mailbox),
        "PYTHONUNBUFFERED": "1",
    }
    for folder in SERVICES:
        database = bench_database(folder)
        say(f"database {database}: create + migrate")
        recreate_database(database)
        suite.databases.append(database)
        migrate(folder, PG_URL.format(database=database), env)

    for folder, service in SERVICES.items():
        service_env = {**env, "DATABASE_URL": PG_URL.format(database=bench_database(folder))}
        command = nameko_command(f"services/{folder}/config.yaml", service)
        suite.children.append(start(folder, command, service_env, LOG_DIR))
    gateway_env = {**env, "GATEWAY_ADDRESS": "127.0.0.1", "GATEWAY_PORT": str(suite.gateway_port)}
    suite.children.append(start("gateway", nameko_command("gateway/config.yaml", GATEWAY),
                                gateway_env, LOG_DIR))
    say(f"started {len(suite.children)} processes (logs in {LOG_DIR.relative_to(ROOT)}/); waiting for /health")
    wait_until_healthy(suite)
    say(f"suite healthy at {suite.base_url} (vhost {suite.vhost or '/'})")


def stop_suite(suite: Suite) -> None:
    """SIGTERM every child (nameko drains its workers), SIGKILL what lingers, drop state."""
    stop_all(suite.children, say)
    for database in suite.databases:
        drop_database(database)
    if suite.vhost:
        delete_vhost(suite.vhost)
    if suite.scratch:
        shutil.rmtree(suite.scratch, ignore_errors=True)
    say("suite stopped, bench databases dropped")


# --- a user to measure with ------------------------------------------------------

def poll(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(POLL_INTERVAL_S)
    raise RuntimeError(f"{what} not within {timeout} s")


def activation_token(mailbox: Path, email: str) -> str | None:
    for message in reversed(read_mailbox(mailbox)):
        if message["to"] == email and message["kind"] == "activation":
            return message["data"]["token"]
    return None


def register_user(suite: Suite) -> BenchUser:
    """Register, activate and log in through HTTP, as a client would, and wait
    for the workspace that the registration saga creates asynchronously."""
    http = requests.Session()
    base = suite.base_url
    email = f"bench-{int(time.time())}@example.com"
    password = "correct horse battery staple"
    registered = http.post(f"{base}/v1/register", json={"data": {
        "first_name": "Bench", "last_name": "Mark", "email": email, "password": password, "is_business": False,
    }}, timeout=10)
    if registered.status_code != 201:
        raise RuntimeError(f"register: {registered.status_code} {registered.text}")
    workspace_ref = registered.json()["meta"]["workspace_id"]

    token = poll(lambda: activation_token(suite.mailbox, email), MAIL_TIMEOUT_S, "activation mail")
    activated = http.post(f"{base}/v1/activate", json={"data": {"token": token}}, timeout=10)
    if not activated.ok:
        raise RuntimeError(f"activate: {activated.status_code} {activated.text}")
    login = http.post(f"{base}/v1/auth/login", json={"data": {"email": email, "password": password}}, timeout=10)
    if login.status_code != 200:
        raise RuntimeError(f"login: {login.status_code} {login.text}")
    data = login.json()["data"]
    headers = {"Authorization": f"Bearer {data['access_token']}"}

    def workspace_listed():
        listed = http.get(f"{base}/v1/workspaces", headers=headers, timeout=10)
        return listed.ok and any(item["id"] == workspace_ref for item in listed.json()["data"])

    poll(workspace_listed, WORKSPACE_TIMEOUT_S, "the user's workspace")
    return BenchUser(
        email=email,
        user_id=ids.from_prefixed("usr", data["user"]["id"]),
        workspace_id=ids.from_prefixed("wrk", workspace_ref),
        workspace_ref=workspace_ref,
        access_token=data["access_token"],
    )
