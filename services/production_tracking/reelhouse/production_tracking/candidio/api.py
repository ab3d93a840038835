"""The /v1 operations, written once for every kind: list, get, create, update, delete.

``context`` holds the parent IDs of a nested URL (``workspace_id``,
``series_id``, ``production_id``; ``user_id`` for a user's actions): they
scope what is found and supply what a payload may leave out.
"""

import functools
import uuid

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.pagination import Page

from . import delivery, productions, records, series, shots
from .models import Action, Production
from .references import References

READABLE = ("video_series", "production", "brief", "description", "revision", "deliverable", "action")
CONTEXT_KEYS = ("workspace_id", "series_id", "production_id", "user_id")


def _context(context: dict | None) -> dict:
    context = {k: v for k, v in (context or {}).items() if v is not None}
    unknown = set(context) - set(CONTEXT_KEYS)
    if unknown:
        raise ValidationFailed(details={"context": [f"Unknown: {', '.join(sorted(unknown))}."]})
    for key, value in context.items():
        try:
            context[key] = str(uuid.UUID(str(value)))
        except ValueError:
            raise NotFound("Not found.") from None
    return context


def _kind(kind: str) -> str:
    if kind not in READABLE:
        raise ValidationFailed(details={"kind": [f"Must be one of: {', '.join(READABLE)}."]})
    return kind


def list_records(session: Session, caller: Caller, kind: str, context: dict | None, filters: dict | None,
                 page: Page, options: dict | None) -> dict:
    kind, context = _kind(kind), _context(context)
    conditions = records.parse_filters(kind, filters)
    model = records.KINDS[kind].model
    if context.get("series_id"):
        records.find(session, caller, "video_series", context["series_id"], context)
        conditions.append(Production.series_id == uuid.UUID(context["series_id"]))
    if context.get("production_id"):
        records.find(session, caller, "production", context["production_id"],
                     {"workspace_id": context.get("workspace_id")})
        conditions.append(model.production_id == uuid.UUID(context["production_id"]))
    if context.get("user_id"):
        conditions.append(Action.user_id == uuid.UUID(context["user_id"]))
    return records.list_kind(session, caller, kind, conditions, page, options, context.get("workspace_id"))


def get_record(session: Session, caller: Caller, kind: str, record_id, context: dict | None,
               include: list | None) -> dict:
    kind, context = _kind(kind), _context(context)
    tree = records.parse_includes(kind, include)
    row, _access = records.find(session, caller, kind, record_id, context)
    return records.records_of(session, kind, [row], tree)[0]


def _with_refs(function):
    @functools.wraps(function)
    def run(tx, caller, refs, *args):
        return function(tx, caller, *args)
    return run


CREATE = {
    "video_series": series.create_series,
    "production": productions.create_production,
    "brief": _with_refs(shots.create_brief),
    "description": _with_refs(shots.create_shot),
    "revision": _with_refs(delivery.create_revision),
    "deliverable": _with_refs(delivery.create_deliverable),
}
UPDATE = {
    "video_series": series.update_series,
    "production": _with_refs(productions.update_production),
    "brief": _with_refs(shots.update_brief),
    "description": _with_refs(shots.update_shot),
    "revision": _with_refs(delivery.update_revision),
    "deliverable": _with_refs(delivery.update_deliverable),
}
DELETE = {
    "video_series": series.delete_series,
    "production": productions.delete_production,
    "brief": shots.delete_brief,
    "description": shots.delete_shot,
    "deliverable": delivery.delete_deliverable,
}


def _writer(table: dict, kind: str):
    if kind not in table:
        raise ValidationFailed(details={"kind": [f"Must be one of: {', '.join(table)}."]})
    return table[kind]


def create_record(tx: Transaction, caller: Caller, refs: References, kind: str, context: dict | None,
                  payload: dict) -> dict:
    return _writer(CREATE, kind)(tx, caller, refs, _context(context), payload)


def update_record(tx: Transaction, caller: Caller, refs: References, kind: str, record_id, context: dict | None,
                  payload: dict) -> dict:
    return _writer(UPDATE, kind)(tx, caller, refs, record_id, _context(context), payload)


def delete_record(tx: Transaction, caller: Caller, kind: str, record_id, context: dict | None) -> dict:
    return _writer(DELETE, kind)(tx, caller, record_id, _context(context))
