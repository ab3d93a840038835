"""Object storage: one S3 bucket reached with boto3, any S3-compatible endpoint.

:class:`ObjectStore` is a plain object (no nameko), so the logic modules and
their tests use it directly. File bytes never pass through here on the
upload/download path: clients get presigned URLs. Only the media worker reads
and writes objects itself (the original in, thumbnails and previews out).

An endpoint that cannot be reached becomes :class:`ServiceUnavailable` (503)
rather than a 500, so the caller sees a fault of ours, not of their input.
"""

import datetime as dt
import functools
import logging
import threading
from dataclasses import dataclass
from urllib.parse import quote

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from reelhouse.shared.errors import ServiceUnavailable

log = logging.getLogger(__name__)

NOT_FOUND_CODES = ("404", "NoSuchKey", "NotFound", "NoSuchUpload")
STORAGE_DOWN = "Object storage is unavailable; try again shortly."


@dataclass(frozen=True)
class StorageSettings:
    endpoint_url: str | None
    public_endpoint_url: str | None
    bucket: str
    region: str
    access_key_id: str | None
    secret_access_key: str | None
    upload_expiry_seconds: int = 3600
    download_expiry_seconds: int = 300
    part_size: int = 16 * 1024 * 1024
    create_bucket: bool = False
    # An upload neither registered nor aborted this long after its URLs expired is swept.
    abandoned_after_seconds: int = 24 * 3600

    @classmethod
    def from_config(cls, config: dict) -> "StorageSettings":
        return cls(
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            public_endpoint_url=config.get("S3_PUBLIC_ENDPOINT_URL") or None,
            bucket=config.get("S3_BUCKET") or "reelhouse-assets",
            region=config.get("S3_REGION") or "us-east-1",
            access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
            upload_expiry_seconds=int(config.get("S3_UPLOAD_URL_EXPIRY_SECONDS") or 3600),
            download_expiry_seconds=int(config.get("S3_DOWNLOAD_URL_EXPIRY_SECONDS") or 300),
            part_size=int(config.get("S3_MULTIPART_PART_SIZE") or 16 * 1024 * 1024),
            create_bucket=bool(config.get("S3_CREATE_BUCKET")),
            abandoned_after_seconds=int(config.get("UPLOAD_ABANDONED_AFTER_SECONDS") or 24 * 3600),
        )


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    etag: str
    content_type: str | None


def _client(settings: StorageSettings, endpoint_url: str | None):
    config = BotoConfig(
        # SigV4 as modern S3 requires (boto3 presigns SigV2 by default);
        # path-style addressing works with MinIO and moto without DNS tricks.
        signature_version="s3v4", s3={"addressing_style": "path"},
        # Short waits and one retry: a request must fail fast with 503, not hang.
        connect_timeout=2, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"},
    )
    with _BOTO_SESSION_LOCK:
        return _boto_session().client(
            "s3", endpoint_url=endpoint_url, region_name=settings.region, config=config,
            aws_access_key_id=settings.access_key_id, aws_secret_access_key=settings.secret_access_key,
        )


_BOTO_SESSION_LOCK = threading.Lock()


@functools.cache
def _boto_session():
    """One boto3 session per process: a new session parses botocore's service
    models again (JSON files, ~0.1 s of CPU) for every client it makes. Clients
    are made under a lock, sessions not being thread-safe."""
    return boto3.session.Session()


def _unavailable(error: Exception) -> ServiceUnavailable:
    log.warning("object storage call failed: %s", error)
    return ServiceUnavailable(STORAGE_DOWN, {"reason": "storage_unavailable"})


