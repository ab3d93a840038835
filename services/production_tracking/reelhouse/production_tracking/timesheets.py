"""Time spents: Zou's ``/actions/tasks/<id>/time-spents`` (set, add, read per task).

One row per (task, person, day). Setting a duration of 0 removes the row;
the task's ``duration`` is kept equal to the sum of its time spents, in the
same transaction, as Zou does.
"""

import datetime as dt
import uuid
from collections import defaultdict

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import load

from . import crud, permissions
from .models import Task
from .models_more import TimeSpent
from .tenancy import Tenant, members_of

# Who may log time for someone else (Zou: managers; supervisors lead their department's artists).
LOGS_FOR_OTHERS = ("admin", "manager", "supervisor")


class Minutes(fields.Float):
    """A JSON number only: marshmallow's Float would also take "90" or true."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a number of minutes.")
        return float(value)


class DurationSchema(Schema):
    # Minutes; 24 h is the ceiling of one person's day.
    duration = Minutes(required=True, validate=validate.Range(min=0, max=24 * 60))


def parse_day(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(details={"date": ["Expected a date as YYYY-MM-DD."]}) from None


def _person(tenant: Tenant, session: Session, person_id, project_id=None) -> uuid.UUID:
    try:
        person = uuid.UUID(parse_uuid(person_id))
    except Exception:
        raise ValidationFailed(details={"person_id": ["Malformed ID."]}) from None
    if person != tenant.user_id and tenant.role_in(project_id) not in LOGS_FOR_OTHERS:
        raise Forbidden("Only managers and supervisors may log time for someone else.")
    if not members_of(session, tenant.workspace_id, [person]):
        raise ValidationFailed(details={"person_id": ["Not a member of this workspace."]})
    return person


def set_time_spent(tx: Transaction, tenant: Tenant, task_id, day, person_id, payload, add: bool = False) -> dict:
    """Set (or, with ``add``, increase) what ``person`` spent on ``task`` on ``day``; answers the row."""
    permissions.require(tenant, permissions.COMMENT)
    session = tx.session
    duration = load(DurationSchema, payload)["duration"]
    day = parse_day(day)
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id, for_update=True)
    person = _person(tenant, session, person_id, task.project_id)
    spec = crud.spec_for("time-spents")
    row = session.scalar(select(TimeSpent).where(
        TimeSpent.task_id == task.id, TimeSpent.person_id == person, TimeSpent.date == day).with_for_update())
    if row is None:
        row = TimeSpent(workspace_id=tenant.workspace_id, project_id=task.project_id, task_id=task.id,
                        person_id=person, date=day, duration=duration)
        session.add(row)
        action = "created"
    else:
        row.duration = row.duration + duration if add else duration
        action = "updated"
    session.flush()
    item = crud.serialize(session, spec, [row])[0]
    if row.duration == 0:  # Zou: a zero duration removes the entry
        session.delete(row)
        action = "deleted" if action == "updated" else None
    if action:
        crud.emit(tx, tenant, spec, item, action)
    _refresh_task_duration(tx, tenant, task)
    return item


def _refresh_task_duration(tx: Transaction, tenant: Tenant, task) -> None:
    session = tx.session
    session.flush()
    total = session.scalar(select(func.coalesce(func.sum(TimeSpent.duration), 0)).where(
        TimeSpent.task_id == task.id))
    if task.duration != total:
        task.duration = float(total)
        session.flush()
        crud.emit(tx, tenant, crud.spec_for("tasks"), crud.serialize(session, crud.spec_for("tasks"), [task])[0],
                  "updated")


def after_time_spent_write(tx, tenant: Tenant, spec, row, before, item) -> None:
    """Generic ``/data/time-spents`` writes keep the task's duration (and a former task's) too."""
    task_ids = {row.task_id} | ({before["task_id"]} if before and before.get("task_id") else set())
    for task_id in sorted(task_ids):
        _refresh_task_duration(tx, tenant, tx.session.get(Task, task_id, with_for_update=True))


def delete_time_spent(tx: Transaction, tenant: Tenant, time_spent_id) -> dict:
    """``DELETE /data/time-spents/<id>``: by its person or a manager; the task's duration follows."""
    permissions.require(tenant, permissions.COMMENT)
    spec = crud.spec_for("time-spents")
    row = crud.load_row(tx.session, tenant, spec, time_spent_id, for_update=True)
    if row.person_id != tenant.user_id and tenant.role_in(row.project_id) not in LOGS_FOR_OTHERS:
        raise Forbidden("Only managers and supervisors may remove someone else's time.")
    item = crud.serialize(tx.session, spec, [row])[0]
    task = tx.session.get(Task, row.task_id, with_for_update=True)
    tx.session.delete(row)
    crud.emit(tx, tenant, spec, item, "deleted")
    _refresh_task_duration(tx, tenant, task)
    return item


def task_time_spents(session: Session, tenant: Tenant, task_id, day=None) -> dict:
    """Zou's shape: ``{"total": minutes, "<person_id>": [time spent, ...]}``."""
    task = crud.load_row(session, tenant, crud.spec_for("tasks"), task_id)
    query = select(TimeSpent).where(TimeSpent.task_id == task.id)
    if day is not None:
        query = query.where(TimeSpent.date == parse_day(day))
    rows = session.scalars(query.order_by(TimeSpent.date, TimeSpent.person_id).limit(crud.BARE_LIST_MAX)).all()
    result: dict = defaultdict(list)
    result["total"] = 0
    for item in crud.serialize(session, crud.spec_for("time-spents"), rows):
        result[item["person_id"]].append(item)
        result["total"] += item["duration"]
    return dict(result)


def prepare_time_spent(session: Session, tenant: Tenant, values: dict, row) -> None:
    """Generic writes: the project follows the task; a person must belong to the workspace."""
    if values.get("duration") is not None and not 0 < values["duration"] <= 24 * 60:
        raise ValidationFailed(details={"duration": ["Must be more than 0 and at most 1440 minutes."]})
    if values.get("task_id") is not None:
        project_id = session.scalar(select(Task.project_id).where(
            Task.id == values["task_id"], Task.workspace_id == tenant.workspace_id,
            *permissions.visibility(tenant, Task)))
        if project_id is None:
            raise ValidationFailed(details={"task_id": ["No such task."]})
        values["project_id"] = project_id
    if values.get("person_id") is not None and not members_of(session, tenant.workspace_id, [values["person_id"]]):
        raise ValidationFailed(details={"person_id": ["Not a member of this workspace."]})


def user_time_spents(session: Session, tenant: Tenant, start=None, end=None) -> list[dict]:
    """The caller's own time spents between two days (inclusive), oldest first (gazu's timesheets)."""
    query = crud.base_query(session, tenant, crud.spec_for("time-spents")).where(
        TimeSpent.person_id == tenant.user_id)
    if start is not None:
        query = query.where(TimeSpent.date >= parse_day(start))
    if end is not None:
        query = query.where(TimeSpent.date <= parse_day(end))
    rows = session.scalars(query.order_by(TimeSpent.date, TimeSpent.created_at, TimeSpent.id)
                           .limit(crud.BARE_LIST_MAX)).all()
    return crud.serialize(session, crud.spec_for("time-spents"), rows)
