"""gazu.person's other calls: day offs and the change-password and invite
actions (identity), a person's time spents over a period and the presence log
(production_tracking, names from identity), avatars (bytes streamed to the
asset service's bucket, ``has_avatar`` in identity). Thin: one service answers
most routes; the presence log's CSV is put together here from two answers, and
an avatar is streamed before identity records it.
"""

import csv
import io

from nameko.web.handlers import http
from werkzeug.wrappers import Response

from reelhouse.shared.errors import AppError, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from ..http import Reply, route
from ..openapi import document
from . import shapes
from .data import PT, RECORD, RECORDS
from .file_stream import stream_upload
from .files import UPLOAD_FORM, redirect

# Output-only keys gazu sends back with a whole day off (update_day_off).
OUTPUT_ONLY = ("id", "type", "created_at", "updated_at")
CSV_TEXT = {"type": "string", "description": "CSV, UTF-8: a header of the year and the month's days, then a "
                                             "row per person with X on the days they logged time"}
SUCCESS = {"type": "object", "properties": {"success": {"type": "boolean"}, "message": {"type": "string"}}}
PERIOD_ERRORS = (400, 403, 404)
AVATAR_UPLOAD = ("begin_avatar_upload", "finish_avatar_upload", "abort_avatar_upload")
THUMBNAIL_PATH = {"type": "object", "properties": {"thumbnail_path": {"type": "string"}}}
LOCATION = {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}}


def presence_csv(presence: dict, names: dict) -> str:
    """Zou's presence log: ``year, 1, 2, …`` then ``Full Name, X, , X…`` per person (bots left out)."""
    days = range(1, presence["days_in_month"] + 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(presence["year"]), *map(str, days)])
    for person_id, person in names.items():  # identity's order: by last name, first name
        if person["is_bot"] or not person["active"]:
            continue
        present = set(presence["persons"].get(person_id, ()))
        writer.writerow([person["full_name"], *("X" if day in present else "" for day in days)])
    return out.getvalue()


