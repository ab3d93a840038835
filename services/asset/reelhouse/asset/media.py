"""Derived media: a thumbnail (images, video) and an MP4 preview (video), made
with ffmpeg after an asset is created, never inside the create request.

The asset service handles its own ``asset_created`` event. The work (download
the original, run ffmpeg, upload the results) happens outside any database
transaction; the result is then recorded with ``db.run_once`` so a
redelivered event changes nothing. A failure is recorded at once (the asset
shows ``has_failed_jobs``) and raised, so the reliable handler retries the
event with backoff and finally dead-letters it.

ffmpeg runs in an eventlet green subprocess under a timeout: the service's
event loop (RPCs, broker heartbeats) keeps running while it works.
"""

import logging
import os
import tempfile
import uuid
from dataclasses import dataclass

import eventlet
from eventlet.green import subprocess
from eventlet.semaphore import Semaphore

from reelhouse.shared.db import DatabaseAccess, Transaction, utcnow

from .models import ACTIVE, MEDIA_DONE, MEDIA_FAILED, MEDIA_NONE, MediaAsset
from .schemas import AssetEventSchema
from .storage import ObjectStore

log = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 320
PREVIEW_MAX_WIDTH = 1280
STDERR_TAIL = 2000


class MediaJobFailed(Exception):
    """ffmpeg could not make a rendition (bad input, timeout, missing tool)."""


@dataclass
class MediaTools:
    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"
    timeout_seconds: float = 300
    # ffmpeg is CPU-bound: a few at a time, however many events are waiting.
    slots: Semaphore | None = None

    @classmethod
    def from_config(cls, config: dict) -> "MediaTools":
        return cls(
            ffmpeg=config.get("FFMPEG_BINARY") or "ffmpeg",
            ffprobe=config.get("FFPROBE_BINARY") or "ffprobe",
            timeout_seconds=float(config.get("MEDIA_JOB_TIMEOUT_SECONDS") or 300),
            slots=Semaphore(int(config.get("MEDIA_JOB_CONCURRENCY") or 2)),
        )


@dataclass(frozen=True)
class Job:
    asset_id: uuid.UUID
    workspace_id: uuid.UUID
    object_key: str
    asset_type: str


@dataclass(frozen=True)
class Derived:
    thumbnail_key: str | None
    preview_mp4_key: str | None
    video_duration: float | None


