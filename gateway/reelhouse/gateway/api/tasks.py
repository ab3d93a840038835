"""/api task routes: batch creation, assignment, comments (with a status change),
and the child listings of entities and tasks."""

import json

from nameko.web.handlers import http

from reelhouse.shared.errors import BadRequest
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import files, shapes
from .data import PT, RECORD, RECORD_PAGE, RECORDS, list_pt

# GET /api/data/<collection>/<id>/<child>: the child model, filtered on the parent.
ENTITY_KINDS = ("assets", "shots", "sequences", "episodes", "scenes", "edits", "entities")
CHILD_LISTINGS = {
    ("sequences", "shots"): ("shots", "parent_id"),
    ("sequences", "scenes"): ("scenes", "parent_id"),
    ("episodes", "sequences"): ("sequences", "parent_id"),
    ("episodes", "edits"): ("edits", "parent_id"),
    **{(kind, "tasks"): ("tasks", "entity_id") for kind in ENTITY_KINDS},
}
# Answered by their own RPC (one each).
CHILD_ACTIONS = {
    ("tasks", "comments"): "list_task_comments",
    ("tasks", "full"): "get_task_full",
    ("assets", "cast-in"): "get_cast_in",
    **{(kind, "task-types"): "list_entity_task_types" for kind in ENTITY_KINDS},
}


def comment_body(call):
    """gazu posts JSON, or a multipart form when it attaches files (attached by ``files.attach_form_files``)."""
    if call.request.mimetype == "multipart/form-data":
        form = call.request.form.to_dict()
        for key in ("checklist", "links"):
            if key in form:
                form[key] = _json_field(form[key], key)
        if "for_client" in form:
            form["for_client"] = form["for_client"].lower() == "true"
        return form
    return call.json()


def _json_field(value, name):
    try:
        return json.loads(value)
    except ValueError:
        raise BadRequest(f"The {name} part is not valid JSON.") from None


def batch_comments_body(call):
    if call.request.mimetype == "multipart/form-data":
        return _json_field(call.request.form.get("comments", "[]"), "comments")
    return call.json()


class TaskRoutes:
    # mounted on every path of CHILD_LISTINGS and CHILD_ACTIONS, below the class
    @route(shapes)
    @document("Children of a record: shots of a sequence, tasks of an entity, comments of a task...",
              response=RECORD_PAGE, errors=(404,))
    def zou_child_listing(self, call, record_id):
        collection, child = call.request.path.rstrip("/").split("/")[3::2]  # /api/data/<c>/<id>/<child>
        record_id = parse_uuid(record_id)
        if (collection, child) in CHILD_ACTIONS:
            return call.rpc(PT, CHILD_ACTIONS[(collection, child)], record_id)
        model, column = CHILD_LISTINGS[(collection, child)]
        return list_pt(call, model, {column: record_id})

    @http("GET", "/api/data/persons/<string:person_id>/tasks")
    @route(shapes)
    @document("Open tasks assigned to a person", response=RECORDS, errors=(404,))
    def zou_person_tasks(self, call, person_id):
        return call.rpc(PT, "list_person_tasks", parse_uuid(person_id), False)

    @http("GET", "/api/data/persons/<string:person_id>/done-tasks")
    @route(shapes)
    @document("Done tasks assigned to a person", response=RECORDS, errors=(404,))
    def zou_person_done_tasks(self, call, person_id):
        return call.rpc(PT, "list_person_tasks", parse_uuid(person_id), True)

    @http("GET", "/api/data/user/tasks")
    @route(shapes)
    @document("Open tasks assigned to the caller", response=RECORDS)
    def zou_user_tasks(self, call):
        return call.rpc(PT, "list_person_tasks", None, False)

    @http("GET", "/api/data/user/done-tasks")
    @route(shapes)
    @document("Done tasks assigned to the caller", response=RECORDS)
    def zou_user_done_tasks(self, call):
        return call.rpc(PT, "list_person_tasks", None, True)

    @http("POST", "/api/data/entities/<string:entity_id>/tasks")
    @route(shapes)
    @document("Create one task per task type for an entity", status=201, body=RECORD, response=RECORDS,
              errors=(400, 403, 404))
    def zou_create_entity_tasks(self, call, entity_id):
        body = call.json()
        task_type_ids = body.get("task_type_ids") if isinstance(body, dict) else None
        return Reply(call.rpc(PT, "create_entity_tasks", parse_uuid(entity_id), task_type_ids), status=201)

    @http("PUT", "/api/actions/persons/<string:person_id>/assign")
    @route(shapes)
    @document("Assign tasks to a person", body=RECORD, response=RECORDS, errors=(400, 403, 404))
    def zou_assign_tasks(self, call, person_id):
        body = call.json()
        task_ids = body.get("task_ids") if isinstance(body, dict) else None
        return call.rpc(PT, "assign_tasks", parse_uuid(person_id), task_ids)

    @http("POST", "/api/actions/tasks/<string:task_id>/comment")
    @route(shapes)
    @document("Comment on a task and set its status", status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_comment_task(self, call, task_id):
        comment = call.rpc(PT, "comment_task", parse_uuid(task_id), comment_body(call))
        return Reply(files.attach_form_files(call, comment), status=201)

    @http("POST", "/api/actions/tasks/<string:task_id>/batch-comment")
    @route(shapes)
    @document("Several comments on a task, in one transaction", status=201, body=RECORDS, response=RECORDS,
              errors=(400, 403, 404))
    def zou_batch_comment_task(self, call, task_id):
        return Reply(call.rpc(PT, "batch_comment", parse_uuid(task_id), batch_comments_body(call)), status=201)

    @http("POST", "/api/actions/tasks/batch-comment")
    @route(shapes)
    @document("Comments on several tasks, in one transaction", status=201, body=RECORD, response=RECORDS,
              errors=(400, 403, 404))
    def zou_batch_comment_tasks(self, call):
        return Reply(call.rpc(PT, "batch_comment", None, batch_comments_body(call)), status=201)


# Static paths (not /api/data/<c>/<id>/<child>) so unknown ones stay Zou's plain 404.
for _collection, _child in (*CHILD_LISTINGS, *CHILD_ACTIONS):
    http("GET", f"/api/data/{_collection}/<string:record_id>/{_child}")(TaskRoutes.zou_child_listing)
