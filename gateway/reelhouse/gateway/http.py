"""The request pipeline every route shares, written once.

``@route(dialect, auth=...)`` sits under nameko's ``@http`` and gives the
route function a :class:`Call`: the parsed body (size-limited, JSON checked),
query arguments, the authenticated caller, and ``call.rpc(service, method,
...)``, which carries caller and request id to the service and bounds the wait.
Errors of any kind leave as the dialect's error body with the request id.
"""

import functools
import json
import logging
import re

from werkzeug.wrappers import Response

from reelhouse.shared.context import ANONYMOUS, new_request_id
from reelhouse.shared.errors import AppError, BadRequest, InternalError, PayloadTooLarge, Unauthenticated
from reelhouse.shared.idempotency import KEY_HEADER, MAX_KEY_LENGTH
from reelhouse.shared.rpc import EncodedResult

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Completing a multipart upload makes the store assemble the object, which S3
# may take minutes to do for a large one (moto ≈ 10 s per GiB here): those RPCs
# wait this long instead of RPC_TIMEOUT_SECONDS. Completing twice is harmless.
ASSEMBLY_TIMEOUT_SECONDS = 180
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
IDEMPOTENCY_KEY_PATTERN = re.compile(rf"^[\x21-\x7e]{{1,{MAX_KEY_LENGTH}}}$")
NO_BODY = object()


class Reply:
    """A route's answer: a status, a JSON body and optional headers."""

    def __init__(self, body, status=200, headers=None):
        self.body, self.status, self.headers = body, status, headers or {}


class Call:
    """Everything a route function needs about the current HTTP request."""

    def __init__(self, service, request, caller, request_id):
        self._service = service
        self.request = request
        self.caller = caller
        self.request_id = request_id
        self.args = request.args
        self._body = NO_BODY

    def rpc(self, service_name, method, *args, timeout=None, **kwargs):
        return self._service.services.call(service_name, method, *args, timeout=timeout, **kwargs)

    def json(self, required=True):
        """The request body as JSON (any content type), within the size limit."""
        if self._body is NO_BODY:
            self._body = read_json(self.request, self._service.max_body_bytes)
        if self._body is None and required:
            raise BadRequest("A JSON body is required.", {"reason": "body_missing"})
        return self._body

    def raw_body(self) -> bytes:
        """The body's exact bytes (e.g. for a signature over them), within the size limit."""
        return read_body(self.request, self._service.max_body_bytes)

    @property
    def config(self):
        return self._service.config

    def base_url(self):
        configured = self.config.get("PUBLIC_BASE_URL")
        return (configured or self.request.host_url).rstrip("/")


def read_body(request, limit) -> bytes:
    """The body's bytes as sent, refused when larger than ``limit``."""
    length = request.content_length
    if length is not None and length > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes.", {"limit_bytes": limit})
    # A chunked body has no length: read at most limit + 1 bytes to tell.
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes.", {"limit_bytes": limit})
    return raw


def read_json(request, limit):
    raw = read_body(request, limit)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("The body is not valid JSON.", {"reason": "malformed_json", "error": str(error)}) from None


def idempotency_key(request):
    """The client's ``Idempotency-Key`` (retries of a write answer the first result), or None."""
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    if not IDEMPOTENCY_KEY_PATTERN.match(key):
        raise BadRequest(f"{KEY_HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
                         {"reason": "bad_idempotency_key"})
    return key


def json_response(status, body, request_id, headers=None):
    if status == 204:
        response = Response(status=204)
    elif isinstance(body, EncodedResult):  # JSON a service encoded: written as it came
        response = Response(body.json, status=status, mimetype="application/json")
    else:
        response = Response(json.dumps(body, separators=(",", ":")), status=status, mimetype="application/json")
    response.headers["X-Request-Id"] = request_id
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def retry_after_header(error):
    """A 429 that says how long to wait (rate limits, a locked second factor) says it in Retry-After too."""
    retry_after = error.details.get("retry_after") if isinstance(error.details, dict) else None
    return {"Retry-After": str(retry_after)} if error.status == 429 and retry_after else None


def route(dialect, auth="required", limit=None):
    """Wrap a route function: request id, rate limit, authentication, errors in the dialect.

    ``auth`` is ``"required"``, ``"optional"`` or ``"none"``; ``limit`` names
    a budget of ``ratelimit.DEFAULT_LIMITS`` counted per client address.
    """

    def decorate(function):
        @functools.wraps(function)
        def handler(self, request, **path):
            request_id = request.headers.get("X-Request-Id", "")
            if not REQUEST_ID_PATTERN.match(request_id):
                request_id = new_request_id()
            try:
                if limit:
                    self.rate_limits.check(limit, request)
                caller = ANONYMOUS
                if auth != "none":
                    caller = self.auth.caller_for(request, self.services)
                    if auth == "required" and not caller.is_authenticated:
                        raise Unauthenticated("Send an access token: Authorization: Bearer <token>.")
                self.services.set_context(caller, request_id, idempotency_key(request))
                result = function(self, Call(self, request, caller, request_id), **path)
            except AppError as error:
                status, body = dialect.error_body(error, request_id)
                return json_response(status, body, request_id, retry_after_header(error))
            except Exception:  # a bug, not bad input: log it, answer 500
                log.exception("unhandled error in %s (request %s)", function.__name__, request_id)
                status, body = dialect.error_body(InternalError(), request_id)
                return json_response(status, body, request_id)
            if isinstance(result, Response):
                result.headers["X-Request-Id"] = request_id
                return result
            if not isinstance(result, Reply):
                result = Reply(result)
            return json_response(result.status, result.body, request_id, result.headers)

        return handler

    return decorate
