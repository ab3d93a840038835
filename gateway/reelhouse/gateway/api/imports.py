"""/api imports and exports: Zou's ``/import/csv/...``, ``/import/shotgun/...``,
``/import/kitsu/...`` and ``/export/csv/...``, and the import jobs that record
each import (ours). The importer service does the work (docs/imports.md).

Kitsu uploads the file as multipart/form-data (field ``file``); a raw
``text/csv`` body is taken too. Uploads are bounded (413 beyond) because the
CSV text travels to the importer in one RPC.
"""

from marshmallow import EXCLUDE, Schema, fields
from nameko.web.handlers import http
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from reelhouse.shared.errors import BadRequest, NotFound, PayloadTooLarge
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import page_from
from reelhouse.shared.validation import load

from ..http import Reply, read_json, route
from ..openapi import document
from . import schemas, shapes
from .data import PT, RECORD, RECORDS

IMPORTER = "importer"
SHOTGRID_KINDS = ("projects", "persons", "episodes", "sequences", "scenes", "shots", "assets", "steps", "status",
                  "tasks")
KITSU_KINDS = ("projects", "entities", "entity-links", "tasks", "playlists")
# Zou's remove routes name one record (``remove/shot``); persons, notes and versions are not removable here.
SHOTGRID_REMOVABLE = {"project": "projects", "episode": "episodes", "sequence": "sequences", "scene": "scenes",
                      "shot": "shots", "asset": "assets", "step": "steps", "status": "status", "task": "tasks"}
DEFAULT_MAX_CSV_BYTES = 4 * 1024 * 1024
MULTIPART_OVERHEAD_BYTES = 64 * 1024  # boundaries and part headers around the file
IMPORT_TIMEOUT_SECONDS = 60  # a file of 5,000 rows is written in one batch
JOB_HEADER = "X-Import-Job-Id"

UPLOAD = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "contentMediaType": "text/csv", "description": "The CSV file (UTF-8)."},
    "update_existing": {"type": "string", "enum": ["true", "false"]}}}
CSV_TEXT = {"type": "string", "description": "CSV, UTF-8"}
IMPORT_JOB = {"type": "object", "additionalProperties": True, "properties": {
    "id": {"type": "string", "format": "uuid"}, "type": {"type": "string", "const": "ImportJob"},
    "status": {"type": "string", "enum": ["running", "succeeded", "failed", "unknown"]}, "kind": {"type": "string"},
    "rows_total": {"type": "integer"}, "created": {"type": "integer"}, "updated": {"type": "integer"},
    "unchanged": {"type": "integer"}, "errors": {"type": "array", "items": {"type": "object", "properties": {
        "row": {"type": "integer"}, "column": {"type": "string"}, "message": {"type": "string"}}}}}}
IMPORT_JOBS = {"oneOf": [{"type": "array", "items": IMPORT_JOB}, {"type": "object", "properties": {
    "data": {"type": "array", "items": IMPORT_JOB}, "total": {"type": "integer"}, "nb_pages": {"type": "integer"},
    "limit": {"type": "integer"}, "offset": {"type": "integer"}, "page": {"type": "integer"}}}]}

SHOTGRID_DUMP = {"type": "array", "items": {"type": "object", "required": ["id"], "additionalProperties": True,
                                            "properties": {"id": {"type": "integer"}}}}
SHOTGRID_REMOVE = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
IMPORT_ERROR = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "type": {"type": "string", "const": "DataImportError"},
    "source": {"type": "string"}, "event_data": {"type": "object"}, "job_id": {"type": "string"}}}
IMPORT_ERRORS = {"oneOf": [{"type": "array", "items": IMPORT_ERROR}, {"type": "object", "properties": {
    "data": {"type": "array", "items": IMPORT_ERROR}, "total": {"type": "integer"}}}]}


class ShotgridRemoveSchema(Schema):
    id = fields.Integer(required=True, strict=True, metadata={"description": "The record's ShotGrid id."})


class ImportQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE  # Kitsu's web app may add its own arguments

    update_existing = fields.Boolean(load_default=False, metadata={
        "description": "Update records the file names that exist already (otherwise they are left as they are)."})


def read_uploaded_text(call, what: str, form_fields: tuple = (), body_allowed: bool = False):
    """An uploaded file as UTF-8 text, within ``MAX_CSV_UPLOAD_BYTES``: the multipart
    field ``file`` (or, when ``body_allowed``, the raw body); returns the text,
    the file's name and the form fields among ``form_fields``."""
    limit = int(call.config.get("MAX_CSV_UPLOAD_BYTES", DEFAULT_MAX_CSV_BYTES))
    request = call.request
    too_large = PayloadTooLarge(f"The {what} is larger than {limit} bytes.", {"limit_bytes": limit})
    if request.content_length is not None and request.content_length > limit + MULTIPART_OVERHEAD_BYTES:
        raise too_large
    missing = BadRequest(f"Upload the {what} as the multipart form field 'file'.", {"reason": "file_missing"})
    filename, fields_ = "", {}
    if request.mimetype == "multipart/form-data":
        request.max_content_length = limit + MULTIPART_OVERHEAD_BYTES
        try:
            upload = request.files.get("file")
            fields_ = {key: value for key, value in request.form.items() if key in form_fields}
        except RequestEntityTooLarge:
            raise too_large from None
        if upload is None:
            raise missing
        filename, raw = upload.filename or "", upload.stream.read(limit + 1)
    elif body_allowed:
        raw = request.stream.read(limit + 1)
    else:
        raise missing
    if len(raw) > limit:
        raise too_large
    try:
        return raw.decode("utf-8-sig"), filename, fields_
    except UnicodeDecodeError as error:
        raise BadRequest(f"The {what} is not UTF-8 text.", {"reason": "bad_encoding",
                                                            "byte_offset": error.start}) from None


