"""A person's saved searches: Zou's ``/data/user/filters``.

The listing is Zou's nested shape, ``{list_type: {project_id or "all": [filter, ...]}}``;
a person sees their own filters and the ones shared in projects they can see.
"""

import uuid

from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, NotFound
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.validation import load

from . import crud, permissions
from .models import ProjectPerson
from .models_more import SearchFilter
from .tenancy import Tenant


class FilterBody(Schema):
    class Meta:
        unknown = EXCLUDE  # gazu's update_filter sends the whole filter back

    name = fields.String(required=True, validate=validate.Length(max=200))
    query = fields.String(required=True, validate=validate.Length(max=500))
    list_type = fields.String(required=True, validate=validate.Length(min=1, max=80))
    entity_type = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=80))
    project_id = fields.UUID(load_default=None, allow_none=True)
    is_shared = fields.Boolean(load_default=False, truthy={True}, falsy={False})
    search_filter_group_id = fields.UUID(load_default=None, allow_none=True)
    department_id = fields.UUID(load_default=None, allow_none=True)


def _values(data: dict) -> dict:
    values = dict(data)
    if "query" in values:
        values["search_query"] = values.pop("query")
    return values


def visible_filters(session: Session, tenant: Tenant) -> list:
    # Not crud.base_query: its project visibility would hide a person's filters of no project.
    shared = SearchFilter.is_shared.is_(True) & SearchFilter.project_id.is_not(None)
    if tenant.role not in permissions.SEES_WHOLE_WORKSPACE:
        shared &= SearchFilter.project_id.in_(_team(tenant))
    query = select(SearchFilter).where(SearchFilter.workspace_id == tenant.workspace_id,
                                       or_(SearchFilter.person_id == tenant.user_id, shared))
    return session.scalars(query.order_by(SearchFilter.name, SearchFilter.id).limit(crud.BARE_LIST_MAX)).all()


def user_filters(session: Session, tenant: Tenant) -> dict:
    result: dict = {}
    items = crud.serialize(session, crud.spec_for("search-filters"), visible_filters(session, tenant))
    for item in items:
        item["query"] = item["search_query"]
        result.setdefault(item["list_type"], {}).setdefault(item["project_id"] or "all", []).append(item)
    return result


def _checked(tx: Transaction, tenant: Tenant, values: dict) -> None:
    spec = crud.spec_for("search-filters")
    if values.get("project_id") is not None:  # a project the caller can see
        crud.load_row(tx.session, tenant, crud.spec_for("projects"), values["project_id"])
    crud.check_references(tx.session, tenant, spec, values)


def create_filter(tx: Transaction, tenant: Tenant, payload) -> dict:
    permissions.require(tenant, permissions.READ)
    values = _values(load(FilterBody, payload))
    _checked(tx, tenant, values)
    row = SearchFilter(workspace_id=tenant.workspace_id, person_id=tenant.user_id, **values)
    return _saved(tx, tenant, row, "created")


def update_filter(tx: Transaction, tenant: Tenant, filter_id, payload) -> dict:
    row = _own(tx, tenant, filter_id)
    values = _values(load(FilterBody, payload, partial=True))
    values.pop("project_id", None)  # a filter stays in its project
    _checked(tx, tenant, values)
    for key, value in values.items():
        setattr(row, key, value)
    return _saved(tx, tenant, row, "updated")


def delete_filter(tx: Transaction, tenant: Tenant, filter_id) -> dict:
    row = _own(tx, tenant, filter_id)
    spec = crud.spec_for("search-filters")
    item = crud.serialize(tx.session, spec, [row])[0]
    tx.session.delete(row)
    tx.session.flush()
    crud.emit(tx, tenant, spec, item, "deleted")
    return item


def _own(tx: Transaction, tenant: Tenant, filter_id) -> SearchFilter:
    row = tx.session.scalar(select(SearchFilter).where(
        SearchFilter.id == uuid.UUID(parse_uuid(filter_id)), SearchFilter.workspace_id == tenant.workspace_id,
        *scope(tenant)).with_for_update())
    if row is None:
        raise NotFound(crud.NOT_FOUND)
    if row.person_id != tenant.user_id:
        raise Forbidden("Only the owner may change a filter.")
    return row


def _saved(tx: Transaction, tenant: Tenant, row: SearchFilter, action: str) -> dict:
    tx.session.add(row)
    tx.session.flush()
    spec = crud.spec_for("search-filters")
    item = crud.serialize(tx.session, spec, [row])[0]
    crud.emit(tx, tenant, spec, item, action)
    item["query"] = item["search_query"]
    return item


def scope(tenant: Tenant) -> list:
    """Managers see every filter (of the projects they manage; filters of no project: the workspace
    role); others their own and those shared in projects they are in."""
    return permissions.unless_managing(tenant, SearchFilter.project_id, [or_(
        SearchFilter.person_id == tenant.user_id,
        SearchFilter.is_shared.is_(True) & SearchFilter.project_id.in_(_team(tenant)))])


def _team(tenant: Tenant):
    return select(ProjectPerson.project_id).where(ProjectPerson.person_id == tenant.user_id)

