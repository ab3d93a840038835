"""What /v1 users embed from this service (``include=owned_productions`` …):
the productions and video series each user created (``owned_*``) or works on
(``shared_*``: in the team of the record's project, the ``collaborators``
include, without being its creator), for a whole page of users in one query per relation.

Only records of workspaces where the caller may read them are shown, at most
:data:`MAX_PER_USER` per user and relation, oldest first.
"""

import uuid
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.validation import load_ids

from ..models import ProjectPerson
from . import access, records

# include name -> (kind, whether the user created it rather than is in its team)
RELATIONS = {
    "owned_productions": ("production", True),
    "shared_productions": ("production", False),
    "owned_video_series": ("video_series", True),
    "shared_video_series": ("video_series", False),
}
MAX_PER_USER = 100
MAX_USERS = 500  # a page of users


def user_relations(session: Session, caller: Caller, user_ids: list, relations: list) -> dict:
    """``{user_id: {relation: [record, …]}}`` for every user asked about."""
    access.require_caller(caller)
    unknown = sorted(set(relations) - set(RELATIONS))
    if unknown:
        raise ValidationFailed(details={"include": [f"Unknown: {', '.join(unknown)} "
                                                    f"(allowed: {', '.join(RELATIONS)})."]})
    users = load_ids(user_ids, "user_ids", MAX_USERS)
    result = {str(user): {} for user in users}
    for name in dict.fromkeys(relations):
        kind_name, owned = RELATIONS[name]
        grouped = _related(session, caller, kind_name, owned, users)
        for user in users:
            result[str(user)][name] = grouped.get(user, [])
    return result


def _related(session: Session, caller: Caller, kind_name: str, owned: bool, users: list) -> dict:
    kind = records.KINDS[kind_name]
    model = kind.model
    if owned:
        holder = model.created_by.label("holder")
        query = select(holder, model.id).where(model.created_by.in_(users))
    else:
        holder = ProjectPerson.person_id.label("holder")
        query = (select(holder, model.id).join(ProjectPerson, ProjectPerson.project_id == model.id)
                 .where(ProjectPerson.person_id.in_(users),  # the creator is in the team too: not "shared"
                        or_(model.created_by.is_(None), model.created_by != ProjectPerson.person_id)))
    if not caller.is_admin:
        query = query.where(model.workspace_id.in_(_readable(session, caller, kind.permission)))
    # At most MAX_PER_USER per user, in SQL: a user with thousands of records costs no more.
    ranked = query.add_columns(func.row_number().over(partition_by=holder, order_by=(model.created_at, model.id))
                               .label("rank")).subquery()
    wanted = session.execute(select(ranked.c.holder, ranked.c.id).where(ranked.c.rank <= MAX_PER_USER)).all()
    rows = {row.id: row for row in session.scalars(select(model).where(model.id.in_({r.id for r in wanted})))}
    grouped = defaultdict(list)
    for user, record_id in sorted(wanted, key=lambda r: (rows[r.id].created_at, r.id)):
        grouped[user].append(kind.to_dict(rows[record_id]))
    return grouped


def _readable(session: Session, caller: Caller, permission: str) -> list[uuid.UUID]:
    return [workspace for workspace in access.member_workspaces(session, caller)
            if access.workspace_access(session, caller, workspace).can(permission)]
