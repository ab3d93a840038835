"""gazu workload: Kitsu's own client runs a small production through the suite.

    .venv/bin/python bench/gazu_workload.py            # N=200 assets and shots, 500 gets
    .venv/bin/python bench/gazu_workload.py --quick    # N=20, to check the bench works

Starts the suite as separate processes on fresh PostgreSQL databases (like
bench/run_all.py), creates the first admin with the create-admin command,
then, with one sequential gazu client as a studio script would: creates a
project, asset types, task types, N assets, N shots (in sequences of 20),
two tasks per asset and per shot, a comment with a status change on half the
tasks, a casting of three assets on every shot, and random gets by id. Each
phase prints its total time and per-call p50/p99 beside what Kitsu's own
server (Zou 1.0.97, 3 gunicorn gevent workers, PostgreSQL) measured on this
kind of machine; the target is twice as fast. Figures go to
var/bench/gazu-<date>.json and docs/performance.md.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=".*Eventlet is deprecated.*")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gazu  # noqa: E402
from gazu.exception import NotAllowedException  # noqa: E402
from run_all import cpu_cores, cpu_snapshot, outside_load  # noqa: E402
from suite import (  # noqa: E402
    PG_URL,
    ROOT,
    Suite,
    bench_database,
    percentile,
    poll,
    say,
    start_suite,
    stop_on_sigterm,
    stop_suite,
)

from reelhouse.identity.cli import main as identity_cli  # noqa: E402

RESULTS_DIR = ROOT / "var" / "bench"
ADMIN_EMAIL, ADMIN_PASSWORD = "bench-admin@studio.example", "bench admin password"
STUDIO_TIMEOUT_S = 20
CAST_PER_SHOT = 3
SHOTS_PER_SEQUENCE = 20

# Kitsu's own server on this kind of machine, one sequential gazu client
# (p50 ms per call; the figures). The target is half of each.
ZOU_P50_MS = {
    "create asset": 29.0,
    "create task": 25.0,
    "comment + status change": 54.0,
    "casting update": 63.0,
    "get by id": 9.0,  # Zou measured 5–9 ms depending on the model; the slowest is the reference
}
ZOU_WHOLE_RUN_S = 98.0  # N=200


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    total_s: float = 0.0

    def timed(self, call, *args, **kwargs):
        started = time.perf_counter()
        result = call(*args, **kwargs)
        elapsed = time.perf_counter() - started
        self.latencies_ms.append(elapsed * 1000)
        self.total_s += elapsed
        return result

    def percentile(self, p: float) -> float:
        return percentile(sorted(self.latencies_ms), p)


def create_admin(suite: Suite) -> None:
    database_url = PG_URL.format(database=bench_database("identity"))
    if identity_cli(["create-admin", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD,
                     "--studio", "Bench Studio"], database_url=database_url) != 0:
        raise RuntimeError("create-admin failed")


def studio_ready(client) -> bool:
    """The admin's studio workspace exists, and production tracking knows it,
    once the saga's events have been handled (seconds)."""
    try:
        gazu.project.all_projects(client=client)
    except NotAllowedException:
        return False
    return True


