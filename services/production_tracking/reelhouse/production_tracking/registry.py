"""The models the generic engine serves, each described once.

Entity kinds (assets, shots, sequences, episodes, scenes, edits) are one spec
factory over the one ``entities`` table: the same behaviour mounted per kind,
with the kind's type fixed and its parent named the way Zou names it
(``sequence_id`` for a shot, ``episode_id`` for a sequence).
"""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.errors import ValidationFailed

from . import automations, feed, reference
from .crud import Relation, Spec, as_uuid, register, remember
from .models import (
    BUILTIN_ENTITY_TYPES,
    Comment,
    Entity,
    EntityLink,
    EntityType,
    FeedEvent,
    Project,
    ProjectAssetType,
    ProjectPerson,
    ProjectStatus,
    ProjectTaskStatus,
    ProjectTaskType,
    Task,
    TaskAssignee,
    TaskStatus,
    TaskType,
)
from .permissions import COMMENT, MANAGE_PRODUCTION, MANAGE_SETTINGS
from .tenancy import Tenant

# -- projects ------------------------------------------------------------------------------------


def _prepare_project(session: Session, tenant: Tenant, values: dict, row) -> None:
    if row is None and values.get("project_status_id") is None:
        reference.ensure(session)
        values["project_status_id"] = reference.open_status_id(session)


register(Spec(
    name="projects", model=Project, zou_type="Project", event="project", action=MANAGE_SETTINGS,
    relations={
        "team": Relation(ProjectPerson, "project_id", "person_id"),
        "asset_types": Relation(ProjectAssetType, "project_id", "asset_type_id", EntityType),
        "task_types": Relation(ProjectTaskType, "project_id", "task_type_id", TaskType),
        "task_statuses": Relation(ProjectTaskStatus, "project_id", "task_status_id", TaskStatus),
    },
    ignored=("project_status_name", "project_template_id", "descriptors", "status_automations",
             "preview_background_files", "first_episode_id"),
    required=("name",), unique=(("name",),),
    dependants=(("entities", "project_id"), ("tasks", "project_id"), ("comments", "project_id"),
                ("entity-links", "project_id")),
    prepare=_prepare_project, order=("name", "id"),
))

register(Spec(name="project-status", model=ProjectStatus, zou_type="ProjectStatus", event="project_status",
              action=MANAGE_SETTINGS, required=("name",), unique=(("name",),), shared_reference=True,
              dependants=(("projects", "project_status_id"),), force_allowed=False, order=("name", "id")))

# -- entity types --------------------------------------------------------------------------------


def _prepare_entity_type(session: Session, tenant: Tenant, values: dict, row) -> None:
    name = values.get("name")
    if name is not None and name.strip().lower() in {n.lower() for n in BUILTIN_ENTITY_TYPES}:
        raise ValidationFailed(details={"name": [f"{name!r} is a built-in entity type."]})


for _name, _type, _event, _shared in (("entity-types", "EntityType", "entity_type", True),
                                      ("asset-types", "AssetType", "asset_type", False)):
    register(Spec(
        name=_name, model=EntityType, zou_type=_type, event=_event, action=MANAGE_SETTINGS,
        required=("name",), unique=(("name",),), shared_reference=_shared,
        dependants=(("entities", "entity_type_id"),), force_allowed=False,
        owned=((ProjectAssetType, "asset_type_id"),), prepare=_prepare_entity_type, order=("name", "id"),
    ))

# -- entities ------------------------------------------------------------------------------------

# Zou's parent of each kind, and how it names the parent column.
PARENT = {"Shot": ("Sequence", "sequence_id"), "Scene": ("Sequence", "sequence_id"),
          "Sequence": ("Episode", "episode_id"), "Edit": ("Episode", "episode_id")}
ENTITY_OUTPUT_ONLY = ("sequence_id", "sequence_name", "episode_id", "episode_name", "asset_type_id",
                      "asset_type_name", "entities_out", "entities_in", "instance_casting",
                      "entity_concept_links", "project_name", "tasks", "frame_in", "frame_out")


def _entity_types(session: Session, rows) -> dict:
    """{str(type id): (name, workspace_id)} for the rows' types. Keys are strings
    because listed rows carry their ids as text (see crud.list_records)."""
    # crud.serialize calls row_type then extras over the same list: one query for both.
    cached = session.info.get("entity_types_of")
    if cached is not None and cached[0] is rows:
        return cached[1]
    ids = {as_uuid(type_id) for type_id in {row.entity_type_id for row in rows}}
    types = {str(id_): (name, workspace_id) for id_, name, workspace_id in session.execute(
        select(EntityType.id, EntityType.name, EntityType.workspace_id).where(EntityType.id.in_(ids)))}
    session.info["entity_types_of"] = (rows, types)
    return types


def _entity_row_types(session: Session, rows) -> list:
    types = _entity_types(session, rows)
    kinds = []
    for row in rows:
        name, workspace_id = types[str(row.entity_type_id)]
        kinds.append(name if workspace_id is None else "Asset")
    return kinds


