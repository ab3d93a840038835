"""One engine for every ``/data/<model>`` route, with Zou's semantics.

A :class:`Spec` (see ``registry``) describes a model once: its table, its Zou
type, the permission its writes need, its relations, aliases, uniqueness rules,
dependants and hooks. This module turns any spec into list / get / create /
update / delete: tenant scoping, visibility, filters (equality on any column,
case-insensitive ``name``, JSON-list IN filters), paging, ``relations`` and
``fields``, payload checking by column type, dangling-reference and
duplicate checks, refusing deletes with dependants unless forced, and the
domain event + feed row of every change.
"""

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    Uuid,
    cast,
    delete,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import BadRequest, Forbidden, MalformedId, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import feed, permissions
from .tenancy import Tenant

RESERVED_ARGS = ("page", "limit", "relations", "fields", "force")
ALWAYS_IGNORED = ("type", "created_at", "updated_at", "workspace_id")
NOT_FOUND = "Not found."
# A list asked without ``page`` is a bare array (gazu's all_* calls expect one), bounded all the
# same: at most this many rows, in the model's order; the answer says when rows were left out.
BARE_LIST_MAX = 10_000


@dataclass(frozen=True)
class Relation:
    """A many-to-many list on a record (``assignees``, ``team``), kept in an association table."""

    model: type
    own_column: str
    target_column: str
    target: type | None = None  # None: persons, who must be workspace members
    writable: bool = True


@dataclass
class Spec:
    name: str
    model: type
    zou_type: str | None  # None: per row, by ``row_type``
    event: str | None  # domain event stem ("task" -> task_created); None: per row
    action: str  # permission a write needs
    relations: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)  # input/filter name -> column
    ignored: tuple = ()  # output-only keys accepted and dropped on input
    required: tuple = ()
    unique: tuple = ()  # tuples of columns; ``name`` compares case-insensitively
    dependants: tuple = ()  # (spec name, column): refuse delete unless forced
    force_allowed: bool = True
    owned: tuple = ()  # (model, column): rows deleted with the record
    shared_reference: bool = False  # rows with workspace_id NULL are visible (read-only)
    order: tuple = ("created_at", "id")
    newest_first: bool = False
    scope: Callable | None = None  # (tenant) -> extra WHERE clauses (entity kinds)
    prepare: Callable | None = None  # (session, tenant, values, row|None) -> None
    extras: Callable | None = None  # (session, rows, dicts) -> None, batched
    row_type: Callable | None = None  # (session, rows) -> list of Zou types
    after_write: Callable | None = None  # (tx, tenant, spec, row, before|None, dict) -> None
    cancel_instead: bool = False  # delete without force cancels a record with tasks (Zou)
    author_column: str | None = None  # only this person (or a manager) may change or delete a row
    read_only: bool = False  # listed and read, never written through the engine


REGISTRY: dict[str, Spec] = {}


def register(spec: Spec) -> Spec:
    REGISTRY[spec.name] = spec
    return spec


def spec_for(name: str) -> Spec:
    try:
        return REGISTRY[name]
    except KeyError:
        raise NotFound(f"Unknown model '{name}'.") from None


# -- values --------------------------------------------------------------------------------------

