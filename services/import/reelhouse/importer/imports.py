"""An import from start to end: record the job, read the input, have the owning
service write the rows in one batch, record how it ended.

All-or-nothing per request: input with any bad row writes nothing; the job
keeps every refused row (row number, column, message), and a ShotGrid import
also keeps each refused record (Zou's import errors).
"""

from reelhouse.shared.errors import AppError, BadRequest, PayloadTooLarge
from reelhouse.shared.row_errors import invalid_rows
from reelhouse.shared.validation import load

from . import csv_import, jobs, shotgrid
from .schemas import PROJECT_KINDS, CsvImportSchema

WRITE_TIMEOUT_SECONDS = 55  # a batch of csv_import.MAX_ROWS rows, within the gateway's 60 s


def _run(db, caller, source: str, kind: str, project_id, read, write, on_failure=None) -> dict:
    """``read()`` -> ``(rows, row errors, ignored columns, rows read)``; ``write(rows)`` -> the owner's answer."""
    with db.transaction() as tx:
        job = jobs.start(tx, caller, source, kind, project_id)
    try:
        rows, errors, ignored_columns, rows_total = read()
        with db.transaction() as tx:
            jobs.parsed(tx, job["id"], rows_total, ignored_columns)
        if errors:
            raise invalid_rows(errors)
        result = write(rows)
    except AppError as error:
        with db.transaction() as tx:
            job = jobs.fail(tx, job["id"], error)
            if on_failure is not None:
                on_failure(tx, job, error)
        # The same error, naming the job that recorded it (details travel as built, so build anew).
        details = error.details if isinstance(error.details, dict) else {"error": error.details}
        raise type(error)(error.message, {**details, "job_id": job["id"]}) from None
    with db.transaction() as tx:
        job = jobs.succeed(tx, job["id"], result)
    return {"job": job, "records": result["records"]}


def run_csv_import(db, services, caller, payload: dict) -> dict:
    """``{"job": {...}, "records": [...]}``; a refused import raises its error after the job records it."""
    request = load(CsvImportSchema, payload)
    kind, project_id = request["kind"], request["project_id"]
    if (kind in PROJECT_KINDS) != (project_id is not None):
        raise BadRequest("A project import needs a project_id; a persons import takes none.",
                         {"reason": "bad_project"})
    project_id = str(project_id) if project_id else None

    def read():
        parsed = csv_import.parse(kind, request["text"])
        return parsed.rows, parsed.errors, parsed.ignored_columns, len(parsed.rows)

    def write(rows):
        if kind == "persons":
            return services.call("identity", "import_persons", rows, request["update_existing"],
                                 timeout=WRITE_TIMEOUT_SECONDS)
        return services.call("production_tracking", "import_rows", kind, project_id, rows,
                             request["update_existing"], timeout=WRITE_TIMEOUT_SECONDS)

    return _run(db, caller, "csv", kind, project_id, read, write)


KITSU_KINDS = ("projects", "entities", "entity-links", "tasks", "playlists")
MAX_JSON_RECORDS = 2000  # per request, as production_tracking's shotgrid and kitsu_sync take them


def run_json_import(db, services, caller, source: str, kind: str, records) -> dict:
    """A ShotGrid dump (``source`` "shotgun": records translated, then mapped by ShotGrid id) or another
    Kitsu's export ("kitsu": records kept with their ids); created, or updated when already imported."""
    kinds = shotgrid.KINDS if source == "shotgun" else KITSU_KINDS
    if kind not in kinds:
        raise BadRequest(f"Unknown {source} kind '{kind}'.", {"reason": "unknown_kind"})
    if not isinstance(records, list):
        raise BadRequest("Send a JSON list of records.", {"reason": "not_a_list"})
    if len(records) > MAX_JSON_RECORDS:
        raise PayloadTooLarge(f"Send at most {MAX_JSON_RECORDS} records at a time.",
                              {"reason": "too_many_rows", "limit_rows": MAX_JSON_RECORDS})

    def read():
        rows, errors = shotgrid.translate(kind, records) if source == "shotgun" else (records, [])
        return rows, errors, [], len(records)

    def write(rows):
        if kind == "persons":  # matched by e-mail: identity keeps no ShotGrid id
            return services.call("identity", "import_persons", rows, True, timeout=WRITE_TIMEOUT_SECONDS)
        method = "import_shotgrid" if source == "shotgun" else "import_kitsu"
        return services.call("production_tracking", method, kind, rows, timeout=WRITE_TIMEOUT_SECONDS)

    def keep_refused(tx, job, error):  # Zou keeps refused ShotGrid records as import errors
        jobs.keep_refused_records(tx, job, source, kind, records)

    return _run(db, caller, source, kind, None, read, write, keep_refused if source == "shotgun" else None)
