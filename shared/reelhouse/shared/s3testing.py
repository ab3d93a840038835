"""pytest fixtures for a real local S3 endpoint: moto's server mode in a subprocess.

Nothing is patched: boto3 talks HTTP to the server like to any S3-compatible
store. One server per test session; each test gets its own bucket name in
``s3_settings`` (the service under test creates it at start), so tests never
see each other's objects. Import the fixtures into a conftest::

    from reelhouse.shared.s3testing import s3_server, s3_settings  # noqa: F401
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.error import URLError
from urllib.request import urlopen

import pytest

ACCESS_KEY = "reelhouse-test"
SECRET_KEY = "reelhouse-test-secret"
REGION = "us-east-1"
STARTUP_TIMEOUT_S = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urlopen(url + "/", timeout=1):
            return True
    except URLError as error:  # an HTTP error still means it is up
        return hasattr(error, "code")
    except OSError:
        return False


class MotoServer:
    """``python -m moto.server`` on a free loopback port, its large objects in a temp dir."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.scratch = tempfile.mkdtemp(prefix="reelhouse-moto-")
        self.process = None

    def start(self) -> "MotoServer":
        env = dict(os.environ, TMPDIR=self.scratch)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"moto server did not start on {self.url}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def settings_for(endpoint_url: str, bucket: str) -> dict:
    """The asset service's S3 config keys for ``endpoint_url``."""
    return {
        "S3_ENDPOINT_URL": endpoint_url,
        "S3_BUCKET": bucket,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_CREATE_BUCKET": True,
    }


def client_for(settings: dict):
    """A boto3 client on the same endpoint, for tests that act as the client."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3", endpoint_url=settings["S3_ENDPOINT_URL"], region_name=settings["S3_REGION"],
        aws_access_key_id=settings["S3_ACCESS_KEY_ID"], aws_secret_access_key=settings["S3_SECRET_ACCESS_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture(scope="session")
def s3_server():
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def s3_settings(s3_server):
    """S3 config for one test: the session's server, a bucket of its own."""
    return settings_for(s3_server.url, f"test-{uuid.uuid4().hex[:16]}")
