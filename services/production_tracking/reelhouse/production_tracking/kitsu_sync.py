"""Kitsu-to-Kitsu imports for the import service: records exported from another
Kitsu (its ``/data/...`` shapes) written here **with their ids**, as Zou's
``/import/kitsu/...`` routes do. A record whose id exists in this workspace is
updated, an unknown one is created; so importing the same export again
updates rather than duplicates. Every record goes through the generic engine;
all are written, or none.

Keys this side does not store (another Kitsu's extra columns, computed
fields) and person lists are dropped. Project statuses are matched by
``project_status_name`` (else the project is open). Entity types are mapped
rather than kept: a shot, sequence, episode, scene or edit takes this side's built-in type
from its ``type``; an asset whose type id is unknown here takes the asset type
named ``asset_type_name`` (made when missing).
"""

import uuid

from sqlalchemy import func, select

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import BadRequest, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, reference
from .bulk import RowErrors
from .models import EntityType, ProjectStatus
from .registry import ENTITY_KINDS
from .tenancy import Tenant

MAX_RECORDS = 2000
SPECS = {"projects": "projects", "entities": "entities", "entity-links": "entity-links", "tasks": "tasks",
         "playlists": "playlists"}


def _kept_keys(spec: crud.Spec) -> set:
    """The keys this side stores; person lists (team, assignees) are dropped: person ids differ between
    installations (persons are imported by e-mail)."""
    columns = {c.key for c in spec.model.__table__.columns} - {"workspace_id"}
    relations = {name for name, relation in spec.relations.items() if relation.target is not None}
    return columns | relations | set(spec.aliases) | set(spec.ignored)


def _entity_type(tx: Transaction, tenant: Tenant, record: dict, asset_types: dict):
    """This side's entity type id for an exported entity (see the module's docstring)."""
    kind = record.get("type")
    builtins = reference.builtin_type_ids(tx.session)
    if kind in builtins:
        return builtins[kind]
    type_id = record.get("entity_type_id") or record.get("asset_type_id")
    try:
        known = tx.session.scalar(select(EntityType.id).where(
            EntityType.id == uuid.UUID(parse_uuid(type_id)), EntityType.workspace_id == tenant.workspace_id))
    except Exception:
        known = None
    if known is not None:
        return known
    name = (record.get("asset_type_name") or "").strip()
    if not name:
        raise ValidationFailed(details={"entity_type_id": ["Unknown here; send asset_type_name to map it."]})
    if name.lower() not in asset_types:
        item = crud.create_record(tx, tenant, "asset-types", {"name": name})
        asset_types[name.lower()] = uuid.UUID(item["id"])
    return asset_types[name.lower()]


def _project_status(tx: Transaction, tenant: Tenant, record: dict):
    """Project statuses are reference rows with ids of their own on each side: matched by
    ``project_status_name``, else the project gets this side's default (open)."""
    name = (record.get("project_status_name") or "").strip().lower()
    if not name:
        return None
    return tx.session.scalar(select(ProjectStatus.id).where(
        func.lower(ProjectStatus.name) == name,
        (ProjectStatus.workspace_id == tenant.workspace_id) | ProjectStatus.workspace_id.is_(None)).limit(1))


def import_records(tx: Transaction, tenant: Tenant, kind: str, records) -> dict:
    """``{"records", "created", "updated", "unchanged": 0}``; a refused record is reported by its place."""
    if kind not in SPECS:
        raise BadRequest(f"Unknown Kitsu kind '{kind}'.", {"reason": "unknown_kind"})
    if not isinstance(records, list) or len(records) > MAX_RECORDS:
        raise BadRequest(f"Send a list of at most {MAX_RECORDS} records.", {"reason": "too_many_rows"})
    spec = crud.spec_for(SPECS[kind])
    kept = _kept_keys(spec)
    asset_types = {name.lower(): id_ for id_, name in tx.session.execute(select(EntityType.id, EntityType.name).where(
        EntityType.workspace_id == tenant.workspace_id)).all()}
    errors, items, created, updated = RowErrors(), [], 0, 0
    for row, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not record.get("id"):
            errors.add(row, "id", "A Kitsu record needs its id.")
            continue
        try:
            record_id = uuid.UUID(parse_uuid(record["id"]))
        except Exception:
            errors.add(row, "id", "Malformed ID.")
            continue
        payload = {key: value for key, value in record.items() if key in kept}
        existing = tx.session.scalar(select(spec.model).where(spec.model.id == record_id))
        if existing is not None and existing.workspace_id != tenant.workspace_id:
            errors.add(row, "id", "This id belongs to another studio's record.")
            continue
        try:
            with tx.session.begin_nested():
                name = SPECS[kind]
                if kind == "projects":
                    status_id = _project_status(tx, tenant, record)
                    payload.pop("project_status_id", None)
                    if status_id is not None:
                        payload["project_status_id"] = str(status_id)
                if kind == "entities":
                    payload["entity_type_id"] = str(_entity_type(tx, tenant, record, asset_types))
                    name = next((n for n, k in ENTITY_KINDS.items() if k == record.get("type")), "entities")
                    payload.pop("asset_type_id", None)
                if existing is None:
                    item = crud.create_record(tx, tenant, name, payload)
                else:
                    item = crud.update_record(tx, tenant, name, record_id,
                                              {k: v for k, v in payload.items() if k != "id"})
        except (ValidationFailed, BadRequest, NotFound) as error:
            errors.add_app_error(row, error)
            continue
        created, updated = (created + 1, updated) if existing is None else (created, updated + 1)
        items.append(item)
    errors.raise_if_any()
    return {"records": items, "created": created, "updated": updated, "unchanged": 0}

