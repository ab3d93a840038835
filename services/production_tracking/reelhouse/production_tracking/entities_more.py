"""Listings and casting views gazu's asset, shot and casting modules ask for
beyond plain CRUD: the assets and asset types a shot casts, an episode's
shots, casting grouped by shot, episode or asset (Zou's breakdown routes),
casting one asset in several entities at once (gazu's ``cast_asset``), and
the tasks whose previews a shot shows.

Every reading goes through ``crud.base_query`` and so through the caller's
visibility (team projects for artists, assigned tasks for vendors).
"""

import json

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.validation import StrictInteger, load

from . import crud, feed, permissions, production
from .models import Entity, EntityLink, Task
from .tenancy import Tenant

# How many entities one cast_asset call may name (a whole sequence's shots fit).
MAX_CAST_TARGETS = 1000


def _entity(session: Session, tenant: Tenant, kind: str, entity_id, project_id=None) -> Entity:
    """A visible record of ``kind`` (``shots``, ``episodes``, ...); in ``project_id`` when given."""
    row = crud.load_row(session, tenant, crud.spec_for(kind), entity_id)
    if project_id is not None and row.project_id != production._project(session, tenant, project_id).id:
        raise NotFound(f"{crud.spec_for(kind).zou_type} not found in this project.")
    return row


# -- what a shot casts -----------------------------------------------------------------------------

def _cast_asset_ids(shot: Entity):
    return select(EntityLink.entity_out_id).where(EntityLink.entity_in_id == shot.id)


def shot_assets(session: Session, tenant: Tenant, shot_id) -> list[dict]:
    """Zou's ``/data/shots/<s>/assets``: the assets the shot casts, as asset records."""
    shot = _entity(session, tenant, "shots", shot_id)
    spec = crud.spec_for("assets")
    rows = crud.ordered_rows(session, spec, crud.base_query(session, tenant, spec).where(
        Entity.id.in_(_cast_asset_ids(shot))))
    return crud.serialize(session, spec, rows, relations=False)


def shot_asset_types(session: Session, tenant: Tenant, shot_id) -> list[dict]:
    """Zou's ``/data/shots/<s>/asset-types``: the types of the assets the shot casts."""
    shot = _entity(session, tenant, "shots", shot_id)
    assets = crud.base_query(session, tenant, crud.spec_for("assets")).where(
        Entity.id.in_(_cast_asset_ids(shot))).with_only_columns(Entity.entity_type_id)
    spec = crud.spec_for("asset-types")
    rows = crud.ordered_rows(session, spec, crud.base_query(session, tenant, spec).where(
        spec.model.id.in_(assets)))
    return crud.serialize(session, spec, rows, relations=False)


# -- an episode's shots ----------------------------------------------------------------------------

def episode_shots(session: Session, tenant: Tenant, episode_id, args: dict | None = None,
                  page: int | None = None, limit: int | None = None) -> dict:
    """Zou's ``/data/episodes/<e>/shots``: the shots of the episode's sequences (filters and page as
    any listing)."""
    episode = _entity(session, tenant, "episodes", episode_id)
    sequences = session.scalars(select(Entity.id).where(
        Entity.parent_id == episode.id, Entity.workspace_id == tenant.workspace_id)).all()
    fixed = {"parent_id": json.dumps([str(i) for i in sequences])}  # an IN filter the client cannot widen
    return crud.list_records(session, tenant, "shots", args, page, limit, fixed)


# -- casting grouped by entity (Zou's breakdown listings) ------------------------------------------

CASTING_SCOPES = ("sequence", "episode-shots", "project-shots", "episodes", "asset-type")


def _grouped_casting(session: Session, entities) -> dict:
    """{entity id: [casting items]} for the entities that cast something (Zou leaves the others out)."""
    links = session.scalars(select(EntityLink).where(EntityLink.entity_in_id.in_(entities))
                            .order_by(EntityLink.entity_in_id).limit(crud.BARE_LIST_MAX)).all()
    by_entity: dict = {}
    for link in links:
        by_entity.setdefault(link.entity_in_id, []).append(link)
    return {str(entity_id): production._casting_items(session, entity_links)
            for entity_id, entity_links in by_entity.items()}


def casting(session: Session, tenant: Tenant, project_id, scope: str, scope_id=None) -> dict:
    """The casting of a group of entities of the project, keyed by entity id.

    ``sequence``: the shots of sequence ``scope_id``; ``episode-shots``: the shots of episode
    ``scope_id``'s sequences; ``project-shots``: every shot; ``episodes``: every episode;
    ``asset-type``: the assets of asset type ``scope_id``.
    """
    project = production._project(session, tenant, project_id)
    shots = crud.spec_for("shots").scope(tenant)  # the clause "is a shot"
    visible = [Entity.workspace_id == tenant.workspace_id, Entity.project_id == project.id,
               *permissions.visibility(tenant, Entity)]
    if scope == "sequence":
        sequence = _entity(session, tenant, "sequences", scope_id, project.id)
        entities = select(Entity.id).where(*visible, *shots, Entity.parent_id == sequence.id)
    elif scope == "episode-shots":
        episode = _entity(session, tenant, "episodes", scope_id, project.id)
        sequences = select(Entity.id).where(*visible, Entity.parent_id == episode.id)
        entities = select(Entity.id).where(*visible, *shots, Entity.parent_id.in_(sequences))
    elif scope == "project-shots":
        entities = select(Entity.id).where(*visible, *shots)
    elif scope == "episodes":
        entities = select(Entity.id).where(*visible, *crud.spec_for("episodes").scope(tenant))
    elif scope == "asset-type":
        asset_type = crud.load_row(session, tenant, crud.spec_for("asset-types"), scope_id)
        entities = select(Entity.id).where(*visible, Entity.entity_type_id == asset_type.id)
    else:
        raise NotFound(f"Unknown casting scope '{scope}'.")
    return _grouped_casting(session, entities)


