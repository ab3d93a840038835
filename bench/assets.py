"""Asset benchmark (issue 4): uploads through presigned URLs, and asset creation.

    .venv/bin/python bench/assets.py            # 256 MiB upload, 300 asset creations
    .venv/bin/python bench/assets.py --quick    # 32 MiB, 50 creations: checks the bench works
    BENCH_UPLOAD_MIB=1024 .venv/bin/python bench/assets.py   # the issue's 1 GiB

Starts a local S3 endpoint (moto server, as `make run` does) and the suite as
separate processes on fresh PostgreSQL databases (bench/suite.py), registers
a user, then measures in one run:

1. The same file uploaded to the same endpoint twice: directly with boto3
   (multipart, 16 MiB parts, 4 threads) and through Reelhouse (ask for a
   multipart upload over HTTP, PUT the parts to their presigned URLs with 4
   threads, complete, register the asset). The ratio says what the suite adds
   to a client's upload (target: presigned ≥ 0.8 × direct).
2. Asset creation through the gateway: POST /v1/workspaces/{w}/assets for
   small objects already uploaded (text/plain, so no ffmpeg job competes
   for the CPU), sequential, p50/p99; beside it the bare RPC create_asset.

3. Gateway memory while gazu uploads a preview (``task.add_preview``, 200 MB;
   32 MiB with --quick; BENCH_PREVIEW_MIB to change): the gateway streams the
   request to S3 in parts, so its resident memory must stay flat (about one
   8 MiB part over its idle size), whatever the file's size.

Prints the figures and writes var/bench/assets-<date>.json. Every figure is
measured in this run; failed requests are counted, never dropped.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import requests  # noqa: E402
from boto3.s3.transfer import TransferConfig  # noqa: E402
from gazu_workload import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin, rss_mib, studio_ready  # noqa: E402
from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402
from suite import (  # noqa: E402
    ROOT,
    Suite,
    percentile,
    poll,
    register_user,
    say,
    start_suite,
    stop_on_sigterm,
    stop_suite,
)

from reelhouse.shared.context import Caller  # noqa: E402
from reelhouse.shared.s3testing import MotoServer, client_for, settings_for  # noqa: E402

RESULTS_DIR = ROOT / "var" / "bench"
MIB = 1024 * 1024
PART_BYTES = 16 * MIB
THREADS = 4
BUCKET = "reelhouse-bench"
TARGET_RATIO = 0.8
TARGET_CREATE_P50_MS = 15.0


def latency_row(name: str, latencies_s: list[float], errors: int) -> dict:
    ms = sorted(value * 1000 for value in latencies_s)
    return {"name": name, "n": len(ms), "errors": errors, "p50_ms": round(percentile(ms, 50), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(ms[-1], 2) if ms else math.nan}


def make_file(folder: Path, size: int) -> Path:
    path = folder / "payload.bin"
    with open(path, "wb") as handle:
        for _ in range(size // MIB):
            handle.write(os.urandom(MIB))  # incompressible, like video
    return path


def read_part(path: Path, number: int, part_size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek((number - 1) * part_size)
        return handle.read(part_size)


# --- 1. direct boto3 versus presigned multipart ------------------------------------

def direct_upload(s3, path: Path, size: int) -> dict:
    config = TransferConfig(multipart_threshold=PART_BYTES, multipart_chunksize=PART_BYTES,
                            max_concurrency=THREADS, use_threads=True)
    key = "bench/direct.bin"
    started = time.perf_counter()
    s3.upload_file(str(path), BUCKET, key, Config=config)
    seconds = time.perf_counter() - started
    assert s3.head_object(Bucket=BUCKET, Key=key)["ContentLength"] == size
    s3.delete_object(Bucket=BUCKET, Key=key)  # moto keeps objects in memory/temp files
    return {"seconds": round(seconds, 3), "mb_per_s": round(size / 1e6 / seconds, 1)}


def presigned_upload(suite: Suite, session: requests.Session, workspace_ref: str, path: Path, size: int,
                     s3) -> dict:
    base = suite.base_url
    started = time.perf_counter()
    answer = session.post(f"{base}/v1/workspaces/{workspace_ref}/uploads", timeout=30, json={"data": {
        "file_name": "payload.bin", "size": size, "mimetype": "application/octet-stream",
        "multipart": True, "part_size": PART_BYTES}})
    if answer.status_code != 201:
        raise RuntimeError(f"upload request: {answer.status_code} {answer.text}")
    upload = answer.json()["data"]
    asked = time.perf_counter()

    def put(part):
        body = read_part(path, part["part_number"], upload["part_size"])
        response = requests.put(part["url"], data=body, timeout=300)
        if not response.ok:
            raise RuntimeError(f"part {part['part_number']}: {response.status_code} {response.text[:200]}")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(put, upload["parts"]))
    sent = time.perf_counter()
    completed = session.post(f"{base}/v1/uploads/{upload['id']}/complete", timeout=300)
    if completed.status_code != 200:
        raise RuntimeError(f"complete: {completed.status_code} {completed.text}")
    done = time.perf_counter()
    created = session.post(f"{base}/v1/workspaces/{workspace_ref}/assets", timeout=30, json={"data": {
        "bucket": upload["bucket"], "object_key": upload["object_key"], "file_name": "payload.bin",
        "file_type": "bin", "size": size, "mimetype": "application/octet-stream"}})
    if created.status_code != 201:
        raise RuntimeError(f"create asset: {created.status_code} {created.text}")
    registered = time.perf_counter()
    s3.delete_object(Bucket=BUCKET, Key=upload["object_key"])
    seconds = registered - started
    return {"seconds": round(seconds, 3), "mb_per_s": round(size / 1e6 / seconds, 1),
            "request_upload_ms": round((asked - started) * 1000, 1), "parts_s": round(sent - asked, 3),
            "complete_s": round(done - sent, 3), "register_ms": round((registered - done) * 1000, 1)}


# --- 2. asset creation latency ----------------------------------------------------------

def small_uploads(session: requests.Session, base: str, workspace_ref: str, count: int) -> tuple[list, dict]:
    """``count`` 1 KiB objects uploaded through presigned PUTs (the upload request is timed too)."""
    uploads, latencies, errors = [], [], 0
    for number in range(count):
        started = time.perf_counter()
        answer = session.post(f"{base}/v1/workspaces/{workspace_ref}/uploads", timeout=30, json={"data": {
            "file_name": f"note-{number}.txt", "size": 1024, "mimetype": "text/plain"}})
        latencies.append(time.perf_counter() - started)
        if answer.status_code != 201:
            errors += 1
            continue
        upload = answer.json()["data"]
        if requests.put(upload["url"], data=b"n" * 1024, headers=upload["headers"], timeout=30).ok:
            uploads.append(upload)
        else:
            errors += 1
    return uploads, latency_row("HTTP POST /v1/workspaces/{w}/uploads", latencies, errors)


def creation_payload(upload: dict) -> dict:
    return {"bucket": upload["bucket"], "object_key": upload["object_key"], "file_name": upload["file_name"],
            "file_type": "txt", "size": 1024, "mimetype": "text/plain"}


def create_through_gateway(session, base, workspace_ref, uploads) -> dict:
    latencies, errors = [], 0
    for upload in uploads:
        started = time.perf_counter()
        answer = session.post(f"{base}/v1/workspaces/{workspace_ref}/assets", timeout=30,
                              json={"data": creation_payload(upload)})
        latencies.append(time.perf_counter() - started)
        errors += answer.status_code != 201
    return latency_row("HTTP POST /v1/workspaces/{w}/assets", latencies, errors)


def create_through_rpc(suite: Suite, user, uploads) -> dict:
    caller = Caller(user_id=user.user_id, role="user")
    latencies, errors = [], 0
    with ClusterRpcProxy({"AMQP_URI": suite.amqp_uri}, context_data={"caller": caller.to_header()},
                         timeout=30) as cluster:
        for upload in uploads:
            started = time.perf_counter()
            try:
                cluster.asset.create_asset(creation_payload(upload), user.workspace_id)
            except Exception:  # counted, not hidden
                errors += 1
            latencies.append(time.perf_counter() - started)
    return latency_row("RPC asset.create_asset", latencies, errors)


def head_objects(s3, uploads) -> dict:
    """The HEAD that asset creation makes to verify the object, alone: the local
    S3 endpoint's share of the creation latency (moto costs far more here than S3)."""
    latencies = []
    for upload in uploads:
        started = time.perf_counter()
        s3.head_object(Bucket=upload["bucket"], Key=upload["object_key"])
        latencies.append(time.perf_counter() - started)
    return latency_row("S3 HEAD alone (boto3, same endpoint)", latencies, 0)


