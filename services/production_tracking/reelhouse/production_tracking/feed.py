"""Domain events and Zou's events feed, written together.

``record`` writes the domain event to the outbox (``tx.emit``) and the
Zou-named feed row (``task:status-changed``) in the same transaction as the
change, so the feed and the published events never disagree.
"""

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import permissions
from .models import FeedEvent
from .tenancy import Tenant

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def record(tx: Transaction, tenant: Tenant, event_type: str, zou_name: str, data: dict,
           project_id=None) -> None:
    payload = {"workspace_id": str(tenant.workspace_id), **data}
    tx.emit(event_type, payload)
    # Strictly increasing within a transaction, so the feed keeps the order of the changes.
    now = max(utcnow(), getattr(tx, "feed_clock", dt.datetime.min) + dt.timedelta(microseconds=1))
    tx.feed_clock = now
    tx.session.add(FeedEvent(
        workspace_id=tenant.workspace_id, project_id=uuid.UUID(str(project_id)) if project_id else None,
        name=zou_name, user_id=tenant.user_id, data=data, created_at=now, updated_at=now,
    ))


def _when(name: str, value):
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "")).replace(tzinfo=None)
    except ValueError:
        raise ValidationFailed(details={name: ["Expected an ISO-8601 date or date-time."]}) from None


def last_events(session: Session, tenant: Tenant, args: dict) -> list[dict]:
    """Zou's ``GET /data/events/last``: newest first, ``after``/``before`` bounds, ``limit``.

    ``cursor_event_id`` pages backwards from a given event (Zou's cursor).
    """
    try:
        limit = min(int(args.get("limit") or DEFAULT_LIMIT), MAX_LIMIT)
    except ValueError:
        raise ValidationFailed(details={"limit": ["Must be a whole number."]}) from None
    query = select(FeedEvent).where(FeedEvent.workspace_id == tenant.workspace_id,
                                    *permissions.visibility(tenant, FeedEvent))  # /data/events' rule
    if args.get("after"):
        query = query.where(FeedEvent.created_at > _when("after", args["after"]))
    if args.get("before"):
        query = query.where(FeedEvent.created_at < _when("before", args["before"]))
    if args.get("project_id"):
        query = query.where(FeedEvent.project_id == uuid.UUID(str(args["project_id"])))
    if args.get("cursor_event_id"):
        cursor = session.get(FeedEvent, uuid.UUID(parse_uuid(args["cursor_event_id"])))
        if cursor is not None and cursor.workspace_id == tenant.workspace_id:
            query = query.where((FeedEvent.created_at < cursor.created_at)
                                | ((FeedEvent.created_at == cursor.created_at) & (FeedEvent.id < cursor.id)))
    rows = session.scalars(query.order_by(FeedEvent.created_at.desc(), FeedEvent.id.desc()).limit(limit)).all()
    return [{
        "id": str(row.id), "type": "ApiEvent", "name": row.name, "user_id": str(row.user_id) if row.user_id else None,
        "project_id": str(row.project_id) if row.project_id else None, "data": row.data,
        "created_at": row.created_at.isoformat(timespec="seconds"),
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
    } for row in rows]