def _entity_extras(session: Session, rows, items) -> None:
    types = _entity_types(session, rows)
    session.info.pop("entity_types_of", None)  # shared by this serialize call only
    related = {item["parent_id"] for item in items if item["parent_id"]} | {
        item["source_id"] for item in items if item["source_id"]}
    names, grandparents = {}, {}
    for id_, name, parent_id in session.execute(select(Entity.id, Entity.name, Entity.parent_id).where(
            Entity.id.in_([as_uuid(i) for i in related]))) if related else ():
        names[str(id_)] = name
        grandparents[str(id_)] = str(parent_id) if parent_id else None
    # A shot's (or scene's) episode is its sequence's parent, as Zou's shot records give it.
    missing = {g for g in grandparents.values() if g and g not in names}
    if missing:
        names.update({str(id_): name for id_, name in session.execute(select(Entity.id, Entity.name).where(
            Entity.id.in_([as_uuid(i) for i in missing])))})
    for item in items:
        kind = item["type"]
        if kind in PARENT:
            parent_kind, key = PARENT[kind]
            item[key] = item["parent_id"]
            item[f"{parent_kind.lower()}_name"] = names.get(item["parent_id"])
            if parent_kind == "Sequence":
                item["episode_id"] = grandparents.get(item["parent_id"])
                item["episode_name"] = names.get(item["episode_id"])
        if kind == "Asset":
            item["asset_type_id"] = item["entity_type_id"]
            item["asset_type_name"] = types[item["entity_type_id"]][0]
            item["episode_id"] = item["source_id"]
        data = item.get("data")
        if data and kind == "Shot":
            item["frame_in"], item["frame_out"] = data.get("frame_in"), data.get("frame_out")


def _check_parent(session: Session, values: dict, key: str, kind: str, label: str, builtins: dict) -> None:
    parent_id = values.get(key)
    if parent_id is None:
        return
    # The whole row, not one column: crud.check_references then finds it in the
    # session instead of selecting it again (its tenant check stays there).
    parent = remember(session, session.scalar(select(Entity).where(Entity.id == parent_id)))
    if parent is not None and parent.entity_type_id != builtins.get(kind):
        raise ValidationFailed(details={label: [f"Must be a {kind.lower()}."]})


def _kind_prepare(kind: str | None):
    def prepare(session: Session, tenant: Tenant, values: dict, row) -> None:
        if kind is None:  # the generic /data/entities route
            return
        builtins = reference.builtin_type_ids(session)
        if kind == "Asset":
            type_id = values.get("entity_type_id")
            if type_id is not None and type_id in builtins.values():
                raise ValidationFailed(details={"entity_type_id": ["Must be an asset type."]})
            _check_parent(session, values, "source_id", "Episode", "episode_id", builtins)
            return
        values.pop("entity_type_id", None)
        if row is None:
            values["entity_type_id"] = builtins[kind]
        if kind in PARENT:
            parent_kind, label = PARENT[kind]
            _check_parent(session, values, "parent_id", parent_kind, label, builtins)
    return prepare


def _kind_scope(kind: str | None):
    def scope(tenant: Tenant) -> list:
        if kind is None:
            return []
        if kind == "Asset":
            return [Entity.entity_type_id.in_(select(EntityType.id).where(
                EntityType.workspace_id == tenant.workspace_id))]
        return [Entity.entity_type_id == reference.builtin_type_id(kind)]
    return scope


ENTITY_KINDS = {"entities": None, "assets": "Asset", "shots": "Shot", "sequences": "Sequence",
                "episodes": "Episode", "scenes": "Scene", "edits": "Edit", "concepts": "Concept"}

for _name, _kind in ENTITY_KINDS.items():
    aliases = {}
    if _kind in PARENT:
        aliases[PARENT[_kind][1]] = "parent_id"
    if _kind == "Asset":
        aliases.update(asset_type_id="entity_type_id", episode_id="source_id")
    register(Spec(
        name=_name, model=Entity, zou_type=_kind, event=None, action=MANAGE_PRODUCTION,
        relations={"entities_out": Relation(EntityLink, "entity_in_id", "entity_out_id", writable=False),
                   "entities_in": Relation(EntityLink, "entity_out_id", "entity_in_id", writable=False)},
        aliases=aliases, ignored=tuple(k for k in ENTITY_OUTPUT_ONLY if k not in aliases),
        required=("project_id", "entity_type_id", "name"),
        unique=(("project_id", "entity_type_id", "parent_id", "name"),),
        dependants=(("tasks", "entity_id"), ("entities", "parent_id"), ("entities", "source_id")),
        owned=((EntityLink, "entity_in_id"), (EntityLink, "entity_out_id")),
        scope=_kind_scope(_kind), prepare=_kind_prepare(_kind), extras=_entity_extras,
        row_type=_entity_row_types, order=("name", "id"),
        cancel_instead=_kind in ("Asset", "Shot", "Edit", "Concept"),
    ))