def run_workload(client, n_assets: int, n_shots: int, n_gets: int, rng: random.Random) -> list[Phase]:
    phases = {name: Phase(name) for name in (
        "setup", "create asset", "create shot", "create task", "comment + status change", "casting update",
        "get by id")}
    setup = phases["setup"]
    project = setup.timed(gazu.project.new_project, f"Bench {int(time.time())}", "featurefilm", client=client)
    asset_types = [setup.timed(gazu.asset.new_asset_type, name, client=client)
                   for name in ("Character", "Prop", "Set", "FX")]
    asset_task_types = [setup.timed(gazu.task.new_task_type, name, for_entity="Asset", client=client)
                        for name in ("Modeling", "Shading")]
    shot_task_types = [setup.timed(gazu.task.new_task_type, name, for_entity="Shot", client=client)
                       for name in ("Layout", "Animation")]
    for priority, task_type in enumerate(asset_task_types + shot_task_types, start=1):
        setup.timed(gazu.project.add_task_type, project, task_type, priority, client=client)
    for asset_type in asset_types:
        setup.timed(gazu.project.add_asset_type, project, asset_type, client=client)
    wip = setup.timed(gazu.task.get_task_status_by_short_name, "wip", client=client)

    assets = [phases["create asset"].timed(gazu.asset.new_asset, project, asset_types[i % len(asset_types)],
                                           f"asset_{i:05d}", client=client) for i in range(n_assets)]
    sequences = [setup.timed(gazu.shot.new_sequence, project, f"SQ{i:03d}", client=client)
                 for i in range((n_shots + SHOTS_PER_SEQUENCE - 1) // SHOTS_PER_SEQUENCE)]
    shots = [phases["create shot"].timed(gazu.shot.new_shot, project, sequences[i // SHOTS_PER_SEQUENCE],
                                         f"SH{i:05d}", client=client) for i in range(n_shots)]

    tasks = []
    for entities, task_types in ((assets, asset_task_types), (shots, shot_task_types)):
        for entity in entities:
            for task_type in task_types:
                tasks.append(phases["create task"].timed(gazu.task.new_task, entity, task_type, client=client))
    for task in rng.sample(tasks, len(tasks) // 2):
        phases["comment + status change"].timed(gazu.task.add_comment, task, wip, "Work started.", client=client)
    for shot in shots:
        cast = [{"asset_id": asset["id"], "nb_occurences": 1} for asset in rng.sample(assets, CAST_PER_SHOT)]
        phases["casting update"].timed(gazu.casting.update_shot_casting, project, shot, cast, client=client)

    getters = [(gazu.asset.get_asset, assets), (gazu.shot.get_shot, shots), (gazu.task.get_task, tasks)]
    for _ in range(n_gets):
        getter, records = rng.choice(getters)
        fetched = phases["get by id"].timed(getter, rng.choice(records)["id"], client=client)
        if not fetched or "id" not in fetched:
            raise RuntimeError(f"{getter.__name__} answered {fetched!r}")
    return list(phases.values())


def measure_floor(client, n_calls: int) -> dict:
    """What one gazu request costs before any work: through the gateway alone
    (GET /api, no RPC), and with one RPC reading one row (a task status by id).
    A gazu call can be no faster than its requests' floor."""
    status = gazu.task.get_task_status_by_short_name("wip", client=client)
    floors = [("gateway only (GET /api)", lambda: gazu.client.get("", client=client)),
              ("one RPC, one row (task status by id)",
               lambda: gazu.task.get_task_status(status["id"], client=client))]
    print("\nper-request floor with gazu's client (not part of the run):")
    figures = {}
    for name, request in floors:
        phase = Phase(name)
        for _ in range(n_calls):
            phase.timed(request)
        figures[name] = {"calls": n_calls, "p50_ms": round(phase.percentile(50), 3),
                         "p99_ms": round(phase.percentile(99), 3)}
        print(f"  {name:<40} p50 {phase.percentile(50):6.2f} ms, p99 {phase.percentile(99):6.2f} ms")
    return figures


def rss_mib(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, in MiB."""
    fields_ = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return (int(fields_["VmRSS"].split()[0]) / 1024, int(fields_["VmHWM"].split()[0]) / 1024)


def load_big_project(client, n_shots: int, tasks_per_shot: int) -> dict:
    """A project with ``n_shots`` shots and ``tasks_per_shot`` tasks each, written
    straight into production_tracking's database (creating them one by one
    through the API would take most of an hour and measure something else)."""
    from sqlalchemy import create_engine, insert, select

    from reelhouse.production_tracking.models import Entity, EntityType, Project, Task, TaskStatus

    project = gazu.project.new_project(f"Big {int(time.time())}", "tvshow", client=client)
    sequence = gazu.shot.new_sequence(project, "SQ_BIG", client=client)
    task_types = [gazu.task.new_task_type(f"Big step {i}", for_entity="Shot", client=client)
                  for i in range(tasks_per_shot)]
    engine = create_engine(PG_URL.format(database=bench_database("production_tracking")))
    try:
        with engine.begin() as connection:
            workspace_id = connection.scalar(select(Project.workspace_id).where(Project.id == project["id"]))
            shot_type = connection.scalar(select(EntityType.id).where(EntityType.name == "Shot",
                                                                      EntityType.workspace_id.is_(None)))
            todo = connection.scalar(select(TaskStatus.id).where(TaskStatus.workspace_id == workspace_id,
                                                                 TaskStatus.short_name == "todo"))
            shots = [{"id": uuid.uuid4(), "workspace_id": workspace_id, "project_id": project["id"],
                      "entity_type_id": shot_type, "parent_id": sequence["id"], "name": f"SH{i:05d}",
                      "nb_frames": 48} for i in range(n_shots)]
            for start in range(0, n_shots, 2000):
                connection.execute(insert(Entity), shots[start:start + 2000])
            tasks = [{"workspace_id": workspace_id, "project_id": project["id"], "entity_id": shot["id"],
                      "task_type_id": task_type["id"], "task_status_id": todo, "name": "main"}
                     for shot in shots for task_type in task_types]
            for start in range(0, len(tasks), 5000):
                connection.execute(insert(Task), tasks[start:start + 5000])
    finally:
        engine.dispose()
    return project


def measure_big_listing(suite: Suite, client, n_shots: int, tasks_per_shot: int, runs: int) -> dict:
    project = load_big_project(client, n_shots, tasks_per_shot)
    pids = suite.pids()
    before = {name: rss_mib(pids[name]) for name in ("gateway", "production_tracking")}
    phase = Phase(f"list {n_shots} shots")
    for _ in range(runs):
        shots = phase.timed(gazu.shot.all_shots_for_project, project, client=client)
        if len(shots) != n_shots:
            raise RuntimeError(f"all_shots_for_project answered {len(shots)} shots, not {n_shots}")
    after = {name: rss_mib(pids[name]) for name in ("gateway", "production_tracking")}
    print(f"\nbig project: {n_shots} shots, {n_shots * tasks_per_shot} tasks; all_shots_for_project "
          f"p50 {phase.percentile(50):.1f} ms, p99 {phase.percentile(99):.1f} ms over {runs} runs (target < 300 ms)")
    for name in before:
        print(f"  {name:<20} RSS {before[name][0]:.0f} → {after[name][0]:.0f} MiB, peak {after[name][1]:.0f} MiB")
    return {"n_shots": n_shots, "n_tasks": n_shots * tasks_per_shot, "runs": runs,
            "p50_ms": round(phase.percentile(50), 2), "p99_ms": round(phase.percentile(99), 2),
            "rss_mib_before": before, "rss_mib_after": after}


def report(phases: list[Phase], n_assets: int, n_shots: int, quick: bool) -> dict:
    print()
    print(f"gazu workload — {dt.date.today().isoformat()} — N={n_assets} assets, N={n_shots} shots"
          + ("  [--quick]" if quick else ""))
    header = (f"{'phase':<26} {'calls':>6} {'total s':>8} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'Zou p50':>8} {'target':>8}  verdict")
    print(header)
    print("-" * len(header))
    rows, whole = [], 0.0
    for phase in phases:
        whole += phase.total_s
        zou = ZOU_P50_MS.get(phase.name)
        p50 = phase.percentile(50)
        verdict = "" if zou is None else ("meets" if p50 <= zou / 2 else "MISSES")
        print(f"{phase.name:<26} {len(phase.latencies_ms):>6} {phase.total_s:>8.2f} {p50:>8.2f} "
              f"{phase.percentile(99):>8.2f} {zou or float('nan'):>8.1f} "
              f"{(zou / 2) if zou else float('nan'):>8.1f}  {verdict}")
        rows.append({**asdict(phase), "p50_ms": round(p50, 3), "p99_ms": round(phase.percentile(99), 3),
                     "zou_p50_ms": zou, "latencies_ms": None})
    target = ZOU_WHOLE_RUN_S / 2 * (n_assets + n_shots) / 400
    print(f"\nwhole run: {whole:.1f} s (Zou, N=200: {ZOU_WHOLE_RUN_S:.0f} s; target at this N ≤ {target:.1f} s)")
    return {"date": dt.date.today().isoformat(), "quick": quick, "n_assets": n_assets, "n_shots": n_shots,
            "phases": rows, "whole_run_s": round(whole, 2), "target_whole_run_s": round(target, 2)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=20 and 50 gets, to check the bench works")
    parser.add_argument("--assets", type=int, default=200)
    parser.add_argument("--shots", type=int, default=200)
    parser.add_argument("--gets", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--big-shots", type=int, default=10_000, help="shots of the big project (0: skip)")
    parser.add_argument("--big-tasks-per-shot", type=int, default=4)
    args = parser.parse_args(argv)
    n_assets, n_shots, n_gets = (20, 20, 50) if args.quick else (args.assets, args.shots, args.gets)
    signal.signal(signal.SIGTERM, stop_on_sigterm)

    suite = Suite()
    try:
        start_suite(suite)
        create_admin(suite)
        client = gazu.client.create_client(f"{suite.base_url}/api")
        gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
        poll(lambda: studio_ready(client), STUDIO_TIMEOUT_S, "the admin's studio workspace")
        say(f"measuring: {n_assets} assets, {n_shots} shots, {n_gets} gets")
        cpu_before, started = cpu_snapshot(suite), time.monotonic()
        phases = run_workload(client, n_assets, n_shots, n_gets, random.Random(args.seed))
        cores = cpu_cores(cpu_before, cpu_snapshot(suite), time.monotonic() - started)
        data = report(phases, n_assets, n_shots, args.quick)
        data["cpu_cores"] = {**cores, "not ours": outside_load(cores)}
        print(f"CPU during the workload: machine {cores['machine']:.2f} of {os.cpu_count()} cores, "
              f"not ours (other engineers' work) {outside_load(cores):.2f}")
        data["floor"] = measure_floor(client, 100 if args.quick else 500)
        big_shots = 1_000 if args.quick else args.big_shots
        if big_shots:
            data["big_project"] = measure_big_listing(suite, client, big_shots, args.big_tasks_per_shot,
                                                      runs=5 if args.quick else 20)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except RuntimeError as error:
        say(f"FAILED: {error}")
        return 1
    finally:
        stop_suite(suite)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"gazu-{data['date']}{'-quick' if data['quick'] else ''}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    say(f"results written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
