"""A CSV import from start to end: record the job, read the file, have the owning
service write the rows in one batch, record how it ended.

All-or-nothing per request: a file with any bad row writes nothing; the job
keeps every refused row (row number, column, message).
"""

from reelhouse.shared.errors import AppError, BadRequest
from reelhouse.shared.validation import load

from . import csv_import, jobs
from .schemas import PROJECT_KINDS, CsvImportSchema

WRITE_TIMEOUT_SECONDS = 55  # a batch of csv_import.MAX_ROWS rows, within the gateway's 60 s


def _write(services, kind: str, project_id, rows: list, update_existing: bool) -> dict:
    """One RPC to the service that owns the records."""
    if kind == "persons":
        return services.call("identity", "import_persons", rows, update_existing, timeout=WRITE_TIMEOUT_SECONDS)
    return services.call("production_tracking", "import_rows", kind, project_id, rows, update_existing,
                         timeout=WRITE_TIMEOUT_SECONDS)


def run_csv_import(db, services, caller, payload: dict) -> dict:
    """``{"job": {...}, "records": [...]}``; a refused import raises its error after the job records it."""
    request = load(CsvImportSchema, payload)
    kind, project_id = request["kind"], request["project_id"]
    if (kind in PROJECT_KINDS) != (project_id is not None):
        raise BadRequest("A project import needs a project_id; a persons import takes none.",
                         {"reason": "bad_project"})
    project_id = str(project_id) if project_id else None
    with db.transaction() as tx:
        job = jobs.start(tx, caller, "csv", kind, project_id)
    try:
        parsed = csv_import.parse(kind, request["text"])
        with db.transaction() as tx:
            jobs.parsed(tx, job["id"], len(parsed.rows), parsed.ignored_columns)
        if parsed.errors:
            raise BadRequest(f"{len({e['row'] for e in parsed.errors})} row(s) cannot be imported; "
                             "nothing was written.", {"reason": "invalid_rows", "rows": parsed.errors})
        result = _write(services, kind, project_id, parsed.rows, request["update_existing"])
    except AppError as error:
        with db.transaction() as tx:
            job = jobs.fail(tx, job["id"], error)
        # The same error, naming the job that recorded it (details travel as built, so build anew).
        details = error.details if isinstance(error.details, dict) else {"error": error.details}
        raise type(error)(error.message, {**details, "job_id": job["id"]}) from None
    with db.transaction() as tx:
        job = jobs.succeed(tx, job["id"], result)
    return {"job": job, "records": result["records"]}
