"""Input validation with marshmallow, turned into the catalogue's error."""

import calendar
import datetime as dt
import uuid

from marshmallow import ValidationError, fields

from .errors import ValidationFailed


def load(schema, data, partial=False):
    """Validate ``data`` with ``schema`` (a Schema instance or class).

    Unknown fields are refused (marshmallow's default), so a typo in a field
    name is an error the client sees rather than a silently ignored value.
    """
    if isinstance(schema, type):
        schema = schema()
    if not isinstance(data, dict):
        raise ValidationFailed("Expected a JSON object.", {"_schema": ["Expected a JSON object."]})
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise ValidationFailed(details=error.normalized_messages()) from None


class StrictBoolean(fields.Boolean):
    """Only JSON true/false: marshmallow's Boolean would also take "yes" or 1."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Must be true or false.")
        return value


class StrictInteger(fields.Integer):
    """A JSON integer, not a bool, float or numeric string."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("Must be a whole number.")
        return super()._deserialize(value, attr, data, **kwargs)


def load_ids(values, field: str, maximum: int) -> list[uuid.UUID]:
    """Distinct UUIDs, in order, from a list of ids (an RPC answering for a page of records at once).

    A malformed id or more than ``maximum`` of them is a 422 on ``field``.
    """
    try:
        found = list(dict.fromkeys(uuid.UUID(str(value)) for value in values))
    except (TypeError, ValueError):
        raise ValidationFailed(details={field: ["Malformed ID."]}) from None
    if len(found) > maximum:
        raise ValidationFailed(details={field: [f"At most {maximum}."]})
    return found


def calendar_period(kind: str, year, number=None) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO week, a month or a year; 400 for a malformed one."""
    try:
        year = int(year)
        if kind == "week":
            start = dt.date.fromisocalendar(year, int(number), 1)
            return start, start + dt.timedelta(days=6)
        if kind == "month":
            month = int(number)
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (TypeError, ValueError):
        pass
    raise ValidationFailed("Invalid date.", {"date": [f"Not a valid {kind}."]})