# -- cast one asset in several entities ------------------------------------------------------------

class CastAssetSchema(Schema):
    entity_ids = fields.List(fields.UUID(), required=True,
                             validate=validate.Length(min=1, max=MAX_CAST_TARGETS),
                             metadata={"description": "The shots, assets or episodes to cast the asset in."})
    nb_occurences = StrictInteger(validate=validate.Range(min=0), allow_none=True, metadata={
        "description": "Occurrences in each entity; omitted keeps the current count (1 on a new link); "
                       "0 removes the asset."})
    label = fields.String(validate=validate.Length(max=80), allow_none=True)


def cast_asset(tx: Transaction, tenant: Tenant, project_id, asset_id, payload) -> dict:
    """Cast ``asset_id`` in each of ``entity_ids`` without touching what else they cast.

    The asset row is locked, so two such calls on one asset run one after the other; the other
    assets of each entity's casting are left as they are (unlike ``update_casting``, which
    replaces the whole list). Answers ``{entity id: casting}``.
    """
    session = tx.session
    values = load(CastAssetSchema, payload)
    project = production._project(session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_PRODUCTION, project.id)
    asset = crud.load_row(session, tenant, crud.spec_for("assets"), asset_id, for_update=True)
    if asset.project_id != project.id and not asset.is_shared:
        raise NotFound("Asset not found in this project.")
    wanted = list(dict.fromkeys(values["entity_ids"]))
    spec = crud.spec_for("entities")
    targets = {row.id: row for row in session.scalars(crud.base_query(session, tenant, spec).where(
        Entity.id.in_(wanted), Entity.project_id == project.id))}
    unknown = [str(i) for i in wanted if i not in targets]
    if unknown:
        raise ValidationFailed(details={"entity_ids": [f"Unknown entities for this project: {', '.join(unknown)}."]})
    if asset.id in targets:
        raise ValidationFailed(details={"entity_ids": ["An asset cannot be cast in itself."]})
    kinds = dict(zip(targets, [item["type"].lower() for item in crud.serialize(
        session, spec, list(targets.values()), relations=False)], strict=True))
    count, label = values.get("nb_occurences"), values.get("label")
    existing = {link.entity_in_id: link for link in session.scalars(select(EntityLink).where(
        EntityLink.entity_out_id == asset.id, EntityLink.entity_in_id.in_(wanted)))}
    for entity_id in wanted:
        entity, link = targets[entity_id], existing.get(entity_id)
        if count == 0:
            if link is None:
                continue
            session.delete(link)
            entity.nb_entities_out = max(0, entity.nb_entities_out - 1)
        elif link is None:
            session.add(EntityLink(workspace_id=tenant.workspace_id, project_id=project.id, entity_in_id=entity_id,
                                   entity_out_id=asset.id, nb_occurences=count or 1, label=label))
            entity.nb_entities_out += 1
        else:
            changed = (count is not None and link.nb_occurences != count) or ("label" in values
                                                                               and link.label != label)
            if not changed:
                continue
            link.nb_occurences = count if count is not None else link.nb_occurences
            link.label = label if "label" in values else link.label
        kind = kinds[entity_id]
        feed.record(tx, tenant, "casting_updated", f"{kind}:casting-update", {
            f"{kind}_id": str(entity_id), "entity_id": str(entity_id), "project_id": str(project.id),
            "asset_id": str(asset.id), "nb_entities_out": entity.nb_entities_out}, project_id=project.id)
    session.flush()
    return {str(i): [] for i in wanted} | _grouped_casting(session, wanted)


# -- a shot's previews -----------------------------------------------------------------------------

def entity_preview_tasks(session: Session, tenant: Tenant, kind: str, entity_id) -> dict:
    """{task id: task type id} of the entity's tasks the caller sees: the asset service's preview
    files of those tasks are the entity's previews, grouped by task type (Zou's shape)."""
    entity = _entity(session, tenant, kind, entity_id)
    rows = session.execute(crud.base_query(session, tenant, crud.spec_for("tasks")).where(
        Task.entity_id == entity.id).with_only_columns(Task.id, Task.task_type_id)).all()
    return {str(task_id): str(task_type_id) for task_id, task_type_id in rows}
