#!/usr/bin/env python3
"""Reelhouse benchmarks (`make bench`): what one request costs, bare and through the gateway.

1. Start the whole suite as separate processes (bench/suite.py): a fresh
   PostgreSQL database per service, a dedicated RabbitMQ vhost, the gateway
   on a free port.
2. Register, activate and log in a user through HTTP; wait for its workspace.
3. Measure, sequentially, with one client each:
     - bare nameko RPC: workspace.get_workspace and workspace.health through
       one reused ClusterRpcProxy (the floor any HTTP route stands on);
     - the gateway: GET /v1/workspaces/{id} with a keep-alive session, plus two
       routes that stop before any RPC (an unknown route; a malformed id behind
       the token check), which split the gateway's own cost into parts.
4. Measure the gateway under 16 concurrent keep-alive connections.
5. Time the gateway's per-request token check in this process (no I/O).
6. Print a table, compare the gateway overhead with the target, and write
   everything to var/bench/results-<date>.json.

Every figure printed is measured in this run; failed requests are counted and
shown, never dropped silently. Usage: run_all.py [--quick]
"""

# ruff: noqa: E402  (the warnings filter below must run before nameko is imported)
from __future__ import annotations

import warnings

# nameko imports eventlet, which warns on import; the warning says nothing about this run.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import argparse
import base64
import datetime as dt
import http.client
import importlib.metadata
import itertools
import json
import math
import os
import platform
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jwt
import requests
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from nameko.standalone.rpc import ClusterRpcProxy
from suite import (
    RABBIT_AUTH,
    RABBIT_MGMT,
    ROOT,
    BenchUser,
    Suite,
    admin_connection,
    percentile,
    register_user,
    say,
    start_suite,
    stop_on_sigterm,
    stop_suite,
)

from reelhouse.shared.context import Caller
from reelhouse.shared.tokens import ALGORITHM, ISSUER, VerifiedTokens, key_id_of, verify_access_token

RESULTS_DIR = ROOT / "var" / "bench"
TARGET_OVERHEAD_MS = 2.0  # gateway p50 minus bare RPC p50, from the design
OUTSIDE_LOAD_WARNING_CORES = 0.25  # CPU used by processes outside the bench


@dataclass(frozen=True)
class Plan:
    """How much to measure. --quick trades precision for a ~1 minute run."""

    sequential: int = 2000
    warmup: int = 200
    floor_routes: int = 1000  # the two no-RPC gateway routes
    concurrency: int = 16
    concurrent_seconds: float = 10.0
    concurrent_requests: int = 4000
    token_checks: int = 2000
    max_seconds_per_run: float = 120.0  # a stuck service must not hang the bench


QUICK = Plan(sequential=300, warmup=50, floor_routes=200, concurrent_seconds=3.0,
             concurrent_requests=1000, token_checks=300)


@dataclass
class Result:
    name: str
    n: int
    errors: int
    wall_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    rate_per_s: float
    note: str = ""
    cpu_cores: dict[str, float] = field(default_factory=dict)  # process -> CPU-seconds per second


# --- statistics -------------------------------------------------------------

def summarise(name, latencies_ns, errors, wall_s, note="") -> Result:
    ms = sorted(value / 1e6 for value in latencies_ns)
    return Result(name=name, n=len(ms), errors=errors, wall_s=round(wall_s, 3),
                  p50_ms=round(percentile(ms, 50), 3), p99_ms=round(percentile(ms, 99), 3),
                  max_ms=round(ms[-1], 3) if ms else math.nan,
                  rate_per_s=round(len(ms) / wall_s, 1) if wall_s else math.nan, note=note)


