"""/api routes gazu's asset, shot and casting modules use beyond CRUD: what a
shot casts, an episode's shots, a shot's previews, Zou's breakdown listings
(casting grouped by shot, episode or asset), casting one asset in several
entities (gazu's ``cast_asset``/``uncast_asset``) and OTIO timeline imports.
production_tracking answers (``entities_more``); a shot's previews also ask
the asset service, which owns the files."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORDS, listing_args
from .imports import IMPORT_TIMEOUT_SECONDS, read_uploaded_text

ASSET = "asset"
CASTING_ITEM = {"type": "object", "additionalProperties": True, "properties": {
    "asset_id": {"type": "string", "format": "uuid"}, "asset_name": {"type": "string"},
    "asset_type_name": {"type": "string"}, "nb_occurences": {"type": "integer"},
    "label": {"type": ["string", "null"]}}}
# Zou's breakdown listings: {entity id: [what it casts]}, only entities that cast something.
GROUPED_CASTING = {"type": "object", "additionalProperties": {"type": "array", "items": CASTING_ITEM}}
CAST_ASSET = {"type": "object", "required": ["entity_ids"], "properties": {
    "entity_ids": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "string", "format": "uuid"}},
    "nb_occurences": {"type": ["integer", "null"], "minimum": 0,
                      "description": "Omitted: keep the count (1 on a new link); 0 removes the asset."},
    "label": {"type": ["string", "null"], "maxLength": 80}}}
BY_TASK_TYPE = {"type": "object", "additionalProperties": RECORDS,
                "description": "Preview files by task type id, newest revision first."}
OTIO_UPLOAD = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary", "description": "An OpenTimelineIO file (.otio, JSON)."},
    "naming_convention": {"type": "string", "description": "e.g. ${project_name}_${sequence_name}-${shot_name}"},
    "match_case": {"type": "string", "enum": ["True", "False", "true", "false"]}}}
OTIO_RESULT = {"type": "object", "properties": {"created_shots": RECORDS, "updated_shots": RECORDS}}


def grouped_casting(call, project_id, scope, scope_id=None):
    return call.rpc(PT, "get_grouped_casting", parse_uuid(project_id), scope,
                    parse_uuid(scope_id) if scope_id is not None else None)


def by_task_type(previews: list, task_types: dict) -> dict:
    """Zou's ``/shots/<s>/preview-files``: the previews of the tasks the caller sees, by task type,
    newest revision first (positions in order within a revision)."""
    grouped: dict = {}
    for preview in sorted(previews, key=lambda p: (-(p.get("revision") or 0), p.get("position") or 0)):
        task_type_id = task_types.get(preview.get("task_id"))
        if task_type_id is not None:
            grouped.setdefault(task_type_id, []).append(preview)
    return grouped


OTIO_OPTIONS = ("naming_convention", "match_case")


def read_otio_upload(call) -> tuple[str, str, dict]:
    """The uploaded timeline as text, its file name, and gazu's options (form fields or query)."""
    text, filename, options = read_uploaded_text(call, "OTIO file", OTIO_OPTIONS)
    options.update({key: call.args[key] for key in OTIO_OPTIONS if key in call.args})
    return text, filename, options


