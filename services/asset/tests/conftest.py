"""Fixtures for asset service tests: a running container on a fresh vhost, a
migrated PostgreSQL database, a real local S3 endpoint (moto server), and
callers who are members of a workspace through the projection's own events."""

import subprocess
import uuid

import pytest
import requests
from nameko.testing.services import entrypoint_hook
from sqlalchemy import create_engine

from reelhouse.asset.service import AssetMediaWorker, AssetService
from reelhouse.production_tracking.service import ProductionTrackingService
from reelhouse.shared import s3testing
from reelhouse.shared.events import make_envelope
from reelhouse.shared.s3testing import client_for
from reelhouse.shared.testing import make_caller

SERVICE_DIR = "services/asset"

# The shared local-S3 fixtures, made visible to this directory's tests.
s3_server = s3testing.s3_server
s3_settings = s3testing.s3_settings


@pytest.fixture
def database_url(database_url_for):
    return database_url_for(SERVICE_DIR)


@pytest.fixture
def config(rabbit_config, database_url, s3_settings, fast_retries):
    return dict(rabbit_config, DATABASE_URL=database_url, **s3_settings, **fast_retries,
                MEDIA_JOB_TIMEOUT_SECONDS=60)


@pytest.fixture
def container(container_factory, config):
    """The asset service, with its media worker beside it as in production."""
    container = container_factory(AssetService, config)
    container.start()
    container_factory(AssetMediaWorker, config).start()
    return container


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def s3(s3_settings, container):
    """A boto3 client on the test's endpoint; the bucket exists once the container started."""
    return client_for(s3_settings)


@pytest.fixture
def bucket(s3_settings):
    return s3_settings["S3_BUCKET"]


@pytest.fixture
def admin():
    return make_caller("admin")


@pytest.fixture
def join(call):
    """Make ``user`` a member of ``workspace_id``, as workspace's event would."""

    def run(workspace_id, user, role="owner"):
        envelope = make_envelope("member_added", {"workspace_id": workspace_id, "user_id": user.user_id,
                                                  "role": role})
        call("on_member_added", envelope)
        return envelope

    return run


@pytest.fixture
def workspace_id(join, alice):
    """A workspace alice owns."""
    workspace = str(uuid.uuid4())
    join(workspace, alice)
    return workspace


@pytest.fixture
def upload_file(call, alice, workspace_id):
    """``upload_file(body, file_name, mimetype)``: ask for a single-PUT upload and PUT the bytes."""

    def run(body: bytes, file_name="clip.mp4", mimetype="video/mp4", caller=None, workspace=None):
        upload = call("create_upload", workspace or workspace_id,
                      {"file_name": file_name, "size": len(body), "mimetype": mimetype}, caller=caller or alice)
        response = requests.put(upload["url"], data=body, headers=upload["headers"], timeout=10)
        assert response.status_code == 200, response.text
        return upload

    return run


@pytest.fixture
def register(call, alice, workspace_id, upload_file, bucket):
    """Upload bytes and create the asset for them; returns the asset record."""

    def run(body: bytes, file_name="clip.mp4", mimetype="video/mp4", file_type=None, caller=None, **extra):
        upload = upload_file(body, file_name, mimetype, caller=caller)
        payload = {"bucket": bucket, "object_key": upload["object_key"], "file_name": file_name,
                   "file_type": file_type or file_name.rsplit(".", 1)[-1], "size": len(body),
                   "mimetype": mimetype, **extra}
        return call("create_asset", payload, workspace_id, caller=caller or alice)

    return run


@pytest.fixture
def payload(upload_file, bucket):
    """An uploaded 5-byte MP4 object and the create payload that matches it."""
    upload = upload_file(b"12345", "clip.mp4", "video/mp4")
    return {"bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4", "file_type": "mp4",
            "size": 5, "mimetype": "video/mp4"}


def make_media(tmp_path, kind: str) -> bytes:
    """Tiny real media made by ffmpeg itself: a 1 s 64x64 video with sound, or a PNG."""
    if kind == "video":
        target = tmp_path / "clip.mp4"
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                   "-i", "testsrc=duration=1:size=64x64:rate=10", "-f", "lavfi", "-i", "sine=duration=1",
                   "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(target)]
    else:
        target = tmp_path / "still.png"
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                   "-i", "testsrc=size=96x64", "-frames:v", "1", str(target)]
    subprocess.run(command, check=True, timeout=60)
    return target.read_bytes()


@pytest.fixture
def video_bytes(tmp_path):
    return make_media(tmp_path, "video")


@pytest.fixture
def image_bytes(tmp_path):
    return make_media(tmp_path, "image")


@pytest.fixture
def tracking(container_factory, rabbit_config, database_url_for, fast_retries, container):
    """production_tracking beside the asset service (``container``), for the checks the asset service asks of it."""
    running = container_factory(ProductionTrackingService, dict(
        rabbit_config, DATABASE_URL=database_url_for("services/production_tracking"), **fast_retries))
    running.start()
    return running


@pytest.fixture
def tracking_call(tracking):
    """``tracking_call(method, *args, caller=...)``: one of production_tracking's entrypoints."""

    def run(method, *args, caller=None):
        context = {"caller": caller.to_header()} if caller else {}
        with entrypoint_hook(tracking, method, context_data=context) as hook:
            return hook(*args)

    return run