def run_tool(command: list[str], timeout: float) -> str:
    """Run a command without blocking the event loop; its stdout, or MediaJobFailed."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    except OSError as error:
        raise MediaJobFailed(f"cannot run {command[0]}: {error}") from None
    timer = eventlet.Timeout(timeout)
    try:
        stdout, stderr = process.communicate()
    except eventlet.Timeout as expired:
        if expired is not timer:
            raise
        process.kill()
        process.communicate()
        raise MediaJobFailed(f"{os.path.basename(command[0])} timed out after {timeout:g} s") from None
    finally:
        timer.cancel()
    if process.returncode != 0:
        tail = stderr.decode(errors="replace").strip()[-STDERR_TAIL:]
        raise MediaJobFailed(f"{os.path.basename(command[0])} exited {process.returncode}: {tail}")
    return stdout.decode(errors="replace")


def probe_duration(tools: MediaTools, path: str) -> float | None:
    output = run_tool([tools.ffprobe, "-v", "error", "-show_entries", "format=duration",
                       "-of", "default=noprint_wrappers=1:nokey=1", path], tools.timeout_seconds)
    try:
        return round(float(output.strip()), 3)
    except ValueError:  # "N/A" for streams without a duration
        return None


def make_thumbnail(tools: MediaTools, source: str, target: str, at_seconds: float = 0.0) -> None:
    run_tool([tools.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
              "-ss", f"{at_seconds:.3f}", "-i", source, "-frames:v", "1",
              "-vf", f"scale='min({THUMBNAIL_WIDTH},iw)':-2", target], tools.timeout_seconds)


def make_preview(tools: MediaTools, source: str, target: str) -> None:
    # H.264 + AAC in MP4 with the index first: plays in every browser while it downloads.
    run_tool([tools.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", source,
              "-map", "0:v:0", "-map", "0:a:0?",
              "-vf", f"scale='trunc(min({PREVIEW_MAX_WIDTH},iw)/2)*2':-2",
              "-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p",
              "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", target], tools.timeout_seconds)


def derived_prefix(job: Job) -> str:
    # Outside the uploads prefix: no client can register or overwrite these.
    return f"workspaces/{job.workspace_id}/derived/{job.asset_id}/"


def derive(store: ObjectStore, tools: MediaTools, job: Job) -> Derived:
    """Download the original, make the renditions, upload them. Same keys on a retry."""
    with (tools.slots or Semaphore(1)), tempfile.TemporaryDirectory(prefix="reelhouse-media-") as workdir:
        source = os.path.join(workdir, "original")
        store.download_to(job.object_key, source)
        prefix = derived_prefix(job)
        thumbnail = os.path.join(workdir, "thumbnail.jpg")
        duration = preview_key = None
        if job.asset_type == "video":
            duration = probe_duration(tools, source)
            make_thumbnail(tools, source, thumbnail, at_seconds=min(1.0, (duration or 0) / 2))
            preview = os.path.join(workdir, "preview.mp4")
            make_preview(tools, source, preview)
            preview_key = prefix + "preview.mp4"
            store.upload_from(preview_key, preview, "video/mp4")
        else:
            make_thumbnail(tools, source, thumbnail)
        thumbnail_key = prefix + "thumbnail.jpg"
        store.upload_from(thumbnail_key, thumbnail, "image/jpeg")
        return Derived(thumbnail_key=thumbnail_key, preview_mp4_key=preview_key, video_duration=duration)


def pending_job(db: DatabaseAccess, data: dict) -> Job | None:
    """The work an ``asset_created`` event asks for, or None if there is none left."""
    event = AssetEventSchema().load(data)
    with db.session() as session:
        asset = session.get(MediaAsset, event["asset_id"])
        if asset is None or asset.status != ACTIVE or asset.media_state in (MEDIA_DONE, MEDIA_NONE):
            return None
        return Job(asset.id, asset.workspace_id, asset.object_key, asset.asset_type)


def record_success(tx: Transaction, data: dict, *, job: Job, derived: Derived) -> bool:
    """Point the asset at its renditions; False when it was deleted while we worked."""
    asset = tx.session.get(MediaAsset, job.asset_id, with_for_update=True)
    if asset is None or asset.status != ACTIVE:
        return False
    asset.thumbnail_key = derived.thumbnail_key
    asset.preview_mp4_key = derived.preview_mp4_key
    if derived.video_duration is not None:
        asset.video_duration = derived.video_duration
    asset.is_transcoded = True
    asset.media_state = MEDIA_DONE
    asset.media_attempts += 1
    asset.media_error = None
    asset.updated_at = utcnow()
    tx.emit("asset_transcoded", {"asset_id": str(asset.id), "workspace_id": str(asset.workspace_id)})
    return True


def record_failure(tx: Transaction, job: Job, error: Exception) -> None:
    asset = tx.session.get(MediaAsset, job.asset_id, with_for_update=True)
    if asset is None:
        return
    asset.media_state = MEDIA_FAILED
    asset.media_attempts += 1
    asset.media_error = str(error)[:STDERR_TAIL]
    asset.updated_at = utcnow()


def handle_asset_created(db: DatabaseAccess, store: ObjectStore, tools: MediaTools, envelope: dict) -> None:
    job = pending_job(db, envelope["data"])
    if job is None:
        db.run_once(envelope, lambda tx, data: None)
        return
    try:
        derived = derive(store, tools, job)
    except Exception as error:
        log.warning("media job for asset %s failed: %s", job.asset_id, error)
        with db.transaction() as tx:
            record_failure(tx, job, error)
        raise  # the reliable handler retries with backoff, then dead-letters
    record_or_discard(db, store, envelope, derived, lambda tx, data: record_success(tx, data, job=job, derived=derived))


def record_or_discard(db: DatabaseAccess, store: ObjectStore, envelope: dict, derived: Derived, record) -> None:
    """Record the renditions once (``record(tx, data)`` answers False if the file was deleted meanwhile).

    Deleted while we worked: what we just made would be orphaned. Removed
    after the transaction, never with a write lock held across S3 I/O."""
    recorded = []
    db.run_once(envelope, lambda tx, data: recorded.append(record(tx, data)))
    if recorded == [False]:
        store.delete([derived.thumbnail_key, derived.preview_mp4_key])
