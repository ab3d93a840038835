"""The catalogue: industries, template types, templates, template collections.

Who sees what (docs/api-v1.md, "Catalogue"):
- industries and template types are global; everyone sees the published
  ones, administrators see all and are the only ones to write them;
- a template is global (``workspace_id`` None, written by administrators) or
  belongs to a workspace (written by members holding ``templates.*``). A
  non-admin sees the published global templates, the templates of the
  workspaces where they hold ``templates.read``, and the global templates of
  the template collections assigned to those workspaces;
- template collections are written by administrators; a member sees the one
  assigned to their workspace.

Lists share one engine (:func:`list_kind`): visibility as a SQL clause,
pagination, whitelisted sorting, and ``include`` trees loaded with one query
per relation and level, never one per row.
"""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from .catalog_schemas import (
    CollectionSchema,
    CreateTemplateSchema,
    ListOptionsSchema,
    NamedSchema,
    TemplateFiltersSchema,
    TemplateTypeSchema,
    UpdateTemplateSchema,
)
from .models import (
    ACTIVE,
    Industry,
    Membership,
    Role,
    Template,
    TemplateCollection,
    TemplateCollectionItem,
    TemplateType,
    Workspace,
)
from .roles import list_roles_of, require_permission, role_permissions
from .workspaces import workspace_to_dict

EMBEDDED_LIMIT = 100  # items per embedded collection (e.g. an industry's templates)
MAX_COLLECTION_SIZE = 500


def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _id(value) -> str | None:
    return str(value) if value is not None else None


# -- records -------------------------------------------------------------------

