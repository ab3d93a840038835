"""How ``/api`` (Zou dialect) looks on the wire: what gazu expects.

UUIDs as they are, ISO-8601 timestamps without a zone, a ``type`` on every
object, bare arrays for lists unless ``page`` is given, and errors as
``{"error": true, "message": ..., "data": ...}``.
"""

from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.pagination import zou_listing

ROUTE_NOT_FOUND = ("404 Not Found: The requested URL was not found on the server. If you entered the URL "
                   "manually please check your spelling and try again.")


def timestamp(value):
    return value[:19] if value else None


def error_body(error, request_id):
    # Zou answers 400 for every bad input; gazu maps 400 to ParameterException.
    status = 400 if isinstance(error, ValidationFailed) else error.status
    message = error.message
    if isinstance(error, ValidationFailed) and isinstance(error.details, dict):
        message = "; ".join(f"{field}: {', '.join(map(str, problems)) if isinstance(problems, list) else problems}"
                            for field, problems in error.details.items()) or message
    return status, {"error": True, "message": message, "data": error.details,
                    "code": error.code, "request_id": request_id}


def person(record):
    return {
        "id": record["id"],
        "type": "Person",
        "first_name": record["first_name"],
        "last_name": record["last_name"],
        "full_name": record.get("full_name") or f"{record['first_name']} {record['last_name']}",
        "email": record["email"],
        "phone": record.get("phone"),
        "active": record.get("active", True),
        "role": record.get("role") or "user",
        "desktop_login": record.get("desktop_login"),
        "timezone": record.get("timezone") or "Europe/Paris",
        "locale": record.get("locale") or "en_US",
        "has_avatar": record.get("has_avatar", False),
        "data": record.get("data"),
        "departments": record.get("departments") or [],
        "notifications_enabled": False,
        "notifications_slack_enabled": False,
        "is_bot": record.get("is_bot", False),
        "totp_enabled": record.get("totp_enabled", False),
        "email_otp_enabled": record.get("email_otp_enabled", False),
        "fido_enabled": False,
        "preferred_two_factor_authentication": record.get("preferred_two_factor_authentication"),
        "created_at": timestamp(record.get("created_at")),
        "updated_at": timestamp(record.get("updated_at")),
    }


def bot(record):
    """A person; a bot's with its token when identity just issued one (creation, role change)."""
    shaped = person(record)
    for key in ("access_token", "expiration_date"):
        if key in record:
            shaped[key] = record[key]
    return shaped


def as_is(record):
    """production_tracking answers in Zou's shapes already (it is Zou's domain)."""
    return record


def listing(result, page, shape):
    """Zou's list answer: a bare array, or the page envelope when ``page`` was asked."""
    return zou_listing([shape(item) for item in result["items"]], result["total"], page)


def writable(body, output_only):
    """A body without the output-only keys gazu sends back with a whole record; a body
    that is not an object goes on as it is, for the service's validation to answer."""
    if not isinstance(body, dict):
        return body
    return {key: value for key, value in body.items() if key not in output_only}
