"""Shots (the /v1 ``descriptions``) and briefs of a production.

A shot is a ``Shot`` entity of the production's project (its name and
description visible on /api) plus a ``candidio_shots`` row with its position,
shot type and free-form fields. Positions stay dense (0..n-1): inserting or
moving a shot shifts its siblings, deleting one closes the gap.
"""

import uuid

from sqlalchemy import func, select, update

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Conflict, ValidationFailed
from reelhouse.shared.validation import load

from .. import reference
from ..models import Entity, EntityLink, Task
from . import activity, records
from .models import AssetLink, Brief, Production, Shot
from .references import References
from .schemas import MAX_SHOTS, BriefSchema, CreateShotSchema, UpdateShotSchema


def production_for(session, caller: Caller, context: dict, data: dict, permission: str):
    """The production named by the URL (or, when the URL has none, the payload's ``production_id``)."""
    in_body = data.pop("production_id", None)
    production_id = context.get("production_id") or in_body
    if production_id is None:
        raise ValidationFailed(details={"production_id": ["Required on this route."]})
    if in_body is not None and context.get("production_id") and str(in_body) != str(context["production_id"]):
        raise ValidationFailed(details={"production_id": ["Differs from the production in the URL."]})
    scope = {"workspace_id": context["workspace_id"]} if context.get("workspace_id") else {}
    return records.find(session, caller, "production", production_id, scope, permission)


def _count(session, production_id) -> int:
    return session.scalar(select(func.count()).select_from(Shot).where(Shot.production_id == production_id))


def _entity_for(session, production: Production, shot_type: str, shot_fields: dict, number: int, user_id,
                shot_type_id) -> uuid.UUID:
    entity = Entity(id=uuid.uuid4(), workspace_id=production.workspace_id, project_id=production.id,
                    entity_type_id=shot_type_id, name=f"SH{number:03d}",
                    description=(shot_fields or {}).get("field1"), created_by=user_id,
                    data={"shot_type": shot_type})
    session.add(entity)
    return entity.id


def add_many(session, access, production: Production, shot_list: list[dict]) -> None:
    """Append shots (``shot_type``, ``fields``, ``assets``) in order: template and clone creation."""
    if not shot_list:
        return
    shot_type_id = reference.builtin_type_ids(session)["Shot"]
    start = _count(session, production.id)
    entities = [_entity_for(session, production, item["shot_type"], item["fields"], start + i + 1, access.user_id,
                            shot_type_id) for i, item in enumerate(shot_list)]
    session.flush()
    for position, (entity_id, item) in enumerate(zip(entities, shot_list, strict=True), start=start):
        session.add(Shot(id=entity_id, production_id=production.id, workspace_id=production.workspace_id,
                         position=position, shot_type=item["shot_type"], fields=item["fields"]))
        for asset_id in item.get("assets", []):
            session.add(AssetLink(asset_id=asset_id, uploadable_type="description", uploadable_id=entity_id,
                                  workspace_id=production.workspace_id))
    session.flush()