class EntitiesMoreRoutes:
    @http("GET", "/api/data/shots/<string:shot_id>/assets")
    @route(shapes)
    @document("The assets a shot casts", response=RECORDS, errors=(400, 404))
    def zou_shot_assets(self, call, shot_id):
        return call.rpc(PT, "list_shot_assets", parse_uuid(shot_id))

    @http("GET", "/api/data/shots/<string:shot_id>/asset-types")
    @route(shapes)
    @document("The types of the assets a shot casts", response=RECORDS, errors=(400, 404))
    def zou_shot_asset_types(self, call, shot_id):
        return call.rpc(PT, "list_shot_asset_types", parse_uuid(shot_id))

    @http("GET", "/api/data/episodes/<string:episode_id>/shots")
    @route(shapes)
    @document("The shots of an episode's sequences (filters and page as any listing)", response=RECORDS,
              errors=(400, 404))
    def zou_episode_shots(self, call, episode_id):
        args, page = listing_args(call)
        result = call.rpc(PT, "list_episode_shots", parse_uuid(episode_id), args, page.number if page else None,
                          page.limit if page else None)
        return shapes.listing(result, page, shapes.as_is)

    @http("GET", "/api/data/shots/<string:shot_id>/preview-files")
    @route(shapes)
    @document("A shot's preview files, by task type (the tasks the caller sees)", response=BY_TASK_TYPE,
              errors=(400, 404))
    def zou_shot_preview_files(self, call, shot_id):
        shot_id = parse_uuid(shot_id)
        task_types = call.rpc(PT, "list_entity_preview_tasks", "shots", shot_id)  # 404 when not visible
        if not task_types:
            return {}
        previews = call.rpc(ASSET, "list_preview_files", {"entity_id": shot_id})["items"]
        return by_task_type(previews, task_types)

    # -- breakdown ----------------------------------------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/sequences/<string:sequence_id>/casting")
    @route(shapes)
    @document("The casting of a sequence's shots by shot id (sequence 'all': every shot of the project)",
              response=GROUPED_CASTING, errors=(400, 404))
    def zou_sequence_casting(self, call, project_id, sequence_id):
        if sequence_id == "all":
            return grouped_casting(call, project_id, "project-shots")
        return grouped_casting(call, project_id, "sequence", sequence_id)

    @http("GET", "/api/data/projects/<string:project_id>/episodes/<string:episode_id>/sequences/all/casting")
    @route(shapes)
    @document("The casting of an episode's shots, by shot id", response=GROUPED_CASTING, errors=(400, 404))
    def zou_episode_shots_casting(self, call, project_id, episode_id):
        return grouped_casting(call, project_id, "episode-shots", episode_id)

    @http("GET", "/api/data/projects/<string:project_id>/episodes/casting")
    @route(shapes)
    @document("The casting of a project's episodes, by episode id", response=GROUPED_CASTING, errors=(400, 404))
    def zou_episodes_casting(self, call, project_id):
        return grouped_casting(call, project_id, "episodes")

    @http("GET", "/api/data/projects/<string:project_id>/asset-types/<string:asset_type_id>/casting")
    @route(shapes)
    @document("What the assets of one type cast, by asset id", response=GROUPED_CASTING, errors=(400, 404))
    def zou_asset_type_casting(self, call, project_id, asset_type_id):
        return grouped_casting(call, project_id, "asset-type", asset_type_id)

    @http("PUT", "/api/data/projects/<string:project_id>/entities/casting/assets/<string:asset_id>")
    @route(shapes)
    @document("Cast one asset in several entities (0 occurrences removes it), leaving their other assets",
              body=CAST_ASSET, response=GROUPED_CASTING, errors=(400, 403, 404))
    def zou_cast_asset(self, call, project_id, asset_id):
        return call.rpc(PT, "cast_asset", parse_uuid(project_id), parse_uuid(asset_id), call.json())

    # -- OTIO ---------------------------------------------------------------------------------------

    @http("POST", "/api/import/otio/projects/<string:project_id>")
    @route(shapes)
    @document("Create or update shots from an OpenTimelineIO timeline (.otio JSON; see docs/gazu/shot.md)",
              status=201, body=OTIO_UPLOAD, body_media_type="multipart/form-data", response=OTIO_RESULT,
              errors=(400, 403, 404, 413))
    def zou_import_otio(self, call, project_id):
        return self._import_otio(call, project_id, None)

    @http("POST", "/api/import/otio/projects/<string:project_id>/episodes/<string:episode_id>")
    @route(shapes)
    @document("Create or update an episode's shots from an OpenTimelineIO timeline (.otio JSON)", status=201,
              body=OTIO_UPLOAD, body_media_type="multipart/form-data", response=OTIO_RESULT,
              errors=(400, 403, 404, 413))
    def zou_import_episode_otio(self, call, project_id, episode_id):
        return self._import_otio(call, project_id, parse_uuid(episode_id))

    def _import_otio(self, call, project_id, episode_id):
        project_id = parse_uuid(project_id)
        text, filename, options = read_otio_upload(call)
        result = call.rpc(PT, "import_otio", project_id, episode_id, text, filename, options,
                          timeout=IMPORT_TIMEOUT_SECONDS)
        return Reply(result, status=201)

