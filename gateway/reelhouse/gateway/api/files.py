"""/api Zou files (issue 4): preview files (add-preview, the streamed upload,
downloads by redirect to presigned URLs, set-main-preview, /data CRUD),
output files with revisions, working files, attachment files (streamed like
previews, several per request) and preview background files. The asset
service owns them; the
static paths here take precedence over the generic ``/api/data/<model>``
routes (production_tracking's)."""

from marshmallow import Schema, fields
from nameko.web.handlers import http

from reelhouse.shared.errors import BadRequest
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import RECORD, RECORD_PAGE, RECORDS, is_forced, listing_args
from .file_stream import stream_upload, stream_uploads, upload_parsed_files

ASSET = "asset"
FILE_KINDS = ("output-files", "working-files")
RETRY_AFTER_SECONDS = "2"
REVISION = {"type": "object", "properties": {"next_revision": {"type": "integer"}}}
BY_NAME = {"type": "object", "additionalProperties": RECORD}
LOCATION = {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}}
PREVIEW_UPLOAD = ("begin_preview_upload", "finish_preview_upload", "abort_preview_upload")
BACKGROUND_UPLOAD = ("begin_background_upload", "finish_background_upload", "abort_background_upload")
ATTACHMENT_UPLOAD = ("begin_attachment_upload", "finish_attachment_upload", "abort_attachment_upload")
UPLOAD_FORM = {"type": "object", "required": ["file"],
               "properties": {"file": {"type": "string", "format": "binary"}}}


class UploadQuerySchema(Schema):
    normalize = fields.String(metadata={"description": "Accepted; movies are always normalised to MP4."})
    no_job = fields.String(metadata={"description": "Accepted; renditions are always made in the background."})


class OutputFileQuerySchema(Schema):
    output_type_id = fields.UUID()
    task_type_id = fields.UUID()
    file_status_id = fields.UUID()
    representation = fields.String()
    name = fields.String()
    temporal_entity_id = fields.UUID()
    page = fields.Integer()
    limit = fields.Integer()


def body_or_empty(call):
    """gazu posts ``{}`` (or nothing) to several of these actions."""
    body = call.json(required=False)
    return {} if body is None else body


def listed(result, page):
    return shapes.listing(result, page, shapes.as_is)


def redirect(answer):
    """302 to a presigned URL, or 202 while the renditions are being made (gazu waits and retries)."""
    if answer.get("processing"):
        return Reply({"status": "processing"}, status=202, headers={"Retry-After": RETRY_AFTER_SECONDS})
    return Reply({"url": answer["url"]}, status=302, headers={"Location": answer["url"]})


def download(call, preview_id, rendition):
    return redirect(call.rpc(ASSET, "get_preview_download", parse_uuid(preview_id), rendition))


def check_extension(extension):
    if not extension.isalnum() or len(extension) > 10:
        raise BadRequest("Malformed extension.", {"reason": "bad_extension"})


def output_scope(call, scope, last_revisions=False):
    args, page = listing_args(call)
    return listed(call.rpc(ASSET, "list_output_files", scope, args, last_revisions,
                           page.number if page else None, page.limit if page else None), page)


