"""/v1 catalogue routes: industries, template types, templates, template collections.

Flat routes are the spec's; templates are also served under
``/v1/workspaces/{id}/templates`` (the spec's example lines), where the URL's
workspace scopes the list and is the owner of what is created. The workspace
service decides who sees and writes what (docs/api-v1.md, "Catalogue").
"""

from nameko.web.handlers import http

from reelhouse.shared import ids
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import catalog_schemas as wire
from . import roles, shapes
from .schemas import SuccessSchema, data, page
from .shapes import WORKSPACE_PREFIX, decode_id, request_data

INDUSTRY, TEMPLATE_TYPE, TEMPLATE, COLLECTION = "ind", "tpt", "tmp", "tcl"
TEMPLATE_REFERENCES = {"workspace_id": WORKSPACE_PREFIX, "industry_id": INDUSTRY, "template_type_id": TEMPLATE_TYPE}
TEMPLATE_SCOPES = {"industry": ("industry_id", INDUSTRY), "templateType": ("template_type_id", TEMPLATE_TYPE),
                   "workspace": ("workspace_id", WORKSPACE_PREFIX), "published": ("is_published", bool)}


def _prefixed(prefix, value):
    return ids.to_prefixed(prefix, value) if value else None


def _timestamps(record):
    return {"created_at": shapes.timestamp(record.get("created_at")),
            "updated_at": shapes.timestamp(record.get("updated_at"))}


def industry(record, caller):
    body = {"type": "industry", "id": _prefixed(INDUSTRY, record["id"]), "name": record["name"],
            "description": record.get("description"), "is_published": record["is_published"], **_timestamps(record)}
    return _relations(body, record, caller, {"templates": template, "workspaces": shapes.workspace})


def template_type(record, caller):
    body = {"type": "template_type", "id": _prefixed(TEMPLATE_TYPE, record["id"]), "name": record["name"],
            "description": record.get("description"), "icon": record.get("icon"),
            "is_published": record["is_published"], **_timestamps(record)}
    return _relations(body, record, caller, {"templates": template})


def template(record, caller):
    body = {
        "type": "template", "id": _prefixed(TEMPLATE, record["id"]),
        "workspace_id": _prefixed(WORKSPACE_PREFIX, record.get("workspace_id")),
        "industry_id": _prefixed(INDUSTRY, record.get("industry_id")),
        "template_type_id": _prefixed(TEMPLATE_TYPE, record.get("template_type_id")),
        "name": record["name"], "description": record.get("description"), "is_published": record["is_published"],
        "editor_pick": record.get("editor_pick", False), "image_url": record.get("image_url"),
    }
    if "template" in record:
        body["template"] = record["template"]
    body.update(_timestamps(record))
    return _relations(body, record, caller, {"industry": industry, "template_type": template_type,
                                             "workspace": shapes.workspace})


def collection(record, caller):
    body = {"type": "template_collection", "id": _prefixed(COLLECTION, record["id"]), "name": record["name"],
            "description": record.get("description"),
            "template_ids": [_prefixed(TEMPLATE, t) for t in record.get("template_ids", [])], **_timestamps(record)}
    return _relations(body, record, caller, {"templates": template, "workspaces": shapes.workspace})


def workspace_relations(body, record, caller):
    """A workspace's embedded ``industry``, ``template_collection`` and ``roles`` (see shapes.workspace)."""
    return _relations(body, record, caller, {"industry": industry, "template_collection": collection,
                                             "roles": lambda r, _caller: roles.role(r)})


def _relations(body, record, caller, shapers):
    """Embedded relations the service loaded (``include``): objects inline, collections as arrays."""
    for name, shaper in shapers.items():
        if name not in record:
            continue
        value = record[name]
        if isinstance(value, list):
            body[name] = [shaper(item, caller) for item in value]
        else:
            body[name] = shaper(value, caller) if value is not None else None
    return body


def _page(call):
    return page_from(call.args.get("page"), call.args.get("limit"))


def _listing(call, result, shaper, page):
    return shapes.collection([shaper(r, call.caller) for r in result["items"]], page, result["total"], call)


def template_payload(call):
    return shapes.decode_fields(request_data(call), TEMPLATE_REFERENCES)


def collection_payload(call):
    return shapes.decode_fields(request_data(call), {"template_ids": TEMPLATE})


