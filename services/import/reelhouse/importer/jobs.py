"""Import jobs: one row per import request, written as it starts and as it ends,
each change with its event (``import_started``, ``import_progressed``,
``import_finished``) in the same transaction."""

import datetime as dt
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import AppError, NotFound, ServiceTimeout, Unauthenticated
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page, paginate

from .models import ImportJob, RefusedRecord
from .shotgrid import kept_record

MAX_KEPT_ERRORS = 500  # a job keeps the first row errors; the count says how many there were
RUNNING, SUCCEEDED, FAILED, UNKNOWN = "running", "succeeded", "failed", "unknown"
INTERRUPTED = "interrupted"
INTERRUPTED_MESSAGE = ("The import stopped before it ended (the importer was stopped or lost): the rows may or may "
                       "not have been written. Send the file again: records already imported are found, not "
                       "duplicated.")
UNKNOWN_MESSAGE = ("The owning service did not answer in time: the rows may have been written after all. Send "
                   "the file again: records already imported are found, not duplicated.")


def to_dict(job: ImportJob) -> dict:
    return {
        "id": str(job.id), "type": "ImportJob", "source": job.source, "kind": job.kind,
        "project_id": str(job.project_id) if job.project_id else None,
        "created_by": str(job.created_by) if job.created_by else None, "status": job.status, "reason": job.reason,
        "rows_total": job.rows_total, "created": job.created, "updated": job.updated, "unchanged": job.unchanged,
        "nb_errors": len(job.errors or []), "errors": job.errors or [], "message": job.message,
        "ignored_columns": job.ignored_columns or [],
        "created_at": job.created_at.isoformat(timespec="seconds"),
        "finished_at": job.finished_at.isoformat(timespec="seconds") if job.finished_at else None,
    }


def _event(job: ImportJob) -> dict:
    data = to_dict(job)
    data.pop("errors")  # the job route has them; events stay small
    return data


def start(tx: Transaction, caller: Caller, source: str, kind: str, project_id) -> dict:
    if not caller.is_authenticated:
        raise Unauthenticated()
    job = ImportJob(id=uuid.uuid4(), created_by=uuid.UUID(caller.user_id) if caller.user_id else None,
                    source=source, kind=kind, project_id=uuid.UUID(parse_uuid(project_id)) if project_id else None,
                    status=RUNNING, rows_total=0, created=0, updated=0, unchanged=0, errors=[], ignored_columns=[],
                    created_at=utcnow())
    tx.session.add(job)
    tx.session.flush()
    tx.emit("import_started", _event(job))
    return to_dict(job)


def _load(session: Session, job_id) -> ImportJob:
    job = session.get(ImportJob, uuid.UUID(str(job_id)), with_for_update=True)
    if job is None:
        raise NotFound("Import job not found.")
    return job


def parsed(tx: Transaction, job_id, rows_total: int, ignored_columns: list) -> None:
    """The file was read: how many rows it has (``import_progressed``)."""
    job = _load(tx.session, job_id)
    job.rows_total, job.ignored_columns = rows_total, ignored_columns
    tx.emit("import_progressed", {**_event(job), "phase": "parsed"})


def succeed(tx: Transaction, job_id, counts: dict) -> dict:
    job = _load(tx.session, job_id)
    job.status, job.finished_at = SUCCEEDED, utcnow()
    job.created, job.updated, job.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    tx.emit("import_finished", _event(job))
    return to_dict(job)


def fail(tx: Transaction, job_id, error: AppError) -> dict:
    """Nothing was written: the reason, and each refused row when rows were at fault. After a timeout
    nobody knows (the owner may still commit): the job says so (``unknown``)."""
    job = _load(tx.session, job_id)
    details = error.details if isinstance(error.details, dict) else {}
    job.status, job.finished_at, job.message = FAILED, utcnow(), str(error.message)[:500]
    reason = details.get("reason")
    job.reason = reason[:40] if isinstance(reason, str) else error.code
    if isinstance(error, ServiceTimeout):
        job.status, job.message, job.reason = UNKNOWN, UNKNOWN_MESSAGE, "timeout"
    job.errors = list(details.get("rows") or [])[:MAX_KEPT_ERRORS]
    tx.emit("import_finished", _event(job))
    return to_dict(job)


