"""Asset instances, as Zou serves them: numbered uses of an asset inside
another asset (``/data/assets/<a>/asset-asset-instances``) or a layout scene
(``/data/scenes/<s>/asset-instances``), and the shots that use them
(``/data/shots/<s>/asset-instances``). The records themselves are also
served by the generic engine (``/data/asset-instances``).

Zou answers these listings as objects grouped by asset (or by shot or
scene for an asset's instances), not as arrays; so do we. Each listing is
bounded like a bare list (``crud.BARE_LIST_MAX`` instances).
"""

import re

from marshmallow import Schema, fields, validate
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import crud, feed, permissions, reference, registry
from .crud import Relation, Spec, register
from .models import Entity, EntityType
from .models_instances import AssetInstance, AssetInstanceLink
from .tenancy import Tenant

# -- the records ----------------------------------------------------------------------------------


def _kind_of(session: Session, entity_id) -> str | None:
    """"Asset", "Scene", "Shot"... of an entity id (None when there is no such entity)."""
    type_id = session.scalar(select(Entity.entity_type_id).where(Entity.id == entity_id))
    if type_id is None:
        return None
    builtins = {value: key for key, value in reference.builtin_type_ids(session).items()}
    return builtins.get(type_id, "Asset")


def instance_name(asset_name: str, number: int) -> str:
    """Zou's default name: the asset's name as an identifier, then the number on four digits."""
    slug = re.sub(r"[^0-9A-Za-z]+", "_", asset_name).strip("_") or "asset"
    return f"{slug}_{number:04d}"[:80]


def next_number(session: Session, asset_id, target_asset_id=None, scene_id=None) -> int:
    """One more than the highest number of this asset's instances in the same container."""
    query = select(func.max(AssetInstance.number)).where(AssetInstance.asset_id == asset_id)
    for column, value in ((AssetInstance.target_asset_id, target_asset_id), (AssetInstance.scene_id, scene_id)):
        query = query.where(column.is_(None) if value is None else column == value)
    return (session.scalar(query) or 0) + 1


def _prepare(session: Session, tenant: Tenant, values: dict, row) -> None:
    """Generic writes: the asset, target asset and scene must be of those kinds; the project, the
    number and the name follow the asset when not given."""
    expected = {"asset_id": "Asset", "target_asset_id": "Asset", "scene_id": "Scene"}
    errors = {key: [f"Must be a {kind.lower()}."] for key, kind in expected.items()
              if values.get(key) is not None and _kind_of(session, values[key]) not in (kind, None)}
    if errors:
        raise ValidationFailed(details=errors)
    if row is not None:
        values.pop("asset_id", None)  # an instance stays an instance of its asset
        return
    asset = session.scalar(select(Entity).where(Entity.id == values.get("asset_id"),
                                                Entity.workspace_id == tenant.workspace_id))
    if asset is None:
        return  # the engine reports the missing or unknown asset
    values.setdefault("project_id", asset.project_id)
    if values.get("number") is None:
        values["number"] = next_number(session, asset.id, values.get("target_asset_id"), values.get("scene_id"))
    if not values.get("name"):
        values["name"] = instance_name(asset.name, values["number"])


SPEC = register(Spec(
    name="asset-instances", model=AssetInstance, zou_type="AssetInstance", event="asset_instance",
    action=permissions.MANAGE_PRODUCTION, required=("project_id", "asset_id", "number"),
    unique=(("asset_id", "target_asset_id", "scene_id", "number"),),
    owned=((AssetInstanceLink, "asset_instance_id"),), prepare=_prepare,
    order=("asset_id", "number", "id"),
))

# What the core models now have depending on them: an entity's instances go with it (when forced),
# a shot lists the instances it uses (Zou's ``instance_casting``).
for _name in registry.ENTITY_KINDS:
    _spec = crud.REGISTRY[_name]
    _spec.dependants += (("asset-instances", "asset_id"), ("asset-instances", "target_asset_id"),
                         ("asset-instances", "scene_id"))
    _spec.owned += ((AssetInstanceLink, "entity_id"),)
crud.REGISTRY["projects"].dependants += (("asset-instances", "project_id"),)
crud.REGISTRY["shots"].relations["instance_casting"] = Relation(
    AssetInstanceLink, "entity_id", "asset_instance_id", AssetInstance, writable=False)
crud.REGISTRY["shots"].ignored = tuple(k for k in crud.REGISTRY["shots"].ignored if k != "instance_casting")

# -- creating them in an asset or a scene ---------------------------------------------------------


class AssetAssetInstanceSchema(Schema):
    asset_to_instantiate_id = fields.UUID(required=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=200))


class SceneAssetInstanceSchema(Schema):
    asset_id = fields.UUID(required=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=200))


class ShotAssetInstanceSchema(Schema):
    asset_instance_id = fields.UUID(required=True)


def _new_instance(tx: Transaction, tenant: Tenant, container_key: str, container: Entity, asset_id,
                  description) -> dict:
    # The container is locked (load_row for_update), so two creations never pick the same number.
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, container.project_id)
    asset = crud.load_row(tx.session, tenant, crud.spec_for("assets"), asset_id)
    number = next_number(tx.session, asset.id, **{container_key: container.id})
    return crud.create_record(tx, tenant, "asset-instances", {
        "asset_id": str(asset.id), container_key: str(container.id), "number": number,
        "name": instance_name(asset.name, number), "description": description,
    }, fixed={"project_id": container.project_id})


