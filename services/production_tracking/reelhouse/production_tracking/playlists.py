"""Playlists: a reviewable list of a project's entities (``shots``), each with
the preview to review. Listings per project and episode, and adding entities.

Preview files are not served by this service yet: a ``preview_file_id`` is
kept as given (a well-formed id), not checked against a preview.
"""

import uuid

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import load

from . import crud, permissions
from .models import Entity, TaskType
from .models_more import Playlist
from .tenancy import Tenant

FOR_ENTITIES = ("shot", "asset", "sequence", "edit", "episode")
PAGE_SIZE = 20  # Zou's page of per-project playlists
# The per-project listing leaves the entity lists out (Zou's build_playlist_dict).
LISTED_WITHOUT = ("shots",)


def _id(value, label: str) -> str:
    try:
        return parse_uuid(value)
    except Exception:
        raise ValidationFailed(details={label: ["Malformed ID."]}) from None


def _entries(session: Session, tenant: Tenant, project_id, shots) -> list[dict]:
    """Check a ``shots`` list: each entry names an entity of the project, once."""
    if not isinstance(shots, list):
        raise ValidationFailed(details={"shots": ["Must be a list of {entity_id, preview_file_id}."]})
    entries, seen = [], set()
    for index, entry in enumerate(shots):
        if not isinstance(entry, dict) or not entry.get("entity_id"):
            raise ValidationFailed(details={f"shots.{index}": ["Expected {entity_id, preview_file_id}."]})
        entity_id = _id(entry["entity_id"], f"shots.{index}.entity_id")
        if entity_id in seen:
            continue
        seen.add(entity_id)
        clean = {"entity_id": entity_id}
        if entry.get("preview_file_id"):
            clean["preview_file_id"] = _id(entry["preview_file_id"], f"shots.{index}.preview_file_id")
        entries.append(clean)
    if entries:
        found = set(map(str, session.scalars(select(Entity.id).where(
            Entity.id.in_([uuid.UUID(e["entity_id"]) for e in entries]), Entity.project_id == project_id,
            Entity.workspace_id == tenant.workspace_id, *permissions.visibility(tenant, Entity)))))
        unknown = [e["entity_id"] for e in entries if e["entity_id"] not in found]
        if unknown:
            raise ValidationFailed(details={"shots": [f"Not entities of this project: {', '.join(unknown)}."]})
    return entries


def prepare_playlist(session: Session, tenant: Tenant, values: dict, row) -> None:
    project_id = row.project_id if row is not None else values.get("project_id")
    if row is not None and "project_id" in values and values["project_id"] != row.project_id:
        raise ValidationFailed(details={"project_id": ["A playlist cannot move to another project."]})
    if values.get("for_entity") is not None and values["for_entity"] not in FOR_ENTITIES:
        raise ValidationFailed(details={"for_entity": [f"Must be one of: {', '.join(FOR_ENTITIES)}."]})
    if values.get("episode_id") is not None:
        episode = session.scalar(crud.base_query(session, tenant, crud.spec_for("episodes")).where(
            Entity.id == values["episode_id"]))
        if episode is None or episode.project_id != project_id:
            raise ValidationFailed(details={"episode_id": ["No such episode in this project."]})
    if values.get("task_type_id") is not None and session.scalar(select(TaskType.id).where(
            TaskType.id == values["task_type_id"], TaskType.workspace_id == tenant.workspace_id)) is None:
        raise ValidationFailed(details={"task_type_id": ["No such task type."]})
    if "shots" in values:
        values["shots"] = _entries(session, tenant, project_id, values["shots"] or [])
    if row is None:
        values.setdefault("created_by", tenant.user_id)


def project_playlists(session: Session, tenant: Tenant, project_id, episode_id=None, page=None) -> list[dict]:
    """Zou's per-project (and per-episode) playlists: most recently updated first, 20 a page, a bare list.

    ``episode_id`` may be ``"main"`` (playlists of no episode) or ``"all"`` (for every episode)."""
    project = crud.load_row(session, tenant, crud.spec_for("projects"), project_id)
    spec = crud.spec_for("playlists")
    query = crud.base_query(session, tenant, spec).where(Playlist.project_id == project.id)
    # Clients (in this project) see only the playlists shared with them: permissions.visibility.
    if episode_id == "main":
        query = query.where(Playlist.episode_id.is_(None), Playlist.is_for_all.is_(False))
    elif episode_id == "all":
        query = query.where(Playlist.is_for_all.is_(True))
    elif episode_id is not None:
        query = query.where(Playlist.episode_id == uuid.UUID(_id(episode_id, "episode_id")))
    query = query.order_by(Playlist.updated_at.desc(), Playlist.id)
    if page is not None:
        try:
            number = max(int(page), 1)
        except (TypeError, ValueError):
            raise ValidationFailed(details={"page": ["Must be a whole number."]}) from None
        query = query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    else:
        query = query.limit(crud.BARE_LIST_MAX)
    items = crud.serialize(session, spec, session.scalars(query).all())
    return [{k: v for k, v in item.items() if k not in LISTED_WITHOUT} for item in items]


def project_playlist(session: Session, tenant: Tenant, project_id, playlist_id) -> dict:
    item = crud.get_record(session, tenant, "playlists", playlist_id)
    if item["project_id"] != _id(project_id, "project_id"):
        raise NotFound(crud.NOT_FOUND)
    return item


class EntryBody(Schema):
    class Meta:
        unknown = EXCLUDE  # gazu may echo the entity or preview dicts' other keys

    entity_id = fields.String(required=True)
    preview_file_id = fields.String(load_default=None, allow_none=True)


def add_entities(tx: Transaction, tenant: Tenant, playlist_id, entries) -> dict:
    """``POST /actions/playlists/<id>/add-entity`` (one entry) and ``add-entities`` (a list).

    An entity already in the playlist keeps its place; a given preview replaces its preview."""
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        raise ValidationFailed(details={"entities": ["Expected {entity_id, preview_file_id} or a list of them."]})
    wanted = [load(EntryBody, entry) for entry in entries]
    session = tx.session
    row = crud.load_row(session, tenant, crud.spec_for("playlists"), playlist_id, for_update=True)
    shots = [dict(entry) for entry in row.shots or []]
    index = {entry["entity_id"]: entry for entry in shots}
    for entry in wanted:
        key = _id(entry["entity_id"], "entity_id")
        if key in index:
            if entry["preview_file_id"]:
                index[key]["preview_file_id"] = entry["preview_file_id"]
            continue
        new = {"entity_id": key}
        if entry["preview_file_id"]:
            new["preview_file_id"] = entry["preview_file_id"]
        index[key] = new
        shots.append(new)
    return crud.update_record(tx, tenant, "playlists", row.id, {"shots": shots})