class PersonsMoreRoutes:
    # -- day offs (identity) ----------------------------------------------------------------------

    @http("POST", "/api/data/day-offs")
    @route(shapes)
    @document("Create a day off (the person themselves or an admin; periods of a person never overlap)",
              status=201, body=RECORD, response=RECORD, errors=(400, 403, 404))
    def zou_create_day_off(self, call):
        return Reply(call.rpc("identity", "create_day_off", shapes.writable(call.json(), OUTPUT_ONLY)), status=201)

    @http("GET", "/api/data/day-offs")
    @route(shapes)
    @document("The day offs of ?person_id= (default: the caller)", response=RECORDS, errors=(400, 403, 404))
    def zou_list_day_offs(self, call):
        return call.rpc("identity", "list_day_offs", call.args.get("person_id") or call.caller.user_id)

    @http("GET", "/api/data/day-offs/<string:day_off_id>")
    @route(shapes)
    @document("Get a day off", response=RECORD, errors=(400, 403, 404))
    def zou_get_day_off(self, call, day_off_id):
        return call.rpc("identity", "get_day_off", parse_uuid(day_off_id))

    @http("PUT", "/api/data/day-offs/<string:day_off_id>")
    @route(shapes)
    @document("Update a day off (date, end_date, description, person_id)", body=RECORD, response=RECORD,
              errors=(400, 403, 404))
    def zou_update_day_off(self, call, day_off_id):
        return call.rpc("identity", "update_day_off", parse_uuid(day_off_id), shapes.writable(call.json(), OUTPUT_ONLY))

    @http("DELETE", "/api/data/day-offs/<string:day_off_id>")
    @route(shapes)
    @document("Delete a day off", status=204, errors=(400, 403, 404))
    def zou_delete_day_off(self, call, day_off_id):
        call.rpc("identity", "delete_day_off", parse_uuid(day_off_id))
        return Reply("", status=204)

    @http("GET", "/api/data/persons/<string:person_id>/day-offs")
    @route(shapes)
    @document("A person's day offs, oldest first", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_day_offs(self, call, person_id):
        return call.rpc("identity", "list_day_offs", parse_uuid(person_id))

    @http("GET", "/api/data/persons/<string:person_id>/day-offs/week/<string:year>/<string:week>")
    @route(shapes)
    @document("A person's day offs overlapping an ISO week", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_week_day_offs(self, call, person_id, year, week):
        return call.rpc("identity", "list_day_offs", parse_uuid(person_id), "week", year, week)

    @http("GET", "/api/data/persons/<string:person_id>/day-offs/month/<string:year>/<string:month>")
    @route(shapes)
    @document("A person's day offs overlapping a month", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_month_day_offs(self, call, person_id, year, month):
        return call.rpc("identity", "list_day_offs", parse_uuid(person_id), "month", year, month)

    @http("GET", "/api/data/persons/<string:person_id>/day-offs/year/<string:year>")
    @route(shapes)
    @document("A person's day offs overlapping a year", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_year_day_offs(self, call, person_id, year):
        return call.rpc("identity", "list_day_offs", parse_uuid(person_id), "year", year)

    # -- a person's time spents (production_tracking) ---------------------------------------------

    @http("GET", "/api/data/persons/<string:person_id>/time-spents")
    @route(shapes)
    @document("A person's time spents, all or between ?start_date= and ?end_date= (admins)", response=RECORDS,
              errors=PERIOD_ERRORS)
    def zou_person_time_spents(self, call, person_id):
        return call.rpc(PT, "list_person_time_spents", parse_uuid(person_id), call.args.get("start_date"),
                        call.args.get("end_date"))

    @http("GET", "/api/data/persons/<string:person_id>/time-spents/<string:date>")
    @route(shapes)
    @document("A person's time spents on a day", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_day_time_spents(self, call, person_id, date):
        return call.rpc(PT, "list_person_day_time_spents", parse_uuid(person_id), date)

    @http("GET", "/api/data/persons/<string:person_id>/time-spents/month/all/<string:year>/<string:month>")
    @route(shapes)
    @document("A person's time spents of a month, one per task and day", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_month_all_time_spents(self, call, person_id, year, month):
        return call.rpc(PT, "list_person_month_time_spents", parse_uuid(person_id), year, month)

    @http("GET", "/api/data/persons/<string:person_id>/time-spents/week/<string:year>/<string:week>")
    @route(shapes)
    @document("A person's minutes per task over an ISO week", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_week_time_spents(self, call, person_id, year, week):
        return call.rpc(PT, "aggregate_person_time_spents", parse_uuid(person_id), "week", year, week)

    @http("GET", "/api/data/persons/<string:person_id>/time-spents/month/<string:year>/<string:month>")
    @route(shapes)
    @document("A person's minutes per task over a month", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_month_time_spents(self, call, person_id, year, month):
        return call.rpc(PT, "aggregate_person_time_spents", parse_uuid(person_id), "month", year, month)

    @http("GET", "/api/data/persons/<string:person_id>/time-spents/year/<string:year>")
    @route(shapes)
    @document("A person's minutes per task over a year", response=RECORDS, errors=PERIOD_ERRORS)
    def zou_person_year_time_spents(self, call, person_id, year):
        return call.rpc(PT, "aggregate_person_time_spents", parse_uuid(person_id), "year", year)

    @http("GET", "/api/data/persons/presence-logs/<string:month_date>")
    @route(shapes)
    @document("The month's presence log as CSV: who logged time on which day (admins)", response=CSV_TEXT,
              media_type="text/csv", errors=(400, 403))
    def zou_presence_log(self, call, month_date):
        year, _, month = month_date.partition("-")
        if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
            raise ValidationFailed("Invalid month or year.", {"month_date": ["Expected YYYY-MM."]})
        presence = call.rpc(PT, "get_month_presence", int(year), int(month))
        names = call.rpc("identity", "person_names", list(presence["persons"]))
        return Response(presence_csv(presence, names), mimetype="text/csv")

    # -- an administrator acting on a person (identity) --------------------------------------------

    @http("POST", "/api/actions/persons/<string:person_id>/change-password")
    @route(shapes)
    @document("Set a person's password (admins): password and password_2 must match; their other sessions end",
              body={"type": "object", "properties": {"password": {"type": "string"},
                                                     "password_2": {"type": "string"}}},
              response=SUCCESS, errors=(400, 403, 404))
    def zou_change_password_for_person(self, call, person_id):
        return call.rpc("identity", "change_password_for_person", parse_uuid(person_id), call.json())

    @http("GET", "/api/actions/persons/<string:person_id>/invite")
    @route(shapes, limit="mail")
    @document("Mail a person a code to choose their password (admins)", response=SUCCESS, errors=(400, 403, 404))
    def zou_invite_person(self, call, person_id):
        return call.rpc("identity", "invite_person", parse_uuid(person_id))

    # -- avatars: the bytes in the asset service's bucket, has_avatar in identity ------------------

    @http("POST", "/api/pictures/thumbnails/persons/<string:person_id>")
    @route(shapes)
    @document("Upload a person's avatar (the person or an admin; png, jpg, gif, webp; at most 10 MiB), streamed",
              body=UPLOAD_FORM, body_media_type="multipart/form-data", response=THUMBNAIL_PATH,
              errors=(400, 403, 404))
    def zou_set_avatar(self, call, person_id):
        person_id = parse_uuid(person_id)
        stream_upload(call, "asset", (person_id,), AVATAR_UPLOAD)
        try:
            return call.rpc("identity", "set_person_avatar", person_id)
        except AppError:  # no such person for the caller: the picture goes too
            call.rpc("asset", "delete_avatar", person_id)
            raise

    @http("GET", "/api/pictures/thumbnails/persons/<string:person_id>.png")
    @route(shapes)
    @document("A person's avatar: a redirect to a short-lived URL", status=302, response=LOCATION, errors=(404,))
    def zou_get_avatar(self, call, person_id):
        person = call.rpc("identity", "get_user", parse_uuid(person_id))  # 404 for a person one cannot see
        if not person.get("has_avatar"):
            raise NotFound("This person has no avatar.")
        return redirect(call.rpc("asset", "get_avatar_download", person["id"]))

    @http("DELETE", "/api/actions/persons/<string:person_id>/clear-avatar")
    @route(shapes)
    @document("Remove a person's avatar (admins)", status=204, errors=(403, 404))
    def zou_clear_avatar(self, call, person_id):
        person_id = parse_uuid(person_id)
        call.rpc("identity", "clear_person_avatar", person_id)
        call.rpc("asset", "delete_avatar", person_id)
        return Reply("", status=204)
