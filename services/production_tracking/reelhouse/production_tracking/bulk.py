"""Batch writes and reads for the import service: a whole CSV's rows in one
RPC and one transaction, and the data of a CSV export in one RPC.

The importer parses the file and sends typed rows (``ROW_SCHEMAS``); this
module resolves names to records (creating missing asset types, episodes and
sequences), writes every row or none, and answers the records. A row that
cannot be written is reported as ``{"row", "column", "message"}`` and nothing
is written (all-or-nothing per request).
"""

import uuid

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import AppError, BadRequest
from reelhouse.shared.row_errors import invalid_rows
from reelhouse.shared.validation import StrictInteger, load

from . import crud, feed, permissions, reference
from .models import (
    BUILTIN_ENTITY_TYPES,
    Entity,
    EntityLink,
    EntityType,
    Task,
    TaskAssignee,
    TaskStatus,
    TaskType,
)
from .tenancy import Tenant

MAX_ROWS = 5000  # one request's rows; the importer enforces the same bound on the file
MAX_EXPORT_ROWS = 20000


class _Row(Schema):
    class Meta:
        unknown = EXCLUDE

    row = StrictInteger(required=True)  # the CSV line, for error reports


class AssetRow(_Row):
    asset_type = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(load_default=None, allow_none=True)
    episode = fields.String(load_default=None, allow_none=True)


class ShotRow(_Row):
    episode = fields.String(load_default=None, allow_none=True)
    sequence = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(load_default=None, allow_none=True)
    nb_frames = StrictInteger(load_default=None, allow_none=True)
    frame_in = StrictInteger(load_default=None, allow_none=True)
    frame_out = StrictInteger(load_default=None, allow_none=True)


class EditRow(_Row):
    episode = fields.String(load_default=None, allow_none=True)
    name = fields.String(required=True)
    description = fields.String(load_default=None, allow_none=True)
    nb_frames = StrictInteger(load_default=None, allow_none=True)


class CastingRow(_Row):
    episode = fields.String(load_default=None, allow_none=True)
    parent = fields.String(required=True)  # the shot's sequence, or the casting asset's type
    name = fields.String(required=True)  # the shot (or asset) that casts
    asset_type = fields.String(required=True)
    asset = fields.String(required=True)
    occurences = StrictInteger(load_default=1)
    label = fields.String(load_default=None, allow_none=True)


ROW_SCHEMAS = {"assets": AssetRow, "shots": ShotRow, "edits": EditRow, "casting": CastingRow}


class RowErrors:
    """Per-row problems, raised together as one 400 once every row was looked at."""

    def __init__(self):
        self.items = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "message": message})

    def add_app_error(self, row: int, error: AppError) -> None:
        """An engine error about one record: one entry per field at fault, else the message."""
        details = error.details if isinstance(error.details, dict) else {}
        at_fault = {k: v for k, v in details.items() if k != "reason"} or {"_record": [error.message]}
        for column, problems in at_fault.items():
            self.add(row, column, "; ".join(map(str, problems)) if isinstance(problems, list) else str(problems))

    def raise_if_any(self) -> None:
        if self.items:
            raise invalid_rows(self.items)


def _key(name) -> str:
    return (name or "").strip().lower()


def _report_repeats(errors: RowErrors, rows: list, fields_: tuple, what: str) -> None:
    """A file naming the same record twice: the later rows are errors (which one should win is unclear)."""
    seen = {}
    for row in rows:
        key = tuple(_key(row[name]) for name in fields_)
        if key in seen:
            errors.add(row["row"], "Name", f"Same {what} as row {seen[key]}.")
        seen.setdefault(key, row["row"])


def _load_rows(kind: str, rows) -> list[dict]:
    if kind not in ROW_SCHEMAS:
        raise BadRequest(f"Unknown import kind '{kind}'.", {"reason": "unknown_kind"})
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise BadRequest(f"Send a list of at most {MAX_ROWS} rows.", {"reason": "too_many_rows"})
    schema = ROW_SCHEMAS[kind]()  # one instance: building a schema per row cost more than loading it
    return [load(schema, row) for row in rows]