INDUSTRY_RELATIONS, TEMPLATE_TYPE_RELATIONS = ("templates", "workspaces"), ("templates",)
TEMPLATE_RELATIONS, COLLECTION_RELATIONS = ("industry", "template_type", "workspace"), ("templates", "workspaces")
NAMED_SORT, TEMPLATE_SORT = ("name", "created_at", "updated_at"), ("name", "created_at", "updated_at", "editor_pick")
TEMPLATE_SCOPE_HELP = ("industry:<ind_ id>, templateType:<tpt_ id>, workspace:<wrk_ id>, published:true|false; "
                       "comma-separated to combine.")


class IndustryRoutes:
    @http("GET", "/v1/industries")
    @route(shapes)
    @document("List industries (published ones; admins see all)",
              query=wire.list_query("Industry", INDUSTRY_RELATIONS, NAMED_SORT), response=page(wire.IndustrySchema))
    def list_industries(self, call):
        page = _page(call)
        result = call.rpc("workspace", "list_industries", page.number, page.limit, shapes.list_options(call))
        return _listing(call, result, industry, page)

    @http("GET", "/v1/industries/<string:industry_id>")
    @route(shapes)
    @document("Get an industry", query=wire.include_query("Industry", INDUSTRY_RELATIONS),
              response=data(wire.IndustrySchema))
    def get_industry(self, call, industry_id):
        record = call.rpc("workspace", "get_industry", decode_id(INDUSTRY, industry_id), shapes.includes(call))
        return {"data": industry(record, call.caller)}

    @http("POST", "/v1/industries")
    @route(shapes)
    @document("Create an industry (platform admins)", status=201, body=data(wire.IndustryInputSchema),
              response=data(wire.IndustrySchema), errors=(403,))
    def create_industry(self, call):
        record = call.rpc("workspace", "create_industry", request_data(call))
        return Reply({"data": industry(record, call.caller)}, status=201)

    @http("PUT", "/v1/industries/<string:industry_id>")
    @route(shapes)
    @document("Update an industry (platform admins; partial)", body=data(wire.IndustryInputSchema),
              response=data(wire.IndustrySchema), errors=(403,))
    def update_industry(self, call, industry_id):
        record = call.rpc("workspace", "update_industry", decode_id(INDUSTRY, industry_id), request_data(call))
        return {"data": industry(record, call.caller)}

    @http("DELETE", "/v1/industries/<string:industry_id>")
    @route(shapes)
    @document("Delete an industry (platform admins)", response=SuccessSchema, errors=(403, 409),
              description="409 while templates or workspaces refer to it: unpublish it instead.")
    def delete_industry(self, call, industry_id):
        call.rpc("workspace", "delete_industry", decode_id(INDUSTRY, industry_id))
        return shapes.success()


class TemplateTypeRoutes:
    @http("GET", "/v1/template-types")
    @route(shapes)
    @document("List template types (published ones; admins see all)",
              query=wire.list_query("TemplateType", TEMPLATE_TYPE_RELATIONS, NAMED_SORT),
              response=page(wire.TemplateTypeSchema))
    def list_template_types(self, call):
        page = _page(call)
        result = call.rpc("workspace", "list_template_types", page.number, page.limit, shapes.list_options(call))
        return _listing(call, result, template_type, page)

    @http("GET", "/v1/template-types/<string:template_type_id>")
    @route(shapes)
    @document("Get a template type", query=wire.include_query("TemplateType", TEMPLATE_TYPE_RELATIONS),
              response=data(wire.TemplateTypeSchema))
    def get_template_type(self, call, template_type_id):
        record = call.rpc("workspace", "get_template_type", decode_id(TEMPLATE_TYPE, template_type_id),
                          shapes.includes(call))
        return {"data": template_type(record, call.caller)}

    @http("POST", "/v1/template-types")
    @route(shapes)
    @document("Create a template type (platform admins)", status=201, body=data(wire.TemplateTypeInputSchema),
              response=data(wire.TemplateTypeSchema), errors=(403,))
    def create_template_type(self, call):
        record = call.rpc("workspace", "create_template_type", request_data(call))
        return Reply({"data": template_type(record, call.caller)}, status=201)

    @http("PUT", "/v1/template-types/<string:template_type_id>")
    @route(shapes)
    @document("Update a template type (platform admins; partial)", body=data(wire.TemplateTypeInputSchema),
              response=data(wire.TemplateTypeSchema), errors=(403,))
    def update_template_type(self, call, template_type_id):
        record = call.rpc("workspace", "update_template_type", decode_id(TEMPLATE_TYPE, template_type_id),
                          request_data(call))
        return {"data": template_type(record, call.caller)}

    @http("DELETE", "/v1/template-types/<string:template_type_id>")
    @route(shapes)
    @document("Delete a template type (platform admins)", response=SuccessSchema, errors=(403, 409),
              description="409 while templates refer to it: unpublish it instead.")
    def delete_template_type(self, call, template_type_id):
        call.rpc("workspace", "delete_template_type", decode_id(TEMPLATE_TYPE, template_type_id))
        return shapes.success()


