"""Metadata descriptors: a project's custom fields of its assets, shots, ... (Zou's
``/data/projects/<p>/metadata-descriptors``).

A descriptor belongs to one project and one entity type; entities keep its
values in ``data[field_name]``, where ``field_name`` is the name in snake
case (as Zou's slugify makes it). Renaming a descriptor renames that key in
the project's entities of its type, and removing it removes the key, so no
value is left behind under a name nothing describes. Positions order the
descriptors of one entity type; ``reorder`` sets them.
"""

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import MalformedId, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, permissions, reference
from .crud import REGISTRY, Spec, register
from .models import Entity, EntityType
from .models_project_more import MetadataDescriptor
from .permissions import MANAGE_SETTINGS
from .tenancy import Tenant

ENTITY_TYPES = ("Asset", "Shot", "Sequence", "Episode", "Edit", "Scene")
DATA_TYPES = ("string", "number", "list", "taglist", "boolean", "checklist")


def field_name_of(name: str) -> str:
    """Zou's ``slugify(name, separator="_")``: ASCII, lower case, runs of anything else as one ``_``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _entity_type(value, errors: dict):
    if not isinstance(value, str) or value.capitalize() not in ENTITY_TYPES:
        errors["entity_type"] = [f"Must be one of: {', '.join(ENTITY_TYPES)}."]
        return value
    return value.capitalize()


def _strings(values: dict, key: str, errors: dict) -> None:
    if key in values and (not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key])):
        errors[key] = ["Must be a list of strings."]


def _ids(values: dict, key: str, errors: dict) -> None:
    if key not in values:
        return
    try:
        if not isinstance(values[key], list):
            raise MalformedId("")
        values[key] = list(dict.fromkeys(parse_uuid(v["id"] if isinstance(v, dict) else v) for v in values[key]))
    except (MalformedId, KeyError, TypeError):
        errors[key] = ["Must be a list of IDs."]


def prepare(session: Session, tenant: Tenant, values: dict, row) -> None:
    errors = {}
    values.pop("field_name", None)  # always the name's, as in Zou
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        values["field_name"] = field_name_of(values["name"])
        if not values["field_name"]:
            errors["name"] = ["Must contain a letter or a digit."]
    if values.get("entity_type") is not None:
        values["entity_type"] = _entity_type(values["entity_type"], errors)
        if row is not None and values["entity_type"] != row.entity_type:
            errors["entity_type"] = ["A descriptor keeps its entity type."]
    if values.get("data_type") is not None and values["data_type"] not in DATA_TYPES:
        errors["data_type"] = [f"Must be one of: {', '.join(DATA_TYPES)}."]
    _strings(values, "choices", errors)
    _ids(values, "departments", errors)
    if errors:
        raise ValidationFailed(details=errors)
    if row is None:
        if values.get("project_id") is not None and values.get("entity_type") is not None \
                and values.get("position") is None:
            last = session.scalar(select(func.max(MetadataDescriptor.position)).where(
                MetadataDescriptor.workspace_id == tenant.workspace_id,
                MetadataDescriptor.project_id == values["project_id"],
                MetadataDescriptor.entity_type == values["entity_type"]))
            values["position"] = 0 if last is None else last + 1
    elif values.get("field_name") not in (None, row.field_name):
        _rename_values(session, tenant, row, values["field_name"])


def _entities(session: Session, tenant: Tenant, descriptor: MetadataDescriptor) -> list:
    """The entities of the descriptor's project and type whose data has its field."""
    if descriptor.entity_type == "Asset":
        kind = Entity.entity_type_id.in_(select(EntityType.id).where(EntityType.workspace_id == tenant.workspace_id))
    else:
        kind = Entity.entity_type_id == reference.builtin_type_id(descriptor.entity_type)
    rows = session.scalars(select(Entity).where(
        Entity.workspace_id == tenant.workspace_id, Entity.project_id == descriptor.project_id, kind,
        Entity.data.is_not(None)).with_for_update()).all()
    return [row for row in rows if isinstance(row.data, dict) and descriptor.field_name in row.data]


