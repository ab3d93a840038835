"""/api/data/persons: Zou's generic CRUD for persons (owned by identity)."""

from nameko.web.handlers import http

from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import schemas, shapes

PAGE_ARGS = ("page", "limit", "relations", "fields", "force")
# Zou fields gazu sends that Reelhouse does not keep (or that are output
# only); accepted and ignored so gazu's new_person works unchanged.
IGNORED_FIELDS = ("contract_type", "is_bot", "id", "type", "created_at", "updated_at",
                  "full_name", "has_avatar", "notifications_enabled", "notifications_slack_enabled",
                  "data", "totp_enabled", "email_otp_enabled", "fido_enabled",
                  "preferred_two_factor_authentication", "access_token", "expiration_date")
BLANK_MEANS_NONE = ("desktop_login", "phone", "password")


def person_payload(body):
    """Zou's person body -> identity's canonical payload."""
    if not isinstance(body, dict):
        return body  # identity's validation answers with the field error
    payload = {k: v for k, v in body.items() if k not in IGNORED_FIELDS}
    for field in BLANK_MEANS_NONE:
        if payload.get(field) == "":
            payload[field] = None
    return {k: v for k, v in payload.items() if not (k == "password" and v is None)}


def person_filters(args):
    return {k: v for k, v in args.items() if k not in PAGE_ARGS}


class PersonRoutes:
    @http("GET", "/api/data/persons")
    @route(shapes)
    @document("List persons, filtered by equality on their fields", query=schemas.PersonFilterQuerySchema,
              response=schemas.page_of(schemas.PersonSchema))
    def list_persons(self, call):
        page = page_from(call.args.get("page"), call.args.get("limit")) if "page" in call.args else None
        number, limit = (page.number, page.limit) if page else (1, 500)
        result = call.rpc("identity", "list_persons", person_filters(call.args), number, limit)
        return shapes.listing(result, page, shapes.person)

    @http("POST", "/api/data/persons")
    @route(shapes)
    @document("Create a person (admins)", status=201, body=schemas.PersonInputSchema,
              response=schemas.PersonSchema, errors=(403, 409))
    def create_person(self, call):
        body = call.json()
        if isinstance(body, dict) and body.get("is_bot") is True:  # gazu's new_bot (identity's bots.py)
            return Reply(shapes.bot(call.rpc("identity", "create_bot", body)), status=201)
        return Reply(shapes.person(call.rpc("identity", "create_person", person_payload(body))), status=201)

    @http("GET", "/api/data/persons/<string:person_id>")
    @route(shapes)
    @document("Get a person", response=schemas.PersonSchema)
    def get_person(self, call, person_id):
        return shapes.person(call.rpc("identity", "get_user", parse_uuid(person_id)))

    @http("PUT", "/api/data/persons/<string:person_id>")
    @route(shapes)
    @document("Update a person (admins)", body=schemas.PersonInputSchema(partial=True),
              response=schemas.PersonSchema, errors=(403, 409))
    def update_person(self, call, person_id):
        return shapes.bot(call.rpc("identity", "update_person", parse_uuid(person_id), person_payload(call.json())))

    @http("DELETE", "/api/data/persons/<string:person_id>")
    @route(shapes)
    @document("Delete a person (admins)", status=204, errors=(403,))
    def delete_person(self, call, person_id):
        call.rpc("identity", "delete_person", parse_uuid(person_id))
        return Reply("", status=204)
