"""Zou output files (published revisions of an entity or of an asset instance
in a shot) and working files (revisions of a task's work file): metadata
records, numbered per name.

A revision is one more than the last one with the same target, output type,
task type and name (Zou's rule); a revision given explicitly must be free.
Two publishers racing for the same number both get it (as in Zou): the
records stay distinct and ``last-revisions`` keeps the newest.
"""

import uuid

from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page
from reelhouse.shared.validation import StrictInteger, load

from . import zou_files
from .models import ZouOutputFile, ZouWorkingFile
from .zou_schemas import (
    NewOutputFileSchema,
    NewWorkingFileSchema,
    NextRevisionSchema,
    OutputFilterSchema,
    OutputRecordQuerySchema,
    WorkingRecordQuerySchema,
)

KINDS = {"output-files": (ZouOutputFile, "OutputFile"), "working-files": (ZouWorkingFile, "WorkingFile")}
SCOPES = ("project_id", "entity_id", "asset_instance_id", "task_id")


class FileUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # gazu may send back the record it read

    name = fields.String(validate=validate.Length(min=1, max=250))
    comment = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    data = fields.Dict(allow_none=True)
    size = StrictInteger(allow_none=True, validate=validate.Range(min=0))
    checksum = fields.String(allow_none=True, validate=validate.Length(max=32))
    path = fields.String(allow_none=True, validate=validate.Length(max=400))
    # output files only
    file_status_id = fields.UUID(allow_none=True)
    extension = fields.String(allow_none=True, validate=validate.Length(max=10))
    canceled = fields.Boolean()
    representation = fields.String(validate=validate.Length(max=20))
    nb_elements = StrictInteger(validate=validate.Range(min=1))


def entity_of(target: dict) -> str:
    """The production_tracking entity a target hangs on: the entity, or the shot (or scene) an asset
    instance is used in."""
    entity = target.get("temporal_entity_id") if target.get("asset_instance_id") else target.get("entity_id")
    if entity is None:
        raise ValidationFailed(details={"entity_id": ["Missing data for required field."]})
    return parse_uuid(entity)


def _target_clauses(target: dict) -> list:
    if target.get("asset_instance_id"):
        return [ZouOutputFile.asset_instance_id == uuid.UUID(parse_uuid(target["asset_instance_id"])),
                ZouOutputFile.temporal_entity_id == uuid.UUID(parse_uuid(target["temporal_entity_id"]))]
    return [ZouOutputFile.entity_id == uuid.UUID(parse_uuid(target["entity_id"])),
            ZouOutputFile.asset_instance_id.is_(None)]


def _last_revision(session: Session, context: dict, target: dict, data: dict) -> int:
    return session.scalar(select(func.max(ZouOutputFile.revision)).where(
        ZouOutputFile.workspace_id == uuid.UUID(context["workspace_id"]), *_target_clauses(target),
        ZouOutputFile.output_type_id == data["output_type_id"], ZouOutputFile.task_type_id == data["task_type_id"],
        ZouOutputFile.name == data["name"])) or 0


def next_revision(session: Session, context: dict, target: dict, payload: dict) -> dict:
    data = load(NextRevisionSchema, payload or {})
    return {"next_revision": _last_revision(session, context, target, data) + 1}