def industry_to_dict(row: Industry) -> dict:
    return {"id": str(row.id), "name": row.name, "description": row.description, "is_published": row.is_published,
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


def template_type_to_dict(row: TemplateType) -> dict:
    return {**industry_to_dict(row), "icon": row.icon}  # type: ignore[arg-type]


def template_to_dict(row: Template, with_blob: bool = True) -> dict:
    record = {
        "id": str(row.id), "workspace_id": _id(row.workspace_id), "industry_id": _id(row.industry_id),
        "template_type_id": _id(row.template_type_id), "name": row.name, "description": row.description,
        "is_published": row.is_published, "editor_pick": row.editor_pick, "image_url": row.image_url,
        "created_at": _time(row.created_at), "updated_at": _time(row.updated_at),
    }
    if with_blob:
        record["template"] = row.template
    return record


def collection_to_dict(row: TemplateCollection, template_ids: list) -> dict:
    return {"id": str(row.id), "name": row.name, "description": row.description,
            "template_ids": [str(t) for t in template_ids],
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


# -- who sees what ---------------------------------------------------------------

def _require_caller(caller: Caller) -> None:
    if not caller.is_authenticated:
        raise Unauthenticated()


def _require_admin(caller: Caller) -> None:
    _require_caller(caller)
    if not caller.is_admin:
        raise Forbidden("Only administrators may change the catalogue.")


def readable_workspaces(session: Session, caller: Caller, permission: str = "templates.read") -> list[uuid.UUID]:
    """The caller's active workspaces where their role holds ``permission``."""
    if not caller.user_id:
        return []
    rows = session.execute(
        select(Membership.workspace_id, Membership.role, Role)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .outerjoin(Role, Role.id == Membership.role_id)
        .where(Membership.user_id == uuid.UUID(str(caller.user_id)), Workspace.status == ACTIVE)
    ).all()
    return [wid for wid, role, custom in rows if permission in role_permissions(role, custom)]


def _collection_templates(workspace_ids) -> ColumnElement:
    """Template ids in the collections assigned to these workspaces."""
    return select(TemplateCollectionItem.template_id).join(
        Workspace, Workspace.template_collection_id == TemplateCollectionItem.collection_id,
    ).where(Workspace.id.in_(workspace_ids))


def template_visibility(session: Session, caller: Caller, in_workspace: uuid.UUID | None = None,
                        public: bool = False) -> ColumnElement:
    """SQL condition for the templates the caller may see (``in_workspace``: only those usable there)."""
    global_published = and_(Template.workspace_id.is_(None), Template.is_published.is_(True))
    if public:
        return global_published
    if in_workspace is not None:
        return or_(Template.workspace_id == in_workspace, global_published,
                   and_(Template.workspace_id.is_(None), Template.id.in_(_collection_templates([in_workspace]))))
    if caller.is_admin:
        return true()
    workspaces = readable_workspaces(session, caller)
    if not workspaces:
        return global_published
    return or_(Template.workspace_id.in_(workspaces), global_published,
               and_(Template.workspace_id.is_(None), Template.id.in_(_collection_templates(workspaces))))


def _published_or_admin(model, caller: Caller) -> ColumnElement:
    return true() if caller.is_admin else model.is_published.is_(True)


def _workspace_visibility(session: Session, caller: Caller) -> ColumnElement:
    if caller.is_admin:
        return Workspace.status == ACTIVE
    mine = readable_workspaces(session, caller, "workspaces.read")
    return and_(Workspace.status == ACTIVE, Workspace.id.in_(mine)) if mine else false()


def _collection_visibility(session: Session, caller: Caller) -> ColumnElement:
    if caller.is_admin:
        return true()
    mine = readable_workspaces(session, caller, "templates.read")
    if not mine:
        return false()
    return TemplateCollection.id.in_(select(Workspace.template_collection_id).where(Workspace.id.in_(mine)))


# -- the list engine: sorting and includes -------------------------------------------

@dataclass
class Kind:
    model: type
    to_dict: callable
    sortable: tuple
    relations: dict = field(default_factory=dict)  # name -> (kind name, loader)


def _sort_columns(kind: Kind, sort: str | None, direction: str | None):
    sort = sort or "name"
    if sort not in kind.sortable:
        raise ValidationFailed(details={"sort": [f"Sort by one of: {', '.join(kind.sortable)}."]})
    column = getattr(kind.model, sort)
    if sort == "name":
        column = func.lower(column)
    ordered = column.desc() if direction == "desc" else column.asc()
    tie = kind.model.id.desc() if direction == "desc" else kind.model.id.asc()
    return ordered, tie


def parse_includes(kind_name: str, include: list[str] | None) -> dict:
    """``["templates.workspace", "workspaces"]`` -> ``{"templates": {"workspace": {}}, "workspaces": {}}``."""
    tree: dict = {}
    for text in include or ():
        for path in text.split(","):
            path = path.strip()
            if not path:
                continue
            node, kind = tree, kind_name
            for part in path.split("."):
                relations = KINDS[kind].relations if kind in KINDS else {}
                if part not in relations:
                    allowed = ", ".join(relations) or "none"
                    raise ValidationFailed(details={"include": [f"Unknown relation '{path}' (allowed: {allowed})."]})
                node = node.setdefault(part, {})
                kind = relations[part][0]
    return tree


def embed(session: Session, caller: Caller, kind_name: str, rows: list, records: list[dict], tree: dict) -> None:
    """Attach the relations of ``tree`` to ``records`` (one query per relation and level)."""
    if not tree or not rows:
        return
    for relation, subtree in tree.items():
        target_kind, loader = KINDS[kind_name].relations[relation]
        if loader is None:
            _embed_roles(session, caller, rows, records)
            continue
        related = loader(session, caller, rows)  # {parent id: row | [rows] | None}
        values = {row.id: related.get(row.id) for row in rows}
        children = []
        for value in values.values():
            if isinstance(value, list):
                children.extend(value[:EMBEDDED_LIMIT])
            elif value is not None:
                children.append(value)
        # One record per distinct child row, shared by every parent naming it.
        distinct = list({child.id: child for child in children}.values())
        shaped = dict(zip((c.id for c in distinct), _records(session, caller, target_kind, distinct), strict=True))
        for row, record in zip(rows, records, strict=True):
            value = values[row.id]
            if isinstance(value, list):
                record[relation] = [shaped[child.id] for child in value[:EMBEDDED_LIMIT]]
            else:
                record[relation] = shaped[value.id] if value is not None else None
        if subtree and distinct:
            embed(session, caller, target_kind, distinct, [shaped[c.id] for c in distinct], subtree)


def _one(model, fk: str, visible):
    """Loader of a to-one relation through the parent's ``fk`` column."""
    def load_related(session, caller, rows):
        wanted = {getattr(row, fk) for row in rows} - {None}
        found = {}
        if wanted:
            found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(wanted),
                                                                           visible(session, caller)))}
        return {row.id: found.get(getattr(row, fk)) for row in rows}
    return load_related