class _Entities:
    """The project's entities of one kind by (parent, name), creating the missing ones on demand."""

    def __init__(self, tx: Transaction, tenant: Tenant, project_id, kind: str, type_id, parent_column="parent_id"):
        self.tx, self.tenant, self.project_id, self.kind = tx, tenant, project_id, kind
        self.type_id, self.parent_column = type_id, parent_column
        rows = tx.session.scalars(select(Entity).where(
            Entity.workspace_id == tenant.workspace_id, Entity.project_id == project_id,
            Entity.entity_type_id == type_id)).all()
        self.by_key = {(getattr(row, parent_column), _key(row.name)): row for row in rows}
        self.created = []

    def get(self, parent_id, name):
        return self.by_key.get((parent_id, _key(name)))

    def get_or_create(self, parent_id, name: str, **values):
        row = self.get(parent_id, name)
        if row is None:
            row = Entity(id=uuid.uuid4(), workspace_id=self.tenant.workspace_id, project_id=self.project_id,
                         entity_type_id=self.type_id, name=name.strip(), created_by=self.tenant.user_id,
                         **{self.parent_column: parent_id}, **values)
            self.tx.session.add(row)
            self.by_key[(parent_id, _key(name))] = row
            self.created.append(row)
        return row


def _emit(tx: Transaction, tenant: Tenant, spec_name: str, rows: list, action: str) -> None:
    """The domain event and feed row of each written record, as the engine makes them."""
    tx.session.flush()
    spec = crud.spec_for(spec_name)
    items = crud.serialize(tx.session, spec, rows, relations=False)
    # Each outbox insert would otherwise flush the previous record's feed row first: one flush per
    # record (measured: 18 of 24 s for 3,000 shots). The feed rows go in one flush at the end.
    with tx.session.no_autoflush:
        for item in items:
            crud.emit(tx, tenant, spec, item, action)
    tx.session.flush()


def _changed(row, values: dict) -> bool:
    changed = False
    for key, value in values.items():
        if value is not None and getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def import_rows(tx: Transaction, tenant: Tenant, kind: str, project_id, rows, update_existing: bool = False) -> dict:
    """Write a parsed CSV's rows: ``{"records": [...], "created", "updated", "unchanged"}``.

    A row naming an existing record leaves it as it is, unless ``update_existing`` (Zou's flag)."""
    permissions.require(tenant, permissions.MANAGE_PRODUCTION)
    rows = _load_rows(kind, rows)
    project = crud.load_row(tx.session, tenant, crud.spec_for("projects"), project_id)
    builtins = reference.builtin_type_ids(tx.session)
    episodes = _Entities(tx, tenant, project.id, "episodes", builtins["Episode"])
    importer = {"assets": _import_assets, "shots": _import_shots, "edits": _import_edits,
                "casting": _import_casting}[kind]
    return importer(tx, tenant, project, builtins, episodes, rows, bool(update_existing))


def _asset_types(tx: Transaction, tenant: Tenant) -> dict:
    return {_key(t.name): t for t in tx.session.scalars(select(EntityType).where(
        EntityType.workspace_id == tenant.workspace_id))}


def _import_assets(tx, tenant, project, builtins, episodes, rows, update_existing) -> dict:
    errors = RowErrors()
    types = _asset_types(tx, tenant)
    builtin_names = {n.lower() for n in BUILTIN_ENTITY_TYPES}
    new_types = []
    for row in rows:
        name = row["asset_type"].strip()
        if _key(name) in builtin_names:
            errors.add(row["row"], "Type", f"{name!r} is a built-in entity type, not an asset type.")
        elif _key(name) not in types:
            types[_key(name)] = EntityType(id=uuid.uuid4(), workspace_id=tenant.workspace_id, name=name)
            new_types.append(types[_key(name)])
    _report_repeats(errors, rows, ("episode", "asset_type", "name"), "asset")
    errors.raise_if_any()
    if new_types:
        tx.session.add_all(new_types)
        _emit(tx, tenant, "asset-types", new_types, "created")
    existing = {(row.entity_type_id, _key(row.name), row.source_id): row for row in tx.session.scalars(
        select(Entity).where(Entity.project_id == project.id, Entity.workspace_id == tenant.workspace_id,
                             Entity.entity_type_id.in_([t.id for t in types.values()])))}
    created, updated, records = [], [], []
    for row in rows:
        episode = episodes.get_or_create(None, row["episode"]) if row["episode"] else None
        type_id = types[_key(row["asset_type"])].id
        asset = existing.get((type_id, _key(row["name"]), episode.id if episode else None))
        if asset is None:
            asset = Entity(id=uuid.uuid4(), workspace_id=tenant.workspace_id, project_id=project.id,
                           entity_type_id=type_id, name=row["name"].strip(), description=row["description"],
                           source_id=episode.id if episode else None, created_by=tenant.user_id)
            tx.session.add(asset)
            created.append(asset)
        elif update_existing and _changed(asset, {"description": row["description"]}):
            updated.append(asset)
        records.append(asset)
    return _finish(tx, tenant, "assets", episodes, [], created, updated, records)


