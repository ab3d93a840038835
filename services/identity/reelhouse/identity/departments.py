"""Zou's departments (and which persons belong to them) and organisation settings.

Both belong to the caller's workspace (``reelhouse.shared.memberships``):
Zou has one studio per installation, Reelhouse one per workspace. Reading
needs a workspace; writing also needs an administrator, as in Kitsu.
"""

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, upsert, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page, paginate

from .models import Department, Membership, Organisation, PersonDepartment, User
from .users import iso, require_admin, user_to_dict

NO_WORKSPACE = "You belong to no workspace yet."
ORGANISATION_FIELDS = ("name", "hours_by_day", "use_original_file_name", "timesheets_locked",
                       "format_duration_in_hours", "hd_by_default", "dark_theme_by_default")


def workspace_of(session: Session, caller: Caller) -> uuid.UUID:
    workspace_id = memberships.home_workspace(session, Membership, caller)
    if workspace_id is None:
        raise Forbidden(NO_WORKSPACE)
    return workspace_id


def department_to_dict(department: Department) -> dict:
    return {"id": str(department.id), "type": "Department", "name": department.name, "color": department.color,
            "archived": department.archived, "created_at": iso(department.created_at),
            "updated_at": iso(department.updated_at)}


def _department(session: Session, workspace_id: uuid.UUID, department_id, for_update=False) -> Department:
    query = select(Department).where(Department.id == uuid.UUID(parse_uuid(department_id)),
                                     Department.workspace_id == workspace_id)
    department = session.scalars(query.with_for_update() if for_update else query).first()
    if department is None:
        raise NotFound("Department not found.")
    return department


def _refuse_taken_name(session: Session, workspace_id: uuid.UUID, name: str, exclude_id=None) -> None:
    query = select(Department.id).where(Department.workspace_id == workspace_id,
                                        func.lower(Department.name) == name.lower())
    if exclude_id is not None:
        query = query.where(Department.id != exclude_id)
    if session.execute(query.limit(1)).first() is not None:
        raise Conflict("A department with this name already exists.", {"name": ["Already used."]})


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:  # a concurrent writer took the name after our check
        raise Conflict("A department with this name already exists.") from None


def list_departments(session: Session, caller: Caller, filters: dict, page: Page) -> dict:
    query = select(Department).where(Department.workspace_id == workspace_of(session, caller))
    for name, value in filters.items():
        column = getattr(Department, name)
        query = query.where(func.lower(column) == value.lower() if name == "name" else column == value)
    rows, total = paginate(query.order_by(Department.name, Department.id), page, session)
    return {"items": [department_to_dict(d) for d in rows], "total": total}


def get_department(session: Session, caller: Caller, department_id: str) -> dict:
    return department_to_dict(_department(session, workspace_of(session, caller), department_id))


def create_department(tx: Transaction, caller: Caller, data: dict) -> dict:
    require_admin(caller)
    workspace_id = workspace_of(tx.session, caller)
    _refuse_taken_name(tx.session, workspace_id, data["name"])
    department = Department(workspace_id=workspace_id, **data)
    tx.session.add(department)
    _flush(tx.session)
    tx.emit("department_created", {"department_id": str(department.id), "workspace_id": str(workspace_id)})
    return department_to_dict(department)


def update_department(tx: Transaction, caller: Caller, department_id: str, data: dict) -> dict:
    require_admin(caller)
    workspace_id = workspace_of(tx.session, caller)
    department = _department(tx.session, workspace_id, department_id, for_update=True)
    if "name" in data:
        _refuse_taken_name(tx.session, workspace_id, data["name"], exclude_id=department.id)
    for name, value in data.items():
        setattr(department, name, value)
    _flush(tx.session)
    tx.emit("department_updated", {"department_id": str(department.id), "workspace_id": str(workspace_id)})
    return department_to_dict(department)


def delete_department(tx: Transaction, caller: Caller, department_id: str) -> dict:
    """Persons leave the department with it (their accounts stay)."""
    require_admin(caller)
    workspace_id = workspace_of(tx.session, caller)
    department = _department(tx.session, workspace_id, department_id, for_update=True)
    tx.session.execute(delete(PersonDepartment).where(PersonDepartment.department_id == department.id))
    tx.session.delete(department)
    tx.session.flush()
    tx.emit("department_deleted", {"department_id": str(department.id), "workspace_id": str(workspace_id)})
    return {"id": str(department.id)}


# -- persons in departments -----------------------------------------------------