def fail_interrupted(tx: Transaction, running_for: dt.timedelta) -> list[dict]:
    """Fail (reason ``interrupted``) every job ``running`` for longer than ``running_for``: its importer
    stopped mid-request. One UPDATE picks and ends the jobs, so of several replicas sweeping at once only
    the one whose UPDATE ends a job emits its ``import_finished`` (PostgreSQL re-checks the WHERE on the
    row another transaction just changed)."""
    now = utcnow()
    ended = tx.session.scalars(
        update(ImportJob)
        .where(ImportJob.status == RUNNING, ImportJob.created_at < now - running_for)
        .values(status=FAILED, reason=INTERRUPTED, message=INTERRUPTED_MESSAGE, finished_at=now)
        .returning(ImportJob),
        execution_options={"synchronize_session": False},
    ).all()
    for job in ended:
        tx.emit("import_finished", _event(job))
    return [to_dict(job) for job in ended]


def get(session: Session, caller: Caller, job_id) -> dict:
    """A job, for the person who sent it (others get 404: no discovery)."""
    job = session.get(ImportJob, uuid.UUID(parse_uuid(job_id)))
    if job is None or not caller.user_id or str(job.created_by) != caller.user_id:
        raise NotFound("Import job not found.")
    return to_dict(job)


def list_mine(session: Session, caller: Caller, page: Page) -> dict:
    """The caller's jobs, newest first, a page at a time (without their row errors)."""
    if not caller.user_id:
        raise Unauthenticated()
    jobs, total = paginate(select(ImportJob).where(ImportJob.created_by == uuid.UUID(caller.user_id))
                           .order_by(ImportJob.created_at.desc(), ImportJob.id), page, session)
    return {"items": [{k: v for k, v in to_dict(job).items() if k != "errors"} for job in jobs], "total": total}


def keep_refused_records(tx: Transaction, job: dict, source: str, kind: str, records: list) -> None:
    """One import error per refused record (Zou's DataImportError), with its row errors and the record."""
    by_row = {}
    for error in job["errors"]:
        by_row.setdefault(error["row"], []).append(error)
    now = utcnow()
    for row, errors in by_row.items():
        record = records[row - 1] if 0 < row <= len(records) else None
        tx.session.add(RefusedRecord(id=uuid.uuid4(), job_id=uuid.UUID(job["id"]), source=source, created_at=now,
                                     created_by=uuid.UUID(job["created_by"]) if job["created_by"] else None,
                                     event_data={"kind": kind, "row": row, "errors": errors,
                                                 "record": kept_record(record)}))


def _error_dict(error: RefusedRecord) -> dict:
    stamp = error.created_at.isoformat(timespec="seconds")
    return {"id": str(error.id), "type": "DataImportError", "source": error.source, "event_data": error.event_data,
            "job_id": str(error.job_id), "created_at": stamp, "updated_at": stamp}


def _mine(caller: Caller):
    if not caller.user_id:
        raise Unauthenticated()
    return RefusedRecord.created_by == uuid.UUID(caller.user_id)


def list_refused_records(session: Session, caller: Caller, source: str, page: Page) -> dict:
    rows, total = paginate(select(RefusedRecord).where(_mine(caller), RefusedRecord.source == source)
                           .order_by(RefusedRecord.created_at.desc(), RefusedRecord.id), page, session)
    return {"items": [_error_dict(row) for row in rows], "total": total}


def delete_refused_record(tx: Transaction, caller: Caller, error_id) -> dict:
    row = tx.session.scalar(select(RefusedRecord).where(
        _mine(caller), RefusedRecord.id == uuid.UUID(parse_uuid(error_id))))
    if row is None:
        raise NotFound("Import error not found.")
    tx.session.delete(row)
    return _error_dict(row)