def _import_shots(tx, tenant, project, builtins, episodes, rows, update_existing) -> dict:
    errors = RowErrors()
    _report_repeats(errors, rows, ("episode", "sequence", "name"), "shot")
    for row in rows:
        if row["frame_in"] is not None and row["frame_out"] is not None and row["frame_out"] < row["frame_in"]:
            errors.add(row["row"], "Frame Out", "Must not be before Frame In.")
    errors.raise_if_any()
    sequences = _Entities(tx, tenant, project.id, "sequences", builtins["Sequence"])
    shots = _Entities(tx, tenant, project.id, "shots", builtins["Shot"])
    updated, records = [], []
    for row in rows:
        episode = episodes.get_or_create(None, row["episode"]) if row["episode"] else None
        sequence = sequences.get_or_create(episode.id if episode else None, row["sequence"])
        values = {"description": row["description"], "nb_frames": row["nb_frames"]}
        frames = {k: row[k] for k in ("frame_in", "frame_out") if row[k] is not None}
        if row["nb_frames"] is None and len(frames) == 2:
            values["nb_frames"] = frames["frame_out"] - frames["frame_in"] + 1
        shot = shots.get(sequence.id, row["name"])
        if shot is None:
            shot = shots.get_or_create(sequence.id, row["name"], data=frames or None,
                                       **{k: v for k, v in values.items() if v is not None})
        elif update_existing:
            changed = _changed(shot, values)
            if frames and {**(shot.data or {}), **frames} != (shot.data or {}):
                shot.data = {**(shot.data or {}), **frames}
                changed = True
            if changed:
                updated.append(shot)
        records.append(shot)
    return _finish(tx, tenant, "shots", episodes, sequences.created, shots.created, updated, records)


def _import_edits(tx, tenant, project, builtins, episodes, rows, update_existing) -> dict:
    """Edits sit in an episode (or in none): the same edit when episode and name match."""
    errors = RowErrors()
    _report_repeats(errors, rows, ("episode", "name"), "edit")
    errors.raise_if_any()
    edits = _Entities(tx, tenant, project.id, "edits", builtins["Edit"])
    updated, records = [], []
    for row in rows:
        episode = episodes.get_or_create(None, row["episode"]) if row["episode"] else None
        values = {"description": row["description"], "nb_frames": row["nb_frames"]}
        edit = edits.get(episode.id if episode else None, row["name"])
        if edit is None:
            edit = edits.get_or_create(episode.id if episode else None, row["name"],
                                       **{k: v for k, v in values.items() if v is not None})
        elif update_existing and _changed(edit, values):
            updated.append(edit)
        records.append(edit)
    return _finish(tx, tenant, "edits", episodes, [], edits.created, updated, records)


def _finish(tx, tenant, spec_name, episodes, sequences, created, updated, records) -> dict:
    """Announce what was created or updated (parents first) and answer the records as Zou shapes them."""
    for name, rows in (("episodes", episodes.created), ("sequences", sequences), (spec_name, created)):
        if rows:
            _emit(tx, tenant, name, rows, "created")
    if updated:
        _emit(tx, tenant, spec_name, updated, "updated")
    unique = list({row.id: row for row in records}.values())
    created_ids, updated_ids = {r.id for r in created}, {r.id for r in updated}
    return {"records": crud.serialize(tx.session, crud.spec_for(spec_name), unique),
            "created": len(created_ids), "updated": len(updated_ids),
            "unchanged": len([r for r in unique if r.id not in created_ids | updated_ids])}


