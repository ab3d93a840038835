"""A project's team as Zou serves it: the persons in it (``get_team``) and the
role each has in this project only (``update_team_member_role``), which
``permissions.require`` then applies in that project. Adding and removing
members is ``production.add_team_member``/``remove_team_member``."""

import uuid

from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import NotFound
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import load

from . import crud, feed, permissions
from .models import ProjectPerson
from .tenancy import Tenant

# Kitsu's per-project roles (an admin is an admin everywhere).
PROJECT_ROLES = ("user", "supervisor", "manager", "client", "vendor")


class RoleSchema(Schema):
    role = fields.String(required=True, allow_none=True, validate=validate.OneOf(PROJECT_ROLES))


def check_role(role) -> str | None:
    return load(RoleSchema, {"role": role})["role"]


def _project(session: Session, tenant: Tenant, project_id):
    return crud.load_row(session, tenant, crud.spec_for("projects"), project_id)


def team_links(session: Session, tenant: Tenant, project_id) -> list[dict]:
    """``[{person_id, role}]`` of a project's team (role None: the person's workspace role)."""
    project = _project(session, tenant, project_id)
    rows = session.execute(select(ProjectPerson.person_id, ProjectPerson.role).where(
        ProjectPerson.project_id == project.id).order_by(ProjectPerson.person_id).limit(crud.BARE_LIST_MAX))
    return [{"person_id": str(person_id), "role": role} for person_id, role in rows]


def team_persons(links: list[dict], people: list[dict]) -> list[dict]:
    """The team as identity's person records, each with its ``project_role``."""
    by_id = {str(person["id"]): person for person in people}
    return [dict(by_id[link["person_id"]], project_role=link["role"]) for link in links
            if link["person_id"] in by_id]  # a member who left the workspace is no longer shown


def set_role(tx: Transaction, tenant: Tenant, project_id, person_id, payload) -> dict:
    """``PUT /data/projects/<p>/team/<person>`` ``{role}``: the person's role in this project only."""
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    role = load(RoleSchema, payload)["role"]
    link = tx.session.get(ProjectPerson, (project.id, uuid.UUID(parse_uuid(person_id))))
    if link is None:
        raise NotFound("This person is not in the project's team.")
    link.role = role
    tx.session.flush()
    data = {"project_id": str(project.id), "person_id": str(link.person_id), "role": role}
    feed.record(tx, tenant, "project_team_changed", "project:update", dict(data), project_id=project.id)
    return {**data, "type": "ProjectPersonLink"}

