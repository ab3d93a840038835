"""gazu's file uploads, streamed from the request to S3 with flat memory.

gazu posts files as ``multipart/form-data`` (parts named ``file``, ``file-1``...). The
gateway never holds S3 credentials and never buffers the file: it parses the
body as it arrives (werkzeug's sans-IO multipart decoder), asks the owning
service for a multipart upload with presigned part URLs, sends each part
once it holds ``part_size`` bytes (so memory stays at about one part,
whatever the file's size), and asks the service to verify and record the
object. The bytes never travel over RabbitMQ.

On any failure the multipart upload is aborted, so nothing is recorded and
no parts linger.
"""

import logging

import requests
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, File, MultipartDecoder, NeedData

from reelhouse.shared.errors import AppError, BadRequest, PayloadTooLarge, ServiceUnavailable

from ..http import ASSEMBLY_TIMEOUT_SECONDS

log = logging.getLogger(__name__)

READ_BYTES = 256 * 1024
# The decoder's buffer (never more than one read ahead; fields beside the file are small).
DECODER_BUFFER_BYTES = 4 * READ_BYTES
MAX_PARTS = 32  # files and fields in one request
S3_TIMEOUT = (5, 120)  # connect, read (one part)
S3_DOWN = "Object storage is unavailable; try again shortly."


class FileParts:
    """The file parts of a multipart request, one after the other, read incrementally."""

    def __init__(self, request):
        mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
        if mimetype != "multipart/form-data" or not options.get("boundary"):
            raise BadRequest("Send the file as multipart/form-data (a part named 'file').",
                             {"reason": "not_multipart"})
        if request.content_length is None:
            raise BadRequest("A Content-Length header is required for uploads.", {"reason": "length_required"})
        self.content_length = request.content_length
        self._stream = request.stream
        self._decoder = MultipartDecoder(options["boundary"].encode("latin-1"), DECODER_BUFFER_BYTES,
                                         max_parts=MAX_PARTS)
        self._ended = False
        self._iterator = self._events()

    def _events(self):
        """Decoder events, reading more of the body whenever it needs data."""
        while True:
            try:
                event = self._decoder.next_event()
            except ValueError as error:  # the decoder's word for a malformed body
                raise BadRequest(f"Malformed multipart body: {error}", {"reason": "malformed_multipart"}) from None
            if isinstance(event, NeedData):
                if self._ended:
                    raise BadRequest("The multipart body ended early.", {"reason": "truncated_body"})
                chunk = self._stream.read(READ_BYTES)
                self._ended = not chunk
                try:
                    self._decoder.receive_data(chunk or None)
                except RequestEntityTooLarge:
                    raise PayloadTooLarge("A form field beside the file is too large.",
                                          {"limit_bytes": DECODER_BUFFER_BYTES}) from None
                continue
            yield event
            if isinstance(event, Epilogue):
                return

    def next_file(self) -> str | None:
        """The next file part's name (its bytes follow from :meth:`chunks`), or None after the last."""
        for event in self._iterator:
            if isinstance(event, File):
                if not event.filename:
                    raise BadRequest("The file part has no file name.", {"reason": "file_name_missing"})
                return event.filename.replace("\\", "/").rsplit("/", 1)[-1]
        return None

    def chunks(self):
        """The current file's bytes, as they arrive."""
        for event in self._iterator:
            if isinstance(event, Data):
                if event.data:
                    yield event.data
                if not event.more_data:
                    return
        raise BadRequest("The file part ended early.", {"reason": "truncated_body"})


def put_part(session: requests.Session, url: str, body: bytes) -> str:
    try:
        response = session.put(url, data=body, timeout=S3_TIMEOUT)
    except requests.RequestException as error:
        log.warning("part upload failed: %s", error)
        raise ServiceUnavailable(S3_DOWN, {"reason": "storage_unavailable"}) from None
    if response.status_code != 200:
        log.warning("part upload refused: %s %s", response.status_code, response.text[:300])
        raise ServiceUnavailable(S3_DOWN, {"reason": "storage_refused", "status": response.status_code})
    return response.headers.get("ETag", "")


def send_parts(upload: dict, chunks) -> tuple[list[dict], int]:
    """Send ``chunks`` as the upload's parts: (their ETags, the bytes sent)."""
    part_size, urls = upload["part_size"], [p["url"] for p in upload["parts"]]
    parts, buffer, size = [], bytearray(), 0
    with requests.Session() as session:
        for chunk in chunks:
            size += len(chunk)
            buffer += chunk
            if len(buffer) >= part_size:  # a part a little over part_size: S3 takes parts of any size ≥ 5 MiB
                body, buffer = bytes(buffer), bytearray()
                parts.append(_send(session, urls, parts, body))
                del body
        if buffer or not parts:
            parts.append(_send(session, urls, parts, bytes(buffer)))
    return parts, size


def _send(session, urls, parts, body: bytes) -> dict:
    number = len(parts) + 1
    if number > len(urls):  # more bytes than the Content-Length announced
        raise BadRequest("The body is longer than its Content-Length.", {"reason": "length_mismatch"})
    return {"part_number": number, "etag": put_part(session, urls[number - 1], body)}


def upload_file(call, service: str, args: tuple, rpcs: tuple, file_name: str, chunks, max_size: int) -> dict:
    """Stream one file's ``chunks`` to S3 through ``service``'s (begin, finish, abort) RPCs, called with ``args``
    first; ``max_size`` bounds the file (the request's length)."""
    begin, finish, abort = rpcs
    upload = call.rpc(service, begin, *args, {"file_name": file_name, "max_size": max_size})
    try:
        sent, size = send_parts(upload, chunks)
        if size == 0:
            raise BadRequest("The file is empty.", {"reason": "empty_file"})
        return call.rpc(service, finish, *args, {
            "object_key": upload["object_key"], "upload_id": upload["upload_id"], "file_name": file_name,
            "size": size, "parts": sent}, timeout=ASSEMBLY_TIMEOUT_SECONDS)
    except Exception:
        try:
            call.rpc(service, abort, *args, upload["object_key"], upload["upload_id"])
        except AppError as error:  # storage away: the bucket's lifecycle rule drops stale parts
            log.warning("could not abort upload %s: %s", upload["upload_id"], error)
        raise


def upload_parsed_files(call, service: str, args: tuple, rpcs: tuple) -> list[dict]:
    """Files werkzeug has already parsed from a form (spooled to disk past 500 KB), sent the same way."""
    storages = [storage for storage in call.request.files.values() if storage.filename]
    return [upload_file(call, service, args, rpcs, storage.filename.replace("\\", "/").rsplit("/", 1)[-1],
                        iter(lambda s=storage: s.stream.read(READ_BYTES), b""), call.request.content_length or 1)
            for storage in storages]


def stream_upload(call, service: str, args: tuple, rpcs: tuple) -> dict:
    """The request's (first) file, streamed to S3: the owning service's record of it."""
    parts = FileParts(call.request)
    file_name = parts.next_file()
    if file_name is None:
        raise BadRequest("No file part in the body.", {"reason": "file_missing"})
    return upload_file(call, service, args, rpcs, file_name, parts.chunks(), parts.content_length)


def stream_uploads(call, service: str, args: tuple, rpcs: tuple) -> list[dict]:
    """Every file of the request (gazu names them file, file-1, ...), one after the other."""
    parts, records = FileParts(call.request), []
    while (file_name := parts.next_file()) is not None:
        records.append(upload_file(call, service, args, rpcs, file_name, parts.chunks(), parts.content_length))
    if not records:
        raise BadRequest("No file part in the body.", {"reason": "file_missing"})
    return records
