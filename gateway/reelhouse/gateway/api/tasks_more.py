"""/api routes gazu's task module uses beyond tasks.py: comment actions
(acknowledge, reply, delete a reply, move, several comments of a project,
removing a comment's attachment or preview, an extra preview of a revision),
task listings (under sequences and episodes, by entity and type, related to a
person, open tasks and their stats, persons' task dates, a task's and a
project's previews), subscriptions to tasks, batch task actions (clear
assignations, delete tasks) and concepts. production_tracking answers; the files are the asset
service's, asked after production_tracking has checked the caller."""

from nameko.web.handlers import http

from reelhouse.shared.errors import NotFound
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORD_PAGE, RECORDS, list_pt, listing_args
from .files import ASSET, body_or_empty, listed
from .tasks import batch_comments_body

REPLY = {"type": "object", "additionalProperties": True, "properties": {
    "id": {"type": "string", "format": "uuid"}, "text": {"type": "string"},
    "person_id": {"type": "string", "format": "uuid"}, "date": {"type": "string"},
    "mentions": {"type": "array", "items": {"type": "string"}}}}
REPLY_BODY = {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "minLength": 1}, "person_id": {"type": "string", "format": "uuid",
                                                             "description": "Managers only: reply for someone."}}}
MOVE_BODY = {"type": "object", "required": ["target_task_id"],
             "properties": {"target_task_id": {"type": "string", "format": "uuid"}}}
IDS = {"type": "array", "items": {"type": "string", "format": "uuid"}}
CLEAR_BODY = {"type": "object", "required": ["task_ids"], "properties": {
    "task_ids": IDS, "person_id": {"type": "string", "format": "uuid",
                                   "description": "Only this person; everyone when omitted."}}}
OPEN_TASKS = {"type": "object", "properties": {
    "data": RECORDS, "stats": {"type": "object", "additionalProperties": True},
    "limit": {"type": "integer"}, "page": {"type": "integer"}, "is_more": {"type": "boolean"}}}
OPEN_TASKS_STATS = {"type": "object", "additionalProperties": True,
                    "description": "{project id: {amount, amount_done, total_duration, total_estimation, "
                                   "task_types: [per task type and status]}}"}
TASK_DATES = {"type": "array", "items": {"type": "object", "properties": {
    "person_id": {"type": "string", "format": "uuid"}, "min_date": {"type": ["string", "null"]},
    "max_date": {"type": ["string", "null"]}}}}
# /api/data/<kind>/<id>/<listing>: tasks of the shots or assets under a sequence or episode.
TASKS_UNDER = (("sequences", "shot-tasks"), ("episodes", "shot-tasks"), ("episodes", "asset-tasks"))


def _ids(*values):
    return [parse_uuid(value) for value in values]



def remove_comment_file(call, task_id, comment_id, kind, file_id):
    """production_tracking says whether the caller may remove the comment's file, then the asset service deletes it."""
    checked = call.rpc(PT, "check_comment_file_removal", *_ids(task_id, comment_id), kind, parse_uuid(file_id))
    call.rpc(ASSET, f"delete_{kind}", checked["id"])
    return Reply("", status=204)