register(Spec(name="entity-links", model=EntityLink, zou_type="EntityLink", event="entity_link",
              action=MANAGE_PRODUCTION, required=("project_id", "entity_in_id", "entity_out_id"),
              unique=(("entity_in_id", "entity_out_id"),)))

# -- task types and statuses ---------------------------------------------------------------------

register(Spec(name="task-types", model=TaskType, zou_type="TaskType", event="task_type", action=MANAGE_SETTINGS,
              required=("name",), unique=(("name", "for_entity"),),
              dependants=(("tasks", "task_type_id"),), owned=((ProjectTaskType, "task_type_id"),),
              order=("priority", "name", "id")))


def _prepare_task_status(session: Session, tenant: Tenant, values: dict, row) -> None:
    if values.get("is_default"):  # one default status per workspace, as in Zou
        session.execute(update(TaskStatus).where(TaskStatus.workspace_id == tenant.workspace_id)
                        .values(is_default=False))


register(Spec(name="task-status", model=TaskStatus, zou_type="TaskStatus", event="task_status",
              action=MANAGE_SETTINGS, required=("name", "short_name"), unique=(("short_name",),),
              dependants=(("tasks", "task_status_id"), ("comments", "task_status_id")), force_allowed=False,
              owned=((ProjectTaskStatus, "task_status_id"),), prepare=_prepare_task_status,
              order=("priority", "name", "id")))

# -- tasks and comments --------------------------------------------------------------------------


def default_task_status_id(session: Session, tenant: Tenant):
    # Whole rows, here and below: crud.check_references then finds them in the session.
    status = remember(session, session.scalar(select(TaskStatus).where(
        TaskStatus.workspace_id == tenant.workspace_id, TaskStatus.is_default.is_(True)).limit(1)))
    return status.id if status is not None else None


def _prepare_task(session: Session, tenant: Tenant, values: dict, row) -> None:
    if row is not None:
        return
    values.setdefault("name", "main")
    if values.get("task_status_id") is None:
        values["task_status_id"] = default_task_status_id(session, tenant)
    if values.get("project_id") is None and values.get("entity_id") is not None:
        entity = remember(session, session.scalar(select(Entity).where(
            Entity.id == values["entity_id"], Entity.workspace_id == tenant.workspace_id)))
        values["project_id"] = entity.project_id if entity is not None else None
    if values.get("assigner_id") is None:
        values["assigner_id"] = tenant.user_id


def task_status_changed(tx, tenant: Tenant, task, previous_status_id, comment_id=None) -> None:
    feed.record(tx, tenant, "task_status_changed", "task:status-changed", {
        "task_id": str(task.id), "project_id": str(task.project_id),
        "previous_task_status_id": str(previous_status_id), "new_task_status_id": str(task.task_status_id),
        "comment_id": str(comment_id) if comment_id else None,
    }, project_id=task.project_id)
    automations.apply(tx, tenant, task)


def _after_task_write(tx, tenant: Tenant, spec: Spec, row, before, item) -> None:
    if before and "task_status_id" in before and before["task_status_id"] != row.task_status_id:
        task_status_changed(tx, tenant, row, before["task_status_id"])


register(Spec(name="tasks", model=Task, zou_type="Task", event="task", action=MANAGE_PRODUCTION,
              relations={"assignees": Relation(TaskAssignee, "task_id", "person_id")},
              # what GET /data/tasks/<id>/full adds, which gazu's get_task -> update_task sends back
              ignored=("entity_name", "task_type_name", "task_status_name", "project_name", "entity_type_name",
                       "persons", "full_entity_name", "entity", "task_type", "task_status", "project"),
              required=("project_id", "entity_id", "task_type_id", "task_status_id"),
              unique=(("entity_id", "task_type_id", "name"),), dependants=(("comments", "object_id"),),
              prepare=_prepare_task, after_write=_after_task_write))


def _prepare_comment(session: Session, tenant: Tenant, values: dict, row) -> None:
    if row is not None:
        values.pop("object_id", None)  # a comment stays on its task (Zou moves them with an action)
        return
    values.setdefault("person_id", tenant.user_id)
    if values.get("object_id") is not None:
        values["project_id"] = session.scalar(select(Task.project_id).where(
            Task.id == values["object_id"], Task.workspace_id == tenant.workspace_id))


register(Spec(name="comments", model=Comment, zou_type="Comment", event="comment", action=COMMENT,
              ignored=("person", "previews", "task_status", "attachment_files_data"),
              required=("object_id", "task_status_id", "project_id"), prepare=_prepare_comment,
              author_column="person_id", newest_first=True))

register(Spec(name="events", model=FeedEvent, zou_type="ApiEvent", event="api_event", action=MANAGE_SETTINGS,
              read_only=True, newest_first=True))

