"""/v1 productions at scale (issue 5): a workspace with 1,000 productions.

    .venv/bin/python bench/v1_productions.py            # 1,000 productions
    .venv/bin/python bench/v1_productions.py --quick    # 100, to check the bench works

Starts a local S3 endpoint and the suite (fresh PostgreSQL databases), then,
through the gateway: makes a workspace template (a brief and five shots),
creates the productions from it inside a video series (the first 200 timed
one by one: the "creation from a template" figure), uploads 30 small files
and attaches three of them to shots of every production. It then times
``GET /v1/workspaces/{w}/productions?include=brief,assets,descriptions.assets``
for pages of 10 and 100, and counts the table scans PostgreSQL made per
request (pg_stat_user_tables) — the same number for both page sizes means the
includes cost a constant number of queries, not one per production.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

import psycopg2  # noqa: E402
import requests  # noqa: E402
from assets import creation_payload, latency_row, small_uploads, start_local_s3  # noqa: E402
from run_all import cpu_cores, cpu_snapshot, outside_load  # noqa: E402
from suite import (  # noqa: E402
    ROOT,
    Suite,
    bench_database,
    poll,
    register_user,
    say,
    start_suite,
    stop_on_sigterm,
    stop_suite,
)

RESULTS_DIR = ROOT / "var" / "bench"
BUCKET = "reelhouse-bench"
SHOTS_PER_PRODUCTION = 5
ASSETS_PER_PRODUCTION = 3
SHARED_FILES = 30
THREADS = 8
INCLUDE = "brief,assets,descriptions.assets"
TARGET_CREATE_P50_MS = 20.0
STATS_FLUSH_S = 25  # PostgreSQL 15 flushes an idle backend's table statistics within 10 s; pooled ones later


def ok(response, status=200):
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} "
                           f"{response.text[:300]}")
    return response.json()


def table_scans() -> int:
    """Sequential + index scans of production_tracking's own tables so far (the
    outbox sweeper's periodic queries are left out: they are not the request's)."""
    with psycopg2.connect(host="127.0.0.1", user="postgres",
                          dbname=bench_database("production_tracking")) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(SUM(seq_scan + COALESCE(idx_scan, 0)), 0) FROM pg_stat_user_tables "
                           "WHERE relname NOT IN ('outbox_events', 'processed_events', 'idempotency_keys')")
            return int(cursor.fetchone()[0])


def populate(session, base, workspace, n_productions) -> tuple[list[float], list[str]]:
    w = f"{base}/v1/workspaces/{workspace}"
    shots = [{"type": f"shot{i}", "fields": {"field1": f"Shot {i}"}} for i in range(SHOTS_PER_PRODUCTION)]
    template = ok(session.post(f"{w}/templates", json={"data": {"name": "Bench template", "template": {
        "production": {"title": "Bench production"}, "brief": {"purpose": "measure"}, "descriptions": shots}}}),
        201)["data"]["id"]
    series = ok(session.post(f"{w}/video-series", json={"data": {"title": "Bench series"}}), 201)["data"]["id"]

    def create(number):
        started = time.perf_counter()
        body = {"data": {"template_id": template, "title": f"Production {number:04d}"}}
        production = ok(session.post(f"{w}/video-series/{series}/productions", json=body), 201)["data"]["id"]
        return time.perf_counter() - started, production

    timed = [create(number) for number in range(min(200, n_productions))]
    with ThreadPoolExecutor(THREADS) as pool:
        rest = list(pool.map(create, range(len(timed), n_productions)))
    return [elapsed for elapsed, _ in timed], [production for _, production in timed + rest]


def attach_assets(session, base, workspace, productions) -> None:
    uploads, _row = small_uploads(session, base, workspace, SHARED_FILES)
    assets = [ok(session.post(f"{base}/v1/workspaces/{workspace}/assets", json={"data": creation_payload(u)}),
                 201)["data"]["id"] for u in uploads]

    def attach(index_and_production):
        index, production = index_and_production
        shots = ok(session.get(f"{base}/v1/workspaces/{workspace}/productions/{production}/descriptions"))["data"]
        for k in range(ASSETS_PER_PRODUCTION):
            asset = assets[(index * ASSETS_PER_PRODUCTION + k) % len(assets)]
            shot = shots[k % len(shots)]["id"]
            ok(session.put(f"{base}/v1/workspaces/{workspace}/assets/{asset}/descriptions/{shot}/attach"))

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(attach, enumerate(productions)))


def measure_listing(session, base, workspace, limit: int, runs: int) -> dict:
    url = f"{base}/v1/workspaces/{workspace}/productions"
    params = {"include": INCLUDE, "limit": limit}
    ok(session.get(url, params=params))  # warm-up
    time.sleep(STATS_FLUSH_S)
    scans_before = table_scans()
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        body = ok(session.get(url, params=params))
        latencies.append(time.perf_counter() - started)
        if len(body["data"]) != limit:
            raise RuntimeError(f"a page of {limit} answered {len(body['data'])} productions")
    time.sleep(STATS_FLUSH_S)
    scans = (table_scans() - scans_before) / runs
    result = latency_row(f"GET productions?include=…&limit={limit}", latencies, errors=0)
    result["table_scans_per_request"] = round(scans, 1)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 productions, 10 listings a page size")
    args = parser.parse_args(argv)
    n_productions, runs = (100, 10) if args.quick else (1000, 50)
    signal.signal(signal.SIGTERM, stop_on_sigterm)

    moto, _settings = start_local_s3(BUCKET)
    suite = Suite()
    try:
        start_suite(suite)
        user = register_user(suite)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {user.access_token}"
        base, workspace = suite.base_url, user.workspace_ref
        poll(lambda: session.get(f"{base}/v1/workspaces/{workspace}/assets", timeout=10).ok, 15,
             "the asset service's membership projection")
        say(f"creating {n_productions} productions from a template ({SHOTS_PER_PRODUCTION} shots each)")
        cpu_before, started = cpu_snapshot(suite), time.monotonic()
        create_latencies, productions = populate(session, base, workspace, n_productions)
        create_cores = cpu_cores(cpu_before, cpu_snapshot(suite), time.monotonic() - started)
        say(f"attaching {ASSETS_PER_PRODUCTION} files to shots of every production")
        attach_assets(session, base, workspace, productions)
        say("listing with includes")
        listings = [measure_listing(session, base, workspace, limit, runs) for limit in (10, 100)]
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except RuntimeError as error:
        say(f"FAILED: {error}")
        return 1
    finally:
        stop_suite(suite)
        moto.stop()

    create = latency_row("POST …/productions from a template", create_latencies, errors=0)
    print(f"\n/v1 productions — {dt.date.today().isoformat()} — {n_productions} productions, "
          f"{SHOTS_PER_PRODUCTION} shots and {ASSETS_PER_PRODUCTION} attached files each"
          + ("  [--quick]" if args.quick else ""))
    print(f"{'measurement':<44} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'scans/req':>10}")
    for item in [create, *listings]:
        print(f"{item['name']:<44} {item['n']:>5} {item['p50_ms']:>8.2f} {item['p99_ms']:>8.2f} "
              f"{item.get('table_scans_per_request', ''):>10}")
    verdict = "meets" if create["p50_ms"] <= TARGET_CREATE_P50_MS else "MISSES"
    print(f"creation from a template p50: {create['p50_ms']:.2f} ms — {verdict} the target "
          f"≤ {TARGET_CREATE_P50_MS:g} ms")
    print(f"CPU while creating: machine {create_cores['machine']:.2f} cores, "
          f"not ours (other engineers' work) {outside_load(create_cores):.2f}")
    constant = listings[0]["table_scans_per_request"] == listings[1]["table_scans_per_request"]
    print(f"table scans per listing: page of 10 → {listings[0]['table_scans_per_request']}, page of 100 → "
          f"{listings[1]['table_scans_per_request']} ({'constant' if constant else 'NOT constant'})")

    data = {"date": dt.date.today().isoformat(), "quick": args.quick, "productions": n_productions,
            "create": create, "listings": listings, "constant_queries": constant,
            "create_cpu_cores": {**create_cores, "not ours": outside_load(create_cores)}}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"v1-productions-{data['date']}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    say(f"results written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