class TasksMoreRoutes:
    # -- comment actions --------------------------------------------------------------------------

    @http("POST", "/api/data/tasks/<string:task_id>/comments/<string:comment_id>/ack")
    @route(shapes)
    @document("Acknowledge a comment, or take the acknowledgement back (a toggle); answers the comment",
              response=RECORD, errors=(403, 404))
    def zou_acknowledge_comment(self, call, task_id, comment_id):
        return call.rpc(PT, "acknowledge_comment", *_ids(task_id, comment_id))

    @http("POST", "/api/data/tasks/<string:task_id>/comments/<string:comment_id>/reply")
    @route(shapes)
    @document("Reply to a comment; its author, earlier repliers and the task's assignees are notified",
              body=REPLY_BODY, response=REPLY, errors=(400, 403, 404))
    def zou_reply_to_comment(self, call, task_id, comment_id):
        return call.rpc(PT, "reply_to_comment", *_ids(task_id, comment_id), call.json())

    @http("DELETE", "/api/data/tasks/<string:task_id>/comments/<string:comment_id>/reply/<string:reply_id>")
    @route(shapes)
    @document("Delete a reply (its author, an admin or the project's manager); answers the comment",
              response=RECORD, errors=(403, 404))
    def zou_delete_comment_reply(self, call, task_id, comment_id, reply_id):
        return call.rpc(PT, "delete_comment_reply", *_ids(task_id, comment_id, reply_id))

    @http("POST", "/api/actions/tasks/<string:task_id>/comments/<string:comment_id>/move")
    @route(shapes)
    @document("Move a comment to another task of the same entity (admins, the project's managers)",
              body=MOVE_BODY, response=RECORD, errors=(400, 403, 404))
    def zou_move_comment(self, call, task_id, comment_id):
        return call.rpc(PT, "move_comment", *_ids(task_id, comment_id), call.json())

    @http("POST", "/api/actions/projects/<string:project_id>/tasks/comment-many")
    @route(shapes)
    @document("Comments on several tasks of a project (JSON list or gazu's multipart 'comments' part), "
              "all or none; files named in the comments are not read", status=201, body=RECORDS,
              response=RECORDS, errors=(400, 403, 404))
    def zou_comment_many(self, call, project_id):
        return Reply(call.rpc(PT, "comment_many", parse_uuid(project_id), batch_comments_body(call)), status=201)

    @http("DELETE", "/api/data/tasks/<string:task_id>/comments/<string:comment_id>/attachments/"
                    "<string:attachment_id>")
    @route(shapes)
    @document("Remove an attachment from a comment (its author, an admin or the project's manager)",
              status=204, errors=(403, 404))
    def zou_delete_comment_attachment(self, call, task_id, comment_id, attachment_id):
        return remove_comment_file(call, task_id, comment_id, "attachment_file", attachment_id)

    @http("DELETE", "/api/actions/tasks/<string:task_id>/comments/<string:comment_id>/preview-files/"
                    "<string:preview_id>")
    @route(shapes)
    @document("Remove a preview from a comment (its author, an admin or the project's manager)",
              status=204, errors=(403, 404))
    def zou_remove_preview_from_comment(self, call, task_id, comment_id, preview_id):
        return remove_comment_file(call, task_id, comment_id, "preview_file", preview_id)

    @http("POST", "/api/actions/tasks/<string:task_id>/comments/<string:comment_id>/preview-files/"
                  "<string:preview_id>")
    @route(shapes)
    @document("Another preview of the same revision as a preview of the task (next position); upload next",
              status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_create_extra_preview(self, call, task_id, comment_id, preview_id):
        task_id, comment_id, preview_id = _ids(task_id, comment_id, preview_id)
        body_or_empty(call)  # gazu posts {}
        reference = call.rpc(ASSET, "get_preview_file", preview_id)
        if reference["task_id"] != task_id:
            raise NotFound("This preview is not one of this task's.")
        preview = call.rpc(ASSET, "create_preview_file", task_id, comment_id, {"revision": reference["revision"]})
        return Reply(preview, status=201)

    # -- previews of a task and of a project ---------------------------------------------------------

    @http("GET", "/api/data/tasks/<string:task_id>/previews")
    @route(shapes)
    @document("A task's preview files", response=RECORDS, errors=(404,))
    def zou_task_previews(self, call, task_id):
        task_id = parse_uuid(task_id)
        call.rpc(PT, "get_record", "tasks", task_id, {"fields": "id"})  # 404 unless the caller sees the task
        return listed(call.rpc(ASSET, "list_preview_files", {"task_id": task_id}), None)

    @http("GET", "/api/data/projects/<string:project_id>/preview-files")
    @route(shapes)
    @document("A project's preview files (page, limit)", response=RECORD_PAGE, errors=(404,))
    def zou_project_preview_files(self, call, project_id):
        project_id = parse_uuid(project_id)
        call.rpc(PT, "get_record", "projects", project_id, {"fields": "id"})  # 404 unless the caller sees it
        _args, page = listing_args(call)
        return listed(call.rpc(ASSET, "list_preview_files", {"project_id": project_id},
                               page.number if page else None, page.limit if page else None), page)

    # -- subscriptions to tasks (gazu.user's subscribe calls; gazu.task lists a project's) --------------

    @http("POST", "/api/actions/user/tasks/<string:task_id>/subscribe")
    @route(shapes)
    @document("Follow a task: its comments and replies notify the caller (once; again answers the same)",
              status=201, response=RECORD, errors=(403, 404))
    def zou_subscribe_to_task(self, call, task_id):
        body_or_empty(call)  # gazu posts {}
        return Reply(call.rpc(PT, "subscribe_to_task", parse_uuid(task_id)), status=201)

    @http("DELETE", "/api/actions/user/tasks/<string:task_id>/unsubscribe")
    @route(shapes)
    @document("Stop following a task", status=204, errors=(404,))
    def zou_unsubscribe_from_task(self, call, task_id):
        call.rpc(PT, "unsubscribe_from_task", parse_uuid(task_id))
        return Reply("", status=204)

    @http("GET", "/api/data/user/tasks/<string:task_id>/subscribed")
    @route(shapes)
    @document("Whether the caller follows a task", response={"type": "boolean"}, errors=(404,))
    def zou_task_subscribed(self, call, task_id):
        return call.rpc(PT, "is_subscribed_to_task", parse_uuid(task_id))

    @http("GET", "/api/data/projects/<string:project_id>/subscriptions")
    @route(shapes)
    @document("A project's subscriptions to tasks (its managers see all, anyone else their own)",
              response=RECORDS, errors=(404,))
    def zou_project_subscriptions(self, call, project_id):
        return call.rpc(PT, "list_project_subscriptions", parse_uuid(project_id))

    # -- task listings ----------------------------------------------------------------------------

    # mounted on every path of TASKS_UNDER, below the class
    @route(shapes)
    @document("Tasks of the shots of a sequence or episode, or of the assets of an episode", response=RECORDS,
              errors=(400, 404))
    def zou_tasks_under(self, call, record_id):
        kind, listing = call.request.path.rstrip("/").split("/")[3::2]  # /api/data/<kind>/<id>/<listing>
        return call.rpc(PT, "list_tasks_under", kind, parse_uuid(record_id), listing, call.args.to_dict())

    @http("GET", "/api/data/entities/<string:entity_id>/task-types/<string:task_type_id>/tasks")
    @route(shapes)
    @document("An entity's tasks of one task type", response=RECORDS, errors=(400, 404))
    def zou_entity_tasks_of_type(self, call, entity_id, task_type_id):
        return call.rpc(PT, "list_entity_tasks_of_type", *_ids(entity_id, task_type_id))

    @http("GET", "/api/data/persons/<string:person_id>/related-tasks/<string:task_type_id>")
    @route(shapes)
    @document("Tasks of one type of every entity where the person has a task assigned", response=RECORDS,
              errors=(400, 404))
    def zou_person_related_tasks(self, call, person_id, task_type_id):
        return call.rpc(PT, "list_person_related_tasks", *_ids(person_id, task_type_id))

    @http("GET", "/api/data/tasks/open-tasks")
    @route(shapes)
    @document("Open tasks (open projects, status not done), a page at a time with statistics; filters "
              "project_id, task_type_id, task_status_id, person_id, page, limit (at most 500)",
              response=OPEN_TASKS, errors=(400,))
    def zou_open_tasks(self, call):
        return call.rpc(PT, "list_open_tasks", call.args.to_dict())

    @http("GET", "/api/data/tasks/open-tasks/stats")
    @route(shapes)
    @document("Amounts, durations and estimations of open tasks per project, task type and status",
              response=OPEN_TASKS_STATS)
    def zou_open_tasks_stats(self, call):
        return call.rpc(PT, "get_open_tasks_stats")

    @http("GET", "/api/data/persons/task-dates")
    @route(shapes)
    @document("Per assigned person, the first start date and last due date of their tasks in open projects",
              response=TASK_DATES)
    def zou_persons_task_dates(self, call):
        return call.rpc(PT, "list_persons_task_dates")

    # -- batch task actions -----------------------------------------------------------------------

    @http("PUT", "/api/actions/tasks/clear-assignation")
    @route(shapes)
    @document("Unassign a person (or everyone) from tasks; answers the tasks' ids", body=CLEAR_BODY,
              response=IDS, errors=(400, 403, 404))
    def zou_clear_assignations(self, call):
        return call.rpc(PT, "clear_assignations", call.json())

    @http("POST", "/api/actions/projects/<string:project_id>/delete-tasks")
    @route(shapes)
    @document("Delete tasks of a project (with their comments), all or none; answers their ids", body=IDS,
              response=IDS, errors=(400, 403, 404))
    def zou_delete_tasks(self, call, project_id):
        return call.rpc(PT, "delete_tasks", parse_uuid(project_id), call.json())

    @http("DELETE", "/api/actions/projects/<string:project_id>/task-types/<string:task_type_id>/delete-tasks")
    @route(shapes)
    @document("Delete every task of a task type in a project", status=204, errors=(403, 404))
    def zou_delete_tasks_of_type(self, call, project_id, task_type_id):
        call.rpc(PT, "delete_tasks_of_type", *_ids(project_id, task_type_id))
        return Reply("", status=204)

    # -- concepts (one entity kind among the others) ------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/concepts")
    @route(shapes)
    @document("A project's concepts", response=RECORD_PAGE, errors=(400, 404))
    def zou_project_concepts(self, call, project_id):
        return list_pt(call, "concepts", {"project_id": parse_uuid(project_id)})

    @http("POST", "/api/data/projects/<string:project_id>/concepts")
    @route(shapes)
    @document("Create a concept in a project", status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_new_concept(self, call, project_id):
        return Reply(call.rpc(PT, "create_entity", "concepts", parse_uuid(project_id), call.json()), status=201)

    @http("GET", "/api/data/concepts/<string:concept_id>/tasks")
    @route(shapes)
    @document("A concept's tasks", response=RECORD_PAGE, errors=(400, 404))
    def zou_concept_tasks(self, call, concept_id):
        return list_pt(call, "tasks", {"entity_id": parse_uuid(concept_id)})

    @http("GET", "/api/data/concepts/<string:concept_id>/task-types")
    @route(shapes)
    @document("The task types of a concept's tasks", response=RECORDS, errors=(404,))
    def zou_concept_task_types(self, call, concept_id):
        return call.rpc(PT, "list_entity_task_types", parse_uuid(concept_id))


for _kind, _listing in TASKS_UNDER:
    http("GET", f"/api/data/{_kind}/<string:record_id>/{_listing}")(TasksMoreRoutes.zou_tasks_under)