def departments_by_person(session: Session, user_ids) -> dict[str, list[str]]:
    """``{user id: [department ids]}`` in one query, for any number of persons."""
    ids = [uuid.UUID(str(user_id)) for user_id in user_ids]
    found = {str(user_id): [] for user_id in ids}
    if ids:
        rows = session.execute(select(PersonDepartment.user_id, PersonDepartment.department_id)
                               .where(PersonDepartment.user_id.in_(ids))
                               .order_by(PersonDepartment.department_id))
        for user_id, department_id in rows:
            found[str(user_id)].append(str(department_id))
    return found


def persons_to_dicts(session: Session, users: list[User]) -> list[dict]:
    """User records with the ids of the departments each person belongs to (one query)."""
    member_of = departments_by_person(session, [user.id for user in users])
    return [dict(user_to_dict(user), departments=member_of[str(user.id)]) for user in users]


def set_person_departments(tx: Transaction, caller: Caller, user: User, department_ids: list) -> None:
    """Replace the person's departments; each must be one of the caller's workspace."""
    workspace_id = workspace_of(tx.session, caller)
    wanted = {uuid.UUID(parse_uuid(d)) for d in department_ids}
    known = set(tx.session.scalars(select(Department.id).where(Department.workspace_id == workspace_id,
                                                               Department.id.in_(wanted))))
    if wanted - known:
        raise ValidationFailed(details={"departments": [f"Unknown department {d}." for d in sorted(map(str,
                                                                                                 wanted - known))]})
    tx.session.execute(delete(PersonDepartment).where(PersonDepartment.user_id == user.id))
    tx.session.add_all(PersonDepartment(user_id=user.id, department_id=d) for d in sorted(wanted))
    tx.session.flush()


def add_person_to_department(tx: Transaction, caller: Caller, user_id: str, department_id: str) -> dict:
    require_admin(caller)
    department = _department(tx.session, workspace_of(tx.session, caller), department_id)
    user = _person(tx.session, user_id)
    if tx.session.get(PersonDepartment, (user.id, department.id)) is None:
        tx.session.add(PersonDepartment(user_id=user.id, department_id=department.id))
        tx.session.flush()
    return {"person_id": str(user.id), "department_id": str(department.id)}


def remove_person_from_department(tx: Transaction, caller: Caller, user_id: str, department_id: str) -> dict:
    require_admin(caller)
    department = _department(tx.session, workspace_of(tx.session, caller), department_id)
    user = _person(tx.session, user_id)
    tx.session.execute(delete(PersonDepartment).where(PersonDepartment.user_id == user.id,
                                                      PersonDepartment.department_id == department.id))
    return {"person_id": str(user.id), "department_id": str(department.id)}


def _person(session: Session, user_id: str) -> User:
    user = session.get(User, uuid.UUID(parse_uuid(user_id)))
    if user is None:
        raise NotFound("Person not found.")
    return user


# -- organisation ---------------------------------------------------------------

def organisation_to_dict(organisation: Organisation) -> dict:
    return {"id": str(organisation.id), "type": "Organisation", "has_avatar": False,
            **{name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
            "created_at": iso(organisation.created_at), "updated_at": iso(organisation.updated_at)}


def _organisation(tx: Transaction, caller: Caller) -> Organisation:
    """The workspace's organisation, made with Zou's defaults the first time it is asked for."""
    workspace_id = workspace_of(tx.session, caller)
    query = select(Organisation).where(Organisation.workspace_id == workspace_id)
    organisation = tx.session.scalars(query).first()
    if organisation is None:  # two first readers at once: one insert wins, both read it
        defaults = {column.name: column.default.arg for column in Organisation.__table__.columns
                    if column.default is not None and not callable(column.default.arg)}
        upsert(tx.session, Organisation.__table__, {**defaults, "id": uuid.uuid4(), "workspace_id": workspace_id,
                                                    "created_at": utcnow(), "updated_at": utcnow()},
               ["workspace_id"])
        organisation = tx.session.scalars(query).one()
    return organisation


def list_organisations(tx: Transaction, caller: Caller) -> dict:
    return {"items": [organisation_to_dict(_organisation(tx, caller))], "total": 1}


def get_organisation(tx: Transaction, caller: Caller, organisation_id: str) -> dict:
    organisation = _organisation(tx, caller)
    if str(organisation.id) != parse_uuid(organisation_id):
        raise NotFound("Organisation not found.")
    return organisation_to_dict(organisation)


def update_organisation(tx: Transaction, caller: Caller, organisation_id: str, data: dict) -> dict:
    require_admin(caller)
    organisation = _organisation(tx, caller)
    if str(organisation.id) != parse_uuid(organisation_id):
        raise NotFound("Organisation not found.")
    for name, value in data.items():
        setattr(organisation, name, value)
    tx.session.flush()
    tx.emit("organisation_updated", {"organisation_id": str(organisation.id),
                                     "workspace_id": str(organisation.workspace_id)})
    return organisation_to_dict(organisation)
