"""/api routes for time spents, notifications, search filters, playlists,
schedules and status automations settings (their records are also served by
the generic /api/data/<model> routes)."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORD_PAGE, RECORDS, DataRoutes, list_pt

TIME_SPENTS = {"type": "object", "additionalProperties": True, "properties": {"total": {"type": "number"}}}
FILTERS = {"type": "object", "additionalProperties": True,
           "description": "{list_type: {project_id or 'all': [filter, ...]}}"}
# GET /api/data/projects/<p>/<listing>: these models, filtered on the project.
PROJECT_LISTINGS = ("milestones", "schedule-items", "time-spents", "notifications")


class TrackingMoreRoutes:
    # -- time spents ------------------------------------------------------------------------------

    @http("POST", "/api/actions/tasks/<string:task_id>/time-spents/<string:date>/persons/<string:person_id>")
    @route(shapes)
    @document("Set the minutes a person spent on a task on a day (0 removes the entry)", status=201, body=RECORD,
              response=RECORD, errors=(400, 403, 404))
    def zou_set_time_spent(self, call, task_id, date, person_id):
        return Reply(call.rpc(PT, "set_time_spent", parse_uuid(task_id), date, parse_uuid(person_id), call.json()),
                     status=201)

    @http("POST", "/api/actions/tasks/<string:task_id>/time-spents/<string:date>/persons/<string:person_id>/add")
    @route(shapes)
    @document("Add minutes to what a person spent on a task on a day", status=201, body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_add_time_spent(self, call, task_id, date, person_id):
        return Reply(call.rpc(PT, "set_time_spent", parse_uuid(task_id), date, parse_uuid(person_id), call.json(),
                              True), status=201)

    @http("DELETE", "/api/actions/tasks/<string:task_id>/time-spents/<string:date>/persons/<string:person_id>")
    @route(shapes)
    @document("Remove what a person spent on a task on a day", status=204, errors=(400, 403, 404))
    def zou_delete_time_spent(self, call, task_id, date, person_id):
        call.rpc(PT, "set_time_spent", parse_uuid(task_id), date, parse_uuid(person_id), {"duration": 0})
        return Reply("", status=204)

    @http("DELETE", "/api/data/time-spents/<string:time_spent_id>")
    @route(shapes)
    @document("Delete a time spent (its person's own, or as a manager); the task's duration follows",
              status=204, errors=(403, 404))
    def zou_delete_time_spent_record(self, call, time_spent_id):
        call.rpc(PT, "delete_time_spent", parse_uuid(time_spent_id))
        return Reply("", status=204)

    @http("GET", "/api/actions/tasks/<string:task_id>/time-spents")
    @route(shapes)
    @document("A task's time spents by person, with their total", response=TIME_SPENTS, errors=(404,))
    def zou_task_time_spents(self, call, task_id):
        return call.rpc(PT, "get_task_time_spents", parse_uuid(task_id))

    @http("GET", "/api/actions/tasks/<string:task_id>/time-spents/<string:date>")
    @route(shapes)
    @document("A task's time spents of one day by person, with their total", response=TIME_SPENTS,
              errors=(400, 404))
    def zou_task_time_spents_of_day(self, call, task_id, date):
        return call.rpc(PT, "get_task_time_spents", parse_uuid(task_id), date)

    @http("GET", "/api/data/user/time-spents")
    @route(shapes)
    @document("The caller's time spents between start_date and end_date (YYYY-MM-DD, inclusive)",
              response=RECORDS, errors=(400,))
    def zou_user_time_spents(self, call):
        return call.rpc(PT, "list_user_time_spents", call.args.get("start_date"), call.args.get("end_date"))

    @http("GET", "/api/data/user/time-spents/<string:date>")
    @route(shapes)
    @document("The caller's time spents of one day", response=RECORDS, errors=(400,))
    def zou_user_time_spents_of_day(self, call, date):
        return call.rpc(PT, "list_user_time_spents", date, date)

    # -- the caller's notifications ---------------------------------------------------------------

    @http("GET", "/api/data/user/notifications")
    @route(shapes)
    @document("The caller's notifications, newest first", response=RECORDS, errors=(400,))
    def zou_user_notifications(self, call):
        return call.rpc(PT, "list_user_notifications", call.args.to_dict())

    @http("GET", "/api/data/user/notifications/<string:notification_id>")
    @route(shapes)
    @document("One of the caller's notifications", response=RECORD, errors=(404,))
    def zou_user_notification(self, call, notification_id):
        return call.rpc(PT, "get_user_notification", parse_uuid(notification_id))

    @http("PUT", "/api/data/user/notifications/<string:notification_id>")
    @route(shapes)
    @document("Mark one of the caller's notifications read or unread", body=RECORD, response=RECORD,
              errors=(400, 404))
    def zou_update_user_notification(self, call, notification_id):
        return call.rpc(PT, "update_user_notification", parse_uuid(notification_id), call.json())

    @http("POST", "/api/actions/user/notifications/mark-all-as-read")
    @route(shapes)
    @document("Mark all the caller's notifications read", response=RECORD)
    def zou_mark_all_notifications_read(self, call):
        return call.rpc(PT, "mark_all_notifications_read")

    # -- the caller's search filters --------------------------------------------------------------

    @http("GET", "/api/data/user/filters")
    @route(shapes)
    @document("The caller's saved searches, by list type and project", response=FILTERS)
    def zou_user_filters(self, call):
        return call.rpc(PT, "list_user_filters")

    @http("POST", "/api/data/user/filters")
    @route(shapes)
    @document("Save a search (name, query, list_type, project_id...)", status=201, body=RECORD, response=RECORD,
              errors=(400, 404))
    def zou_create_user_filter(self, call):
        return Reply(call.rpc(PT, "create_user_filter", call.json()), status=201)

    @http("PUT", "/api/data/user/filters/<string:filter_id>")
    @route(shapes)
    @document("Change one of the caller's saved searches", body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_update_user_filter(self, call, filter_id):
        return call.rpc(PT, "update_user_filter", parse_uuid(filter_id), call.json())

    @http("DELETE", "/api/data/user/filters/<string:filter_id>")
    @route(shapes)
    @document("Delete one of the caller's saved searches", status=204, errors=(403, 404))
    def zou_delete_user_filter(self, call, filter_id):
        call.rpc(PT, "delete_user_filter", parse_uuid(filter_id))
        return Reply("", status=204)

    # -- playlists --------------------------------------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/playlists")
    @route(shapes)
    @document("A project's playlists, last updated first, 20 a page (page)", response=RECORDS, errors=(400, 404))
    def zou_project_playlists(self, call, project_id):
        return call.rpc(PT, "list_project_playlists", parse_uuid(project_id), None, call.args.get("page") or 1)

    @http("GET", "/api/data/projects/<string:project_id>/playlists/all")
    @route(shapes)
    @document("All of a project's playlists", response=RECORDS, errors=(404,))
    def zou_all_project_playlists(self, call, project_id):
        return call.rpc(PT, "list_project_playlists", parse_uuid(project_id))

    @http("GET", "/api/data/projects/<string:project_id>/episodes/<string:episode_id>/playlists")
    @route(shapes)
    @document("A project's playlists of an episode ('main': of none, 'all': for all)", response=RECORDS,
              errors=(400, 404))
    def zou_episode_playlists(self, call, project_id, episode_id):
        episode = episode_id if episode_id in ("main", "all") else parse_uuid(episode_id)
        return call.rpc(PT, "list_project_playlists", parse_uuid(project_id), episode)

    @http("GET", "/api/data/projects/<string:project_id>/playlists/<string:playlist_id>")
    @route(shapes)
    @document("A playlist of a project, with its entities", response=RECORD, errors=(404,))
    def zou_project_playlist(self, call, project_id, playlist_id):
        return call.rpc(PT, "get_project_playlist", parse_uuid(project_id), parse_uuid(playlist_id))

    @http("POST", "/api/actions/playlists/<string:playlist_id>/add-entity")
    @route(shapes)
    @document("Add an entity (and the preview to review) to a playlist", body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_playlist_add_entity(self, call, playlist_id):
        return call.rpc(PT, "add_playlist_entities", parse_uuid(playlist_id), call.json())

    @http("POST", "/api/actions/playlists/<string:playlist_id>/add-entities")
    @route(shapes)
    @document("Add entities to a playlist", body=RECORDS, response=RECORD, errors=(400, 403, 404))
    def zou_playlist_add_entities(self, call, playlist_id):
        return call.rpc(PT, "add_playlist_entities", parse_uuid(playlist_id), call.json())

    # -- schedules, per-project time spents and notifications ------------------------------------

    @route(shapes)
    @document("A project's milestones, schedule items, time spents or notifications", response=RECORD_PAGE,
              errors=(400, 404))
    def zou_project_tracking_listing(self, call, project_id):
        listing = call.request.path.rstrip("/").rsplit("/", 1)[1]
        return list_pt(call, listing, {"project_id": parse_uuid(project_id)})

    # -- status automations in project settings ---------------------------------------------------

    @http("GET", "/api/data/projects/<string:project_id>/settings/status-automations")
    @route(shapes)
    @document("The status automations a project runs", response=RECORDS, errors=(404,))
    def zou_project_status_automations(self, call, project_id):
        return call.rpc(PT, "list_project_setting", parse_uuid(project_id), "status-automations")

    @http("POST", "/api/data/projects/<string:project_id>/settings/status-automations")
    @route(shapes)
    @document("Make a project run a status automation (status_automation_id)", status=201, body=RECORD,
              response=RECORD, errors=(400, 403, 404))
    def zou_add_project_status_automation(self, call, project_id):
        return Reply(call.rpc(PT, "add_project_setting", parse_uuid(project_id), "status-automations", call.json()),
                     status=201)

    @http("DELETE", "/api/data/projects/<string:project_id>/settings/status-automations/<string:automation_id>")
    @route(shapes)
    @document("Stop a project running a status automation", status=204, errors=(403, 404))
    def zou_remove_project_status_automation(self, call, project_id, automation_id):
        call.rpc(PT, "remove_project_setting", parse_uuid(project_id), "status-automations",
                 parse_uuid(automation_id))
        return Reply("", status=204)


# Static paths, so they take precedence over /api/data/projects/<p>/<listing>.
for _listing in PROJECT_LISTINGS:
    http("GET", f"/api/data/projects/<string:project_id>/{_listing}")(TrackingMoreRoutes.zou_project_tracking_listing)

# gazu posts playlists to "data/playlists/" (and Zou lists schedule-items/ and notifications/ so):
# the generic routes answer with the trailing slash too.
http("GET", "/api/data/<string:model>/")(DataRoutes.zou_list_records)
http("POST", "/api/data/<string:model>/")(DataRoutes.zou_create_record)
