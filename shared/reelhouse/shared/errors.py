"""The error catalogue: one class per stable error code, mapped to HTTP once.

Services raise these; nameko serialises them over RPC and, because every
class is registered for deserialisation, the gateway receives the same typed
exception and maps it to a status with :func:`http_status`.
"""

import json

from nameko.exceptions import deserialize_to_instance

# nameko sends an exception as its ``args`` made "safe" by stringifying every
# non-string value ({"id": 1} arrived as {"id": "1"}, no details as "None").
# So ``details`` travels in ``args`` as JSON text, tagged with this marker.
_WIRE_DETAILS = "reelhouse.details.json"


class AppError(Exception):
    """Base of every error a client may see. ``details`` must be JSON-safe."""

    code = "error"
    status = 500
    default_message = "Internal error."

    def __init__(self, message=None, details=None, _wire=None):
        if _wire == _WIRE_DETAILS:  # rebuilt from the RPC reply
            details = json.loads(details)
        message = message or self.default_message
        super().__init__(message, json.dumps(details, default=str), _WIRE_DETAILS)
        self.message = message
        self.details = details

    def __str__(self):
        return self.message

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Registered so the typed error survives the RPC hop.
        deserialize_to_instance(cls)

    def to_dict(self):
        body = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class BadRequest(AppError):
    code = "bad_request"
    status = 400
    default_message = "The request is malformed."


class MalformedId(AppError):
    code = "malformed_id"
    status = 400
    default_message = "Malformed ID."


class ValidationFailed(AppError):
    code = "validation_failed"
    status = 422
    default_message = "The request has invalid fields."


class Unauthenticated(AppError):
    code = "unauthenticated"
    status = 401
    default_message = "Authentication is required."


class PaymentRequired(AppError):
    """A payment did not go through or cannot be made: ``details.reason`` says
    which (``card_declined``, ``insufficient_funds``, ``no_payment_method``)."""

    code = "payment_required"
    status = 402
    default_message = "The payment could not be made."


class Forbidden(AppError):
    code = "forbidden"
    status = 403
    default_message = "You are not allowed to do this."


class NotFound(AppError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class MethodNotAllowed(AppError):
    code = "method_not_allowed"
    status = 405
    default_message = "Method not allowed."


class Conflict(AppError):
    code = "conflict"
    status = 409
    default_message = "The resource already exists or was changed."


class PayloadTooLarge(AppError):
    code = "payload_too_large"
    status = 413
    default_message = "The request body is too large."


class UnsupportedMediaType(AppError):
    code = "unsupported_media_type"
    status = 415
    default_message = "Send JSON with Content-Type: application/json."


class RateLimited(AppError):
    code = "rate_limited"
    status = 429
    default_message = "Too many requests."


class ServiceUnavailable(AppError):
    code = "service_unavailable"
    status = 503
    default_message = "A service needed for this request is unavailable."


class ServiceTimeout(AppError):
    code = "service_timeout"
    status = 504
    default_message = "A service needed for this request did not answer in time."


class InternalError(AppError):
    code = "internal_error"
    status = 500


def http_status(error):
    return error.status if isinstance(error, AppError) else 500