class TemplateRoutes:
    @http("GET", "/v1/templates")
    @route(shapes)
    @document("List the templates the caller may see",
              query=wire.list_query("Template", TEMPLATE_RELATIONS, TEMPLATE_SORT, TEMPLATE_SCOPE_HELP),
              response=page(wire.TemplateSchema))
    def list_templates(self, call):
        return self._template_listing(call)

    @http("GET", "/v1/public/templates")
    @route(shapes, auth="none")
    @document("List published global templates (public)", auth="none",
              query=wire.list_query("PublicTemplate", TEMPLATE_RELATIONS, TEMPLATE_SORT, TEMPLATE_SCOPE_HELP),
              response=page(wire.TemplateSchema))
    def list_public_templates(self, call):
        return self._template_listing(call, public=True)

    @http("GET", "/v1/workspaces/<string:workspace_id>/templates")
    @route(shapes)
    @document("List the templates usable in a workspace: its own, published global ones, its collection's",
              query=wire.list_query("WorkspaceTemplate", TEMPLATE_RELATIONS, TEMPLATE_SORT, TEMPLATE_SCOPE_HELP),
              response=page(wire.TemplateSchema))
    def list_workspace_templates(self, call, workspace_id):
        return self._template_listing(call, workspace_id=decode_id(WORKSPACE_PREFIX, workspace_id))

    def _template_listing(self, call, workspace_id=None, public=False):
        page = _page(call)
        result = call.rpc("workspace", "list_templates", shapes.scopes(call, TEMPLATE_SCOPES), page.number,
                          page.limit, shapes.list_options(call), workspace_id, public)
        return _listing(call, result, template, page)

    @http("GET", "/v1/templates/<string:template_id>")
    @route(shapes)
    @document("Get a template with its blueprint", query=wire.include_query("Template", TEMPLATE_RELATIONS),
              response=data(wire.TemplateSchema))
    def get_template(self, call, template_id):
        record = call.rpc("workspace", "get_template", decode_id(TEMPLATE, template_id), None, shapes.includes(call))
        return {"data": template(record, call.caller)}

    @http("GET", "/v1/workspaces/<string:workspace_id>/templates/<string:template_id>")
    @route(shapes)
    @document("Get a template usable in the workspace", query=wire.include_query("Template", TEMPLATE_RELATIONS),
              response=data(wire.TemplateSchema))
    def get_workspace_template(self, call, workspace_id, template_id):
        record = call.rpc("workspace", "get_template", decode_id(TEMPLATE, template_id),
                          decode_id(WORKSPACE_PREFIX, workspace_id), shapes.includes(call))
        return {"data": template(record, call.caller)}

    @http("POST", "/v1/templates")
    @route(shapes)
    @document("Create a template (global: admins; in a workspace: templates.create there)", status=201,
              body=data(wire.TemplateInputSchema), response=data(wire.TemplateSchema), errors=(403,))
    def create_template(self, call):
        record = call.rpc("workspace", "create_template", template_payload(call))
        return Reply({"data": template(record, call.caller)}, status=201)

    @http("POST", "/v1/workspaces/<string:workspace_id>/templates")
    @route(shapes)
    @document("Create a template in the workspace", status=201, body=data(wire.TemplateInputSchema),
              response=data(wire.TemplateSchema), errors=(403,))
    def create_workspace_template(self, call, workspace_id):
        record = call.rpc("workspace", "create_template", template_payload(call),
                          decode_id(WORKSPACE_PREFIX, workspace_id))
        return Reply({"data": template(record, call.caller)}, status=201)

    @http("PUT", "/v1/templates/<string:template_id>")
    @route(shapes)
    @document("Update a template (partial)", body=data(wire.TemplateInputSchema),
              response=data(wire.TemplateSchema), errors=(403,))
    def update_template(self, call, template_id):
        record = call.rpc("workspace", "update_template", decode_id(TEMPLATE, template_id), template_payload(call))
        return {"data": template(record, call.caller)}

    @http("PUT", "/v1/workspaces/<string:workspace_id>/templates/<string:template_id>")
    @route(shapes)
    @document("Update one of the workspace's templates (partial)", body=data(wire.TemplateInputSchema),
              response=data(wire.TemplateSchema), errors=(403,))
    def update_workspace_template(self, call, workspace_id, template_id):
        record = call.rpc("workspace", "update_template", decode_id(TEMPLATE, template_id), template_payload(call),
                          decode_id(WORKSPACE_PREFIX, workspace_id))
        return {"data": template(record, call.caller)}

    @http("DELETE", "/v1/templates/<string:template_id>")
    @route(shapes)
    @document("Delete a template", response=SuccessSchema, errors=(403,))
    def delete_template(self, call, template_id):
        call.rpc("workspace", "delete_template", decode_id(TEMPLATE, template_id))
        return shapes.success()

    @http("DELETE", "/v1/workspaces/<string:workspace_id>/templates/<string:template_id>")
    @route(shapes)
    @document("Delete one of the workspace's templates", response=SuccessSchema, errors=(403,))
    def delete_workspace_template(self, call, workspace_id, template_id):
        call.rpc("workspace", "delete_template", decode_id(TEMPLATE, template_id),
                 decode_id(WORKSPACE_PREFIX, workspace_id))
        return shapes.success()