def _import_casting(tx, tenant, project, builtins, episodes, rows, update_existing) -> dict:
    """Zou's casting CSV: each row casts ``asset`` (of ``asset_type``) in the shot ``parent``/``name``
    (``parent`` is the sequence), or in the asset ``name`` of type ``parent``. Links are added or,
    when ``update_existing``, their occurrences and label replaced; other links stay."""
    session = tx.session
    types = _asset_types(tx, tenant)
    episode_ids = {_key(e.name): e.id for e in episodes.by_key.values()}
    sequences = _Entities(tx, tenant, project.id, "sequences", builtins["Sequence"])
    shots = _Entities(tx, tenant, project.id, "shots", builtins["Shot"])
    assets = {(row.entity_type_id, _key(row.name)): row for row in session.scalars(select(Entity).where(
        Entity.workspace_id == tenant.workspace_id,
        Entity.entity_type_id.in_([t.id for t in types.values()]),
        (Entity.project_id == project.id) | Entity.is_shared.is_(True)))}
    errors, wanted = RowErrors(), {}
    for row in rows:
        asset_type = types.get(_key(row["asset_type"]))
        asset = assets.get((asset_type.id, _key(row["asset"]))) if asset_type else None
        if asset is None:
            errors.add(row["row"], "Asset", f"No asset {row['asset_type']}/{row['asset']} in this project.")
        target = None
        if _key(row["parent"]) in types:  # an asset casting other assets
            target = assets.get((types[_key(row["parent"])].id, _key(row["name"])))
        else:
            episode_id = episode_ids.get(_key(row["episode"])) if row["episode"] else None
            if row["episode"] and episode_id is None:
                errors.add(row["row"], "Episode", f"No episode {row['episode']!r} in this project.")
                continue
            sequence = sequences.get(episode_id, row["parent"])
            target = shots.get(sequence.id, row["name"]) if sequence else None
        if target is None:
            errors.add(row["row"], "Name", f"No shot or asset {row['parent']}/{row['name']} in this project.")
        if row["occurences"] < 1:
            errors.add(row["row"], "Occurences", "Must be 1 or more.")
        if target is not None and asset is not None:
            wanted[(target.id, asset.id)] = (target, asset, row)
    errors.raise_if_any()
    links = {(link.entity_in_id, link.entity_out_id): link for link in session.scalars(select(EntityLink).where(
        EntityLink.entity_in_id.in_({key[0] for key in wanted})))} if wanted else {}
    created, updated, records, touched = [], [], [], {}
    for key, (target, asset, row) in wanted.items():
        link = links.get(key)
        if link is None:
            link = EntityLink(id=uuid.uuid4(), workspace_id=tenant.workspace_id, project_id=project.id,
                              entity_in_id=target.id, entity_out_id=asset.id, nb_occurences=row["occurences"],
                              label=row["label"])
            session.add(link)
            created.append(link)
            touched[target.id] = target
        elif update_existing and _changed(link, {"nb_occurences": row["occurences"], "label": row["label"]}):
            updated.append(link)
            touched[target.id] = target
        records.append(link)
    session.flush()
    counts = dict(session.execute(select(EntityLink.entity_in_id, func.count()).where(
        EntityLink.entity_in_id.in_(list(touched))).group_by(EntityLink.entity_in_id)).all()) if touched else {}
    for target in touched.values():
        target.nb_entities_out = counts.get(target.id, 0)
        kind = "shot" if target.entity_type_id == builtins["Shot"] else "asset"
        feed.record(tx, tenant, "casting_updated", f"{kind}:casting-update", {
            f"{kind}_id": str(target.id), "entity_id": str(target.id), "project_id": str(project.id),
            "nb_entities_out": target.nb_entities_out}, project_id=project.id)
    session.flush()
    return {"records": crud.serialize(session, crud.spec_for("entity-links"), records, relations=False),
            "created": len(created), "updated": len(updated), "unchanged": len(records) - len(created) - len(updated)}


# -- exports -------------------------------------------------------------------------------------

EXPORTS = ("assets", "shots", "edits", "casting")


def _bounded(session: Session, query, what: str) -> list:
    rows = session.scalars(query.limit(MAX_EXPORT_ROWS + 1)).all()
    if len(rows) > MAX_EXPORT_ROWS:
        raise BadRequest(f"More than {MAX_EXPORT_ROWS} {what} to export.", {"reason": "export_too_large",
                                                                           "limit": MAX_EXPORT_ROWS})
    return rows


class ExportFilters(Schema):
    episode_id = fields.UUID(load_default=None, allow_none=True)  # assets of, or shots in, this episode
    assigned_to = fields.UUID(load_default=None, allow_none=True)  # entities with a task assigned to them


def _entity_filters(what: str, filters: dict) -> list:
    clauses = []
    if filters["episode_id"] is not None:
        episode = filters["episode_id"]
        in_episode = {"assets": Entity.source_id == episode, "edits": Entity.parent_id == episode}
        clauses.append(in_episode.get(what, Entity.parent_id.in_(select(Entity.id).where(
            Entity.parent_id == episode))))
    if filters["assigned_to"] is not None:
        clauses.append(Entity.id.in_(select(Task.entity_id).where(Task.id.in_(
            select(TaskAssignee.task_id).where(TaskAssignee.person_id == filters["assigned_to"])))))
    return clauses


