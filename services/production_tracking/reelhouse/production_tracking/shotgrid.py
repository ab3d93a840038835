"""ShotGrid imports for the import service: records arrive translated to our
field names (the importer reads ShotGrid's dump format) with their ShotGrid id
and references as ShotGrid ids; this module maps those ids to ours.

The mapping is the ``shotgun_id`` column of our own records (as in Zou): a
record whose ShotGrid id is known is updated, an unknown one is created, so
importing a dump again updates rather than duplicates. Projects, task types
and task statuses not yet mapped adopt the workspace's record of the same
name. Every record goes through the generic engine (its checks and events);
all records are written, or none.
"""

import uuid

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import func, select

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import BadRequest, NotFound, ValidationFailed
from reelhouse.shared.validation import StrictInteger, load

from . import crud
from .bulk import RowErrors
from .models import Entity, EntityType, Project, Task, TaskStatus, TaskType
from .tenancy import Tenant

MAX_RECORDS = 2000  # one request's records: each is a full engine write
SPECS = {"projects": "projects", "episodes": "episodes", "sequences": "sequences", "scenes": "scenes",
         "shots": "shots", "assets": "assets", "steps": "task-types", "status": "task-status", "tasks": "tasks"}
MODELS = {"projects": Project, "steps": TaskType, "status": TaskStatus, "tasks": Task}  # the rest: Entity
ADOPT_BY_NAME = {"projects": "name", "steps": "name", "status": "short_name"}


class EntityReference(Schema):
    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True)
    id = StrictInteger(required=True)


class ShotgridRecord(Schema):
    class Meta:
        unknown = EXCLUDE

    row = StrictInteger(required=True)  # the record's place in the dump (1-based), for error reports
    shotgun_id = StrictInteger(required=True)
    name = fields.String(required=True)
    short_name = fields.String(load_default=None, allow_none=True)
    description = fields.String(load_default=None, allow_none=True)
    color = fields.String(load_default=None, allow_none=True)
    for_entity = fields.String(load_default=None, allow_none=True)
    project = StrictInteger(load_default=None, allow_none=True)
    episode = StrictInteger(load_default=None, allow_none=True)
    sequence = StrictInteger(load_default=None, allow_none=True)
    asset_type = fields.String(load_default=None, allow_none=True)
    nb_frames = StrictInteger(load_default=None, allow_none=True)
    frame_in = StrictInteger(load_default=None, allow_none=True)
    frame_out = StrictInteger(load_default=None, allow_none=True)
    entity = fields.Nested(EntityReference, load_default=None, allow_none=True)
    step = StrictInteger(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True)  # a task status's short name (ShotGrid's code)
    start_date = fields.String(load_default=None, allow_none=True)
    due_date = fields.String(load_default=None, allow_none=True)


def _known(tx: Transaction, tenant: Tenant, model, shotgun_ids) -> dict:
    """Our records of ``model`` by ShotGrid id (one query)."""
    ids = {i for i in shotgun_ids if i is not None}
    if not ids:
        return {}
    return {row.shotgun_id: row for row in tx.session.scalars(select(model).where(
        model.workspace_id == tenant.workspace_id, model.shotgun_id.in_(ids)))}


def _by_name(tx: Transaction, tenant: Tenant, model, column: str, names) -> dict:
    attribute = getattr(model, column)
    lowered = {n.lower() for n in names if n}
    if not lowered:
        return {}
    return {getattr(row, column).lower(): row for row in tx.session.scalars(select(model).where(
        model.workspace_id == tenant.workspace_id, func.lower(attribute).in_(lowered)))}


def _hex(color):
    """ShotGrid's ``"r,g,b"`` as ``#rrggbb``; a hex colour is kept; anything else is dropped."""
    if not color:
        return None
    if color.startswith("#") and len(color) == 7:
        return color
    try:
        red, green, blue = (int(part) for part in color.split(","))
    except ValueError:
        return None
    return f"#{red:02x}{green:02x}{blue:02x}" if all(0 <= c <= 255 for c in (red, green, blue)) else None


def import_records(tx: Transaction, tenant: Tenant, kind: str, records) -> dict:
    """Create or update ``records`` of ``kind``: ``{"records", "created", "updated", "unchanged": 0}``."""
    if kind not in SPECS:
        raise BadRequest(f"Unknown ShotGrid kind '{kind}'.", {"reason": "unknown_kind"})
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise BadRequest(f"Send a list of at most {MAX_RECORDS} records.", {"reason": "too_many_rows"})
    records = [load(ShotgridRecord, record) for record in records]
    model = MODELS.get(kind, Entity)
    existing = _known(tx, tenant, model, [r["shotgun_id"] for r in records])
    if kind in ADOPT_BY_NAME:
        column = ADOPT_BY_NAME[kind]
        named = _by_name(tx, tenant, model, column, [r["short_name" if kind == "status" else "name"]
                                                     for r in records])
        for record in records:
            key = (record["short_name"] if kind == "status" else record["name"]) or ""
            row = named.get(key.lower())
            if record["shotgun_id"] not in existing and row is not None and row.shotgun_id is None:
                existing[record["shotgun_id"]] = row
    references = _references(tx, tenant, records)
    errors, items, created, updated = RowErrors(), [], 0, 0
    for record in records:
        row = existing.get(record["shotgun_id"])
        try:
            with tx.session.begin_nested():
                payload = _payload(tx, tenant, kind, record, references)
                if row is None:
                    item = crud.create_record(tx, tenant, SPECS[kind], payload)
                else:
                    item = crud.update_record(tx, tenant, SPECS[kind], row.id, payload)
        except LookupError as missing:
            errors.add(record["row"], *missing.args)
            continue
        except (ValidationFailed, BadRequest, NotFound) as error:
            errors.add_app_error(record["row"], error)
            continue
        created, updated = (created + 1, updated) if row is None else (created, updated + 1)
        existing[record["shotgun_id"]] = tx.session.get(model, uuid.UUID(item["id"]))  # a repeat in the dump updates
        items.append(item)
    errors.raise_if_any()
    return {"records": items, "created": created, "updated": updated, "unchanged": 0}