class TemplateCollectionRoutes:
    @http("GET", "/v1/template-collections")
    @route(shapes)
    @document("List template collections (admins: all; others: their workspaces')",
              query=wire.list_query("TemplateCollection", COLLECTION_RELATIONS, NAMED_SORT),
              response=page(wire.CollectionSchema))
    def list_template_collections(self, call):
        page = _page(call)
        result = call.rpc("workspace", "list_template_collections", page.number, page.limit,
                          shapes.list_options(call))
        return _listing(call, result, collection, page)

    @http("GET", "/v1/template-collections/<string:collection_id>")
    @route(shapes)
    @document("Get a template collection", query=wire.include_query("TemplateCollection", COLLECTION_RELATIONS),
              response=data(wire.CollectionSchema))
    def get_template_collection(self, call, collection_id):
        record = call.rpc("workspace", "get_template_collection", decode_id(COLLECTION, collection_id),
                          shapes.includes(call))
        return {"data": collection(record, call.caller)}

    @http("GET", "/v1/workspaces/<string:workspace_id>/template-collection")
    @route(shapes)
    @document("Get the template collection assigned to a workspace",
              query=wire.include_query("WorkspaceCollection", COLLECTION_RELATIONS),
              response=data(wire.CollectionSchema), description="404 when none is assigned.")
    def get_workspace_template_collection(self, call, workspace_id):
        record = call.rpc("workspace", "get_workspace_template_collection",
                          decode_id(WORKSPACE_PREFIX, workspace_id), shapes.includes(call))
        return {"data": collection(record, call.caller)}

    @http("POST", "/v1/template-collections")
    @route(shapes)
    @document("Create a template collection (platform admins)", status=201, body=data(wire.CollectionInputSchema),
              response=data(wire.CollectionSchema), errors=(403,),
              description="Assign it to a workspace with PUT /v1/workspaces/{id} template_collection_id.")
    def create_template_collection(self, call):
        record = call.rpc("workspace", "create_template_collection", collection_payload(call))
        return Reply({"data": collection(record, call.caller)}, status=201)

    @http("PUT", "/v1/template-collections/<string:collection_id>")
    @route(shapes)
    @document("Update a template collection (platform admins; partial)", body=data(wire.CollectionInputSchema),
              response=data(wire.CollectionSchema), errors=(403,))
    def update_template_collection(self, call, collection_id):
        record = call.rpc("workspace", "update_template_collection", decode_id(COLLECTION, collection_id),
                          collection_payload(call))
        return {"data": collection(record, call.caller)}

    @http("DELETE", "/v1/template-collections/<string:collection_id>")
    @route(shapes)
    @document("Delete a template collection (platform admins)", response=SuccessSchema, errors=(403, 409),
              description="409 while workspaces have it assigned.")
    def delete_template_collection(self, call, collection_id):
        call.rpc("workspace", "delete_template_collection", decode_id(COLLECTION, collection_id))
        return shapes.success()