# --- the run ----------------------------------------------------------------------------

def preview_upload_memory(suite: Suite, path: Path, size: int) -> dict:
    """gazu uploads a preview while a thread samples the gateway's resident memory every 20 ms."""
    import threading

    import gazu

    create_admin(suite)
    client = gazu.client.create_client(f"{suite.base_url}/api")
    gazu.log_in(ADMIN_EMAIL, ADMIN_PASSWORD, client=client)
    poll(lambda: studio_ready(client), 30, "the admin's studio")
    k = {"client": client}
    project = gazu.project.new_project("Bench previews", **k)
    asset_type = gazu.asset.new_asset_type("Characters", **k)
    asset = gazu.asset.new_asset(project, asset_type, "Hero", **k)
    task = gazu.task.new_task(asset, gazu.task.new_task_type("Animation", **k), **k)
    comment = gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("wip", **k), "take 1", **k)
    gateway = suite.pids()["gateway"]
    idle_mib = rss_mib(gateway)[0]
    samples, done = [], threading.Event()

    def sample():
        while not done.is_set():
            samples.append(rss_mib(gateway)[0])
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        preview = gazu.task.add_preview(task, comment, str(path), **k)
    finally:
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    if preview.get("file_size") != size:
        raise RuntimeError(f"the preview recorded {preview.get('file_size')} bytes, not {size}")
    peak = max(samples)
    return {"size_mib": round(size / MIB, 1), "seconds": round(seconds, 2), "mb_per_s": round(size / 1e6 / seconds, 1),
            "gateway_idle_rss_mib": round(idle_mib, 1), "gateway_peak_rss_mib": round(peak, 1),
            "gateway_growth_mib": round(peak - idle_mib, 1), "samples": len(samples)}


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    return {"nproc": os.cpu_count(), "ram_gib": round(int(meminfo[1]) / 1024 / 1024, 1),
            "python": platform.python_version(), "loadavg": Path("/proc/loadavg").read_text().split()[:3]}