def new_asset_asset_instance(tx: Transaction, tenant: Tenant, asset_id, payload) -> dict:
    """``POST /data/assets/<a>/asset-asset-instances``: an instance of another asset inside ``a``."""
    body = load(AssetAssetInstanceSchema, payload)
    target = crud.load_row(tx.session, tenant, crud.spec_for("assets"), asset_id, for_update=True)
    return _new_instance(tx, tenant, "target_asset_id", target, body["asset_to_instantiate_id"],
                         body.get("description"))


def new_scene_asset_instance(tx: Transaction, tenant: Tenant, scene_id, payload) -> dict:
    """``POST /data/scenes/<s>/asset-instances``: an instance of an asset in a layout scene."""
    body = load(SceneAssetInstanceSchema, payload)
    scene = crud.load_row(tx.session, tenant, crud.spec_for("scenes"), scene_id, for_update=True)
    return _new_instance(tx, tenant, "scene_id", scene, body["asset_id"], body.get("description"))


# -- a shot's instance casting --------------------------------------------------------------------


def _shot_and_instance(tx: Transaction, tenant: Tenant, shot_id, asset_instance_id):
    shot = crud.load_row(tx.session, tenant, crud.spec_for("shots"), shot_id, for_update=True)
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, shot.project_id)
    instance = crud.load_row(tx.session, tenant, SPEC, asset_instance_id)
    return shot, instance


def _shot_event(tx: Transaction, tenant: Tenant, shot: Entity, instance: AssetInstance, event: str,
                zou_action: str) -> dict:
    feed.record(tx, tenant, event, f"asset-instance:{zou_action}", {
        "shot_id": str(shot.id), "asset_instance_id": str(instance.id), "asset_id": str(instance.asset_id),
        "project_id": str(shot.project_id)}, project_id=shot.project_id)
    return crud.serialize(tx.session, crud.spec_for("shots"), [shot])[0]


def add_to_shot(tx: Transaction, tenant: Tenant, shot_id, payload) -> dict:
    """``POST /data/shots/<s>/asset-instances``: the shot uses the instance; answers the shot."""
    body = load(ShotAssetInstanceSchema, payload)
    shot, instance = _shot_and_instance(tx, tenant, shot_id, body["asset_instance_id"])
    if instance.project_id != shot.project_id:
        raise ValidationFailed(details={"asset_instance_id": ["Belongs to another project."]})
    if tx.session.get(AssetInstanceLink, (shot.id, instance.id)) is not None:
        return crud.serialize(tx.session, crud.spec_for("shots"), [shot])[0]  # already used: nothing changes
    tx.session.add(AssetInstanceLink(entity_id=shot.id, asset_instance_id=instance.id))
    tx.session.flush()
    return _shot_event(tx, tenant, shot, instance, "asset_instance_added_to_shot", "add-to-shot")


def remove_from_shot(tx: Transaction, tenant: Tenant, shot_id, asset_instance_id) -> dict:
    """``DELETE /data/shots/<s>/asset-instances/<i>``."""
    shot, instance = _shot_and_instance(tx, tenant, shot_id, asset_instance_id)
    removed = tx.session.execute(delete(AssetInstanceLink).where(
        AssetInstanceLink.entity_id == shot.id, AssetInstanceLink.asset_instance_id == instance.id)).rowcount
    if not removed:
        raise NotFound("This shot does not use this asset instance.")
    tx.session.flush()
    return _shot_event(tx, tenant, shot, instance, "asset_instance_removed_from_shot", "remove-from-shot")


# -- listings, grouped as Zou groups them ---------------------------------------------------------

# (the owner's kind, how instances are found, what groups them)
LISTINGS = {
    "asset-asset-instances": ("assets", "target_asset_id", "asset_id"),
    "scene-asset-instances": ("assets", "asset_id", "scene_id"),
    "shot-asset-instances": ("assets", "asset_id", "shot_id"),
    "scene-instances": ("scenes", "scene_id", "asset_id"),
    "scene-camera-instances": ("scenes", "scene_id", "asset_id"),  # of assets of the "Camera" type (Zou)
    "shot-instances": ("shots", "shot_id", "asset_id"),
}
CAMERA_TYPE = "camera"


def grouped_instances(session: Session, tenant: Tenant, listing: str, owner_id) -> dict:
    """``{group id: [instance, ...]}`` for one of ``LISTINGS``, at most ``crud.BARE_LIST_MAX`` instances."""
    if listing not in LISTINGS:
        raise NotFound(f"Unknown asset instance listing '{listing}'.")
    kind, column, group = LISTINGS[listing]
    owner = crud.load_row(session, tenant, crud.spec_for(kind), owner_id)
    query = crud.base_query(session, tenant, SPEC)
    group_column = getattr(AssetInstance, group) if group != "shot_id" else AssetInstanceLink.entity_id
    if column == "shot_id" or group == "shot_id":
        query = query.join(AssetInstanceLink, AssetInstanceLink.asset_instance_id == AssetInstance.id)
    query = query.where((AssetInstanceLink.entity_id if column == "shot_id" else getattr(AssetInstance, column))
                        == owner.id, group_column.is_not(None))
    if listing == "scene-camera-instances":
        cameras = select(Entity.id).join(EntityType, EntityType.id == Entity.entity_type_id).where(
            Entity.workspace_id == tenant.workspace_id, func.lower(EntityType.name) == CAMERA_TYPE)
        query = query.where(AssetInstance.asset_id.in_(cameras))
    pairs = session.execute(query.add_columns(group_column).order_by(
        AssetInstance.asset_id, AssetInstance.number, AssetInstance.id).limit(crud.BARE_LIST_MAX)).all()
    items = crud.serialize(session, SPEC, [row for row, _ in pairs])
    result: dict = {}
    for (_row, key), item in zip(pairs, items, strict=True):
        result.setdefault(str(key), []).append(item)
    return result
