"""The Zou side of a series or a production: its row in ``projects``.

A video series and a production each *are* a production_tracking project
(same UUID), so Kitsu/gazu clients see them, their shots and their team.
Zou wants project names unique per workspace (case-insensitive) and at most
80 characters; a /v1 title has neither rule, so the project's name is the
title, cut and numbered when needed ("Launch video (2)").
"""

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import reference
from ..models import Project, ProjectPerson

NAME_MAX = 80


def unique_name(session: Session, workspace_id: uuid.UUID, title: str, exclude: uuid.UUID | None = None) -> str:
    base = " ".join(title.split())[:NAME_MAX - 6] or "Untitled"
    query = select(func.lower(Project.name)).where(Project.workspace_id == workspace_id,
                                                   func.lower(Project.name).like(base.lower().replace("%", "_") + "%"))
    if exclude is not None:
        query = query.where(Project.id != exclude)
    taken = set(session.scalars(query))
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        name = f"{base} ({number})"
    return name


def create_project(session: Session, workspace_id: uuid.UUID, title: str, creator: uuid.UUID | None,
                   production_type: str, description: str | None = None) -> uuid.UUID:
    reference.ensure(session)
    project = Project(id=uuid.uuid4(), workspace_id=workspace_id, name=unique_name(session, workspace_id, title),
                      production_type=production_type, description=description,
                      project_status_id=reference.open_status_id(session))
    session.add(project)
    session.flush()
    if creator is not None:
        # The creator is in the project's team: Zou's non-manager roles see team projects only.
        session.add(ProjectPerson(project_id=project.id, person_id=creator))
    return project.id


def rename_project(session: Session, project_id: uuid.UUID, title: str) -> None:
    project = session.get(Project, project_id)
    if project is not None:
        project.name = unique_name(session, project.workspace_id, title, exclude=project.id)