def _references(tx: Transaction, tenant: Tenant, records: list) -> dict:
    """Our ids for every ShotGrid id the records point to, a query per kind of target."""
    return {
        "project": _known(tx, tenant, Project, [r["project"] for r in records]),
        "entity": _known(tx, tenant, Entity, [r["episode"] for r in records] + [r["sequence"] for r in records]
                         + [r["entity"]["id"] for r in records if r["entity"]]),
        "step": _known(tx, tenant, TaskType, [r["step"] for r in records]),
        "status": _by_name(tx, tenant, TaskStatus, "short_name", [r["status"] for r in records]),
        "asset_type": _by_name(tx, tenant, EntityType, "name", [r["asset_type"] for r in records]),
    }


def _ref(references: dict, kind: str, shotgun_id, column: str, required: bool = True):
    if shotgun_id is None:
        if required:
            raise LookupError(column, "Missing reference.")
        return None
    row = references[kind].get(shotgun_id)
    if row is None:
        raise LookupError(column, f"ShotGrid {column} {shotgun_id} has not been imported.")
    return str(row.id)


def _payload(tx: Transaction, tenant: Tenant, kind: str, record: dict, references: dict) -> dict:
    """Our fields for ``record``; a reference not imported yet raises ``LookupError(column, message)``."""
    payload = {"shotgun_id": record["shotgun_id"], "name": record["name"]}
    if kind in ("steps", "status"):
        payload.update({k: v for k, v in (("short_name", record["short_name"]), ("color", _hex(record["color"])),
                                          ("description", record["description"])) if v is not None})
        if kind == "steps" and record["for_entity"]:
            payload["for_entity"] = record["for_entity"]
        if kind == "status":
            payload.setdefault("short_name", record["name"][:10].lower())
        return payload
    if kind == "projects":
        return payload
    payload["project_id"] = _ref(references, "project", record["project"], "project")
    if kind == "tasks":
        if record["entity"] is None:
            raise LookupError("entity", "Missing reference.")
        payload["entity_id"] = _ref(references, "entity", record["entity"]["id"], "entity")
        payload["task_type_id"] = _ref(references, "step", record["step"], "step")
        if record["status"]:
            status = references["status"].get(record["status"].lower())
            if status is None:
                raise LookupError("sg_status_list", f"No task status with the short name {record['status']!r}.")
            payload["task_status_id"] = str(status.id)
        payload.update({k: record[k] for k in ("start_date", "due_date") if record[k]})
        return payload
    if record["description"] is not None:
        payload["description"] = record["description"]
    if kind == "sequences" and record["episode"] is not None:
        payload["episode_id"] = _ref(references, "entity", record["episode"], "episode")
    if kind in ("scenes", "shots"):
        payload["sequence_id"] = _ref(references, "entity", record["sequence"], "sg_sequence")
    if kind == "shots":
        frames = {k: record[k] for k in ("frame_in", "frame_out") if record[k] is not None}
        if frames:
            payload["data"] = frames
        if record["nb_frames"] is not None:
            payload["nb_frames"] = record["nb_frames"]
    if kind == "assets":
        name = (record["asset_type"] or "").strip()
        if not name:
            raise LookupError("sg_asset_type", "Missing value.")
        asset_type = references["asset_type"].get(name.lower())
        if asset_type is None:  # made once, then found by the next records of the dump
            item = crud.create_record(tx, tenant, "asset-types", {"name": name})
            asset_type = references["asset_type"][name.lower()] = tx.session.get(EntityType, uuid.UUID(item["id"]))
        payload["entity_type_id"] = str(asset_type.id)
    return payload


def remove_record(tx: Transaction, tenant: Tenant, kind: str, shotgun_id) -> dict:
    """Zou's ``/import/shotgun/remove/<kind>``: delete (or, with tasks, cancel) the record mapped to the id."""
    if kind not in SPECS:
        raise BadRequest(f"Unknown ShotGrid kind '{kind}'.", {"reason": "unknown_kind"})
    if isinstance(shotgun_id, bool) or not isinstance(shotgun_id, int):
        raise ValidationFailed(details={"id": ["Must be a ShotGrid id (a whole number)."]})
    row = _known(tx, tenant, MODELS.get(kind, Entity), [shotgun_id]).get(shotgun_id)
    if row is None:
        raise NotFound(f"No record imported from ShotGrid id {shotgun_id}.")
    return crud.delete_record(tx, tenant, SPECS[kind], row.id)
