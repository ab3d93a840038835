"""The gateway's streamed uploads: multipart bodies read part by part, parts
sent to S3 as they fill, storage faults answered 503 (real sockets, no S3
credentials in the gateway)."""

import io
import socket

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from reelhouse.gateway.api.file_stream import FileParts, send_parts
from reelhouse.shared.errors import BadRequest, ServiceUnavailable
from reelhouse.shared.s3testing import MotoServer, client_for, free_port, settings_for


def multipart_request(files: dict, **fields) -> Request:
    builder = EnvironBuilder(method="POST", data={**fields, **{name: (io.BytesIO(body), file_name)
                                                               for name, (file_name, body) in files.items()}})
    return Request(builder.get_environ())


def test_every_file_part_is_read_in_order_with_its_name():
    parts = FileParts(multipart_request({"file": ("a.png", b"A" * 700_000), "file-1": ("b.txt", b"bee")},
                                        note="ignored"))

    read = []
    while (name := parts.next_file()) is not None:
        read.append((name, b"".join(parts.chunks())))

    assert read == [("a.png", b"A" * 700_000), ("b.txt", b"bee")]


def test_a_body_that_is_not_multipart_or_has_no_length_is_refused():
    request = Request(EnvironBuilder(method="POST", json={"file": "x"}).get_environ())
    with pytest.raises(BadRequest) as error:
        FileParts(request)
    assert error.value.details["reason"] == "not_multipart"

    chunked = multipart_request({"file": ("a.png", b"x")})
    chunked.environ.pop("CONTENT_LENGTH")
    with pytest.raises(BadRequest) as error:
        FileParts(chunked)
    assert error.value.details["reason"] == "length_required"


def test_a_truncated_body_is_a_bad_request():
    request = multipart_request({"file": ("a.png", b"x" * 1000)})
    body = request.stream.read()
    request = Request(EnvironBuilder(method="POST", data=body[:600], content_type=request.content_type).get_environ())
    parts = FileParts(request)
    assert parts.next_file() == "a.png"
    with pytest.raises(BadRequest):
        b"".join(parts.chunks())


def test_parts_go_to_s3_as_they_fill_and_assemble_to_the_file(tmp_path):
    moto = MotoServer().start()
    try:
        settings = settings_for(moto.url, "stream-test")
        s3 = client_for(settings)
        s3.create_bucket(Bucket="stream-test")
        upload_id = s3.create_multipart_upload(Bucket="stream-test", Key="k")["UploadId"]
        urls = [{"part_number": n, "url": s3.generate_presigned_url(
            "upload_part", Params={"Bucket": "stream-test", "Key": "k", "UploadId": upload_id, "PartNumber": n})}
            for n in (1, 2, 3)]
        body = bytes(range(256)) * (48 * 1024)  # 12 MiB in 256 KiB chunks
        chunks = (body[i:i + 256 * 1024] for i in range(0, len(body), 256 * 1024))

        parts, size = send_parts({"part_size": 5 * 1024 * 1024, "parts": urls}, chunks)

        assert size == len(body) and [p["part_number"] for p in parts] == [1, 2, 3]
        s3.complete_multipart_upload(Bucket="stream-test", Key="k", UploadId=upload_id, MultipartUpload={
            "Parts": [{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in parts]})
        assert s3.get_object(Bucket="stream-test", Key="k")["Body"].read() == body
    finally:
        moto.stop()


def test_more_bytes_than_announced_is_a_bad_request():
    with pytest.raises(BadRequest):
        send_parts({"part_size": 4, "parts": []}, iter([b"12345"]))


def test_storage_unreachable_is_a_503():
    port = free_port()
    with socket.socket() as probe:  # nothing listens there
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    with pytest.raises(ServiceUnavailable):
        send_parts({"part_size": 1024, "parts": [{"part_number": 1, "url": f"http://127.0.0.1:{port}/x"}]},
                   iter([b"abc"]))
