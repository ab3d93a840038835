"""Zou's day offs: a person is away from ``date`` to ``end_date`` (both included).

Identity keeps them because a day off belongs to a person (identity's record)
and to no project: production_tracking's rows all hang off a project, and a
project's deletion must not take anyone's holidays with it. Who may read or
write one follows Zou's ``check_day_off_access``: the person themselves and
administrators; a person of another tenant is 404, as for persons.
"""

import uuid

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import calendar_period, load

from .accounts import shares_a_workspace
from .models import User
from .models_persons import DayOff
from .users import iso

MAX_LISTED = 10_000  # a bare list, like every other /api list


class DayOffSchema(Schema):
    """Load with ``partial=True`` for updates."""

    person_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=1000))

    @validates_schema
    def end_after_start(self, data, **kwargs):
        if data.get("date") and data.get("end_date") and data["end_date"] < data["date"]:
            raise ValidationError("The end date is before the start date.", "end_date")


def day_off_to_dict(row: DayOff, with_description: bool = True) -> dict:
    record = {
        "id": str(row.id), "type": "DayOff", "person_id": str(row.person_id),
        "date": row.date.isoformat(), "end_date": row.end_date.isoformat(),
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
    }
    if with_description:
        record["description"] = row.description
    return record


def _person(session: Session, caller: Caller, person_id, for_update: bool = False) -> User:
    """The person whose day offs are asked for, if the caller may touch them."""
    if not caller.is_authenticated:
        raise Unauthenticated("Log in to see day offs.")
    try:
        person_uuid = uuid.UUID(parse_uuid(person_id))
    except Exception:
        raise ValidationFailed("Malformed ID.", {"person_id": ["Malformed ID."]}) from None
    query = select(User).where(User.id == person_uuid)
    person = session.scalars(query.with_for_update() if for_update else query).first()
    own = str(person_uuid) == str(caller.user_id)
    if person is None or not (caller.is_admin or own
                              or shares_a_workspace(session, memberships.caller_user_id(caller), person.id)):
        raise NotFound("Person not found.")
    if not (caller.is_admin or own):
        raise Forbidden("Only the person and administrators see or change a person's day offs.")
    if person.is_bot:
        raise ValidationFailed("Bots take no day off.", {"person_id": ["This person is a bot."]})
    return person


def _check_free(session: Session, row: DayOff) -> None:
    clash = session.scalar(select(DayOff.id).where(
        DayOff.person_id == row.person_id, DayOff.id != row.id,
        DayOff.date <= row.end_date, DayOff.end_date >= row.date).limit(1))
    if clash is not None:
        raise ValidationFailed("This period overlaps another day off of the person.",
                               {"date": [f"Overlaps day off {clash}."]})


def create_day_off(tx: Transaction, caller: Caller, payload) -> dict:
    data = load(DayOffSchema, payload)
    # The person's row is locked: two overlapping requests cannot both pass the check.
    person = _person(tx.session, caller, data["person_id"], for_update=True)
    row = DayOff(id=uuid.uuid4(), person_id=person.id, date=data["date"], end_date=data["end_date"],
                 description=data.get("description"))
    _check_free(tx.session, row)
    tx.session.add(row)
    tx.session.flush()
    record = day_off_to_dict(row)
    tx.emit("day_off_created", record)
    return record


def _load(session: Session, caller: Caller, day_off_id, for_update: bool = False) -> DayOff:
    try:
        key = uuid.UUID(parse_uuid(day_off_id))
    except Exception:
        raise ValidationFailed("Malformed ID.", {"id": ["Malformed ID."]}) from None
    query = select(DayOff).where(DayOff.id == key)
    row = session.scalars(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound("Day off not found.")
    try:
        _person(session, caller, row.person_id, for_update=for_update)
    except NotFound:
        raise NotFound("Day off not found.") from None
    return row


def get_day_off(session: Session, caller: Caller, day_off_id) -> dict:
    return day_off_to_dict(_load(session, caller, day_off_id))


def update_day_off(tx: Transaction, caller: Caller, day_off_id, payload) -> dict:
    data = load(DayOffSchema, payload, partial=True)
    row = _load(tx.session, caller, day_off_id, for_update=True)
    if "person_id" in data and data["person_id"] != row.person_id:
        row.person_id = _person(tx.session, caller, data["person_id"], for_update=True).id
    for name in ("date", "end_date", "description"):
        if name in data:
            setattr(row, name, data[name])
    if row.end_date < row.date:
        raise ValidationFailed(details={"end_date": ["The end date is before the start date."]})
    _check_free(tx.session, row)
    tx.session.flush()
    record = day_off_to_dict(row)
    tx.emit("day_off_updated", record)
    return record


def delete_day_off(tx: Transaction, caller: Caller, day_off_id) -> dict:
    row = _load(tx.session, caller, day_off_id, for_update=True)
    record = day_off_to_dict(row)
    tx.session.delete(row)
    tx.session.flush()
    tx.emit("day_off_deleted", record)
    return record


def list_day_offs(session: Session, caller: Caller, person_id, kind: str | None = None, year=None,
                  number=None) -> list[dict]:
    """The person's day offs, oldest first; with a period, those that overlap it."""
    person = _person(session, caller, person_id)
    query = select(DayOff).where(DayOff.person_id == person.id)
    if kind is not None:
        start, end = calendar_period(kind, year, number)
        query = query.where(DayOff.date <= end, DayOff.end_date >= start)
    rows = session.scalars(query.order_by(DayOff.date, DayOff.id).limit(MAX_LISTED)).all()
    return [day_off_to_dict(row) for row in rows]
