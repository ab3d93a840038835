"""The embedded default of `make run`: the asset service on SQLite.

SQLite's busy-wait for the write lock is not green: a writer waiting while
another worker holds the lock across S3 I/O would freeze the whole process.
These flows must therefore stay prompt on SQLite.
"""

import time
import uuid

import pytest
import requests
from nameko.testing.services import entrypoint_hook

from reelhouse.asset.service import AssetService
from reelhouse.shared.events import make_envelope
from reelhouse.shared.migrations import upgrade


@pytest.fixture
def sqlite_container(container_factory, rabbit_config, s3_settings, fast_retries, tmp_path):
    url = f"sqlite:///{tmp_path / 'asset.db'}"
    upgrade("services/asset", url)
    container = container_factory(AssetService, dict(rabbit_config, DATABASE_URL=url, **s3_settings, **fast_retries))
    container.start()
    return container


def test_migrations_run_on_sqlite_and_delete_stays_prompt(sqlite_container, alice, s3_settings):
    def call(method, *args, caller=alice):
        with entrypoint_hook(sqlite_container, method, context_data={"caller": caller.to_header()}) as hook:
            return hook(*args)

    workspace = str(uuid.uuid4())
    call("on_member_added", make_envelope("member_added", {"workspace_id": workspace, "user_id": alice.user_id,
                                                           "role": "owner"}))
    assets = []
    for number in range(5):
        upload = call("create_upload", workspace, {"file_name": f"{number}.txt", "size": 3, "mimetype": "text/plain"})
        assert requests.put(upload["url"], data=b"abc", headers=upload["headers"], timeout=10).ok
        assets.append(call("create_asset", {
            "bucket": s3_settings["S3_BUCKET"], "object_key": upload["object_key"], "file_name": f"{number}.txt",
            "file_type": "txt", "size": 3, "mimetype": "text/plain"}, workspace))

    started = time.monotonic()
    for asset in assets:  # each purge handler runs while the next delete writes
        call("delete_asset", asset["id"])
        call("create_upload", workspace, {"file_name": "b.txt", "size": 3, "mimetype": "text/plain"})
    deadline = time.monotonic() + 10
    while call("list_assets", {"workspace_id": workspace})["total"] or \
            any(requests.get(a["link_download"], timeout=5).status_code == 200 for a in assets):
        assert time.monotonic() < deadline, "an object or an asset outlived its deletion"
        time.sleep(0.1)
    assert time.monotonic() - started < 10