def create_shot(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    session = tx.session
    data = load(CreateShotSchema, payload)
    production, access = production_for(session, caller, context, data, "productions.update")
    session.execute(select(Production.id).where(Production.id == production.id).with_for_update())
    count = _count(session, production.id)
    if count >= MAX_SHOTS:
        raise ValidationFailed(details={"position": [f"A production holds at most {MAX_SHOTS} shots."]})
    position = min(data.get("position", count), count)
    # Make room: the new shot takes its place, later ones move down one.
    session.execute(update(Shot).where(Shot.production_id == production.id, Shot.position >= position)
                    .values(position=Shot.position + 1))
    shot_type_id = reference.builtin_type_ids(session)["Shot"]
    entity_id = _entity_for(session, production, data["type"], data["shot_fields"], count + 1, access.user_id,
                            shot_type_id)
    session.flush()
    row = Shot(id=entity_id, production_id=production.id, workspace_id=production.workspace_id, position=position,
               shot_type=data["type"], fields=data["shot_fields"])
    session.add(row)
    session.flush()
    activity.record(tx, access, "description", "created", row.id, {"production_id": str(production.id)})
    return records.shot_dict(row)


def update_shot(tx: Transaction, caller: Caller, shot_id, context: dict, payload: dict) -> dict:
    session = tx.session
    row, access = records.find(session, caller, "description", shot_id, context, "productions.update",
                               for_update=True)
    data = load(UpdateShotSchema, payload)
    if "type" in data:
        row.shot_type = data["type"]
    if "shot_fields" in data:
        row.fields = data["shot_fields"]
        entity = session.get(Entity, row.id)
        if entity is not None:
            entity.description = data["shot_fields"].get("field1")
    if "position" in data and data["position"] != row.position:
        last = _count(session, row.production_id) - 1
        target = min(data["position"], last)
        if target < row.position:  # moving up: those in between move down
            session.execute(update(Shot).where(Shot.production_id == row.production_id, Shot.position >= target,
                                               Shot.position < row.position).values(position=Shot.position + 1))
        else:
            session.execute(update(Shot).where(Shot.production_id == row.production_id, Shot.position > row.position,
                                               Shot.position <= target).values(position=Shot.position - 1))
        row.position = target
    session.flush()
    activity.record(tx, access, "description", "updated", row.id, {"fields": sorted(data)})
    return records.shot_dict(row)


def remove(session, row: Shot) -> None:
    """Delete a shot; its entity goes too unless /api work (tasks, casting) hangs off it, then it is canceled."""
    session.query(AssetLink).filter(AssetLink.uploadable_type == "description",
                                    AssetLink.uploadable_id == row.id).delete()
    production_id, position = row.production_id, row.position
    session.delete(row)
    session.flush()
    session.execute(update(Shot).where(Shot.production_id == production_id, Shot.position > position)
                    .values(position=Shot.position - 1))
    entity = session.get(Entity, row.id)
    if entity is None:
        return
    used = session.scalar(select(Task.id).where(Task.entity_id == entity.id).limit(1)) or session.scalar(
        select(EntityLink.id).where((EntityLink.entity_in_id == entity.id) | (EntityLink.entity_out_id == entity.id))
        .limit(1))
    if used:
        entity.canceled = True
    else:
        session.delete(entity)


def delete_shot(tx: Transaction, caller: Caller, shot_id, context: dict) -> dict:
    row, access = records.find(tx.session, caller, "description", shot_id, context, "productions.update",
                               for_update=True)
    remove(tx.session, row)
    tx.session.flush()
    activity.record(tx, access, "description", "deleted", row.id, {"production_id": str(row.production_id)})
    return {"id": str(row.id)}


def attach_asset(tx: Transaction, caller: Caller, refs: References, workspace_id, asset_id, shot_id) -> dict:
    row, access = records.find(tx.session, caller, "description", shot_id, {"workspace_id": workspace_id},
                               "assets.update")
    refs.asset(asset_id, row.workspace_id)
    asset = uuid.UUID(str(asset_id))
    link = tx.session.get(AssetLink, (asset, "description", row.id))
    if link is None:  # attaching twice is a no-op, not an error
        tx.session.add(AssetLink(asset_id=asset, uploadable_type="description", uploadable_id=row.id,
                                 workspace_id=row.workspace_id))
        tx.session.flush()
        activity.record(tx, access, "description", "asset_attached", row.id, {"asset_id": str(asset)})
    return {"id": str(row.id), "asset_id": str(asset)}


def detach_asset(tx: Transaction, caller: Caller, workspace_id, asset_id, shot_id) -> dict:
    row, access = records.find(tx.session, caller, "description", shot_id, {"workspace_id": workspace_id},
                               "assets.update")
    try:
        asset = uuid.UUID(str(asset_id))
    except ValueError:
        raise ValidationFailed(details={"asset_id": ["Malformed ID."]}) from None
    link = tx.session.get(AssetLink, (asset, "description", row.id))
    if link is None:
        raise Conflict("This asset is not attached to this shot.", {"asset_id": [str(asset)]})
    tx.session.delete(link)
    tx.session.flush()
    activity.record(tx, access, "description", "asset_detached", row.id, {"asset_id": str(asset)})
    return {"id": str(row.id), "asset_id": str(asset)}


# -- briefs ------------------------------------------------------------------------

def create_brief(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    data = load(BriefSchema, payload)
    production, access = production_for(tx.session, caller, context, {}, "productions.update")
    row = Brief(production_id=production.id, workspace_id=production.workspace_id, created_by=access.user_id,
                **{**data, "meta": data.get("meta") or {}})
    tx.session.add(row)
    tx.session.flush()
    activity.record(tx, access, "brief", "created", row.id, {"production_id": str(production.id)})
    return records.brief_dict(row)


def update_brief(tx: Transaction, caller: Caller, brief_id, context: dict, payload: dict) -> dict:
    row, access = records.find(tx.session, caller, "brief", brief_id, context, "productions.update",
                               for_update=True)
    data = load(BriefSchema, payload)
    if "meta" in data:
        # meta is merged one level deep, so sending one tone keeps the others.
        meta = dict(row.meta or {})
        for key, value in data.pop("meta").items():
            meta[key] = {**(meta.get(key) or {}), **value} if isinstance(value, dict) else value
        row.meta = meta
    for name, value in data.items():
        setattr(row, name, value)
    tx.session.flush()
    activity.record(tx, access, "brief", "updated", row.id)
    return records.brief_dict(row)


def delete_brief(tx: Transaction, caller: Caller, brief_id, context: dict) -> dict:
    row, access = records.find(tx.session, caller, "brief", brief_id, context, "productions.update",
                               for_update=True)
    tx.session.delete(row)
    tx.session.flush()
    activity.record(tx, access, "brief", "deleted", row.id, {"production_id": str(row.production_id)})
    return {"id": str(row.id)}