def create_output_file(tx: Transaction, caller: Caller, context: dict, target: dict, payload: dict) -> dict:
    data = load(NewOutputFileSchema, payload or {})
    last = _last_revision(tx.session, context, target, data)
    revision = data["revision"] or last + 1
    if data["revision"] and tx.session.scalar(select(ZouOutputFile.id).where(
            ZouOutputFile.workspace_id == uuid.UUID(context["workspace_id"]), *_target_clauses(target),
            ZouOutputFile.output_type_id == data["output_type_id"],
            ZouOutputFile.task_type_id == data["task_type_id"], ZouOutputFile.name == data["name"],
            ZouOutputFile.representation == data["representation"], ZouOutputFile.revision == revision)):
        raise ValidationFailed(details={"revision": [f"Revision {revision} of this output already exists."]})
    now = utcnow()
    asset_instance = context.get("asset_instance_id") if target.get("asset_instance_id") else None
    if target.get("asset_instance_id") and asset_instance is None:
        raise ValidationFailed(details={"asset_instance_id": ["Not checked with production tracking."]})
    if asset_instance and target.get("entity_id") and parse_uuid(target["entity_id"]) != context["asset_id"]:
        raise ValidationFailed(details={"entity_id": ["Not the asset instance's asset."]})
    row = ZouOutputFile(
        id=uuid.uuid4(), workspace_id=uuid.UUID(context["workspace_id"]), project_id=uuid.UUID(context["project_id"]),
        # As in Zou, an instance's output file is also its asset's (entity_id), listed with the instance.
        entity_id=uuid.UUID(context["asset_id"] if asset_instance else context["entity_id"]),
        asset_instance_id=uuid.UUID(asset_instance) if asset_instance else None,
        temporal_entity_id=uuid.UUID(context["entity_id"]) if asset_instance else None,
        output_type_id=data["output_type_id"], task_type_id=data["task_type_id"],
        file_status_id=data["file_status_id"], person_id=data["person_id"] or _uuid(context.get("person_id")),
        source_file_id=data["working_file_id"], name=data["name"], revision=revision,
        representation=data["representation"], nb_elements=data["nb_elements"], extension=data.get("extension"),
        comment=data["comment"], canceled=False, created_at=now, updated_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    tx.emit("output_file_created", {"id": str(row.id), "workspace_id": str(row.workspace_id),
                                    "project_id": str(row.project_id), "revision": revision})
    return zou_files.to_zou(row, "OutputFile")


def _uuid(value):
    return uuid.UUID(str(value)) if value else None


def _newest_per_name(rows, key) -> list:
    """The highest revision of each group (rows come oldest first)."""
    newest: dict = {}
    for row in rows:
        group = key(row)
        if group not in newest or row.revision >= newest[group].revision:
            newest[group] = row
    return list(newest.values())


def list_output_files(session: Session, caller: Caller, scope: dict, filters: dict | None,
                      last_revisions: bool, page: Page | None) -> list | dict:
    """Output files of a project, an entity or an asset instance, with the seed's filters. An entity's
    are its own: those of its instances in shots are listed with the instance (Zou's rule)."""
    (scope_name, scope_id), = scope.items()
    if scope_name not in SCOPES[:3]:
        raise ValidationFailed(details={"scope": [f"Must be one of {', '.join(SCOPES[:3])}."]})
    data = load(OutputFilterSchema, filters or {})
    query = zou_files.visible(caller, ZouOutputFile, select(ZouOutputFile)).where(
        getattr(ZouOutputFile, scope_name) == uuid.UUID(parse_uuid(scope_id)),
        *[getattr(ZouOutputFile, name) == value for name, value in data.items()])
    if scope_name == "entity_id":
        query = query.where(ZouOutputFile.asset_instance_id.is_(None))
    if not last_revisions:
        return zou_files.listing(session, ZouOutputFile, query, page, "OutputFile")
    rows = session.scalars(query.order_by(ZouOutputFile.revision, ZouOutputFile.created_at)
                           .limit(zou_files.UNPAGED.limit * 10)).all()
    newest = _newest_per_name(rows, lambda r: (r.output_type_id, r.task_type_id, r.name, r.representation,
                                               r.temporal_entity_id))
    items = [zou_files.to_zou(row, "OutputFile") for row in newest[:zou_files.UNPAGED.limit]]
    return {"items": items, "total": len(items)}


# --- working files ----------------------------------------------------------------------------------

def create_working_file(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    data = load(NewWorkingFileSchema, payload or {})
    if data.get("task_id") and str(data["task_id"]) != context["task_id"]:
        raise ValidationFailed(details={"task_id": ["Differs from the task in the URL."]})
    task_id = uuid.UUID(context["task_id"])
    last = tx.session.scalar(select(func.max(ZouWorkingFile.revision)).where(
        ZouWorkingFile.task_id == task_id, ZouWorkingFile.name == data["name"])) or 0
    revision = data["revision"] or last + 1
    if data["revision"] and data["revision"] <= last and tx.session.scalar(select(ZouWorkingFile.id).where(
            ZouWorkingFile.task_id == task_id, ZouWorkingFile.name == data["name"],
            ZouWorkingFile.revision == revision)):
        raise ValidationFailed(details={"revision": [f"Revision {revision} of this working file already exists."]})
    now = utcnow()
    row = ZouWorkingFile(
        id=uuid.uuid4(), workspace_id=uuid.UUID(context["workspace_id"]), project_id=uuid.UUID(context["project_id"]),
        task_id=task_id, entity_id=uuid.UUID(context["entity_id"]),
        person_id=data["person_id"] or _uuid(context.get("person_id")), software_id=data["software_id"],
        name=data["name"], revision=revision, comment=data["comment"], created_at=now, updated_at=now,
    )
    tx.session.add(row)
    tx.session.flush()
    return zou_files.to_zou(row, "WorkingFile")


def list_working_files(session: Session, caller: Caller, scope: dict, filters: dict | None,
                       last_revisions: bool) -> list | dict:
    """A task's or an entity's working files; ``last_revisions``: ``{name: newest}`` (gazu's shape)."""
    (scope_name, scope_id), = scope.items()
    if scope_name not in ("task_id", "entity_id"):
        raise ValidationFailed(details={"scope": ["Must be task_id or entity_id."]})
    allowed = {"task_id", "name"}
    unknown = set(filters or {}) - allowed
    if unknown:
        raise ValidationFailed(details={name: ["Unknown field."] for name in sorted(unknown)})
    query = zou_files.visible(caller, ZouWorkingFile, select(ZouWorkingFile)).where(
        getattr(ZouWorkingFile, scope_name) == uuid.UUID(parse_uuid(scope_id)))
    for name, value in (filters or {}).items():
        column = getattr(ZouWorkingFile, name)
        query = query.where(column == (uuid.UUID(parse_uuid(value)) if name == "task_id" else value))
    if not last_revisions:
        return zou_files.listing(session, ZouWorkingFile, query, None, "WorkingFile")
    rows = session.scalars(query.order_by(ZouWorkingFile.revision).limit(zou_files.UNPAGED.limit * 10)).all()
    return {row.name: zou_files.to_zou(row, "WorkingFile") for row in _newest_per_name(rows, lambda r: r.name)}


# --- generic /data/<kind>/<id> ------------------------------------------------------------------------

def _kind(kind: str):
    if kind not in KINDS:
        raise NotFound(f"Unknown model '{kind}'.")
    return KINDS[kind]


RECORD_QUERIES = {"output-files": OutputRecordQuerySchema, "working-files": WorkingRecordQuerySchema}
TARGET_KEYS = ("entity_id", "asset_instance_id", "temporal_entity_id")


def list_records(session: Session, caller: Caller, kind: str, filters: dict | None, page: Page | None) -> dict:
    """``GET /data/<kind>``: equality filters on the kind's columns, bounded."""
    model, zou_type = _kind(kind)
    data = load(RECORD_QUERIES[kind], filters or {})
    query = zou_files.visible(caller, model, select(model)).where(
        *[getattr(model, name) == value for name, value in data.items()])
    return zou_files.listing(session, model, query, page, zou_type)


def split_target(payload) -> tuple[dict, dict]:
    """``POST /data/output-files``: the target (entity, or asset instance in a shot) and the rest."""
    if not isinstance(payload, dict):
        raise ValidationFailed(details={"_schema": ["Expected a JSON object."]})
    target = {key: payload[key] for key in TARGET_KEYS if payload.get(key)}
    if target.get("asset_instance_id") and not target.get("temporal_entity_id"):
        raise ValidationFailed(details={"temporal_entity_id": ["Needed with asset_instance_id."]})
    entity_of(target)
    return target, {key: value for key, value in payload.items() if key not in TARGET_KEYS}


def get_record(session: Session, caller: Caller, kind: str, record_id: str) -> dict:
    model, zou_type = _kind(kind)
    return zou_files.to_zou(zou_files.find(session, caller, model, record_id), zou_type)


def update_record(tx: Transaction, caller: Caller, kind: str, record_id: str, payload: dict) -> dict:
    model, zou_type = _kind(kind)
    data = load(FileUpdateSchema, payload)
    unknown = [name for name in data if name not in model.__table__.columns]
    if unknown:
        raise ValidationFailed(details={name: ["Not a field of this model."] for name in unknown})
    return zou_files.to_zou(zou_files.change(tx.session, caller, model, record_id, data), zou_type)


def delete_record(tx: Transaction, caller: Caller, kind: str, record_id: str) -> dict:
    """Output and working files are metadata here (no object): the row goes at once."""
    model, _ = _kind(kind)
    row = zou_files.find(tx.session, caller, model, record_id, for_update=True)
    zou_files.require_writer(tx.session, caller, row)
    tx.session.delete(row)
    return {"id": str(row.id)}