def read_csv_upload(call) -> tuple[str, bool]:
    """The uploaded CSV as text, and Zou's ``update_existing`` flag (query or form field)."""
    text, _filename, form = read_uploaded_text(call, "CSV file", ("update_existing",), body_allowed=True)
    return text, load(ImportQuerySchema, {**call.args.to_dict(), **form})["update_existing"]


class ExportQuerySchema(Schema):
    episode_id = fields.UUID(metadata={"description": "Only the assets and edits of, or the shots in, this episode."})
    assigned_to = fields.UUID(metadata={"description": "Only entities with a task assigned to this person."})


def export_project(call, project_id: str, what: str) -> Response:
    filters = {key: str(value) for key, value in load(ExportQuerySchema, call.args.to_dict()).items()}
    return csv_reply(call.rpc(IMPORTER, "export_project_csv", parse_uuid(project_id), what, filters))


def run_import(call, kind: str, project_id: str | None = None) -> Reply:
    text, update_existing = read_csv_upload(call)
    result = call.rpc(IMPORTER, "import_csv", {
        "kind": kind, "project_id": parse_uuid(project_id) if project_id else None, "text": text,
        "update_existing": update_existing}, timeout=IMPORT_TIMEOUT_SECONDS)
    return import_reply(kind, result)


def import_reply(kind: str, result: dict) -> Reply:
    """Zou's answer: the records (persons in their /api shape); the job's id in a header."""
    records = [shapes.person(r) for r in result["records"]] if kind == "persons" else result["records"]
    return Reply(records, headers={JOB_HEADER: result["job"]["id"]})


def source_kind(kind: str, kinds) -> str:
    if kind not in kinds:
        raise NotFound(f"Not a kind this route imports: '{kind}'; use one of: {', '.join(kinds)}.")
    return kinds[kind] if isinstance(kinds, dict) else kind


def json_import(call, method: str, kind: str) -> Reply:
    """A JSON list of records (a ShotGrid dump, another Kitsu's export), bounded like a CSV upload."""
    limit = int(call.config.get("MAX_CSV_UPLOAD_BYTES", DEFAULT_MAX_CSV_BYTES))
    records = read_json(call.request, limit)  # bigger than the JSON bound of other routes
    return import_reply(kind, call.rpc(IMPORTER, method, kind, records, timeout=IMPORT_TIMEOUT_SECONDS))


def paged(call, method: str):
    """A listing of the importer's: a bare array of the first 100, or Zou's envelope with ``page``."""
    args = load(schemas.PageQuerySchema, call.args.to_dict())
    page = page_from(args.get("page"), args.get("limit"))
    result = call.rpc(IMPORTER, method, page.number, page.limit)
    return shapes.listing(result, page if "page" in args else None, shapes.as_is)