def start_local_s3(bucket: str):
    """A moto server as the suite's S3 endpoint; returns it (stop it after) and its settings."""
    moto = MotoServer().start()
    settings = settings_for(moto.url, bucket)
    # The asset service reads these (services/asset/config.yaml); start_suite passes os.environ on.
    os.environ.update({"S3_ENDPOINT_URL": moto.url, "S3_BUCKET": bucket, "S3_CREATE_BUCKET": "true",
                       "AWS_ACCESS_KEY_ID": settings["S3_ACCESS_KEY_ID"],
                       "AWS_SECRET_ACCESS_KEY": settings["S3_SECRET_ACCESS_KEY"],
                       "AWS_DEFAULT_REGION": settings["S3_REGION"]})
    return moto, settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="32 MiB and 50 creations (~1 minute)")
    args = parser.parse_args(argv)
    size_mib = 32 if args.quick else int(os.environ.get("BENCH_UPLOAD_MIB", "256"))
    creations = 50 if args.quick else 300
    preview_mib = 32 if args.quick else int(os.environ.get("BENCH_PREVIEW_MIB", "200"))
    signal.signal(signal.SIGTERM, stop_on_sigterm)

    scratch = Path(tempfile.mkdtemp(prefix="reelhouse-bench-assets-"))
    moto, settings = start_local_s3(BUCKET)
    suite = Suite()
    try:
        say(f"moto server at {moto.url}; writing a {size_mib} MiB file")
        path = make_file(scratch, size_mib * MIB)
        start_suite(suite)
        user = register_user(suite)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {user.access_token}"
        base = suite.base_url
        # The membership reaches the asset service by event, after the workspace exists.
        poll(lambda: session.get(f"{base}/v1/workspaces/{user.workspace_ref}/assets", timeout=10).ok,
             15, "the asset service's membership projection")
        s3 = client_for(settings)

        say(f"uploading {size_mib} MiB directly with boto3, then through presigned URLs")
        direct = direct_upload(s3, path, size_mib * MIB)
        presigned = presigned_upload(suite, session, user.workspace_ref, path, size_mib * MIB, s3)
        ratio = round(presigned["mb_per_s"] / direct["mb_per_s"], 2)

        say(f"asset creation: {creations} small objects")
        uploads, upload_row = small_uploads(session, base, user.workspace_ref, 2 * creations)
        gateway_row = create_through_gateway(session, base, user.workspace_ref, uploads[:creations])
        rpc_row = create_through_rpc(suite, user, uploads[creations:])
        head_row = head_objects(s3, uploads[:creations])

        say(f"gateway memory while gazu uploads a {preview_mib} MiB preview")
        preview_path = scratch / "preview.mp4"
        with open(preview_path, "wb") as handle:
            for _ in range(preview_mib):
                handle.write(os.urandom(MIB))  # not a playable movie: its renditions fail, the upload is measured
        preview = preview_upload_memory(suite, preview_path, preview_mib * MIB)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except RuntimeError as error:
        say(f"FAILED: {error}")
        return 1
    finally:
        stop_suite(suite)
        moto.stop()
        for child in scratch.iterdir():
            child.unlink()
        scratch.rmdir()

    print(f"\nUpload of {size_mib} MiB to the same local S3 endpoint ({PART_BYTES // MIB} MiB parts, "
          f"{THREADS} threads):")
    print(f"  direct boto3 upload_file        {direct['seconds']:>8.2f} s  {direct['mb_per_s']:>7.1f} MB/s")
    print(f"  presigned multipart via suite   {presigned['seconds']:>8.2f} s  {presigned['mb_per_s']:>7.1f} MB/s"
          f"  (request {presigned['request_upload_ms']} ms, parts {presigned['parts_s']} s, "
          f"complete {presigned['complete_s']} s, register {presigned['register_ms']} ms)")
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"  presigned / direct throughput: {ratio:.2f} — {verdict} the target ≥ {TARGET_RATIO}")
    print(f"\n{'':<40} {'n':>5} {'err':>4} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for row in (upload_row, gateway_row, rpc_row, head_row):
        print(f"{row['name']:<40} {row['n']:>5} {row['errors']:>4} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
              f"{row['max_ms']:>8.2f}")
    create_verdict = "meets" if gateway_row["p50_ms"] <= TARGET_CREATE_P50_MS else "MISSES"
    print(f"asset creation p50 through the gateway: {gateway_row['p50_ms']:.2f} ms — {create_verdict} "
          f"the target ≤ {TARGET_CREATE_P50_MS:g} ms")

    print(f"\nGateway memory while gazu uploads a {preview['size_mib']:g} MiB preview "
          f"({preview['seconds']} s, {preview['mb_per_s']} MB/s): idle {preview['gateway_idle_rss_mib']} MiB, "
          f"peak {preview['gateway_peak_rss_mib']} MiB, growth {preview['gateway_growth_mib']} MiB "
          f"({preview['samples']} samples)")

    data = {"date": dt.date.today().isoformat(), "quick": args.quick, "size_mib": size_mib,
            "part_mib": PART_BYTES // MIB, "threads": THREADS, "direct": direct, "presigned": presigned,
            "ratio": ratio, "latency": [upload_row, gateway_row, rpc_row, head_row], "preview_upload": preview,
            "machine": machine()}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"assets-{data['date']}{'-quick' if args.quick else ''}.json"
    out.write_text(json.dumps(data, indent=2) + "\n")
    say(f"results written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