def _rename_values(session: Session, tenant: Tenant, descriptor: MetadataDescriptor, new_field: str) -> None:
    for entity in _entities(session, tenant, descriptor):
        data = dict(entity.data)
        data[new_field] = data.pop(descriptor.field_name)
        entity.data = data


def remove(tx: Transaction, tenant: Tenant, descriptor_id, fixed: dict) -> dict:
    """Delete a descriptor of a project, and its values from the project's entities."""
    spec = crud.spec_for("metadata-descriptors")
    row = load_in(tx.session, tenant, spec, descriptor_id, fixed)
    permissions.require(tenant, MANAGE_SETTINGS, row.project_id)
    for entity in _entities(tx.session, tenant, row):
        entity.data = {k: v for k, v in entity.data.items() if k != row.field_name}
    return crud.delete_record(tx, tenant, "metadata-descriptors", row.id, force=True)


def load_in(session: Session, tenant: Tenant, spec: Spec, record_id, fixed: dict):
    """The record, if its columns have the route's values (its project, its budget); else 404."""
    row = crud.load_row(session, tenant, spec, record_id)
    for column, value in fixed.items():
        if str(getattr(row, column)) != str(value):
            raise NotFound(crud.NOT_FOUND)
    return row


def reorder(tx: Transaction, tenant: Tenant, project_id, payload) -> list[dict]:
    """Put a project's descriptors of one entity type in the order of ``descriptor_ids`` (those not
    named follow, in their order); answers that entity type's descriptors, in order."""
    session = tx.session
    project = crud.load_row(session, tenant, crud.spec_for("projects"), project_id)
    permissions.require(tenant, MANAGE_SETTINGS, project.id)
    errors = {}
    payload = payload if isinstance(payload, dict) else {}
    entity_type = _entity_type(payload.get("entity_type"), errors)
    if "descriptor_ids" in payload:
        _ids(payload, "descriptor_ids", errors)
    else:
        errors["descriptor_ids"] = ["Missing data for required field."]
    if errors:
        raise ValidationFailed(details=errors)
    spec = crud.spec_for("metadata-descriptors")
    rows = session.scalars(select(MetadataDescriptor).where(
        MetadataDescriptor.workspace_id == tenant.workspace_id, MetadataDescriptor.project_id == project.id,
        MetadataDescriptor.entity_type == entity_type).order_by(
        MetadataDescriptor.position, MetadataDescriptor.name, MetadataDescriptor.id).with_for_update()).all()
    by_id = {str(row.id): row for row in rows}
    unknown = [i for i in payload["descriptor_ids"] if i not in by_id]
    if unknown:
        raise ValidationFailed(details={"descriptor_ids": [
            f"Not descriptors of this project's {entity_type} entities: {', '.join(unknown)}."]})
    ordered = [by_id[i] for i in payload["descriptor_ids"]] + [
        row for row in rows if str(row.id) not in payload["descriptor_ids"]]
    changed = []
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            changed.append(row)
    session.flush()
    for item in crud.serialize(session, spec, changed):
        crud.emit(tx, tenant, spec, item, "updated")
    return crud.serialize(session, spec, ordered)


def _client_scope(tenant: Tenant) -> list:
    # Clients (in the descriptor's project: per-project roles) see the fields shared with them only (for_client).
    clause = permissions.where_role(tenant, MetadataDescriptor.project_id, ("client",),
                                    MetadataDescriptor.for_client.is_(True))
    return [] if clause is None else [clause]


register(Spec(name="metadata-descriptors", model=MetadataDescriptor, zou_type="MetadataDescriptor",
              event="metadata_descriptor", action=MANAGE_SETTINGS,
              required=("project_id", "entity_type", "name", "field_name"),
              unique=(("project_id", "entity_type", "field_name"),), prepare=prepare, scope=_client_scope,
              order=("project_id", "entity_type", "position", "name", "id")))

REGISTRY["projects"].dependants += (("metadata-descriptors", "project_id"),)
REGISTRY["task-types"].dependants += (("metadata-descriptors", "task_type_id"),)