def csv_reply(export: dict) -> Response:
    response = Response(export["content"], mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{export["filename"]}"'
    return response


def _import_doc(what: str):
    return document(f"Import {what} from a CSV file (all rows or none; see docs/imports.md)", body=UPLOAD,
                    body_media_type="multipart/form-data", query=ImportQuerySchema, response=RECORDS,
                    errors=(400, 403, 404, 413))


def _export_doc(what: str, query=None):
    return document(f"Export {what} as CSV", response=CSV_TEXT, media_type="text/csv", query=query,
                    errors=(400, 404))


class ImportRoutes:
    @http("POST", "/api/import/csv/projects/<string:project_id>/assets")
    @route(shapes)
    @_import_doc("a project's assets (Episode, Type, Name, Description)")
    def zou_import_assets_csv(self, call, project_id):
        return run_import(call, "assets", project_id)

    @http("POST", "/api/import/csv/projects/<string:project_id>/shots")
    @route(shapes)
    @_import_doc("a project's shots (Episode, Sequence, Name, Description, Nb Frames, Frame In, Frame Out)")
    def zou_import_shots_csv(self, call, project_id):
        return run_import(call, "shots", project_id)

    @http("POST", "/api/import/csv/projects/<string:project_id>/edits")
    @route(shapes)
    @_import_doc("a project's edits (Episode, Name, Description, Nb Frames)")
    def zou_import_edits_csv(self, call, project_id):
        return run_import(call, "edits", project_id)

    @http("POST", "/api/import/csv/projects/<string:project_id>/casting")
    @route(shapes)
    @_import_doc("a project's casting (Episode, Parent, Name, Asset Type, Asset, Occurences, Label)")
    def zou_import_casting_csv(self, call, project_id):
        return run_import(call, "casting", project_id)

    @http("POST", "/api/import/csv/persons")
    @route(shapes)
    @_import_doc("persons (First Name, Last Name, Email, Phone, Role)")
    def zou_import_persons_csv(self, call):
        return run_import(call, "persons")

    @http("GET", "/api/import/jobs")
    @route(shapes)
    @document("The caller's import jobs, newest first, without their row errors (page, limit)",
              query=schemas.PageQuerySchema, response=IMPORT_JOBS, errors=(400,))
    def zou_list_import_jobs(self, call):
        return paged(call, "list_import_jobs")

    @http("GET", "/api/import/jobs/<string:job_id>")
    @route(shapes)
    @document("An import job: its state, counts and every refused row", response=IMPORT_JOB, errors=(400, 404))
    def zou_get_import_job(self, call, job_id):
        return call.rpc(IMPORTER, "get_import_job", parse_uuid(job_id))

    @http("GET", "/api/export/csv/playlists/<string:playlist_id>")
    @route(shapes)
    @_export_doc("a playlist (its entities in order, with the playlist task type's status)")
    def zou_export_playlist_csv(self, call, playlist_id):
        return csv_reply(call.rpc(IMPORTER, "export_playlist_csv", parse_uuid(playlist_id)))

    @http("GET", "/api/export/csv/projects/<string:project_id>/assets.csv")
    @route(shapes)
    @_export_doc("a project's assets, in the import's columns", ExportQuerySchema)
    def zou_export_assets_csv(self, call, project_id):
        return export_project(call, project_id, "assets")

    @http("GET", "/api/export/csv/projects/<string:project_id>/shots.csv")
    @route(shapes)
    @_export_doc("a project's shots, in the import's columns", ExportQuerySchema)
    def zou_export_shots_csv(self, call, project_id):
        return export_project(call, project_id, "shots")

    @http("GET", "/api/export/csv/projects/<string:project_id>/edits.csv")
    @route(shapes)
    @_export_doc("a project's edits, in the import's columns", ExportQuerySchema)
    def zou_export_edits_csv(self, call, project_id):
        return export_project(call, project_id, "edits")

    @http("GET", "/api/export/csv/projects/<string:project_id>/casting.csv")
    @route(shapes)
    @_export_doc("a project's casting, in the import's columns")
    def zou_export_casting_csv(self, call, project_id):
        return csv_reply(call.rpc(IMPORTER, "export_project_csv", parse_uuid(project_id), "casting"))

    # -- ShotGrid -------------------------------------------------------------------------------------

    @http("GET", "/api/import/shotgun/errors")
    @route(shapes)
    @document("The ShotGrid records the caller's imports refused, newest first (page, limit)",
              query=schemas.PageQuerySchema, response=IMPORT_ERRORS, errors=(400,))
    def zou_list_shotgrid_errors(self, call):
        return paged(call, "list_import_errors")

    @http("DELETE", "/api/import/shotgun/errors/<string:error_id>")
    @route(shapes)
    @document("Forget a refused ShotGrid record", status=204, errors=(400, 404))
    def zou_delete_shotgrid_error(self, call, error_id):
        call.rpc(IMPORTER, "delete_import_error", parse_uuid(error_id))
        return Reply("", status=204)

    @http("POST", "/api/import/shotgun/remove/<string:kind>")
    @route(shapes)
    @document("Delete the record imported from a ShotGrid id (one with tasks is canceled instead)",
              body=SHOTGRID_REMOVE, response=RECORD, errors=(400, 403, 404))
    def zou_remove_shotgrid_record(self, call, kind):
        shotgun_id = load(ShotgridRemoveSchema, call.json())["id"]
        return call.rpc(PT, "remove_shotgrid_record", source_kind(kind, SHOTGRID_REMOVABLE), shotgun_id)

    @http("POST", "/api/import/shotgun/<string:kind>")
    @route(shapes)
    @document("Import a ShotGrid dump (a JSON list of records) of one kind: projects, persons, episodes, "
              "sequences, scenes, shots, assets, steps, status, tasks (see docs/imports.md)",
              body=SHOTGRID_DUMP, response=RECORDS, errors=(400, 403, 404, 413))
    def zou_import_shotgrid(self, call, kind):
        return json_import(call, "import_shotgrid", source_kind(kind, SHOTGRID_KINDS))

    # -- another Kitsu --------------------------------------------------------------------------------

    @http("POST", "/api/import/kitsu/<string:kind>")
    @route(shapes)
    @document("Import another Kitsu's records with their ids (created, or updated when the id exists): "
              "projects, entities, entity-links, tasks, playlists (see docs/imports.md)",
              body=RECORDS, response=RECORDS, errors=(400, 403, 404, 413))
    def zou_import_kitsu(self, call, kind):
        return json_import(call, "import_kitsu", source_kind(kind, KITSU_KINDS))