def _many(model, fk: str, visible, order):
    """Loader of a to-many relation: children whose ``fk`` names the parent."""
    def load_related(session, caller, rows):
        grouped = {row.id: [] for row in rows}
        children = session.scalars(select(model).where(getattr(model, fk).in_(list(grouped)),
                                                        visible(session, caller)).order_by(*order())).all()
        for child in children:
            grouped[getattr(child, fk)].append(child)
        return grouped
    return load_related


def _collection_templates_loader(session, caller, rows):
    grouped = {row.id: [] for row in rows}
    pairs = session.execute(
        select(TemplateCollectionItem.collection_id, Template)
        .join(Template, Template.id == TemplateCollectionItem.template_id)
        .where(TemplateCollectionItem.collection_id.in_(list(grouped)))
        .order_by(TemplateCollectionItem.position, Template.id)
    ).all()
    for collection_id, template in pairs:
        grouped[collection_id].append(template)
    return grouped


def _templates_visible(session, caller):
    return template_visibility(session, caller)


def _name_order(model):
    return lambda: (func.lower(model.name), model.id)


KINDS: dict[str, Kind] = {}
KINDS["industry"] = Kind(Industry, industry_to_dict, ("name", "created_at", "updated_at"), {
    "templates": ("template", _many(Template, "industry_id", _templates_visible, _name_order(Template))),
    "workspaces": ("workspace", _many(Workspace, "industry_id", _workspace_visibility,
                                      lambda: (Workspace.created_at, Workspace.id))),
})
KINDS["template_type"] = Kind(TemplateType, template_type_to_dict, ("name", "created_at", "updated_at"), {
    "templates": ("template", _many(Template, "template_type_id", _templates_visible, _name_order(Template))),
})
KINDS["template"] = Kind(Template, lambda row: template_to_dict(row, with_blob=False),
                         ("name", "created_at", "updated_at", "editor_pick"), {
    "industry": ("industry", _one(Industry, "industry_id", lambda s, c: _published_or_admin(Industry, c))),
    "template_type": ("template_type", _one(TemplateType, "template_type_id",
                                            lambda s, c: _published_or_admin(TemplateType, c))),
    "workspace": ("workspace", _one(Workspace, "workspace_id", _workspace_visibility)),
})
KINDS["template_collection"] = Kind(TemplateCollection, None, ("name", "created_at", "updated_at"), {
    "templates": ("template", _collection_templates_loader),
    "workspaces": ("workspace", _many(Workspace, "template_collection_id", _workspace_visibility,
                                      lambda: (Workspace.created_at, Workspace.id))),
})
# The workspace relations this service owns; the others (productions, assets,
# users...) belong to other services and are not embedded here.
KINDS["workspace"] = Kind(Workspace, None, (), {
    "industry": ("industry", _one(Industry, "industry_id", lambda s, c: _published_or_admin(Industry, c))),
    "template_collection": ("template_collection", _one(TemplateCollection, "template_collection_id",
                                                        _collection_visibility)),
    "roles": ("role", None),  # built-in roles are not rows: see _embed_roles
})
KINDS["role"] = Kind(Role, None, ())


def _embed_roles(session: Session, caller: Caller, rows: list, records: list[dict]) -> None:
    """A workspace's roles, built-in and custom; empty where the caller lacks roles.read."""
    allowed = None if caller.is_admin else set(readable_workspaces(session, caller, "roles.read"))
    by_workspace = list_roles_of(session, [row.id for row in rows])
    for row, record in zip(rows, records, strict=True):
        record["roles"] = by_workspace[row.id] if allowed is None or row.id in allowed else []


