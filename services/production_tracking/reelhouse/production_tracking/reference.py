"""Shared reference rows: the built-in entity types and the project statuses.

The migration seeds them; ``ensure`` recreates any that are missing (a
database emptied by tests, an old install), tolerating a concurrent insert.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import BUILTIN_ENTITY_TYPES, EntityType, ProjectStatus

PROJECT_STATUSES = (("Open", "#000000"), ("Closed", "#000000"))
OPEN = "Open"


def ensure(session: Session) -> None:
    types = set(session.scalars(select(EntityType.name).where(EntityType.workspace_id.is_(None))))
    statuses = set(session.scalars(select(ProjectStatus.name).where(ProjectStatus.workspace_id.is_(None))))
    missing = [EntityType(name=name) for name in BUILTIN_ENTITY_TYPES if name not in types]
    missing += [ProjectStatus(name=name, color=color) for name, color in PROJECT_STATUSES if name not in statuses]
    for row in missing:
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another worker created it first
            pass


def builtin_type_id(name: str):
    """The id of a built-in entity type, as a scalar subquery (no round trip)."""
    return select(EntityType.id).where(EntityType.workspace_id.is_(None), EntityType.name == name).scalar_subquery()


def builtin_type_ids(session: Session) -> dict:
    return {name: id_ for id_, name in session.execute(
        select(EntityType.id, EntityType.name).where(EntityType.workspace_id.is_(None)))}


def open_status_id(session: Session):
    return session.scalar(select(ProjectStatus.id).where(ProjectStatus.workspace_id.is_(None),
                                                         ProjectStatus.name == OPEN))
