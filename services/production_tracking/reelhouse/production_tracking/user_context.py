"""gazu's user context (``/data/user/...``): a project's asset types, assets,
episodes and sequences, a sequence's shots and scenes, and an entity's task
types, as far as the caller's own work reaches: the entities with a task
assigned to them, and the sequences and episodes that contain those.
"""

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from reelhouse.shared.errors import NotFound

from . import crud
from .models import Entity, EntityType, Task, TaskAssignee, TaskType
from .tenancy import Tenant

# listing -> (the model listed, the kind of record that owns the listing)
LISTINGS = {
    "project-asset-types": ("asset-types", "projects"),
    "project-assets": ("assets", "projects"),
    "project-sequences": ("sequences", "projects"),
    "project-episodes": ("episodes", "projects"),
    "sequence-shots": ("shots", "sequences"),
    "sequence-scenes": ("scenes", "sequences"),
    "entity-task-types": ("task-types", "entities"),
}


def _my_tasks(tenant: Tenant):
    return select(Task.id).where(Task.workspace_id == tenant.workspace_id, Task.id.in_(
        select(TaskAssignee.task_id).where(TaskAssignee.person_id == tenant.user_id)))


def _my_entities(tenant: Tenant):
    """Entities with one of the caller's tasks, with their parents and grandparents (sequence, episode)."""
    mine = select(Task.entity_id).where(Task.id.in_(_my_tasks(tenant)))
    parents = select(Entity.parent_id).where(Entity.id.in_(mine), Entity.parent_id.is_not(None))
    grandparents = select(Entity.parent_id).where(Entity.id.in_(parents), Entity.parent_id.is_not(None))
    return union(mine, parents, grandparents)


def _listed(session: Session, tenant: Tenant, model_name: str, *clauses) -> list[dict]:
    spec = crud.spec_for(model_name)
    query = crud.base_query(session, tenant, spec).where(*clauses)
    return crud.serialize(session, spec, crud.ordered_rows(session, spec, query))


def listing(session: Session, tenant: Tenant, name: str, owner_id, asset_type_id=None) -> list[dict]:
    if name not in LISTINGS:
        raise NotFound(f"Unknown user listing '{name}'.")
    model_name, owner_kind = LISTINGS[name]
    owner = crud.load_row(session, tenant, crud.spec_for(owner_kind), owner_id)
    mine = _my_entities(tenant)
    if name == "entity-task-types":
        used = select(Task.task_type_id).where(Task.entity_id == owner.id, Task.id.in_(_my_tasks(tenant)))
        return _listed(session, tenant, model_name, TaskType.id.in_(used))
    if name == "project-asset-types":
        used = select(Entity.entity_type_id).where(Entity.project_id == owner.id, Entity.id.in_(mine))
        return _listed(session, tenant, model_name, EntityType.id.in_(used))
    if owner_kind == "projects":
        clauses = [Entity.project_id == owner.id, Entity.id.in_(mine)]
        if asset_type_id is not None:
            asset_type = crud.load_row(session, tenant, crud.spec_for("asset-types"), asset_type_id)
            clauses.append(Entity.entity_type_id == asset_type.id)
        return _listed(session, tenant, model_name, *clauses)
    return _listed(session, tenant, model_name, Entity.parent_id == owner.id, Entity.id.in_(mine))


