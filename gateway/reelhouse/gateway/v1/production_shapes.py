"""How the /v1 production API looks on the wire: series, productions, briefs,
shots, revisions, deliverables, actions (and snapshots, embedded only).

Builds on ``shapes`` (timestamps, IDs, pagination). Records come from
production_tracking tagged with their ``_kind``; relations asked for with
``include`` sit under their relation name, as plain objects or arrays (the
spec's one embedded sample has no ``data`` wrapper). Records of other
services are embedded as references: ``{"type": "users", "id": "usr_..."}``.
"""

from reelhouse.shared import ids

from . import shapes

PREFIXES = {
    "video_series": "vds", "production": "prd", "brief": "brf", "description": "dsc", "revision": "rvs",
    "deliverable": "dlv", "action": "act", "snapshot": "snp",
    # references to other services' records
    "user": "usr", "workspace": "wrk", "template": "tmp", "asset": "ast",
}
TYPES = {
    "video_series": "video-series", "production": "production", "brief": "brief", "description": "description",
    "revision": "revision", "deliverable": "deliverable", "action": "actions", "snapshot": "snapshot",
    "user": "users", "workspace": "workspace", "template": "template", "asset": "asset",
}
LEGACY_SERIES_PREFIX = "prj"  # the seed's "Projects": the same records, the same UUIDs


def prefixed(kind, value):
    return ids.to_prefixed(PREFIXES[kind], value) if value else None


def _series(record, caller):
    body = {name: record[name] for name in ("title", "audience", "synopsis", "turnaround", "video_length",
                                            "is_published")}
    if caller.is_admin:  # admin notes stay with admins
        body["internal_notes"] = record.get("internal_notes")
    return body


def _production(record, caller):
    body = {name: record.get(name) for name in ("title", "status", "status_state", "status_queued",
                                                "allow_public_upload", "allow_public_shotlist")}
    for name in ("goal_date", "first_submitted_at", "last_submitted_at"):
        body[name] = shapes.timestamp(record.get(name))
    return body


def _brief(record, caller):
    return {name: record.get(name) for name in ("purpose", "purpose_because", "description", "end_screen",
                                                "instructions", "meta")}


def _description(record, caller):
    return {"position": record["position"], "shot_type": record["shot_type"], "fields": record["fields"]}


def _revision(record, caller):
    return {"instructions": record.get("instructions"), "is_open": record["is_open"],
            "closed_at": shapes.timestamp(record.get("closed_at"))}


def _deliverable(record, caller):
    return {name: record.get(name) for name in ("notes_for_producer", "status", "rating")}


def _action(record, caller):
    kind = record["actionable_type"]
    details = {key: value for key, value in (record.get("data") or {}).items()
               if key in ("from", "to", "fields", "rating", "role", "asset_type", "mimetype", "size")}
    return {"verb": record["verb"], "actionable_type": TYPES.get(kind, kind),
            "actionable_id": prefixed(kind, record.get("actionable_id")) if kind in PREFIXES else None,
            "details": details}


def _snapshot(record, caller):
    state = dict(record.get("state") or {})
    counts = {name: state.pop(name, None) for name in ("brief_count", "shot_count")}
    production_state = {"type": "production", "id": prefixed("production", state.get("id")),
                        **_production(state, caller), "created_at": shapes.timestamp(state.get("created_at")),
                        "updated_at": shapes.timestamp(state.get("updated_at")), **counts}
    return {"from_status": record["from_status"], "to_status": record["to_status"], "state": production_state}


ATTRIBUTES = {"video_series": _series, "production": _production, "brief": _brief, "description": _description,
              "revision": _revision, "deliverable": _deliverable, "action": _action, "snapshot": _snapshot}


def record(value, caller):
    """One production_tracking record (or reference, or list of them) as the wire shows it."""
    if value is None:
        return None
    if isinstance(value, list):
        return [record(item, caller) for item in value]
    kind = value["_kind"]
    body = {"type": TYPES[kind], "id": prefixed(kind, value["id"])}
    if kind not in ATTRIBUTES:  # a reference to another service's record
        return body
    body.update(ATTRIBUTES[kind](value, caller))
    body["created_at"] = shapes.timestamp(value.get("created_at"))
    if "updated_at" in value:
        body["updated_at"] = shapes.timestamp(value.get("updated_at"))
    for name, related in (value.get("_relations") or {}).items():  # asked for with include
        body[name] = record(related, caller)
    return body