def jsonable(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _column(spec: Spec, key: str):
    name = spec.aliases.get(key, key)
    if name == "workspace_id":  # the tenant is never shown nor filtered on
        return None
    return spec.model.__table__.columns.get(name)


def _parse_date(value, with_time):
    text = str(value).replace("Z", "")
    parsed = dt.datetime.fromisoformat(text) if with_time else dt.date.fromisoformat(text[:10])
    return parsed.replace(tzinfo=None) if with_time else parsed


def coerce(column, value, source: str):
    """``value`` as ``column`` stores it. ``source`` is "query" (strings) or "body" (JSON)."""
    kind = column.type
    if value is None or (source == "query" and value in ("null", "None")):
        if column.nullable or source == "query":
            return None
        raise ValueError("may not be null")
    if isinstance(kind, Uuid):
        try:
            return uuid.UUID(parse_uuid(value))
        except MalformedId:
            raise ValueError("Malformed ID.") from None
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        if source == "query" and str(value).lower() in ("true", "false", "1", "0"):
            return str(value).lower() in ("true", "1")
        raise ValueError("must be a boolean")
    if isinstance(kind, Integer):
        if isinstance(value, bool):
            raise ValueError("must be a whole number")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if source == "query" or isinstance(value, str):
            try:
                return int(str(value))
            except ValueError:
                pass
        raise ValueError("must be a whole number")
    if isinstance(kind, Float):
        if isinstance(value, bool):
            raise ValueError("must be a number")
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError("must be a number") from None
    if isinstance(kind, DateTime | Date):
        try:
            return _parse_date(value, isinstance(kind, DateTime))
        except (TypeError, ValueError):
            raise ValueError("must be an ISO-8601 date") from None
    if isinstance(kind, JSON):
        if source == "query":
            raise ValueError("cannot filter on a JSON field")
        return value
    if isinstance(kind, String):  # also Text
        if not isinstance(value, str):
            if source == "body":
                raise ValueError("must be a string")
            value = str(value)
        if kind.length and len(value) > kind.length:
            raise ValueError(f"must be at most {kind.length} characters")
        return value
    return value


# -- reading -------------------------------------------------------------------------------------

def base_query(session: Session, tenant: Tenant, spec: Spec, project_id=None):
    """The tenant's rows of ``spec`` the caller may see; ``project_id``: the project a read of
    workspace-wide rows (task statuses) is made for, whose role then decides."""
    model = spec.model
    query = select(model)
    if spec.shared_reference:
        query = query.where(or_(model.workspace_id == tenant.workspace_id, model.workspace_id.is_(None)))
    else:
        query = query.where(model.workspace_id == tenant.workspace_id)
    if spec.scope:
        query = query.where(*spec.scope(tenant))
    return query.where(*permissions.visibility(tenant, model, project_id))


def filter_clauses(spec: Spec, args: dict) -> list:
    clauses = []
    for key, raw in args.items():
        if key in RESERVED_ARGS:
            continue
        column = _column(spec, key)
        if column is None:
            raise BadRequest(f"{key} is not a valid filter for {spec.name}.", {"filter": key})
        attribute = getattr(spec.model, column.key)
        if isinstance(raw, str) and raw.startswith("["):
            try:
                values = json.loads(raw)
                if not isinstance(values, list):
                    raise ValueError
                values = [coerce(column, value if isinstance(value, str) else json.dumps(value), "query")
                          for value in values]
            except ValueError:
                raise BadRequest(f"Malformed list filter for field {key}.", {"filter": key}) from None
            clauses.append(attribute.in_(values))
            continue
        try:
            value = coerce(column, raw, "query")
        except ValueError as error:
            if str(error) == "Malformed ID.":
                raise MalformedId("Malformed ID.", {"filter": key}) from None
            raise BadRequest(f"Malformed filter for field {key}: {error}.", {"filter": key}) from None
        if value is None:
            clauses.append(attribute.is_(None))
        elif column.key == "name":
            clauses.append(func.lower(attribute) == value.lower())
        else:
            clauses.append(attribute == value)
    return clauses


def _ordered(spec: Spec, query):
    columns = [getattr(spec.model, name) for name in spec.order]
    return query.order_by(*[c.desc() for c in columns] if spec.newest_first else columns)


def _to_json(column) -> Callable:
    """``jsonable`` specialised for one column's type, chosen once per column instead of per value."""
    kind = column.type
    if isinstance(kind, Uuid):
        return lambda value: None if value is None else str(value)
    if isinstance(kind, DateTime):
        return lambda value: None if value is None else value.isoformat(timespec="seconds")
    if isinstance(kind, Date):
        return lambda value: None if value is None else value.isoformat()
    return None  # stored as JSON already


def _shown_columns(spec: Spec) -> list:
    """(key, position in the table, converter) of each column a record shows."""
    return [(c.key, position, _to_json(c)) for position, c in enumerate(spec.model.__table__.columns)
            if c.key != "workspace_id"]


def _listed_columns(session: Session, spec: Spec) -> list:
    """Every table column, in order; on PostgreSQL UUIDs come as text, which
    spares building a UUID object per value only to print it (half the time of
    listing 10,000 shots). Hooks compare ids as strings for that reason."""
    text_uuids = session.get_bind().dialect.name == "postgresql"
    return [cast(c, Text).label(c.key) if text_uuids and isinstance(c.type, Uuid) else c
            for c in spec.model.__table__.columns]


def as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def serialize(session: Session, spec: Spec, rows: list, relations: bool = True, fields=None,
              new_relations: dict | None = None, listed: bool = False) -> list[dict]:
    """ORM rows as Zou records; ``listed``: Core rows of :func:`_listed_columns` instead.

    ``new_relations``: for one row created in this transaction, its relation
    lists are exactly what was just written, so they are not read back.
    """
    if not rows:
        return []
    columns = _shown_columns(spec)
    types = spec.row_type(session, rows) if spec.row_type else [spec.zou_type] * len(rows)
    dicts = []
    if listed:  # values by position, no ORM objects
        for row, zou_type in zip(rows, types, strict=True):
            item = {name: row[position] if convert is None or row[position] is None else convert(row[position])
                    for name, position, convert in columns}
            item["type"] = zou_type
            dicts.append(item)
    else:
        for row, zou_type in zip(rows, types, strict=True):
            item = {}
            for name, _position, convert in columns:
                value = getattr(row, name)
                item[name] = value if convert is None else convert(value)
            item["type"] = zou_type
            dicts.append(item)
    if relations and new_relations is not None:
        for name in spec.relations:
            dicts[0][name] = [str(value) for value in sorted(new_relations.get(name, []))]
    elif relations:
        ids = [as_uuid(item["id"]) for item in dicts]
        for name, relation in spec.relations.items():
            own = getattr(relation.model, relation.own_column)
            target = getattr(relation.model, relation.target_column)
            grouped: dict = {}
            for owner, value in session.execute(select(own, target).where(own.in_(ids)).order_by(target)):
                grouped.setdefault(str(owner), []).append(str(value))
            for item in dicts:
                item[name] = grouped.get(item["id"], [])
    if spec.extras:
        spec.extras(session, rows, dicts)
    if fields:
        wanted = set(fields) | {"id", "type"}
        dicts = [{k: v for k, v in item.items() if k in wanted} for item in dicts]
    return dicts


def list_records(session: Session, tenant: Tenant, name: str, args: dict | None = None,
                 page: int | None = None, limit: int | None = None, fixed: dict | None = None) -> dict:
    """Rows of ``name`` matching ``args``; ``fixed`` are filters set by the route, not the client."""
    spec = spec_for(name)
    args = dict(args or {})
    query = base_query(session, tenant, spec).where(*filter_clauses(spec, {**args, **(fixed or {})}))
    total = None
    if page is not None:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        query = _ordered(spec, query).limit(limit).offset((page - 1) * limit)
    else:
        query = _ordered(spec, query).limit(BARE_LIST_MAX + 1)
    # Core rows of the table's columns, not ORM objects: a list is only
    # serialised, and building and tracking an object per row was most of
    # the time of a large listing (10,000 shots).
    rows = session.execute(query.with_only_columns(*_listed_columns(session, spec))).all()
    truncated = page is None and len(rows) > BARE_LIST_MAX
    rows = rows[:BARE_LIST_MAX]
    fields = [f for f in str(args.get("fields") or "").split(",") if f]
    relations = str(args.get("relations", "")).lower() == "true"
    items = serialize(session, spec, rows, relations=relations, fields=fields, listed=True)
    return {"items": items, "total": len(items) if total is None else total, "truncated": truncated}


def ordered_rows(session: Session, spec: Spec, query) -> list:
    """A listing's rows in the model's order, at most ``BARE_LIST_MAX`` (the bare-list bound)."""
    return session.scalars(_ordered(spec, query).limit(BARE_LIST_MAX)).all()


def load_row(session: Session, tenant: Tenant, spec: Spec, record_id, for_update: bool = False,
             project_id=None):
    query = base_query(session, tenant, spec, project_id).where(spec.model.id == uuid.UUID(parse_uuid(record_id)))
    if for_update:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(NOT_FOUND)
    return remember(session, row)


def get_record(session: Session, tenant: Tenant, name: str, record_id, args: dict | None = None) -> dict:
    spec = spec_for(name)
    fields = [f for f in str((args or {}).get("fields") or "").split(",") if f]
    return serialize(session, spec, [load_row(session, tenant, spec, record_id)], fields=fields)[0]


# -- writing -------------------------------------------------------------------------------------

def load_payload(spec: Spec, payload, creating: bool) -> tuple[dict, dict]:
    """Split a JSON body into column values and relation lists; refuse unknown fields and bad types."""
    if not isinstance(payload, dict):
        raise ValidationFailed("Expected a JSON object.", {"_schema": ["Expected a JSON object."]})
    values, relations, errors = {}, {}, {}
    for key, value in payload.items():
        if key in ALWAYS_IGNORED or key in spec.ignored or (key == "id" and not creating):
            continue
        relation = spec.relations.get(key)
        if relation is not None:
            if not relation.writable:
                continue
            if not isinstance(value, list):
                errors[key] = ["Must be a list of IDs."]
                continue
            try:
                relations[key] = list(dict.fromkeys(
                    uuid.UUID(parse_uuid(v["id"] if isinstance(v, dict) else v)) for v in value))
            except (MalformedId, KeyError, TypeError):
                errors[key] = ["Must be a list of IDs."]
            continue
        column = _column(spec, key)
        if column is None:
            errors[key] = ["Unknown field."]
            continue
        try:
            values[column.key] = coerce(column, value, "body")
        except ValueError as error:
            errors[key] = [str(error)]
    if errors:
        raise ValidationFailed(details=errors)
    return values, relations


def check_references(session: Session, tenant: Tenant, spec: Spec, values: dict) -> None:
    """Every foreign key must name a row of this tenant that the caller can see (same project too)."""
    errors = {}
    for key, value in values.items():
        column = spec.model.__table__.columns[key]
        if value is None or not column.foreign_keys:
            continue
        target = _model_for_table(next(iter(column.foreign_keys)).column.table.name)
        hidden = permissions.visibility(tenant, target, values.get("project_id"))
        row = None if hidden else _loaded_in_tenant(session, tenant, target, value)
        if row is None:
            query = select(target).where(target.id == value, *hidden)
            if hasattr(target, "workspace_id"):
                query = query.where(or_(target.workspace_id == tenant.workspace_id, target.workspace_id.is_(None)))
            row = session.scalar(query)
        if row is None:
            errors[key] = [f"No such {target.__tablename__[:-1].replace('_', ' ')}."]
        elif key != "project_id" and hasattr(row, "project_id") and values.get("project_id") not in (
                None, row.project_id):
            errors[key] = ["Belongs to another project."]
    if errors:
        raise ValidationFailed(details=errors)


def remember(session: Session, row):
    """Keep a row this transaction loaded for check_references to reuse (the
    session's own identity map is weak: a row nobody holds is gone from it)."""
    if row is not None:
        session.info.setdefault("loaded_rows", {})[identity_key(instance=row)] = row
    return row


def _loaded_in_tenant(session: Session, tenant: Tenant, target, value):
    """The row if this transaction already loaded it (the project the route
    checked, a task's status) and it is the tenant's or shared: no second SELECT.
    Only for callers with no visibility limits; the others' rules need SQL."""
    row = session.info.get("loaded_rows", {}).get(identity_key(target, value))
    if row is None or not inspect(row).persistent:  # e.g. deleted since
        return None
    if getattr(row, "workspace_id", None) not in (tenant.workspace_id, None):
        return None
    return row


def _model_for_table(table_name: str):
    from .models import Base

    for mapper in Base.registry.mappers:
        if mapper.class_.__tablename__ == table_name:
            return mapper.class_
    raise LookupError(table_name)


def check_unique(session: Session, tenant: Tenant, spec: Spec, values: dict, row=None) -> None:
    model = spec.model
    for columns in spec.unique:
        if row is not None and not any(c in values for c in columns):
            continue
        current = {c: values[c] if c in values else getattr(row, c, None) for c in columns}
        query = select(model.id).where(model.workspace_id == tenant.workspace_id)
        for name, value in current.items():
            attribute = getattr(model, name)
            if value is None:
                query = query.where(attribute.is_(None))
            elif name in ("name", "short_name"):
                query = query.where(func.lower(attribute) == str(value).lower())
            else:
                query = query.where(attribute == value)
        if row is not None:
            query = query.where(model.id != row.id)
        if session.scalar(query.limit(1)) is not None:
            shown = columns[-1] if "name" not in columns else "name"
            raise ValidationFailed(f"A {spec.name} record with this {shown} already exists.",
                                   {shown: [f"{current.get(shown)!r} already exists."]})


def check_relations(session: Session, tenant: Tenant, spec: Spec, relations: dict) -> None:
    from .tenancy import members_of

    errors = {}
    for key, ids in relations.items():
        relation = spec.relations[key]
        if relation.target is None:
            unknown = set(ids) - members_of(session, tenant.workspace_id, ids)
            if unknown:
                errors[key] = [f"Not members of this workspace: {', '.join(sorted(map(str, unknown)))}."]
            continue
        found = set(session.scalars(select(relation.target.id).where(
            relation.target.id.in_(ids), relation.target.workspace_id == tenant.workspace_id)))
        if set(ids) - found:
            errors[key] = [f"Unknown IDs: {', '.join(sorted(str(i) for i in set(ids) - found))}."]
    if errors:
        raise ValidationFailed(details=errors)


def write_relations(session: Session, spec: Spec, row, relations: dict) -> None:
    for key, ids in relations.items():
        relation = spec.relations[key]
        own = getattr(relation.model, relation.own_column)
        session.execute(delete(relation.model).where(own == row.id))
        for target_id in ids:
            session.add(relation.model(**{relation.own_column: row.id, relation.target_column: target_id}))
    session.flush()


def _project_of(spec: Spec, row):
    if row is None:
        return None
    return row.id if spec.name == "projects" else getattr(row, "project_id", None)


def _require_write(tenant: Tenant, spec: Spec, row=None, project_id=None) -> None:
    if spec.read_only:
        raise Forbidden(f"{spec.name} cannot be written.")
    permissions.require(tenant, spec.action, project_id or _project_of(spec, row))
    if row is not None and getattr(row, "workspace_id", tenant.workspace_id) is None:
        raise Forbidden("Shared reference data cannot be changed.")
    if (row is not None and spec.author_column and not permissions.sees_whole(tenant, _project_of(spec, row))
            and getattr(row, spec.author_column) != tenant.user_id):
        raise Forbidden("Only the author may change or delete this.")


def emit(tx: Transaction, tenant: Tenant, spec: Spec, item: dict, action: str) -> None:
    stem = spec.event or item["type"].lower()
    zou_stem = stem.replace("_", "-")
    zou_action = {"created": "new", "updated": "update", "deleted": "delete"}[action]
    project_id = item["id"] if stem == "project" else item.get("project_id")
    data = {f"{stem}_id": item["id"], "id": item["id"], "project_id": project_id}
    feed.record(tx, tenant, f"{stem}_{action}", f"{zou_stem}:{zou_action}", data, project_id=project_id)


def create_record(tx: Transaction, tenant: Tenant, name: str, payload, fixed: dict | None = None) -> dict:
    spec = spec_for(name)
    if spec.read_only:
        raise Forbidden(f"{spec.name} cannot be written.")
    session = tx.session
    values, relations = load_payload(spec, payload, creating=True)
    values.update(fixed or {})
    if spec.prepare:
        spec.prepare(session, tenant, values, None)
    _require_write(tenant, spec, project_id=values.get("project_id"))  # the role in that project decides
    missing = [key for key in spec.required if values.get(key) is None]
    if missing:
        raise ValidationFailed(details={key: ["Missing data for required field."] for key in missing})
    if "id" in values and session.get(spec.model, values["id"]) is not None:
        raise ValidationFailed(details={"id": ["already exists."]})
    check_references(session, tenant, spec, values)
    check_relations(session, tenant, spec, relations)
    check_unique(session, tenant, spec, values)
    row = spec.model(workspace_id=tenant.workspace_id, **values)
    session.add(row)
    session.flush()
    write_relations(session, spec, row, relations)
    item = serialize(session, spec, [row], new_relations=relations)[0]
    emit(tx, tenant, spec, item, "created")
    if spec.after_write:
        spec.after_write(tx, tenant, spec, row, None, item)
    return item


def update_record(tx: Transaction, tenant: Tenant, name: str, record_id, payload) -> dict:
    spec = spec_for(name)
    session = tx.session
    row = load_row(session, tenant, spec, record_id, for_update=True)
    _require_write(tenant, spec, row)
    values, relations = load_payload(spec, payload, creating=False)
    if "project_id" in values and values["project_id"] != getattr(row, "project_id", None):
        raise ValidationFailed(details={"project_id": ["A record cannot move to another project."]})
    before = {key: getattr(row, key) for key in values}
    for key in relations:  # hooks see what a relation list was (e.g. who was assigned before)
        relation = spec.relations[key]
        before[key] = [str(v) for v in session.scalars(select(getattr(relation.model, relation.target_column))
                                                       .where(getattr(relation.model, relation.own_column) == row.id))]
    if spec.prepare:
        spec.prepare(session, tenant, values, row)
    check_references(session, tenant, spec, {**values, "project_id": getattr(row, "project_id", None)}
                     if hasattr(row, "project_id") else values)
    check_relations(session, tenant, spec, relations)
    check_unique(session, tenant, spec, values, row)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    write_relations(session, spec, row, relations)
    item = serialize(session, spec, [row])[0]
    emit(tx, tenant, spec, item, "updated")
    if spec.after_write:
        spec.after_write(tx, tenant, spec, row, before, item)
    return item


def dependants_of(session: Session, spec: Spec, ids: list) -> dict:
    found = {}
    for child_name, column in spec.dependants:
        child = REGISTRY[child_name]
        count = session.scalar(select(func.count()).select_from(child.model).where(
            getattr(child.model, column).in_(ids)))
        if count:
            found[child_name] = found.get(child_name, 0) + count
    return found


def purge(session: Session, spec: Spec, ids: list) -> None:
    """Delete rows ``ids`` of ``spec`` and, first, everything that depends on them."""
    if not ids:
        return
    for child_name, column in spec.dependants:
        child = REGISTRY[child_name]
        child_ids = [i for i in session.scalars(select(child.model.id).where(getattr(child.model, column).in_(ids)))
                     if i not in ids]
        purge(session, child, child_ids)
    for model, column in spec.owned:
        session.execute(delete(model).where(getattr(model, column).in_(ids)))
    for relation in spec.relations.values():
        session.execute(delete(relation.model).where(getattr(relation.model, relation.own_column).in_(ids)))
    session.execute(delete(spec.model).where(spec.model.id.in_(ids)))


def delete_record(tx: Transaction, tenant: Tenant, name: str, record_id, force: bool = False) -> dict:
    spec = spec_for(name)
    session = tx.session
    row = load_row(session, tenant, spec, record_id, for_update=True)
    _require_write(tenant, spec, row)
    item = serialize(session, spec, [row])[0]
    found = dependants_of(session, spec, [row.id])
    if found and spec.cancel_instead and not force and set(found) == {"tasks"}:
        # Zou keeps an asset or shot that has tasks, marked canceled, unless forced.
        row.canceled = True
        session.flush()
        item["canceled"] = True
        emit(tx, tenant, spec, item, "updated")
        return item
    if found and not (force and spec.force_allowed):
        listed = ", ".join(f"{count} {child}" for child, count in sorted(found.items()))
        hint = " Send force=true to delete them too." if spec.force_allowed else ""
        raise BadRequest(f"This record has dependants ({listed}).{hint}", {"dependants": found})
    try:
        purge(session, spec, [row.id])
        session.flush()
    except IntegrityError:
        # Rows this engine does not know about (e.g. the /v1 production tables) still point here.
        raise BadRequest("This record is still used by other records and cannot be deleted.") from None
    emit(tx, tenant, spec, item, "deleted")
    return item
