#!/usr/bin/env python3
"""Run the whole Reelhouse suite on this machine (`make run`).

1. Migrate one SQLite database per service under var/.
2. Start a local S3 endpoint (moto) unless S3_ENDPOINT_URL points at one.
3. Start the six nameko services and the gateway as child processes,
   each logging to var/log/<name>.log.
4. Wait for the gateway's /health, print where everything is.
5. Supervise: Ctrl-C / SIGTERM stops every child and exits 0; a child that
   dies on its own stops the suite and exits 1.

Standard library only, so it runs with any python3; the children use .venv.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import urllib.error
import urllib.request

from processes import ROOT, SERVICES, Child, log_tail, migrate, nameko_command, start, stop_all, venv_tool

VAR = ROOT / "var"
LOG_DIR = VAR / "log"
MAILBOX = VAR / "mailbox"

STARTUP_TIMEOUT_S = 60


class Stop(Exception):
    """Raised from the signal handler to leave the supervision loop."""


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def sqlite_url(folder: str) -> str:
    # Absolute path: each child's cwd is the repo root, but an absolute URL
    # keeps working whatever the child does with its cwd.
    return f"sqlite:///{VAR / (folder + '.db')}"


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("GATEWAY_PORT", "8000")
    env["MAILBOX_DIR"] = str(MAILBOX)
    env["PYTHONUNBUFFERED"] = "1"  # logs reach var/log/ as they happen
    return env


def migrate_all(env: dict[str, str]) -> None:
    """Run every service's Alembic migrations; stop at the first failure."""
    for folder in SERVICES:
        say(f"migrating {folder}")
        try:
            migrate(folder, sqlite_url(folder), env)
        except RuntimeError as error:
            sys.stderr.write(f"{error}\n")
            raise SystemExit(f"[run] migrations failed for {folder}") from None


def launch(name: str, command: list[str], env: dict[str, str]) -> Child:
    child = start(name, command, env, LOG_DIR)
    say(f"started {name} (pid {child.process.pid}), log: {child.log_path.relative_to(ROOT)}")
    return child


def start_local_s3(env: dict[str, str]) -> Child | None:
    """A moto server as the S3 endpoint, unless one is configured already."""
    if env.get("S3_ENDPOINT_URL"):
        return None
    port = env.get("LOCAL_S3_PORT", "9000")
    env["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    # moto accepts any credentials, but boto3 refuses to sign without some.
    env.setdefault("AWS_ACCESS_KEY_ID", "reelhouse-local")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "reelhouse-local")
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return launch("s3", [venv_tool("moto_server"), "-H", "127.0.0.1", "-p", port], env)


def start_all(env: dict[str, str], children: list[Child]) -> None:
    """Start everything, appending to `children` as we go so that a Ctrl-C
    half-way through still stops whatever had started."""
    s3 = start_local_s3(env)
    if s3:
        children.append(s3)
    for folder, package in SERVICES.items():
        command = nameko_command(f"services/{folder}/config.yaml", f"reelhouse.{package}.service")
        children.append(launch(folder, command, {**env, "DATABASE_URL": sqlite_url(folder)}))
    gateway = nameko_command("gateway/config.yaml", "reelhouse.gateway.service")
    children.append(launch("gateway", gateway, env))


def first_dead(children: list[Child]) -> Child | None:
    return next((child for child in children if child.process.poll() is not None), None)


def report_death(child: Child) -> None:
    say(f"{child.name} exited with code {child.process.returncode}; last lines of {child.log_path}:")
    print(log_tail(child.log_path), file=sys.stderr, flush=True)


def gateway_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_healthy(children: list[Child], health_url: str) -> bool:
    """Poll /health until it answers 200, a child dies, or time runs out."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        dead = first_dead(children)
        if dead:
            report_death(dead)
            return False
        if gateway_healthy(health_url):
            return True
        time.sleep(0.5)
    say(f"{health_url} did not answer 200 within {STARTUP_TIMEOUT_S}s; log tails follow")
    for child in children:
        print(f"--- {child.log_path.relative_to(ROOT)}\n{log_tail(child.log_path, 10)}", file=sys.stderr)
    return False


def print_banner(port: str) -> None:
    base = f"http://127.0.0.1:{port}"
    print(
        "\nReelhouse is running.\n"
        f"  Candidio API : {base}/v1\n"
        f"  Zou API      : {base}/api\n"
        f"  API docs     : {base}/docs  (OpenAPI: {base}/v1/openapi.json, {base}/api/openapi.json)\n"
        f"  Health       : {base}/health\n"
        f"  Mailbox      : {MAILBOX}  (activation and OTP mails land here)\n"
        f"  Logs         : {LOG_DIR}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )


def raise_stop(_signum, _frame):
    # Ignore further signals first: a second Ctrl-C (or a signal forwarded
    # twice) during shutdown must not abort stop_all() and orphan children.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stop


def main() -> int:
    for folder in (VAR, LOG_DIR, MAILBOX):
        folder.mkdir(parents=True, exist_ok=True)
    env = base_env()
    migrate_all(env)

    signal.signal(signal.SIGINT, raise_stop)
    signal.signal(signal.SIGTERM, raise_stop)
    children: list[Child] = []
    try:
        start_all(env, children)
        port = env["GATEWAY_PORT"]
        if not wait_until_healthy(children, f"http://127.0.0.1:{port}/health"):
            return 1
        print_banner(port)
        while True:
            dead = first_dead(children)
            if dead:
                report_death(dead)
                return 1
            time.sleep(1)
    except Stop:
        say("stopping")
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all(children, say)
        say("all stopped")


if __name__ == "__main__":
    sys.exit(main())