class ObjectStore:
    """The bucket, and presigned URLs for clients."""

    def __init__(self, settings: StorageSettings):
        self.settings = settings
        self.bucket = settings.bucket
        self.client = _client(settings, settings.endpoint_url)
        # Presigned URLs name the host the client will contact.
        public = settings.public_endpoint_url
        self.presigner = _client(settings, public) if public and public != settings.endpoint_url else self.client

    # --- bucket ---------------------------------------------------------------

    def ensure_bucket(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)

    # --- presigned URLs ----------------------------------------------------------

    def expiry(self, seconds: int) -> str:
        moment = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=seconds)
        return moment.isoformat()

    def presign_put(self, key: str, size: int, content_type: str) -> str:
        # Content-Length and Content-Type are signed: real S3 refuses a body of
        # another size or type than the one declared.
        return self.presigner.generate_presigned_url(
            "put_object", ExpiresIn=self.settings.upload_expiry_seconds,
            Params={"Bucket": self.bucket, "Key": key, "ContentLength": size, "ContentType": content_type},
        )

    def presign_part(self, key: str, upload_id: str, part_number: int) -> str:
        return self.presigner.generate_presigned_url(
            "upload_part", ExpiresIn=self.settings.upload_expiry_seconds,
            Params={"Bucket": self.bucket, "Key": key, "UploadId": upload_id, "PartNumber": part_number},
        )

    def presign_get(self, key: str, file_name: str | None = None, inline: bool = False) -> str:
        params = {"Bucket": self.bucket, "Key": key}
        if file_name:
            disposition = "inline" if inline else "attachment"
            params["ResponseContentDisposition"] = f"{disposition}; filename*=UTF-8''{quote(file_name)}"
        return self.presigner.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=self.settings.download_expiry_seconds,
        )

    # --- calls to the endpoint -----------------------------------------------------

    def _call(self, operation: str, **params):
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **params)
        except (EndpointConnectionError, BotoCoreError) as error:
            raise _unavailable(error) from None
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status >= 500:
                raise _unavailable(error) from None
            raise

    def head(self, key: str) -> ObjectInfo | None:
        """Size, ETag and stored Content-Type of an object, or None if absent."""
        try:
            found = self._call("head_object", Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in NOT_FOUND_CODES:
                return None
            raise
        return ObjectInfo(size=found["ContentLength"], etag=found.get("ETag", "").strip('"'),
                          content_type=found.get("ContentType"))

    def create_multipart(self, key: str, content_type: str) -> str:
        return self._call("create_multipart_upload", Key=key, ContentType=content_type)["UploadId"]

    def list_parts(self, key: str, upload_id: str) -> list[dict]:
        parts, marker = [], 0
        while True:
            page = self._call("list_parts", Key=key, UploadId=upload_id, PartNumberMarker=marker)
            parts += [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in page.get("Parts", [])]
            if not page.get("IsTruncated"):
                return parts
            marker = page["NextPartNumberMarker"]

    def complete_multipart(self, key: str, upload_id: str, parts: list[dict]) -> None:
        self._call("complete_multipart_upload", Key=key, UploadId=upload_id,
                   MultipartUpload={"Parts": sorted(parts, key=lambda p: p["PartNumber"])})

    def abort_multipart(self, key: str, upload_id: str) -> None:
        try:
            self._call("abort_multipart_upload", Key=key, UploadId=upload_id)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in NOT_FOUND_CODES:
                raise

    def delete(self, keys: list[str]) -> None:
        """Remove objects; absent ones count as removed."""
        keys = [key for key in keys if key]
        for start in range(0, len(keys), 1000):  # S3's batch limit
            batch = keys[start:start + 1000]
            result = self._call("delete_objects", Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
            errors = result.get("Errors") or []
            if errors:
                raise _unavailable(RuntimeError(f"delete failed for {len(errors)} object(s): {errors[:3]}"))

    def download_to(self, key: str, path: str, chunk_bytes: int = 1024 * 1024) -> None:
        """Stream an object into a local file (no whole-object buffer)."""
        body = self._call("get_object", Key=key)["Body"]
        try:
            with open(path, "wb") as handle:
                for chunk in body.iter_chunks(chunk_bytes):
                    handle.write(chunk)
        finally:
            body.close()

    def upload_from(self, key: str, path: str, content_type: str) -> None:
        with open(path, "rb") as handle:
            self._call("put_object", Key=key, Body=handle, ContentType=content_type)