# --- CPU accounting ------------------------------------------------------------
# Where the time goes: CPU-seconds each process used during a run, divided by
# the run's wall time (1.0 = one core busy). Read from /proc, so Linux only.

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _pids_named(prefix: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith(prefix):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _machine_busy_ticks() -> int:
    """Busy CPU time of the whole machine (every process, ours or not)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]) - idle  # user..steal; guest time is already in user


def cpu_snapshot(suite: Suite) -> dict[str, dict[int, int]]:
    """CPU ticks per process, grouped by the name a report shows."""
    groups = {name: {pid: _proc_ticks(pid)} for name, pid in suite.pids().items()}
    groups["machine"] = {0: _machine_busy_ticks()}
    # Shared servers: every process of theirs; backends come and go (see cpu_cores).
    groups["rabbitmq"] = {pid: _proc_ticks(pid) for pid in _pids_named("beam.smp")}
    groups["postgres"] = {pid: _proc_ticks(pid) for pid in _pids_named("postgres")}
    own = os.times()
    groups["bench client"] = {os.getpid(): round((own.user + own.system) * CLOCK_TICKS)}
    return groups


def outside_load(cores: dict[str, float]) -> float:
    """Cores the machine spent on work that is not this bench's: its busy time
    minus every group of cpu_snapshot (the suite's processes, RabbitMQ,
    PostgreSQL, the client)."""
    ours = sum(v for k, v in cores.items() if k != "machine")
    return round(cores.get("machine", 0) - ours, 2)


def cpu_cores(before, after, wall_s: float) -> dict[str, float]:
    """Cores used per group between two snapshots. A process that started in
    between counts from zero; one that ended in between is lost (never negative)."""
    cores = {}
    for name, pids in after.items():
        earlier = before.get(name, {})
        ticks = sum(now - earlier.get(pid, 0) for pid, now in pids.items())
        cores[name] = round(ticks / CLOCK_TICKS / wall_s, 2)
    return cores


# --- measurement ---------------------------------------------------------------

def measure(name, call, n, warmup, max_seconds, suite, note="") -> Result:
    """Call ``call()`` ``warmup`` times untimed, then ``n`` times timed, one after another.

    ``call`` returns True when the answer is the expected one; anything else
    counts as an error (and is still timed: a fast wrong answer is no result).
    """
    for _ in range(warmup):
        call()
    latencies, errors = [], 0
    before = cpu_snapshot(suite)
    start = time.perf_counter()
    deadline = start + max_seconds
    for _ in range(n):
        t0 = time.perf_counter_ns()
        ok = call()
        latencies.append(time.perf_counter_ns() - t0)
        errors += not ok
        if time.perf_counter() > deadline:
            note = (note + "; " if note else "") + f"stopped after {max_seconds:g} s"
            break
    wall = time.perf_counter() - start
    result = summarise(name, latencies, errors, wall, note)
    result.cpu_cores = cpu_cores(before, cpu_snapshot(suite), wall)
    return result


def measure_concurrent(name, url, headers, expected_status, plan: Plan, suite) -> Result:
    """``plan.concurrency`` threads, each with its own keep-alive session, share a
    request budget and a deadline; throughput is completed requests / wall time."""
    budget = itertools.count()  # next() on a count is atomic under the GIL
    gate = threading.Barrier(plan.concurrency + 1)
    shared = {"deadline": 0.0}
    per_thread = [([], [0]) for _ in range(plan.concurrency)]

    def worker(latencies, errors):
        session = requests.Session()
        session.headers.update(headers)
        session.get(url, timeout=10)  # opens the connection before the clock starts
        gate.wait()
        deadline = shared["deadline"]
        while time.perf_counter() < deadline and next(budget) < plan.concurrent_requests:
            t0 = time.perf_counter_ns()
            try:
                ok = session.get(url, timeout=10).status_code == expected_status
            except requests.RequestException:
                ok = False
            latencies.append(time.perf_counter_ns() - t0)
            errors[0] += not ok
        session.close()

    threads = [threading.Thread(target=worker, args=slot, daemon=True) for slot in per_thread]
    for thread in threads:
        thread.start()
    before = cpu_snapshot(suite)
    start = time.perf_counter()
    shared["deadline"] = start + plan.concurrent_seconds
    gate.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=plan.concurrent_seconds + 30)
    wall = time.perf_counter() - start
    latencies = [value for values, _ in per_thread for value in values]
    errors = sum(count[0] for _, count in per_thread)
    result = summarise(name, latencies, errors, wall,
                       f"{plan.concurrency} connections, ≤{plan.concurrent_seconds:g} s "
                       f"or {plan.concurrent_requests} requests")
    result.cpu_cores = cpu_cores(before, cpu_snapshot(suite), wall)
    return result


def measure_token_check(token, public_pem, n) -> list[dict]:
    """What the gateway's token check costs per request, without I/O.

    The first request with a token reads the key id (key_id_of) and verifies
    it with the parsed key; later ones find its claims in VerifiedTokens (the
    first row). The other rows show what a full check would cost each time."""
    key = load_pem_public_key(public_pem.encode())
    signing_input, _, signature = token.rpartition(".")
    signature_bytes = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    options = {"require": ["exp", "iat", "sub", "sid"]}
    verified = VerifiedTokens()
    verified.put(token, verify_access_token(token, key), time.time())
    cases = {
        "VerifiedTokens lookup (the gateway, every request after the first)": lambda: verified.get(token,
                                                                                                   time.time()),
        "key_id_of (unverified header)": lambda: key_id_of(token),
        "verify_access_token with PEM text": lambda: verify_access_token(token, public_pem),
        "the same with the key parsed once": lambda: jwt.decode(token, key, algorithms=[ALGORITHM],
                                                                issuer=ISSUER, options=options),
        "Ed25519 signature check alone": lambda: key.verify(signature_bytes, signing_input.encode()),
    }
    rows = []
    for label, check in cases.items():
        for _ in range(min(200, n)):
            check()
        start = time.perf_counter_ns()
        for _ in range(n):
            check()
        rows.append({"name": label, "n": n, "mean_us": round((time.perf_counter_ns() - start) / n / 1e3, 1)})
    return rows


# --- the runs -------------------------------------------------------------------

def rpc_runs(suite: Suite, user: BenchUser, plan: Plan) -> tuple[list[Result], str]:
    caller = Caller(user_id=user.user_id, role="user")
    config = {"AMQP_URI": suite.amqp_uri}
    # One proxy for every call: a proxy per call costs a connection and a reply
    # queue each time (NAMEKO-NOTES), which is not what we want to measure.
    with ClusterRpcProxy(config, context_data={"caller": caller.to_header()}, timeout=10) as cluster:
        get_workspace = measure(
            "RPC workspace.get_workspace", lambda: cluster.workspace.get_workspace(user.workspace_id)["id"]
            == user.workspace_id, plan.sequential, plan.warmup, plan.max_seconds_per_run, suite,
            "standalone ClusterRpcProxy, sequential")
        health = measure(
            "RPC workspace.health", lambda: cluster.workspace.health()["status"] == "ok",
            plan.sequential, plan.warmup, plan.max_seconds_per_run, suite, "includes a SELECT 1")
        public_pem = next(k["public_key"] for k in cluster.identity.get_public_keys()["keys"]
                          if k["kid"] == key_id_of(user.access_token))
    return [get_workspace, health], public_pem


def gateway_runs(suite: Suite, user: BenchUser, plan: Plan) -> list[Result]:
    base = suite.base_url
    session = requests.Session()  # keep-alive: we measure requests, not TCP handshakes
    session.headers["Authorization"] = f"Bearer {user.access_token}"
    workspace_url = f"{base}/v1/workspaces/{user.workspace_ref}"

    def get_workspace():
        response = session.get(workspace_url, timeout=10)
        return response.status_code == 200 and response.json()["data"]["id"] == user.workspace_ref

    # The gateway's overhead is measured with the standard library's client:
    # requests adds about 1 ms of its own per call (the 404 rows show it),
    # which is client cost, not something the gateway adds.
    lean = http.client.HTTPConnection("127.0.0.1", suite.gateway_port, timeout=10)
    lean_headers = {"Authorization": f"Bearer {user.access_token}"}
    workspace_path = f"/v1/workspaces/{user.workspace_ref}"

    def get_workspace_lean():
        lean.request("GET", workspace_path, headers=lean_headers)
        response = lean.getresponse()
        body = response.read()
        return response.status == 200 and json.loads(body)["data"]["id"] == user.workspace_ref

    anonymous = requests.Session()
    # The same floor with the standard library's client, which does far less
    # per request than requests: the difference is client cost, not gateway cost.
    raw = http.client.HTTPConnection("127.0.0.1", suite.gateway_port, timeout=10)

    def raw_not_found():
        raw.request("GET", "/v1/bench-no-such-route")
        response = raw.getresponse()
        response.read()
        return response.status == 404

    results = [
        measure("HTTP GET /v1/workspaces/{id}", get_workspace_lean, plan.sequential, plan.warmup,
                plan.max_seconds_per_run, suite, "gateway → RPC → workspace, sequential, http.client"),
        measure("HTTP GET /v1/workspaces/{id} (requests)", get_workspace, plan.sequential, plan.warmup,
                plan.max_seconds_per_run, suite, "the same with requests"),
        measure("HTTP unknown route → 404", lambda: anonymous.get(f"{base}/v1/bench-no-such-route",
                                                                timeout=10).status_code == 404,
                plan.floor_routes, plan.warmup, plan.max_seconds_per_run, suite,
                "gateway floor: no token, no RPC"),
        measure("HTTP unknown route → 404 (http.client)", raw_not_found, plan.floor_routes, plan.warmup,
                plan.max_seconds_per_run, suite, "same, lighter client"),
        measure("HTTP malformed id → 400", lambda: session.get(f"{base}/v1/workspaces/wrk_bad",
                                                             timeout=10).status_code == 400,
                plan.floor_routes, plan.warmup, plan.max_seconds_per_run, suite,
                "token check, then no RPC"),
    ]
    headers = {"Authorization": f"Bearer {user.access_token}"}
    results.append(measure_concurrent("HTTP GET /v1/workspaces/{id} ×16", workspace_url, headers, 200,
                                      plan, suite))
    return results


# --- reporting -------------------------------------------------------------------

def loadavg() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


def machine_info(suite: Suite, load_at_start: list[float]) -> dict:
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    info = {
        "nproc": os.cpu_count(),
        "ram_gib": round(int(meminfo[1]) / 1024 / 1024, 1),
        "debian": Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "",
        "python": platform.python_version(),
        "loadavg_at_start": load_at_start,
        "loadavg_at_end": loadavg(),
        "packages": {name: importlib.metadata.version(name) for name in
                     ("nameko", "eventlet", "kombu", "amqp", "werkzeug", "sqlalchemy", "psycopg2-binary",
                      "pyjwt", "requests")},
    }
    try:
        overview = requests.get(f"{RABBIT_MGMT}/overview", auth=RABBIT_AUTH,
                                timeout=5).json()
        info["rabbitmq"] = overview.get("rabbitmq_version")
    except requests.RequestException:
        info["rabbitmq"] = "unknown"
    connection = admin_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    finally:
        connection.close()
    return info


def report(results: list[Result], token_rows: list[dict], info: dict, plan: Plan, quick: bool) -> dict:
    by_name = {r.name: r for r in results}
    rpc = by_name["RPC workspace.get_workspace"]
    gateway = by_name["HTTP GET /v1/workspaces/{id}"]
    overhead = round(gateway.p50_ms - rpc.p50_ms, 3)

    print()
    print(f"Reelhouse bench — {dt.date.today().isoformat()} — {info['nproc']} CPUs, {info['ram_gib']} GiB, "
          f"Python {info['python']}, RabbitMQ {info['rabbitmq']}, PostgreSQL {info['postgresql']}"
          + ("  [--quick]" if quick else ""))
    print(f"load average at start {info['loadavg_at_start']}, at end {info['loadavg_at_end']}")
    header = f"{'measurement':<40} {'n':>6} {'err':>4} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'per s':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:<40} {r.n:>6} {r.errors:>4} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.max_ms:>8.2f} "
              f"{r.rate_per_s:>8.0f}  {r.note}")
    print()
    verdict = "meets" if overhead <= TARGET_OVERHEAD_MS else "MISSES"
    print(f"gateway overhead (HTTP p50 − RPC p50): {overhead:.2f} ms — {verdict} the target ≤ "
          f"{TARGET_OVERHEAD_MS:g} ms")

    print(f"\nCPU used during each run, in cores (1.0 = one core busy all run; the machine has {info['nproc']}).")
    print("rabbitmq and postgres are whole servers (other clients included); 'not ours' is the machine's")
    print("busy time minus every process listed, i.e. load from outside this bench:")
    names = ["gateway", "workspace", "identity", "rabbitmq", "postgres", "bench client"]
    print(f"{'':<40} " + " ".join(f"{n:>9}" for n in names) + f" {'4 others':>9} {'not ours':>9} {'machine':>8}")
    busiest_outside = 0.0
    for r in results:
        cores = r.cpu_cores
        others = sum(v for k, v in cores.items() if k not in names and k != "machine")
        not_ours = outside_load(cores)
        cores["not ours"] = not_ours
        busiest_outside = max(busiest_outside, not_ours)
        print(f"{r.name:<40} " + " ".join(f"{cores.get(n, 0):>9.2f}" for n in names)
              + f" {others:>9.2f} {not_ours:>9.2f} {cores.get('machine', 0):>8.2f}")
    if busiest_outside > OUTSIDE_LOAD_WARNING_CORES:
        print(f"WARNING: other work used up to {busiest_outside:.2f} cores during a run; "
              "those latencies include waiting for a CPU. Re-run on a quiet machine.")

    print("\nToken check per request, in this process (no I/O):")
    for row in token_rows:
        print(f"  {row['name']:<55} {row['mean_us']:>8.1f} µs")

    errors = sum(r.errors for r in results)
    if errors:
        print(f"\nWARNING: {errors} request(s) failed or answered unexpectedly; see the err column.")
    return {
        "date": dt.date.today().isoformat(),
        "quick": quick,
        "plan": asdict(plan),
        "machine": info,
        "results": [asdict(r) for r in results],
        "gateway_overhead_p50_ms": overhead,
        "target_overhead_ms": TARGET_OVERHEAD_MS,
        "meets_target": overhead <= TARGET_OVERHEAD_MS,
        "token_check": token_rows,
        "outside_load_max_cores": busiest_outside,
    }


def write_results(data: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"results-{data['date']}{'-quick' if data['quick'] else ''}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (~1 minute) to check the bench works")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    signal.signal(signal.SIGTERM, stop_on_sigterm)

    load_at_start = loadavg()
    if load_at_start[0] > (os.cpu_count() or 1) / 2:
        say(f"note: load average {load_at_start} — other work on this machine will show in the figures")
    suite = Suite()
    try:
        start_suite(suite)
        user = register_user(suite)
        say(f"user {user.email}, workspace {user.workspace_ref}; measuring")
        results, public_pem = rpc_runs(suite, user, plan)
        results += gateway_runs(suite, user, plan)
        token_rows = measure_token_check(user.access_token, public_pem, plan.token_checks)
        data = report(results, token_rows, machine_info(suite, load_at_start), plan, args.quick)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except RuntimeError as error:  # the suite did not start or set-up failed: say why, no traceback
        say(f"FAILED: {error}")
        return 1
    finally:
        stop_suite(suite)
    path = write_results(data)
    say(f"results written to {path.relative_to(ROOT)}")
    # The asset benchmark (bench/assets.py) starts its own suite, with a local S3 endpoint.
    import assets

    return assets.main(["--quick"] if args.quick else [])


if __name__ == "__main__":
    sys.exit(main())
