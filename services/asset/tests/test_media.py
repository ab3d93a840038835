"""Derived media: ffmpeg makes thumbnails and MP4 previews after the create
request has answered; failures are visible and retried, then dead-lettered."""

import functools
import json
import subprocess
import time

import eventlet
import pytest
import requests
from kombu import Connection

from reelhouse.asset.media import MediaJobFailed, run_tool
from reelhouse.shared import testing
from reelhouse.shared.events import dead_letter_queue

# Media jobs and deletions run in the background; give them time on a busy machine.
eventually = functools.partial(testing.eventually, timeout=30.0, interval=0.1)


def probe(tmp_path, body: bytes) -> dict:
    path = tmp_path / "probe.bin"
    path.write_bytes(body)
    output = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
                            check=True, capture_output=True, timeout=30).stdout
    return {stream["codec_type"]: stream for stream in json.loads(output)["streams"]}


def test_video_gets_a_thumbnail_an_h264_preview_and_its_duration(call, alice, register, video_bytes, tmp_path):
    asset = register(video_bytes, file_name="clip.mp4", mimetype="video/mp4")
    assert asset["is_transcoded"] is False and asset["link_thumbnail"] is None

    done = eventually(lambda: (a := call("get_asset", asset["id"], caller=alice))["is_transcoded"] and a)

    assert done["media_state"] == "done" and done["has_failed_jobs"] is False
    assert done["video_duration"] == pytest.approx(1.0, abs=0.1)
    thumbnail = requests.get(done["link_thumbnail"], timeout=10).content
    assert probe(tmp_path, thumbnail)["video"]["codec_name"] == "mjpeg"
    streams = probe(tmp_path, requests.get(done["link_preview_mp4"], timeout=10).content)
    assert streams["video"]["codec_name"] == "h264" and streams["audio"]["codec_name"] == "aac"
    assert done["link_preview_webm"] is None


def test_image_gets_a_thumbnail_and_is_its_own_full_size(call, alice, register, image_bytes, tmp_path):
    asset = register(image_bytes, file_name="still.png", mimetype="image/png")

    done = eventually(lambda: (a := call("get_asset", asset["id"], caller=alice))["is_transcoded"] and a)

    thumbnail = probe(tmp_path, requests.get(done["link_thumbnail"], timeout=10).content)["video"]
    assert (thumbnail["width"], thumbnail["height"]) == (96, 64)  # never upscaled
    assert done["link_preview_mp4"] is None
    assert requests.get(done["link_fullsize"], timeout=10).content == image_bytes


def test_audio_has_no_job(call, alice, register):
    asset = register(b"ID3....", file_name="voice.mp3", mimetype="audio/mpeg")
    assert asset["media_state"] == "none" and asset["has_failed_jobs"] is False


def test_a_failing_job_is_visible_retried_and_finally_dead_lettered(
        call, alice, workspace_id, register, rabbit_config):
    asset = register(b"this is not a video at all", file_name="broken.mp4", mimetype="video/mp4")

    # fast_retries: two delayed retries, so three attempts in all, then the dead-letter queue.
    failed = eventually(lambda: (a := call("get_asset", asset["id"], caller=alice))["media_attempts"] == 3 and a)
    assert failed["has_failed_jobs"] is True and failed["is_transcoded"] is False
    assert "ffprobe exited" in failed["media_error"] or "ffmpeg exited" in failed["media_error"]
    listed = call("list_assets", {"workspace_id": workspace_id, "has_failed_jobs": True}, caller=alice)
    assert [item["id"] for item in listed["items"]] == [asset["id"]]
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        queue = dead_letter_queue("evt-asset-asset_created--asset_media.on_asset_created")(connection.default_channel)
        message = eventually(lambda: queue.get(no_ack=True), timeout=10)
    assert message.payload["data"]["asset_id"] == asset["id"]


def test_ffmpeg_runs_without_blocking_the_event_loop_and_is_killed_on_timeout():
    ticks = []

    def tick():
        while True:
            ticks.append(1)
            eventlet.sleep(0.02)

    ticker = eventlet.spawn(tick)
    started = time.monotonic()
    try:
        with pytest.raises(MediaJobFailed, match="timed out"):
            run_tool(["sleep", "5"], timeout=0.5)
    finally:
        ticker.kill()
    assert time.monotonic() - started < 2
    assert len(ticks) >= 10  # the loop kept running while the tool ran