def export_project(session: Session, tenant: Tenant, project_id, what: str, filters: dict | None = None) -> dict:
    """The records a project CSV export lists: ``{"project": {...}, "records": [...]}``, entities named
    with their parents; ``casting`` lists links with the casting and cast entities' names.
    ``filters`` (assets and shots): ``episode_id``, ``assigned_to`` as gazu's export helpers send them."""
    if what not in EXPORTS:
        raise BadRequest(f"Unknown export '{what}'.", {"reason": "unknown_export"})
    filters = load(ExportFilters, filters or {})
    project = crud.load_row(session, tenant, crud.spec_for("projects"), project_id)
    answer = {"project": {"id": str(project.id), "name": project.name}}
    if what != "casting":
        spec = crud.spec_for(what)
        query = crud.base_query(session, tenant, spec).where(Entity.project_id == project.id,
                                                             *_entity_filters(what, filters))
        rows = _bounded(session, crud._ordered(spec, query), what)
        records = crud.serialize(session, spec, rows, relations=False)
        _add_episode_names(session, records)
        answer["records"] = records
        return answer
    links = _bounded(session, select(EntityLink).where(
        EntityLink.project_id == project.id, EntityLink.workspace_id == tenant.workspace_id,
        EntityLink.entity_in_id.in_(select(Entity.id).where(*permissions.visibility(tenant, Entity))))
        .order_by(EntityLink.created_at, EntityLink.id), "casting links")
    ids = {link.entity_in_id for link in links} | {link.entity_out_id for link in links}
    entities = session.scalars(select(Entity).where(Entity.id.in_(ids))).all() if ids else []
    shaped = {item["id"]: item for item in crud.serialize(session, crud.spec_for("entities"), entities,
                                                          relations=False)}
    _add_episode_names(session, list(shaped.values()))
    answer["records"] = [{"entity": shaped[str(link.entity_in_id)], "asset": shaped[str(link.entity_out_id)],
                          "nb_occurences": link.nb_occurences, "label": link.label} for link in links]
    return answer


def _add_episode_names(session: Session, records: list[dict]) -> None:
    """``episode_name`` on assets (their source episode), edits (their parent) and shots (their sequence's)."""
    sequence_ids = {r["sequence_id"] for r in records if r.get("sequence_id")}
    sequence_episode = dict(session.execute(select(Entity.id, Entity.parent_id).where(
        Entity.id.in_([uuid.UUID(i) for i in sequence_ids]))).all()) if sequence_ids else {}
    episode_of = {r["id"]: (r.get("episode_id") if r["type"] in ("Asset", "Edit") else
                            sequence_episode.get(uuid.UUID(r["sequence_id"])) if r.get("sequence_id") else None)
                  for r in records}
    episode_ids = {uuid.UUID(str(i)) for i in episode_of.values() if i}
    names = dict(session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(episode_ids))).all()) \
        if episode_ids else {}
    for record in records:
        episode = episode_of[record["id"]]
        record["episode_name"] = names.get(uuid.UUID(str(episode))) if episode else None


def export_playlist(session: Session, tenant: Tenant, playlist_id) -> dict:
    """A playlist for its CSV export: its project, and per entry the entity, and its task of the
    playlist's task type (status, retakes) when the playlist has one."""
    playlist = crud.load_row(session, tenant, crud.spec_for("playlists"), playlist_id)
    project = crud.load_row(session, tenant, crud.spec_for("projects"), playlist.project_id)
    entity_ids = [uuid.UUID(entry["entity_id"]) for entry in playlist.shots or []]
    entities = {e.id: e for e in session.scalars(select(Entity).where(
        Entity.id.in_(entity_ids), *permissions.visibility(tenant, Entity)))} if entity_ids else {}
    shaped = dict(zip(entities, crud.serialize(session, crud.spec_for("entities"), list(entities.values()),
                                               relations=False), strict=True))
    task_type = session.get(TaskType, playlist.task_type_id) if playlist.task_type_id else None
    tasks = {}
    if task_type is not None and entities:
        for task, status_name in session.execute(select(Task, TaskStatus.name).join(
                TaskStatus, TaskStatus.id == Task.task_status_id).where(
                Task.entity_id.in_(list(entities)), Task.task_type_id == task_type.id)):
            tasks[task.entity_id] = {"task_status_name": status_name, "retake_count": task.retake_count}
    entries = []
    for entry in playlist.shots or []:
        entity_id = uuid.UUID(entry["entity_id"])
        if entity_id not in shaped:
            continue  # deleted since it was added, or hidden from this caller
        entries.append({"entity": shaped[entity_id], "preview_file_id": entry.get("preview_file_id"),
                        **tasks.get(entity_id, {})})
    return {"project": {"id": str(project.id), "name": project.name},
            "playlist": {"id": str(playlist.id), "name": playlist.name, "for_entity": playlist.for_entity,
                         "created_at": crud.jsonable(playlist.created_at)},
            "task_type_name": task_type.name if task_type else None, "entries": entries}