def include_on_workspaces(session: Session, caller: Caller, records: list[dict], include: list | None) -> None:
    """Embed ``include`` relations into workspace records the caller was already allowed to see."""
    tree = parse_includes("workspace", load(ListOptionsSchema, {"include": include or []}).get("include"))
    if not tree or not records:
        return
    found = {row.id: row for row in session.scalars(select(Workspace).where(
        Workspace.id.in_([uuid.UUID(r["id"]) for r in records])))}
    embed(session, caller, "workspace", [found[uuid.UUID(r["id"])] for r in records], records, tree)


def _collection_records(session: Session, rows: list[TemplateCollection]) -> list[dict]:
    ids = {row.id: [] for row in rows}
    if ids:
        items = session.execute(select(TemplateCollectionItem.collection_id, TemplateCollectionItem.template_id)
                                .where(TemplateCollectionItem.collection_id.in_(list(ids)))
                                .order_by(TemplateCollectionItem.position, TemplateCollectionItem.template_id))
        for collection_id, template_id in items:
            ids[collection_id].append(template_id)
    return [collection_to_dict(row, ids[row.id]) for row in rows]


def _records(session: Session, caller: Caller, kind_name: str, rows: list) -> list[dict]:
    if kind_name == "template_collection":
        return _collection_records(session, rows)
    if kind_name == "workspace":
        return [workspace_to_dict(row, None, caller) for row in rows]
    return [KINDS[kind_name].to_dict(row) for row in rows]


def list_kind(session: Session, caller: Caller, kind_name: str, condition: ColumnElement, page: Page,
              options: dict | None) -> dict:
    options = load(ListOptionsSchema, options or {})
    kind = KINDS[kind_name]
    tree = parse_includes(kind_name, options.get("include"))
    query = select(kind.model).where(condition).order_by(*_sort_columns(kind, options.get("sort"),
                                                                        options.get("direction")))
    rows, total = paginate(query, page, session)
    records = _records(session, caller, kind_name, rows)
    embed(session, caller, kind_name, rows, records, tree)
    return {"items": records, "total": total}


def _one_record(session: Session, caller: Caller, kind_name: str, row, include, with_blob=True) -> dict:
    tree = parse_includes(kind_name, load(ListOptionsSchema, {"include": include or []}).get("include"))
    if kind_name == "template":
        record = template_to_dict(row, with_blob=with_blob)
    else:
        [record] = _records(session, caller, kind_name, [row])
    embed(session, caller, kind_name, [row], [record], tree)
    return record


def _uuid(value, message: str) -> uuid.UUID:
    try:
        return uuid.UUID(parse_uuid(value))
    except Exception:
        raise NotFound(message) from None


# -- industries and template types (global, written by administrators) ----------

GLOBAL_KINDS = {
    "industry": (Industry, NamedSchema, "Industry not found.", "industry_id"),
    "template_type": (TemplateType, TemplateTypeSchema, "Template type not found.", "template_type_id"),
}


def list_global(session: Session, caller: Caller, kind_name: str, page: Page, options: dict | None) -> dict:
    _require_caller(caller)
    model = GLOBAL_KINDS[kind_name][0]
    return list_kind(session, caller, kind_name, _published_or_admin(model, caller), page, options)


def _find_global(session: Session, caller: Caller, kind_name: str, record_id: str, for_update: bool = False):
    model, _schema, missing, _fk = GLOBAL_KINDS[kind_name]
    row = session.get(model, _uuid(record_id, missing), with_for_update=for_update)
    if row is None or not (row.is_published or caller.is_admin):
        raise NotFound(missing)
    return row


def get_global(session: Session, caller: Caller, kind_name: str, record_id: str, include=None) -> dict:
    _require_caller(caller)
    return _one_record(session, caller, kind_name, _find_global(session, caller, kind_name, record_id), include)


def create_global(tx: Transaction, caller: Caller, kind_name: str, payload: dict) -> dict:
    _require_admin(caller)
    model, schema, _missing, _fk = GLOBAL_KINDS[kind_name]
    data = load(schema, payload)
    now = utcnow()
    data.setdefault("is_published", False)
    row = model(id=uuid.uuid4(), created_at=now, updated_at=now, **data)
    row.name = _not_blank(row.name)
    tx.session.add(row)
    tx.session.flush()
    tx.emit(f"{kind_name}_created", {f"{kind_name}_id": str(row.id)})
    return _one_record(tx.session, caller, kind_name, row, None)


