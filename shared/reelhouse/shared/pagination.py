"""Bounded listing: every list is cut into pages of at most MAX_LIMIT rows."""

import math
from dataclasses import dataclass

from .errors import ValidationFailed

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    number: int
    limit: int

    @property
    def offset(self):
        return (self.number - 1) * self.limit


def page_from(page=None, limit=None, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT):
    number = _positive_int("page", page, 1)
    size = _positive_int("limit", limit, default_limit)
    if size > max_limit:
        raise ValidationFailed(details={"limit": [f"Must be at most {max_limit}."]})
    return Page(number, size)


def _positive_int(name, value, default):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(details={name: ["Must be a whole number."]}) from None
    if number < 1:
        raise ValidationFailed(details={name: ["Must be 1 or more."]})
    return number


def zou_listing(items, total, page):
    """Zou's list answer: a bare array, or the page envelope when ``page`` was asked."""
    if page is None:
        return items
    return {"data": items, "total": total, "nb_pages": -(-total // page.limit) if total else 0,
            "limit": page.limit, "offset": page.offset, "page": page.number}


def paginate(query, page, session):
    """Run ``query`` (a SQLAlchemy Select) for one page; return (rows, total)."""
    from sqlalchemy import func, select

    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.limit(page.limit).offset(page.offset)).all()
    return rows, total


def page_meta(page, total, count):
    """The dialect-neutral facts a gateway needs to shape a page."""
    return {
        "total": total,
        "count": count,
        "per_page": page.limit,
        "current_page": page.number,
        "total_pages": max(1, math.ceil(total / page.limit)) if total else 0,
    }