class PreviewFileRoutes:
    @http("POST", "/api/actions/tasks/<string:task_id>/comments/<string:comment_id>/add-preview")
    @route(shapes)
    @document("Add a preview to a comment (its revision: the task's next unless given); upload the file next",
              status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_add_preview(self, call, task_id, comment_id):
        preview = call.rpc(ASSET, "create_preview_file", parse_uuid(task_id), parse_uuid(comment_id),
                           body_or_empty(call))
        return Reply(preview, status=201)

    @http("POST", "/api/pictures/preview-files/<string:preview_id>")
    @route(shapes)
    @document("Upload a preview's file (multipart 'file'), streamed to object storage; renditions follow",
              body=UPLOAD_FORM, body_media_type="multipart/form-data", query=UploadQuerySchema,
              response=RECORD, errors=(400, 403, 404, 409, 503))
    def zou_upload_preview(self, call, preview_id):
        return stream_upload(call, ASSET, (parse_uuid(preview_id),), PREVIEW_UPLOAD)

    @http("PUT", "/api/actions/preview-files/<string:preview_id>/set-main-preview")
    @route(shapes)
    @document("Make a preview its entity's thumbnail; answers the entity", body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_set_main_preview(self, call, preview_id):
        return call.rpc(ASSET, "set_main_preview", parse_uuid(preview_id), body_or_empty(call))

    @http("GET", "/api/pictures/originals/preview-files/<string:preview_id>.<string:extension>")
    @route(shapes)
    @document("A preview's original picture: a redirect to a short-lived URL", status=302, response=LOCATION,
              errors=(404,))
    def zou_preview_original_picture(self, call, preview_id, extension):
        check_extension(extension)
        return download(call, preview_id, "original")

    @http("GET", "/api/movies/originals/preview-files/<string:preview_id>.<string:extension>")
    @route(shapes)
    @document("A preview's original movie: a redirect to a short-lived URL", status=302, response=LOCATION,
              errors=(404,))
    def zou_preview_original_movie(self, call, preview_id, extension):
        check_extension(extension)
        return download(call, preview_id, "original")

    @http("GET", "/api/pictures/originals/preview-files/<string:preview_id>/download")
    @route(shapes)
    @document("Download a preview's original picture (redirect)", status=302, response=LOCATION, errors=(404,))
    def zou_preview_picture_download(self, call, preview_id):
        return download(call, preview_id, "original")

    @http("GET", "/api/movies/originals/preview-files/<string:preview_id>/download")
    @route(shapes)
    @document("Download a preview's original movie (redirect)", status=302, response=LOCATION, errors=(404,))
    def zou_preview_movie_download(self, call, preview_id):
        return download(call, preview_id, "original")

    @http("GET", "/api/movies/low/preview-files/<string:preview_id>.mp4")
    @route(shapes)
    @document("A movie preview's low-definition MP4 (redirect; 202 while it is being made)", status=302,
              response=LOCATION, errors=(404,))
    def zou_preview_low_movie(self, call, preview_id):
        return download(call, preview_id, "low")

    @http("GET", "/api/pictures/thumbnails/preview-files/<string:preview_id>.png")
    @route(shapes)
    @document("A preview's thumbnail (redirect; 202 while it is being made)", status=302, response=LOCATION,
              errors=(404,))
    def zou_preview_thumbnail(self, call, preview_id):
        return download(call, preview_id, "thumbnail")

    # -- /data/preview-files ------------------------------------------------------------------

    @http("GET", "/api/data/preview-files")
    @route(shapes)
    @document("List preview files (filters: task_id, comment_id, entity_id, project_id, revision...)",
              response=RECORD_PAGE, errors=(400,))
    def zou_list_preview_files(self, call):
        args, page = listing_args(call)
        return listed(call.rpc(ASSET, "list_preview_files", args, page.number if page else None,
                               page.limit if page else None), page)

    @http("POST", "/api/data/preview-files")
    @route(shapes)
    @document("Create a preview file of a task (task_id, comment_id, revision)", status=201, body=RECORD,
              response=RECORD, errors=(400, 403, 404))
    def zou_create_preview_file(self, call):
        return Reply(call.rpc(ASSET, "create_preview_record", call.json()), status=201)

    @http("GET", "/api/data/preview-files/<string:preview_id>")
    @route(shapes)
    @document("Get a preview file", response=RECORD, errors=(404,))
    def zou_get_preview_file(self, call, preview_id):
        return call.rpc(ASSET, "get_preview_file", parse_uuid(preview_id))

    @http("PUT", "/api/data/preview-files/<string:preview_id>")
    @route(shapes)
    @document("Update a preview file (name, description, revision, position, validation_status, annotations)",
              body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_preview_file(self, call, preview_id):
        return call.rpc(ASSET, "update_preview_file", parse_uuid(preview_id), call.json())

    @http("DELETE", "/api/data/preview-files/<string:preview_id>")
    @route(shapes)
    @document("Delete a preview file; its objects are removed right after (force is accepted)", status=204,
              errors=(403, 404))
    def zou_delete_preview_file(self, call, preview_id):
        is_forced(call)  # Zou's force removes the files; here they always go
        call.rpc(ASSET, "delete_preview_file", parse_uuid(preview_id))
        return Reply("", status=204)


class OutputFileRoutes:
    @http("POST", "/api/data/entities/<string:entity_id>/output-files/next-revision")
    @route(shapes)
    @document("The next revision of an entity's output (output_type_id, task_type_id, name)", body=RECORD,
              response=REVISION, errors=(400, 403, 404))
    def zou_entity_next_output_revision(self, call, entity_id):
        return call.rpc(ASSET, "next_output_revision", {"entity_id": parse_uuid(entity_id)}, call.json())

    @http("POST", "/api/data/asset-instances/<string:asset_instance_id>/entities/<string:temporal_entity_id>"
                  "/output-files/next-revision")
    @route(shapes)
    @document("The next revision of an asset instance's output in a shot", body=RECORD, response=REVISION,
              errors=(400, 403, 404))
    def zou_instance_next_output_revision(self, call, asset_instance_id, temporal_entity_id):
        target = {"asset_instance_id": parse_uuid(asset_instance_id),
                  "temporal_entity_id": parse_uuid(temporal_entity_id)}
        return call.rpc(ASSET, "next_output_revision", target, call.json())

    @http("POST", "/api/data/entities/<string:entity_id>/output-files/new")
    @route(shapes)
    @document("Create an output file of an entity (the next revision unless given)", status=201, body=RECORD,
              response=RECORD, errors=(400, 403, 404))
    def zou_new_entity_output_file(self, call, entity_id):
        return Reply(call.rpc(ASSET, "create_output_file", {"entity_id": parse_uuid(entity_id)}, call.json()),
                     status=201)

    @http("POST", "/api/data/asset-instances/<string:asset_instance_id>/entities/<string:temporal_entity_id>"
                  "/output-files/new")
    @route(shapes)
    @document("Create an output file of an asset instance in a shot", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_new_instance_output_file(self, call, asset_instance_id, temporal_entity_id):
        target = {"asset_instance_id": parse_uuid(asset_instance_id),
                  "temporal_entity_id": parse_uuid(temporal_entity_id)}
        return Reply(call.rpc(ASSET, "create_output_file", target, call.json()), status=201)

    @http("GET", "/api/data/entities/<string:entity_id>/output-files/last-revisions")
    @route(shapes)
    @document("The last revision of each of an entity's outputs (by output type, task type, name, representation)",
              query=OutputFileQuerySchema, response=RECORDS, errors=(400,))
    def zou_entity_last_output_files(self, call, entity_id):
        return output_scope(call, {"entity_id": parse_uuid(entity_id)}, last_revisions=True)

    @http("GET", "/api/data/asset-instances/<string:asset_instance_id>/entities/<string:temporal_entity_id>"
                 "/output-files/last-revisions")
    @route(shapes)
    @document("The last revision of each of an asset instance's outputs in a shot", query=OutputFileQuerySchema,
              response=RECORDS, errors=(400,))
    def zou_instance_last_output_files(self, call, asset_instance_id, temporal_entity_id):
        call.args = call.args.copy()
        call.args["temporal_entity_id"] = parse_uuid(temporal_entity_id)
        return output_scope(call, {"asset_instance_id": parse_uuid(asset_instance_id)}, last_revisions=True)

    @http("GET", "/api/data/asset-instances/<string:asset_instance_id>/entities/<string:temporal_entity_id>"
                 "/output-types/<string:output_type_id>/output-files")
    @route(shapes)
    @document("An asset instance's output files of one output type in a shot or scene", query=OutputFileQuerySchema,
              response=RECORD_PAGE, errors=(400,))
    def zou_instance_output_files_of_type(self, call, asset_instance_id, temporal_entity_id, output_type_id):
        call.args = call.args.copy()
        call.args["temporal_entity_id"] = parse_uuid(temporal_entity_id)
        call.args["output_type_id"] = parse_uuid(output_type_id)
        return output_scope(call, {"asset_instance_id": parse_uuid(asset_instance_id)})

    @http("GET", "/api/data/entities/<string:entity_id>/output-files")
    @route(shapes)
    @document("An entity's output files (filters: output_type_id, task_type_id, file_status_id, representation, name)",
              query=OutputFileQuerySchema, response=RECORD_PAGE, errors=(400,))
    def zou_entity_output_files(self, call, entity_id):
        return output_scope(call, {"entity_id": parse_uuid(entity_id)})

    @http("GET", "/api/data/projects/<string:project_id>/output-files")
    @route(shapes)
    @document("A project's output files (filters: output_type_id, task_type_id, file_status_id, representation)",
              query=OutputFileQuerySchema, response=RECORD_PAGE, errors=(400,))
    def zou_project_output_files(self, call, project_id):
        return output_scope(call, {"project_id": parse_uuid(project_id)})

    @http("GET", "/api/data/asset-instances/<string:asset_instance_id>/output-files")
    @route(shapes)
    @document("An asset instance's output files (filters: temporal_entity_id, output_type_id, task_type_id, "
              "file_status_id, representation)", query=OutputFileQuerySchema, response=RECORD_PAGE, errors=(400,))
    def zou_instance_output_files(self, call, asset_instance_id):
        return output_scope(call, {"asset_instance_id": parse_uuid(asset_instance_id)})

    # -- working files ------------------------------------------------------------------------

    @http("POST", "/api/data/tasks/<string:task_id>/working-files/new")
    @route(shapes)
    @document("Create a working file of a task (the next revision of its name unless given)", status=201,
              body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_new_working_file(self, call, task_id):
        return Reply(call.rpc(ASSET, "create_working_file", parse_uuid(task_id), call.json()), status=201)

    @http("GET", "/api/data/tasks/<string:task_id>/working-files")
    @route(shapes)
    @document("A task's working files", response=RECORDS, errors=(400,))
    def zou_task_working_files(self, call, task_id):
        return listed(call.rpc(ASSET, "list_working_files", {"task_id": parse_uuid(task_id)}, {}), None)

    @http("GET", "/api/data/tasks/<string:task_id>/working-files/last-revisions")
    @route(shapes)
    @document("The last working file of each name of a task, by name", response=BY_NAME, errors=(400,))
    def zou_task_last_working_files(self, call, task_id):
        return call.rpc(ASSET, "list_working_files", {"task_id": parse_uuid(task_id)}, {}, True)

    @http("GET", "/api/data/entities/<string:entity_id>/working-files")
    @route(shapes)
    @document("An entity's working files (filters: task_id, name)", response=RECORDS, errors=(400,))
    def zou_entity_working_files(self, call, entity_id):
        args, _ = listing_args(call)
        return listed(call.rpc(ASSET, "list_working_files", {"entity_id": parse_uuid(entity_id)}, args), None)

    # -- /data/output-files, /data/working-files ---------------------------------------------------

    @route(shapes)
    @document("List output or working files (equality filters on their columns, e.g. path; page)",
              response=RECORD_PAGE, errors=(400,))
    def zou_list_file_records(self, call):
        args, page = listing_args(call)
        return listed(call.rpc(ASSET, "list_file_records", file_kind(call), args, page.number if page else None,
                               page.limit if page else None), page)

    @route(shapes)
    @document("Create an output file (entity_id, or asset_instance_id and temporal_entity_id) or a working "
              "file (task_id); the next revision unless given", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_create_file_record(self, call):
        method = "create_output_record" if file_kind(call) == "output-files" else "create_working_record"
        return Reply(call.rpc(ASSET, method, call.json()), status=201)

    # -- /data/output-files/<id>, /data/working-files/<id> ----------------------------------------

    @route(shapes)
    @document("Get an output or working file", response=RECORD, errors=(404,))
    def zou_get_file_record(self, call, record_id):
        return call.rpc(ASSET, "get_file_record", file_kind(call), parse_uuid(record_id))

    @route(shapes)
    @document("Update an output or working file", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_file_record(self, call, record_id):
        return call.rpc(ASSET, "update_file_record", file_kind(call), parse_uuid(record_id), call.json())

    @route(shapes)
    @document("Delete an output or working file record", status=204, errors=(403, 404))
    def zou_delete_file_record(self, call, record_id):
        call.rpc(ASSET, "delete_file_record", file_kind(call), parse_uuid(record_id))
        return Reply("", status=204)


def file_kind(call):
    return call.request.path.split("/")[3]  # /api/data/<kind>/<id>


# Static per kind, so they take precedence over production_tracking's generic /api/data/<model>/<id>.
for _kind in FILE_KINDS:
    http("GET", f"/api/data/{_kind}")(OutputFileRoutes.zou_list_file_records)
    http("POST", f"/api/data/{_kind}")(OutputFileRoutes.zou_create_file_record)
    http("GET", f"/api/data/{_kind}/<string:record_id>")(OutputFileRoutes.zou_get_file_record)
    http("PUT", f"/api/data/{_kind}/<string:record_id>")(OutputFileRoutes.zou_update_file_record)
    http("DELETE", f"/api/data/{_kind}/<string:record_id>")(OutputFileRoutes.zou_delete_file_record)


def attach_form_files(call, comment):
    """Files gazu sent with the comment itself (``add_comment(attachments=...)``): attached once it exists."""
    if not call.request.files:
        return comment
    args = (comment["object_id"], comment["id"])
    return {**comment, "attachment_files": upload_parsed_files(call, ASSET, args, ATTACHMENT_UPLOAD)}


class AttachmentFileRoutes:
    @http("POST", "/api/actions/tasks/<string:task_id>/comments/<string:comment_id>/add-attachment")
    @route(shapes)
    @document("Attach files to a comment (multipart file, file-1, ...), each streamed to object storage",
              status=201, body=UPLOAD_FORM, body_media_type="multipart/form-data", response=RECORDS,
              errors=(400, 403, 404, 503))
    def zou_add_attachments(self, call, task_id, comment_id):
        args = (parse_uuid(task_id), parse_uuid(comment_id))
        return Reply(stream_uploads(call, ASSET, args, ATTACHMENT_UPLOAD), status=201)

    @http("GET", "/api/data/tasks/<string:task_id>/attachment-files")
    @route(shapes)
    @document("A task's attachment files", response=RECORDS, errors=(400,))
    def zou_task_attachment_files(self, call, task_id):
        return listed(call.rpc(ASSET, "list_attachment_files", {"task_id": parse_uuid(task_id)}), None)

    @http("GET", "/api/data/projects/<string:project_id>/attachment-files")
    @route(shapes)
    @document("A project's attachment files", response=RECORDS, errors=(400,))
    def zou_project_attachment_files(self, call, project_id):
        return listed(call.rpc(ASSET, "list_attachment_files", {"project_id": parse_uuid(project_id)}), None)

    @http("GET", "/api/data/attachment-files")
    @route(shapes)
    @document("List attachment files (filters: task_id, comment_id, project_id, id)", response=RECORD_PAGE,
              errors=(400,))
    def zou_list_attachment_files(self, call):
        args, page = listing_args(call)
        return listed(call.rpc(ASSET, "list_attachment_files", args, page.number if page else None,
                               page.limit if page else None), page)

    @http("GET", "/api/data/attachment-files/<string:attachment_id>")
    @route(shapes)
    @document("Get an attachment file", response=RECORD, errors=(404,))
    def zou_get_attachment_file(self, call, attachment_id):
        return call.rpc(ASSET, "get_attachment_file", parse_uuid(attachment_id))

    @http("PUT", "/api/data/attachment-files/<string:attachment_id>")
    @route(shapes)
    @document("Rename an attachment file", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_attachment_file(self, call, attachment_id):
        return call.rpc(ASSET, "update_attachment_file", parse_uuid(attachment_id), call.json())

    @http("DELETE", "/api/data/attachment-files/<string:attachment_id>")
    @route(shapes)
    @document("Delete an attachment file; its object is removed right after", status=204, errors=(403, 404))
    def zou_delete_attachment_file(self, call, attachment_id):
        call.rpc(ASSET, "delete_attachment_file", parse_uuid(attachment_id))
        return Reply("", status=204)

    @http("GET", "/api/data/attachment-files/<string:attachment_id>/file/<string:file_name>")
    @route(shapes)
    @document("Download an attachment (redirect to a short-lived URL)", status=302, response=LOCATION,
              errors=(404,))
    def zou_download_attachment_file(self, call, attachment_id, file_name):
        return redirect(call.rpc(ASSET, "get_attachment_download", parse_uuid(attachment_id)))


class PreviewBackgroundRoutes:
    @http("GET", "/api/data/preview-background-files")
    @route(shapes)
    @document("List the workspace's preview background files (filters: archived, is_default, name)",
              response=RECORD_PAGE, errors=(400,))
    def zou_list_preview_backgrounds(self, call):
        args, page = listing_args(call)
        return listed(call.rpc(ASSET, "list_preview_background_files", args, page.number if page else None,
                               page.limit if page else None), page)

    @http("POST", "/api/data/preview-background-files")
    @route(shapes)
    @document("Create a preview background file (name, archived, is_default); upload its picture next",
              status=201, body=RECORD, response=RECORD, errors=(400, 403))
    def zou_create_preview_background(self, call):
        return Reply(call.rpc(ASSET, "create_preview_background_file", call.json()), status=201)

    @http("GET", "/api/data/preview-background-files/<string:background_id>")
    @route(shapes)
    @document("Get a preview background file", response=RECORD, errors=(404,))
    def zou_get_preview_background(self, call, background_id):
        return call.rpc(ASSET, "get_preview_background_file", parse_uuid(background_id))

    @http("PUT", "/api/data/preview-background-files/<string:background_id>")
    @route(shapes)
    @document("Update a preview background file (one default per workspace)", body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_update_preview_background(self, call, background_id):
        return call.rpc(ASSET, "update_preview_background_file", parse_uuid(background_id), call.json())

    @http("DELETE", "/api/data/preview-background-files/<string:background_id>")
    @route(shapes)
    @document("Delete a preview background file; its object is removed right after", status=204,
              errors=(403, 404))
    def zou_delete_preview_background(self, call, background_id):
        call.rpc(ASSET, "delete_preview_background_file", parse_uuid(background_id))
        return Reply("", status=204)

    @http("POST", "/api/pictures/preview-background-files/<string:background_id>")
    @route(shapes)
    @document("Upload a background's picture (multipart 'file': hdr, exr, png, jpg), streamed to object storage",
              body=UPLOAD_FORM, body_media_type="multipart/form-data", response=RECORD,
              errors=(400, 403, 404, 409, 503))
    def zou_upload_preview_background(self, call, background_id):
        return stream_upload(call, ASSET, (parse_uuid(background_id),), BACKGROUND_UPLOAD)

    @http("GET", "/api/pictures/preview-background-files/<string:background_id>.<string:extension>")
    @route(shapes)
    @document("A background's picture (redirect to a short-lived URL)", status=302, response=LOCATION,
              errors=(404,))
    def zou_download_preview_background(self, call, background_id, extension):
        check_extension(extension)
        return redirect(call.rpc(ASSET, "get_background_download", parse_uuid(background_id)))