def update_global(tx: Transaction, caller: Caller, kind_name: str, record_id: str, payload: dict) -> dict:
    _require_admin(caller)
    _model, schema, _missing, _fk = GLOBAL_KINDS[kind_name]
    row = _find_global(tx.session, caller, kind_name, record_id, for_update=True)
    # The spec marks name required on update too; a partial update is what its samples send.
    data = load(schema, payload, partial=True)
    for name, value in data.items():
        setattr(row, name, _not_blank(value) if name == "name" else value)
    row.updated_at = utcnow()
    tx.session.flush()
    tx.emit(f"{kind_name}_updated", {f"{kind_name}_id": str(row.id)})
    return _one_record(tx.session, caller, kind_name, row, None)


def delete_global(tx: Transaction, caller: Caller, kind_name: str, record_id: str) -> dict:
    _require_admin(caller)
    _model, _schema, _missing, fk = GLOBAL_KINDS[kind_name]
    row = _find_global(tx.session, caller, kind_name, record_id, for_update=True)
    templates = tx.session.scalar(select(func.count()).select_from(Template).where(getattr(Template, fk) == row.id))
    workspaces = 0
    if kind_name == "industry":
        workspaces = tx.session.scalar(select(func.count()).select_from(Workspace).where(
            Workspace.industry_id == row.id, Workspace.status == ACTIVE))
    if templates or workspaces:
        # Unpublishing hides it without breaking what refers to it.
        raise Conflict("Still in use; unpublish it instead.", {"templates": templates, "workspaces": workspaces})
    tx.session.delete(row)
    tx.emit(f"{kind_name}_deleted", {f"{kind_name}_id": str(row.id)})
    return {"id": str(row.id)}


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationFailed(details={"name": ["Must not be blank."]})
    return value


# -- templates ---------------------------------------------------------------------

def list_templates(session: Session, caller: Caller, filters: dict | None, page: Page, options: dict | None,
                   workspace_id: str | None = None, public: bool = False) -> dict:
    """Templates the caller may see; in a workspace, those usable there; ``public``: published globals."""
    in_workspace = None
    if not public:
        _require_caller(caller)
        if workspace_id is not None:
            in_workspace = require_permission(session, caller, workspace_id, "templates.read")[0].id
    condition = template_visibility(session, caller, in_workspace, public)
    filters = load(TemplateFiltersSchema, filters or {})
    for name in ("industry_id", "template_type_id", "workspace_id", "is_published"):
        if name in filters:
            condition = and_(condition, getattr(Template, name) == filters[name])
    return list_kind(session, caller, "template", condition, page, options)


def find_template(session: Session, caller: Caller, template_id: str, workspace_id: str | None = None,
                  for_update: bool = False) -> Template:
    """The template if the caller may see it (in ``workspace_id``: if usable there), else NotFound."""
    _require_caller(caller)
    in_workspace = None
    if workspace_id is not None:
        in_workspace = require_permission(session, caller, workspace_id, "templates.read")[0].id
    wanted = _uuid(template_id, "Template not found.")
    query = select(Template).where(Template.id == wanted, template_visibility(session, caller, in_workspace))
    row = session.scalar(query.with_for_update() if for_update else query)
    if row is None:
        raise NotFound("Template not found.")
    return row


def get_template(session: Session, caller: Caller, template_id: str, workspace_id: str | None = None,
                 include=None) -> dict:
    """The whole template, blueprint included: what a production is created from."""
    return _one_record(session, caller, "template", find_template(session, caller, template_id, workspace_id),
                       include)


def _check_refs(session: Session, caller: Caller, data: dict) -> None:
    errors = {}
    for name, model, label in (("industry_id", Industry, "industry"),
                               ("template_type_id", TemplateType, "template type")):
        if data.get(name) is not None:
            row = session.get(model, data[name])
            if row is None or not (row.is_published or caller.is_admin):
                errors[name] = [f"No such {label}."]
    if "editor_pick" in data and not caller.is_admin:
        errors["editor_pick"] = ["Only administrators pick templates."]
    if errors:
        raise ValidationFailed(details=errors)


