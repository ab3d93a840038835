"""How ``/v1`` (Candidio dialect) looks on the wire.

Candidio conventions (see docs/api-v1.md): ``{"data": ...}`` envelopes,
type-prefixed IDs, ``Y-m-d H:i:s`` UTC timestamps, ``meta.pagination`` with
real next/previous links, ``{"success": {...}}`` for answers without an
object, and ``{"error": {...}}`` (our design; the spec leaves it open).
"""

import datetime as dt
from urllib.parse import urlencode

from reelhouse.shared import ids
from reelhouse.shared.errors import BadRequest, ValidationFailed

USER_PREFIX, WORKSPACE_PREFIX = "usr", "wrk"
NOTIFICATION_TOPICS = ("project_production_changes", "something_shared_with_me", "messages", "workspace_changes")


def timestamp(value):
    if not value:
        return None
    return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S")


def error_body(error, request_id):
    body = {"http_code": error.status, "code": error.code, "message": error.message, "request_id": request_id}
    if isinstance(error, ValidationFailed) and error.details is not None:
        body["fields"] = error.details
    elif error.details is not None:
        body["details"] = error.details
    return error.status, {"error": body}


def success():
    return {"success": {"http_code": 200, "message": "Success"}}


def request_data(call):
    """The attributes inside the request's ``data`` envelope."""
    body = call.json()
    if not isinstance(body, dict) or "data" not in body:
        raise BadRequest('Wrap the attributes in {"data": {...}}.', {"reason": "envelope_missing"})
    if not isinstance(body["data"], dict):
        raise ValidationFailed(details={"data": ["Must be an object."]})
    extra = sorted(set(body) - {"data"})
    if extra:
        raise ValidationFailed(details={key: ["Unknown field."] for key in extra})
    return body["data"]


def decode_id(prefix, value, field=None):
    try:
        return ids.from_prefixed(prefix, value)
    except Exception as error:
        if field:
            raise ValidationFailed(details={field: [str(error)]}) from None
        raise


def user(record):
    color = record.get("avatar_color") or "2B8ACA"
    preferences = dict(record.get("preferences") or {})
    preferences.setdefault("notifications", {t: {"in_app": True, "email": True} for t in NOTIFICATION_TOPICS})
    preferences.setdefault("avatar", {"color": color})
    user_id = ids.to_prefixed(USER_PREFIX, record["id"])
    return {
        "type": "users",
        "id": user_id,
        "user_hash": user_id[len(USER_PREFIX) + 1:],
        "avatar": {"color": color, "image_urls": dict.fromkeys(
            ("compact", "compact_hd", "normal", "normal_hd", "large"))},
        "email": record["email"],
        "full_name": record.get("full_name") or f"{record['first_name']} {record['last_name']}",
        "first_name": record["first_name"],
        "last_name": record["last_name"],
        "is_confirmed": record.get("is_confirmed", False),
        "is_invite": record.get("is_invite", False),
        "is_beta": record.get("is_beta", False),
        "preferences": preferences,
        "created_at": timestamp(record.get("created_at")),
        "updated_at": timestamp(record.get("updated_at")),
    }


def workspace(record, caller):
    shaped = {
        "type": "workspace",
        "id": ids.to_prefixed(WORKSPACE_PREFIX, record["id"]),
        "organization_name": record.get("organization_name"),
        "workspace_name": record.get("workspace_name"),
        "workspace_path": record.get("workspace_path"),
        "phone": record.get("phone"),
        "is_business": record.get("is_business"),
        "is_invite": record.get("is_invite"),
        "stripe_id": record.get("stripe_id"),
        "card_brand": record.get("card_brand"),
        "card_last_four": record.get("card_last_four"),
        "features": record.get("features"),
        "account": record.get("account", 0),
        "created_at": timestamp(record.get("created_at")),
        "updated_at": timestamp(record.get("updated_at")),
    }
    if record.get("role"):
        # A custom role reads as its rol_ ID, the value role assignment takes.
        shaped["role"] = ids.to_prefixed("rol", record["role_id"]) if record.get("role_id") else record["role"]
    if "permissions" in record:
        shaped["permissions"] = record["permissions"]
    # Admin notes stay with admins (the spec's sample leaks them; we don't).
    if caller.is_admin:
        shaped["internal_notes"] = record.get("internal_notes")
    if any(name in record for name in ("industry", "template_collection", "roles")):
        from . import catalog  # late: catalog's shapes build on this module

        catalog.workspace_relations(shaped, record, caller)
    return shaped


def collection(items, page, total, call):
    """A list body with Candidio's ``meta.pagination`` and working links."""
    total_pages = -(-total // page.limit) if total else 0
    links = {}
    base = call.base_url() + call.request.path
    query = {k: v for k, v in call.args.items() if k != "page"}
    if page.number < total_pages:
        links["next"] = f"{base}?{urlencode({**query, 'page': page.number + 1})}"
    if page.number > 1:
        links["previous"] = f"{base}?{urlencode({**query, 'page': min(page.number - 1, max(total_pages, 1))})}"
    return {
        "data": items,
        "meta": {"pagination": {
            "total": total, "count": len(items), "per_page": page.limit,
            "current_page": page.number, "total_pages": total_pages, "links": links,
        }},
    }


# -- query options shared by list and get routes --------------------------------

def includes(call):
    """``include=a,b.c`` as a list of dot paths; the owning service validates them."""
    raw = call.args.get("include", "")
    return [part.strip() for part in raw.split(",") if part.strip()]


def list_options(call):
    """``sort``, ``direction`` and ``include`` for a service's list RPC (only those given)."""
    options = {}
    for name in ("sort", "direction"):
        if call.args.get(name):
            options[name] = call.args[name]
    if includes(call):
        options["include"] = includes(call)
    return options


def scopes(call, allowed):
    """``scope=name:value,name:value`` into service filters.

    ``allowed`` maps a scope name to ``(filter name, ID prefix)`` or
    ``(filter name, bool)``. Unknown names and bad values are 422 on ``scope``.
    """
    filters, errors = {}, []
    for part in filter(None, (p.strip() for p in call.args.get("scope", "").split(","))):
        name, _, value = part.partition(":")
        if name not in allowed:
            errors.append(f"Unknown scope '{name}' (allowed: {', '.join(allowed) or 'none'}).")
            continue
        target, kind = allowed[name]
        if kind is bool:
            if value.lower() not in ("true", "false", "1", "0"):
                errors.append(f"Scope '{name}' takes true or false.")
                continue
            filters[target] = value.lower() in ("true", "1")
        else:
            try:
                filters[target] = ids.from_prefixed(kind, value)
            except Exception as error:
                errors.append(f"Scope '{name}': {error}")
    if errors:
        raise ValidationFailed(details={"scope": errors})
    return filters


def decode_fields(data, prefixes):
    """Map the prefixed reference IDs of a payload to UUIDs, reporting every bad one at once.

    ``prefixes`` maps a field to its ID prefix; a field holding a list is decoded item by item.
    Fields absent or null are left alone; the service validates everything else.
    """
    payload, errors = dict(data), {}
    for name, prefix in prefixes.items():
        value = payload.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            decoded, bad = [], {}
            for index, item in enumerate(value):
                try:
                    decoded.append(ids.from_prefixed(prefix, item))
                except Exception as error:
                    bad[str(index)] = [str(error)]
            if bad:
                errors[name] = bad
            payload[name] = decoded
        else:
            try:
                payload[name] = ids.from_prefixed(prefix, value)
            except Exception as error:
                errors[name] = [str(error)]
    if errors:
        raise ValidationFailed(details=errors)
    return payload
