"""A person's time spents over a period (gazu.person's timesheet calls) and the
monthly presence behind Zou's presence log.

Who may read whose time follows Zou's persons resources: a person reads their
own; administrators anyone's; managers and supervisors anyone's in the
projects they see (the usual visibility rule); artists, clients and vendors
only their own (403). The plain range (``/data/persons/<p>/time-spents``) and
the presence log are for administrators only, as in Zou. A person who is not
a member of the workspace is 404.

A day off (identity's) removes the person's time spents inside it, as in Zou.
"""

import datetime as dt
import uuid
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import calendar_period

from . import crud, timesheets
from .models import Entity, EntityType, Project, Task, WorkspaceMember
from .models_more import TimeSpent
from .tenancy import Tenant, members_of
from .timesheets import parse_day

READS_OTHERS = ("admin", "manager", "supervisor")


def _person(session: Session, tenant: Tenant, person_id, admins_only: bool = False) -> uuid.UUID:
    try:
        person = uuid.UUID(parse_uuid(person_id))
    except Exception:
        raise ValidationFailed("Malformed ID.", {"person_id": ["Malformed ID."]}) from None
    if admins_only and tenant.role != "admin":
        raise Forbidden("Only administrators read a person's time spents by range.")
    if person != tenant.user_id and tenant.role not in READS_OTHERS:
        raise Forbidden("Only managers and supervisors read someone else's time spents.")
    if not members_of(session, tenant.workspace_id, [person]):
        raise NotFound("Person not found.")
    return person


def _rows(session: Session, tenant: Tenant, person: uuid.UUID, start: dt.date, end: dt.date) -> list[dict]:
    query = crud.base_query(session, tenant, crud.spec_for("time-spents")).where(
        TimeSpent.person_id == person, TimeSpent.date >= start, TimeSpent.date <= end)
    rows = session.scalars(query.order_by(TimeSpent.date, TimeSpent.created_at, TimeSpent.id)
                           .limit(crud.BARE_LIST_MAX)).all()
    return crud.serialize(session, crud.spec_for("time-spents"), rows)


def time_spents_range(session: Session, tenant: Tenant, person_id, start=None, end=None) -> list[dict]:
    """``GET /data/persons/<p>/time-spents[?start_date&end_date]``: both dates or neither."""
    person = _person(session, tenant, person_id, admins_only=True)
    if (start is None) != (end is None):
        raise ValidationFailed("If querying for a range of dates, both a `start_date` and an `end_date` must be given.",
                               {"end_date" if start else "start_date": ["Required with the other date."]})
    first, last = (parse_day(start), parse_day(end)) if start else (dt.date.min, dt.date.max)
    return _rows(session, tenant, person, first, last)


def day_time_spents(session: Session, tenant: Tenant, person_id, day) -> list[dict]:
    person = _person(session, tenant, person_id)
    day = parse_day(day)
    return _rows(session, tenant, person, day, day)


def month_all_time_spents(session: Session, tenant: Tenant, person_id, year, month) -> list[dict]:
    person = _person(session, tenant, person_id)
    return _rows(session, tenant, person, *calendar_period("month", year, month))


def aggregated_time_spents(session: Session, tenant: Tenant, person_id, kind: str, year, number=None) -> list[dict]:
    """Zou's ``build_results``: one line per task with the minutes summed over the period."""
    person = _person(session, tenant, person_id)
    start, end = calendar_period(kind, year, number)
    sequence, episode = aliased(Entity), aliased(Entity)
    visible = crud.base_query(session, tenant, crud.spec_for("time-spents")).where(
        TimeSpent.person_id == person, TimeSpent.date >= start, TimeSpent.date <= end).with_only_columns(TimeSpent.id)
    query = (
        select(Task.id, Task.task_type_id, Project.id, Project.name, Entity.name, EntityType.name,
               sequence.name, episode.name, func.sum(TimeSpent.duration))
        .join(Task, Task.id == TimeSpent.task_id).join(Project, Project.id == Task.project_id)
        .join(Entity, Entity.id == Task.entity_id).join(EntityType, EntityType.id == Entity.entity_type_id)
        .outerjoin(sequence, sequence.id == Entity.parent_id).outerjoin(episode, episode.id == sequence.parent_id)
        .where(TimeSpent.id.in_(visible))
        .group_by(Task.id, Task.task_type_id, Project.id, Project.name, Entity.name, EntityType.name,
                  sequence.name, episode.name)
        .order_by(Project.name, Entity.name, Task.id)
    )
    keys = ("task_id", "task_type_id", "project_id", "project_name", "entity_name", "entity_type_name",
            "sequence_name", "episode_name", "duration")
    return [{key: str(value) if key.endswith("_id") else value for key, value in zip(keys, row, strict=True)}
            for row in session.execute(query)]


def month_presence(session: Session, tenant: Tenant, year, month) -> dict:
    """Who logged time on which day of the month: every member of the workspace,
    with the days (1..31) they logged any time on. Administrators only."""
    if tenant.role != "admin":
        raise Forbidden("Only administrators read the presence log.")
    start, end = calendar_period("month", year, month)
    members = session.scalars(select(WorkspaceMember.user_id).where(
        WorkspaceMember.workspace_id == tenant.workspace_id)).all()
    days = defaultdict(set)
    for person, day in session.execute(select(TimeSpent.person_id, TimeSpent.date).where(
            TimeSpent.workspace_id == tenant.workspace_id, TimeSpent.date >= start, TimeSpent.date <= end)
            .distinct()):
        days[str(person)].add(day.day)
    return {"year": start.year, "month": start.month, "days_in_month": end.day,
            "persons": {str(member): sorted(days.get(str(member), ())) for member in members}}


def clear_day_off(tx: Transaction, data: dict) -> None:
    """identity's ``day_off_created``/``_updated``: as Zou does, the person's time spents inside
    the day off are removed (in every workspace: the day off is the person's), and their
    tasks' durations follow."""
    person = uuid.UUID(data["person_id"])
    start, end = dt.date.fromisoformat(data["date"]), dt.date.fromisoformat(data["end_date"])
    rows = tx.session.scalars(select(TimeSpent).where(
        TimeSpent.person_id == person, TimeSpent.date >= start, TimeSpent.date <= end)
        .order_by(TimeSpent.id).with_for_update()).all()
    spec = crud.spec_for("time-spents")
    tasks = {}
    for row in rows:
        tenant = Tenant(row.workspace_id, None, "admin", is_service=True)
        item = crud.serialize(tx.session, spec, [row])[0]
        tx.session.delete(row)
        crud.emit(tx, tenant, spec, item, "deleted")
        tasks[row.task_id] = tenant
    tx.session.flush()
    for task_id, tenant in sorted(tasks.items()):
        # timesheets keeps a task's duration equal to its time spents; the same rule here
        timesheets._refresh_task_duration(tx, tenant, tx.session.get(Task, task_id, with_for_update=True))