def _blob(data: dict) -> dict:
    """The loaded blueprint back in its wire spelling (``fields`` of each shot)."""
    blob = dict(data)
    if "descriptions" in blob:
        blob["descriptions"] = [{"type": shot["type"], "fields": shot["shot_fields"]} for shot in blob["descriptions"]]
    return blob


def _require_template_write(session: Session, caller: Caller, workspace_id, permission: str, field_name=None):
    """Global templates are the administrators'; a workspace's need ``permission`` there."""
    if workspace_id is None:
        if not caller.is_admin:
            details = {field_name: ["Only administrators manage global templates."]} if field_name else None
            raise Forbidden("Only administrators manage global templates.", details)
        return
    try:
        require_permission(session, caller, workspace_id, permission)
    except NotFound:
        if field_name:  # a payload reference, not the URL: a field error
            raise ValidationFailed(details={field_name: ["No such workspace."]}) from None
        raise


def create_template(tx: Transaction, caller: Caller, payload: dict, workspace_id: str | None = None) -> dict:
    _require_caller(caller)
    payload = dict(payload) if isinstance(payload, dict) else payload
    if workspace_id is not None and isinstance(payload, dict):
        payload.pop("workspace_id", None)  # the URL decides (the spec's "ID from URL" rule)
    data = load(CreateTemplateSchema, payload)
    if workspace_id is not None:
        data["workspace_id"] = uuid.UUID(parse_uuid(workspace_id))
        _require_template_write(tx.session, caller, data["workspace_id"], "templates.create")
    else:
        _require_template_write(tx.session, caller, data.get("workspace_id"), "templates.create", "workspace_id")
    _check_refs(tx.session, caller, data)
    now = utcnow()
    row = Template(
        id=uuid.uuid4(), workspace_id=data.get("workspace_id"), industry_id=data.get("industry_id"),
        template_type_id=data.get("template_type_id"), name=_not_blank(data["name"]),
        description=data.get("description"), is_published=data.get("is_published", False),
        editor_pick=data.get("editor_pick", False), image_url=data.get("image_url"),
        template=_blob(data["template"]), created_by=uuid.UUID(str(caller.user_id)) if caller.user_id else None,
        created_at=now, updated_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    tx.emit("template_created", {"template_id": str(row.id), "workspace_id": _id(row.workspace_id)})
    return template_to_dict(row)


def update_template(tx: Transaction, caller: Caller, template_id: str, payload: dict,
                    workspace_id: str | None = None) -> dict:
    row = find_template(tx.session, caller, template_id, workspace_id, for_update=True)
    if workspace_id is not None and row.workspace_id is None:
        # Seen through a workspace, a global template is read-only (admins use the flat route).
        raise Forbidden("Global templates are changed on /v1/templates by administrators.")
    _require_template_write(tx.session, caller, row.workspace_id, "templates.update")
    if isinstance(payload, dict) and "workspace_id" in payload:
        raise ValidationFailed(details={"workspace_id": ["A template cannot move to another workspace."]})
    data = load(UpdateTemplateSchema, payload)
    _check_refs(tx.session, caller, data)
    for name, value in data.items():
        if name == "template":
            value = _blob(value)
        elif name == "name":
            value = _not_blank(value)
        setattr(row, name, value)
    row.updated_at = utcnow()
    tx.session.flush()
    tx.emit("template_updated", {"template_id": str(row.id), "workspace_id": _id(row.workspace_id)})
    return template_to_dict(row)


def delete_template(tx: Transaction, caller: Caller, template_id: str, workspace_id: str | None = None) -> dict:
    """Productions keep their copy of the blueprint; collections drop the template."""
    row = find_template(tx.session, caller, template_id, workspace_id, for_update=True)
    if workspace_id is not None and row.workspace_id is None:
        raise Forbidden("Global templates are deleted on /v1/templates by administrators.")
    _require_template_write(tx.session, caller, row.workspace_id, "templates.delete")
    tx.session.query(TemplateCollectionItem).filter(TemplateCollectionItem.template_id == row.id).delete()
    tx.session.delete(row)
    tx.emit("template_deleted", {"template_id": str(row.id), "workspace_id": _id(row.workspace_id)})
    return {"id": str(row.id)}


# -- template collections ---------------------------------------------------------

def list_collections(session: Session, caller: Caller, page: Page, options: dict | None) -> dict:
    _require_caller(caller)
    return list_kind(session, caller, "template_collection", _collection_visibility(session, caller), page, options)


def _find_collection(session: Session, caller: Caller, collection_id: str, for_update=False) -> TemplateCollection:
    wanted = _uuid(collection_id, "Template collection not found.")
    query = select(TemplateCollection).where(TemplateCollection.id == wanted, _collection_visibility(session, caller))
    row = session.scalar(query.with_for_update() if for_update else query)
    if row is None:
        raise NotFound("Template collection not found.")
    return row


def get_collection(session: Session, caller: Caller, collection_id: str, include=None) -> dict:
    _require_caller(caller)
    return _one_record(session, caller, "template_collection", _find_collection(session, caller, collection_id),
                       include)


def get_workspace_collection(session: Session, caller: Caller, workspace_id: str, include=None) -> dict:
    """The collection assigned to a workspace (NotFound when none is)."""
    workspace, _access = require_permission(session, caller, workspace_id, "templates.read")
    row = session.get(TemplateCollection, workspace.template_collection_id) if workspace.template_collection_id \
        else None
    if row is None:
        raise NotFound("No template collection is assigned to this workspace.")
    return _one_record(session, caller, "template_collection", row, include)


def _set_items(session: Session, collection: TemplateCollection, template_ids: list[uuid.UUID]) -> None:
    unique = list(dict.fromkeys(template_ids))  # keeps the given order, drops repeats
    if unique:
        found = set(session.scalars(select(Template.id).where(Template.id.in_(unique),
                                                              Template.workspace_id.is_(None))))
        bad = {str(index): ["No such global template."] for index, tid in enumerate(template_ids)
               if tid not in found}
        if bad:
            raise ValidationFailed(details={"template_ids": bad})
    session.query(TemplateCollectionItem).filter(TemplateCollectionItem.collection_id == collection.id).delete()
    for position, template_id in enumerate(unique):
        session.add(TemplateCollectionItem(collection_id=collection.id, template_id=template_id, position=position))


def create_collection(tx: Transaction, caller: Caller, payload: dict) -> dict:
    _require_admin(caller)
    data = load(CollectionSchema, payload)
    now = utcnow()
    row = TemplateCollection(id=uuid.uuid4(), name=_not_blank(data["name"]), description=data.get("description"),
                             created_at=now, updated_at=now)
    tx.session.add(row)
    tx.session.flush()
    _set_items(tx.session, row, data.get("template_ids", []))
    tx.session.flush()
    tx.emit("template_collection_created", {"template_collection_id": str(row.id)})
    return _one_record(tx.session, caller, "template_collection", row, None)


def update_collection(tx: Transaction, caller: Caller, collection_id: str, payload: dict) -> dict:
    _require_admin(caller)
    row = _find_collection(tx.session, caller, collection_id, for_update=True)
    data = load(CollectionSchema, payload, partial=True)
    if "name" in data:
        row.name = _not_blank(data["name"])
    if "description" in data:
        row.description = data["description"]
    if "template_ids" in data:
        _set_items(tx.session, row, data["template_ids"])
    row.updated_at = utcnow()
    tx.session.flush()
    tx.emit("template_collection_updated", {"template_collection_id": str(row.id)})
    return _one_record(tx.session, caller, "template_collection", row, None)


def delete_collection(tx: Transaction, caller: Caller, collection_id: str) -> dict:
    _require_admin(caller)
    row = _find_collection(tx.session, caller, collection_id, for_update=True)
    assigned = tx.session.scalar(select(func.count()).select_from(Workspace).where(
        Workspace.template_collection_id == row.id, Workspace.status == ACTIVE))
    if assigned:
        raise Conflict("The collection is assigned to workspaces; assign them another one first.",
                       {"workspaces": assigned})
    tx.session.delete(row)
    tx.emit("template_collection_deleted", {"template_collection_id": str(row.id)})
    return {"id": str(row.id)}
