"""Records of the /v1 production API, listing, and ``include`` written once.

A record is a plain dict (UUID strings, ISO timestamps) tagged with its
``_kind``; the gateway shapes it for the wire. Relations named in
``include`` (dot paths) go under the record's ``_relations``, loaded level
by level with one batched ``IN`` query per relation, so a page costs the
same number of queries whatever its size. Relations owned by other services (users, workspaces, templates,
assets) are embedded as references ``{"_kind": "user", "id": ...}``.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from ..models import ProjectPerson
from . import access as access_
from .models import Action, AssetLink, Brief, Deliverable, Production, Revision, Shot, Snapshot, VideoSeries
from .schemas import ListOptionsSchema

MAX_INCLUDE_DEPTH = 3
STATES = {"planning": "Planning", "submitted": "Submitted", "in_production": "In Production",
          "reviewing": "Reviewing", "completed": "Completed", "cancelled": "Cancelled"}


def _id(value) -> str | None:
    return str(value) if value is not None else None


def _time(value) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _ref(kind: str, value) -> dict | None:
    return {"_kind": kind, "id": str(value)} if value is not None else None


# -- one dict per row ------------------------------------------------------------

def series_dict(row: VideoSeries) -> dict:
    return {"_kind": "video_series", "id": str(row.id), "workspace_id": str(row.workspace_id), "title": row.title,
            "audience": row.audience, "synopsis": row.synopsis, "turnaround": row.turnaround,
            "video_length": row.video_length, "internal_notes": row.internal_notes,
            "is_published": row.is_published, "template_id": _id(row.template_id),
            "example_video_id": _id(row.example_video_id), "created_by": _id(row.created_by),
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


def production_dict(row: Production) -> dict:
    return {"_kind": "production", "id": str(row.id), "workspace_id": str(row.workspace_id),
            "project_id": _id(row.series_id), "template_id": _id(row.template_id), "title": row.title,
            "status": row.status, "status_state": STATES.get(row.status, row.status),
            "status_queued": row.is_queued, "allow_public_upload": row.allow_public_upload,
            "allow_public_shotlist": row.allow_public_shotlist, "goal_date": _time(row.goal_date),
            "first_submitted_at": _time(row.first_submitted_at), "last_submitted_at": _time(row.last_submitted_at),
            "created_by": _id(row.created_by), "created_at": _time(row.created_at),
            "updated_at": _time(row.updated_at)}


def snapshot_dict(row: Snapshot) -> dict:
    return {"_kind": "snapshot", "id": str(row.id), "production_id": str(row.production_id),
            "from_status": row.from_status, "to_status": row.to_status, "state": row.state,
            "created_by": _id(row.created_by), "created_at": _time(row.created_at)}


def brief_dict(row: Brief) -> dict:
    return {"_kind": "brief", "id": str(row.id), "production_id": str(row.production_id),
            "purpose": row.purpose, "purpose_because": row.purpose_because, "description": row.description,
            "end_screen": row.end_screen, "instructions": row.instructions, "meta": row.meta or {},
            "created_by": _id(row.created_by), "created_at": _time(row.created_at),
            "updated_at": _time(row.updated_at)}


def shot_dict(row: Shot) -> dict:
    return {"_kind": "description", "id": str(row.id), "production_id": str(row.production_id),
            "position": row.position, "shot_type": row.shot_type, "fields": row.fields or {},
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


def revision_dict(row: Revision) -> dict:
    return {"_kind": "revision", "id": str(row.id), "production_id": str(row.production_id),
            "workspace_id": str(row.workspace_id), "instructions": row.instructions, "is_open": row.is_open,
            "closed_at": _time(row.closed_at), "created_by": _id(row.created_by),
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


def deliverable_dict(row: Deliverable) -> dict:
    return {"_kind": "deliverable", "id": str(row.id), "production_id": str(row.production_id),
            "workspace_id": str(row.workspace_id), "revision_id": _id(row.revision_id),
            "notes_for_producer": row.notes_for_producer, "status": row.status, "rating": row.rating,
            "created_by": _id(row.created_by), "reviewed_by_id": _id(row.reviewed_by_id),
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


def action_dict(row: Action) -> dict:
    return {"_kind": "action", "id": str(row.id), "workspace_id": str(row.workspace_id),
            "user_id": _id(row.user_id), "verb": row.verb, "actionable_type": row.actionable_type,
            "actionable_id": _id(row.actionable_id), "data": row.data or {},
            "created_at": _time(row.created_at), "updated_at": _time(row.updated_at)}


# -- relations ---------------------------------------------------------------------

@dataclass(frozen=True)
class Relation:
    """``load(session, rows) -> {row id: child row | [child rows] | reference}``; ``kind`` None: references."""

    kind: str | None
    load: Callable


def _children(model, fk: str, order):
    def load_(session, rows):
        grouped = defaultdict(list)
        if rows:
            for child in session.scalars(select(model).where(getattr(model, fk).in_({r.id for r in rows}))
                                         .order_by(*order)):
                grouped[getattr(child, fk)].append(child)
        return {row.id: grouped.get(row.id, []) for row in rows}
    return load_


def _parent(model, fk: str):
    def load_(session, rows):
        wanted = {getattr(r, fk) for r in rows if getattr(r, fk) is not None}
        found = {p.id: p for p in session.scalars(select(model).where(model.id.in_(wanted)))} if wanted else {}
        return {row.id: found.get(getattr(row, fk)) for row in rows}
    return load_


def _reference(kind: str, attribute: str):
    def load_(session, rows):
        return {row.id: _ref(kind, getattr(row, attribute)) for row in rows}
    return load_


def _latest_brief(session, rows):
    everything = _children(Brief, "production_id", (Brief.created_at, Brief.id))(session, rows)
    return {key: (briefs[-1] if briefs else None) for key, briefs in everything.items()}


def _linked_assets(uploadable_type: str):
    def load_(session, rows):
        grouped = defaultdict(list)
        if rows:
            for link in session.scalars(select(AssetLink).where(
                    AssetLink.uploadable_type == uploadable_type, AssetLink.uploadable_id.in_({r.id for r in rows}))
                    .order_by(AssetLink.created_at, AssetLink.asset_id)):
                grouped[link.uploadable_id].append(_ref("asset", link.asset_id))
        return {row.id: grouped.get(row.id, []) for row in rows}
    return load_


def _team(session, rows):
    """Collaborators: the team of the production's (or series') project, shared with /api."""
    grouped = defaultdict(list)
    if rows:
        for project_id, person_id in session.execute(
                select(ProjectPerson.project_id, ProjectPerson.person_id)
                .where(ProjectPerson.project_id.in_({r.id for r in rows})).order_by(ProjectPerson.person_id)):
            grouped[project_id].append(_ref("user", person_id))
    return {row.id: grouped.get(row.id, []) for row in rows}


def _actionable(session, rows):
    by_type = defaultdict(set)
    for row in rows:
        if row.actionable_id is not None and row.actionable_type in KINDS:
            by_type[row.actionable_type].add(row.actionable_id)
    found = {}
    for kind_name, wanted in by_type.items():
        model = KINDS[kind_name].model
        found.update({(kind_name, r.id): r for r in session.scalars(select(model).where(model.id.in_(wanted)))})
    # Other services' records (assets, users) are references, like every cross-service relation.
    return {row.id: found.get((row.actionable_type, row.actionable_id))
            or (_ref(row.actionable_type, row.actionable_id) if row.actionable_type in ("asset", "user") else None)
            for row in rows}


@dataclass(frozen=True)
class Kind:
    model: type
    to_dict: Callable
    permission: str  # needed to read
    sortable: dict
    default_order: tuple
    relations: dict = field(default_factory=dict)
    scopes: dict = field(default_factory=dict)  # filter name -> value -> SQL condition
    not_found: str = "Not found."


def _production_of(model):
    """Condition: ``model.production_id`` belongs to a production matching ``condition``."""
    def build(condition):
        return model.production_id.in_(select(Production.id).where(condition))
    return build


def _shot_has_asset(asset_id):
    return exists().where(AssetLink.uploadable_type == "description", AssetLink.uploadable_id == Shot.id,
                          AssetLink.asset_id == asset_id)


def _production_has_asset(asset_id):
    on_shot = select(Shot.production_id).join(AssetLink, and_(AssetLink.uploadable_id == Shot.id,
                                                             AssetLink.uploadable_type == "description"))
    return or_(Production.id.in_(on_shot.where(AssetLink.asset_id == asset_id)),
               exists().where(AssetLink.uploadable_type == "production", AssetLink.uploadable_id == Production.id,
                              AssetLink.asset_id == asset_id))


def _series_of_user(user_id):
    team = select(ProjectPerson.project_id).where(ProjectPerson.person_id == user_id)
    return or_(VideoSeries.created_by == user_id, VideoSeries.id.in_(team))


def _productions_in_series_seen_by(user_id):
    return Production.series_id.in_(select(VideoSeries.id).where(_series_of_user(user_id)))


KINDS: dict[str, Kind] = {}
KINDS["video_series"] = Kind(
    VideoSeries, series_dict, "video_series.read",
    {"created_at": VideoSeries.created_at, "updated_at": VideoSeries.updated_at, "title": VideoSeries.title},
    (VideoSeries.created_at, VideoSeries.id),
    relations={
        "created_by": Relation(None, _reference("user", "created_by")),
        "example_video": Relation(None, _reference("asset", "example_video_id")),
        "template": Relation(None, _reference("template", "template_id")),
        "workspace": Relation(None, _reference("workspace", "workspace_id")),
        "assets": Relation(None, _linked_assets("video_series")),
        "productions": Relation("production", _children(Production, "series_id",
                                                        (Production.created_at, Production.id))),
        "collaborators": Relation(None, _team),
    },
    scopes={
        "published": lambda value: VideoSeries.is_published.is_(bool(value)),
        "user": lambda value: _series_of_user(uuid.UUID(value)),
        "workspace": lambda value: VideoSeries.workspace_id == uuid.UUID(value),
    },
    not_found="Video series not found.",
)
KINDS["production"] = Kind(
    Production, production_dict, "productions.read",
    {"created_at": Production.created_at, "updated_at": Production.updated_at, "title": Production.title,
     "goal_date": Production.goal_date, "status": Production.status},
    (Production.created_at, Production.id),
    relations={
        "brief": Relation("brief", _latest_brief),
        "briefs": Relation("brief", _children(Brief, "production_id", (Brief.created_at, Brief.id))),
        "created_by": Relation(None, _reference("user", "created_by")),
        "project": Relation("video_series", _parent(VideoSeries, "series_id")),
        "template": Relation(None, _reference("template", "template_id")),
        "workspace": Relation(None, _reference("workspace", "workspace_id")),
        "assets": Relation(None, _linked_assets("production")),
        "descriptions": Relation("description", _children(Shot, "production_id", (Shot.position, Shot.id))),
        "collaborators": Relation(None, _team),
        "snapshots": Relation("snapshot", _children(Snapshot, "production_id", (Snapshot.created_at, Snapshot.id))),
        "revisions": Relation("revision", _children(Revision, "production_id", (Revision.created_at, Revision.id))),
        "deliverables": Relation("deliverable", _children(Deliverable, "production_id",
                                                          (Deliverable.created_at, Deliverable.id))),
    },
    scopes={
        "allowsPublicUpload": lambda value: Production.allow_public_upload.is_(bool(value)),
        "asset": lambda value: _production_has_asset(uuid.UUID(value)),
        "project": lambda value: Production.series_id == uuid.UUID(value),
        "projectNull": lambda value: Production.series_id.is_(None) if value else Production.series_id.isnot(None),
        "projectUser": lambda value: _productions_in_series_seen_by(uuid.UUID(value)),
        "user": lambda value: Production.created_by == uuid.UUID(value),
        "workspace": lambda value: Production.workspace_id == uuid.UUID(value),
    },
    not_found="Production not found.",
)
KINDS["snapshot"] = Kind(Snapshot, snapshot_dict, "productions.read", {}, (Snapshot.created_at, Snapshot.id))
KINDS["brief"] = Kind(
    Brief, brief_dict, "productions.read",
    {"created_at": Brief.created_at, "updated_at": Brief.updated_at}, (Brief.created_at, Brief.id),
    relations={"production": Relation("production", _parent(Production, "production_id"))},
    scopes={"user": lambda value: Brief.created_by == uuid.UUID(value),
            "workspace": lambda value: Brief.workspace_id == uuid.UUID(value)},
    not_found="Brief not found.",
)
KINDS["description"] = Kind(
    Shot, shot_dict, "productions.read",
    {"position": Shot.position, "created_at": Shot.created_at, "updated_at": Shot.updated_at},
    (Shot.position, Shot.id),
    relations={"assets": Relation(None, _linked_assets("description")),
               "production": Relation("production", _parent(Production, "production_id"))},
    scopes={"asset": lambda value: _shot_has_asset(uuid.UUID(value)),
            "production": lambda value: Shot.production_id == uuid.UUID(value),
            "workspace": lambda value: Shot.workspace_id == uuid.UUID(value)},
    not_found="Shot not found.",
)
KINDS["revision"] = Kind(
    Revision, revision_dict, "revisions.read",
    {"created_at": Revision.created_at, "updated_at": Revision.updated_at}, (Revision.created_at, Revision.id),
    relations={"created_by": Relation(None, _reference("user", "created_by")),
               "production": Relation("production", _parent(Production, "production_id")),
               "workspace": Relation(None, _reference("workspace", "workspace_id")),
               "assets": Relation(None, _linked_assets("revision"))},
    scopes={"production": lambda value: Revision.production_id == uuid.UUID(value),
            "user": lambda value: Revision.created_by == uuid.UUID(value),
            "workspace": lambda value: Revision.workspace_id == uuid.UUID(value)},
    not_found="Revision not found.",
)
KINDS["deliverable"] = Kind(
    Deliverable, deliverable_dict, "deliverables.read",
    {"created_at": Deliverable.created_at, "updated_at": Deliverable.updated_at, "status": Deliverable.status},
    (Deliverable.created_at, Deliverable.id),
    relations={"created_by": Relation(None, _reference("user", "created_by")),
               "reviewed_by": Relation(None, _reference("user", "reviewed_by_id")),
               "production": Relation("production", _parent(Production, "production_id")),
               "revision": Relation("revision", _parent(Revision, "revision_id")),
               "assets": Relation(None, _linked_assets("deliverable"))},
    scopes={"production": lambda value: Deliverable.production_id == uuid.UUID(value),
            "workspace": lambda value: Deliverable.workspace_id == uuid.UUID(value)},
    not_found="Deliverable not found.",
)
KINDS["action"] = Kind(
    Action, action_dict, "actions.read",
    {"created_at": Action.created_at}, (Action.created_at.desc(), Action.id),
    relations={"actionable": Relation("*", _actionable),
               "user": Relation(None, _reference("user", "user_id")),
               "workspace": Relation(None, _reference("workspace", "workspace_id"))},
    scopes={"user": lambda value: Action.user_id == uuid.UUID(value),
            "workspace": lambda value: Action.workspace_id == uuid.UUID(value)},
    not_found="Action not found.",
)
# The dict maker of each model, for polymorphic relations (an action's actionable).
KIND_OF_MODEL = {kind.model: name for name, kind in KINDS.items()}


# -- include ---------------------------------------------------------------------

def parse_includes(kind_name: str, include: list | None) -> dict:
    """``["descriptions.assets", "brief"]`` -> ``{"descriptions": {"assets": {}}, "brief": {}}``, checked."""
    tree, errors = {}, []
    for path in include or []:
        kind, node = KINDS[kind_name], tree
        parts = path.split(".")
        if len(parts) > MAX_INCLUDE_DEPTH:
            errors.append(f"'{path}' nests deeper than {MAX_INCLUDE_DEPTH} levels.")
            continue
        for part in parts:
            relation = kind.relations.get(part) if kind else None
            if relation is None:
                allowed = ", ".join(kind.relations) if kind else "none"
                errors.append(f"'{path}': no relation '{part}' here (allowed: {allowed}).")
                break
            node = node.setdefault(part, {})
            kind = KINDS.get(relation.kind) if relation.kind not in (None, "*") else None
    if errors:
        raise ValidationFailed(details={"include": errors})
    return tree


def embed(session: Session, kind_name: str, rows: list, records: list[dict], tree: dict) -> None:
    """Attach the relations of ``tree`` to ``records`` (made from ``rows``, same order)."""
    kind = KINDS[kind_name]
    by_id = {row.id: record for row, record in zip(rows, records, strict=True)}
    for name, subtree in tree.items():
        relation = kind.relations[name]
        loaded = relation.load(session, rows)
        if relation.kind is None:
            for row_id, value in loaded.items():
                by_id[row_id].setdefault("_relations", {})[name] = value
            continue
        # Local rows: make their records once, then go one level deeper for all of them together.
        children, child_records = defaultdict(list), {}
        for row_id, value in loaded.items():
            if isinstance(value, dict):  # a reference in a polymorphic relation
                by_id[row_id].setdefault("_relations", {})[name] = value
                continue
            for child in (value if isinstance(value, list) else [value] if value is not None else []):
                child_kind = KIND_OF_MODEL[type(child)]
                if (child_kind, child.id) not in child_records:
                    child_records[(child_kind, child.id)] = KINDS[child_kind].to_dict(child)
                    children[child_kind].append(child)
            relations = by_id[row_id].setdefault("_relations", {})
            if isinstance(value, list):
                relations[name] = [child_records[(KIND_OF_MODEL[type(c)], c.id)] for c in value]
            else:
                relations[name] = (child_records[(KIND_OF_MODEL[type(value)], value.id)]
                                   if value is not None else None)
        if subtree:
            for child_kind, child_rows in children.items():
                embed(session, child_kind, child_rows, [child_records[(child_kind, c.id)] for c in child_rows],
                      subtree)


def records_of(session: Session, kind_name: str, rows: list, include) -> list[dict]:
    tree = parse_includes(kind_name, include) if isinstance(include, list) else include or {}
    records = [KINDS[kind_name].to_dict(row) for row in rows]
    if tree:
        embed(session, kind_name, rows, records, tree)
    return records


# -- reading ---------------------------------------------------------------------

def parse_filters(kind_name: str, filters: dict | None) -> list:
    """Scope filters (``{"project": "<uuid>", "projectNull": true}``) as SQL conditions."""
    kind, conditions, errors = KINDS[kind_name], [], {}
    for name, value in (filters or {}).items():
        builder = kind.scopes.get(name)
        if builder is None:
            errors.setdefault("scope", []).append(
                f"Unknown scope '{name}' (allowed: {', '.join(kind.scopes) or 'none'}).")
            continue
        try:
            conditions.append(builder(value))
        except (ValueError, TypeError, AttributeError):
            errors.setdefault("scope", []).append(f"Scope '{name}' has a malformed value.")
    if errors:
        raise ValidationFailed(details=errors)
    return conditions


def order_of(kind_name: str, options: dict) -> tuple:
    kind = KINDS[kind_name]
    sort, direction = options.get("sort"), options.get("direction")
    if sort is None:
        if direction == "desc":
            return tuple(c.desc() if hasattr(c, "desc") else c for c in kind.default_order)
        return kind.default_order
    if sort not in kind.sortable:
        raise ValidationFailed(details={"sort": [f"Must be one of: {', '.join(kind.sortable)}."]})
    column = kind.sortable[sort]
    return (column.desc() if direction == "desc" else column.asc(), kind.model.id)


def list_kind(session: Session, caller: Caller, kind_name: str, conditions: list, page: Page,
              options: dict | None, workspace_id=None) -> dict:
    """One page of ``kind_name`` rows matching ``conditions``, in the caller's workspaces only.

    ``workspace_id`` (from a nested URL): that workspace, which the caller must belong to.
    Otherwise administrators see every workspace and members only theirs.
    """
    kind = KINDS[kind_name]
    options = load(ListOptionsSchema, options or {})
    include = parse_includes(kind_name, options.get("include"))
    query = select(kind.model)
    if workspace_id is not None:
        access_.workspace_access(session, caller, workspace_id).require(kind.permission)
        query = query.where(kind.model.workspace_id == uuid.UUID(str(workspace_id)))
    else:
        access_.require_caller(caller)
        if not caller.is_admin:
            query = query.where(kind.model.workspace_id.in_(access_.member_workspaces(session, caller)))
    for condition in conditions:
        query = query.where(condition)
    rows, total = paginate(query.order_by(*order_of(kind_name, options)), page, session)
    return {"items": records_of(session, kind_name, rows, include), "total": total}


def find(session: Session, caller: Caller, kind_name: str, record_id, context: dict | None = None,
         permission: str | None = None, for_update: bool = False):
    """The row and the caller's access in its workspace; 404 unless it sits where the URL says."""
    kind = KINDS[kind_name]
    try:
        wanted = uuid.UUID(str(record_id))
    except ValueError:
        raise NotFound(kind.not_found) from None
    query = select(kind.model).where(kind.model.id == wanted)
    row = session.scalar(query.with_for_update() if for_update else query)
    context = context or {}
    if row is None or not _in_context(row, context):
        raise NotFound(kind.not_found)
    try:
        access = access_.workspace_access(session, caller, row.workspace_id)
    except NotFound:
        raise NotFound(kind.not_found) from None
    access.require(permission or kind.permission)
    return row, access


def _in_context(row, context: dict) -> bool:
    for key in ("workspace_id", "production_id"):
        if context.get(key) and hasattr(row, key) and str(getattr(row, key)) != str(context[key]):
            return False
    if context.get("series_id") and isinstance(row, Production) and str(row.series_id) != str(context["series_id"]):
        return False
    return True
