"""The tenant of a call, and the projection of workspace memberships behind it.

production_tracking never reads the workspace service's tables: it keeps its
own copy of memberships, fed by ``workspace_created``, ``member_added`` and
``member_removed``. A caller's current workspace is the one they asked for
(``X-Workspace-Id``) when they belong to it, else their oldest membership.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reelhouse.shared import memberships as shared_memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Forbidden, Unauthenticated
from reelhouse.shared.ids import parse_uuid

from . import reference
from .models import ProjectPerson, TaskStatus, WorkspaceMember

NO_WORKSPACE = ("You belong to no workspace yet: production data lives in a workspace. "
                "Ask a workspace owner for an invite.")

# Zou's init-data statuses, so gazu's get_default_task_status / start_task work
# in a fresh workspace. (name, short_name, color, flags)
DEFAULT_TASK_STATUSES = (
    ("Todo", "todo", "#f5f5f5", {"is_default": True}),
    ("Work In Progress", "wip", "#3273dc", {"is_wip": True}),
    ("Waiting For Approval", "wfa", "#ab26ff", {"is_feedback_request": True}),
    ("Retake", "retake", "#ff3860", {"is_retake": True}),
    ("Done", "done", "#22d160", {"is_done": True}),
)


@dataclass(frozen=True)
class Tenant:
    """Who is calling, in which workspace, with which Zou role."""

    workspace_id: uuid.UUID
    user_id: uuid.UUID | None
    role: str
    is_service: bool = False
    # (project_id, role) pairs: the caller's role overridden in those projects' teams.
    project_roles: tuple = ()

    def role_in(self, project_id=None) -> str:
        """The caller's role in a project: the team's override if any (never for admins), else their role."""
        if project_id is None or self.role == "admin" or not self.project_roles:
            return self.role
        return dict(self.project_roles).get(uuid.UUID(str(project_id)), self.role)


def resolve(session: Session, caller: Caller) -> Tenant:
    if not caller.is_authenticated:
        raise Unauthenticated()
    if caller.is_service and not caller.user_id:
        if not caller.workspace_id:
            raise Forbidden("A service call must name its workspace.")
        return Tenant(uuid.UUID(parse_uuid(caller.workspace_id)), None, "admin", is_service=True)
    workspace_id = shared_memberships.home_workspace(session, WorkspaceMember, caller)
    if workspace_id is None:
        raise Forbidden(NO_WORKSPACE)
    user_id = shared_memberships.caller_user_id(caller)
    role = caller.role or "user"
    # An admin's role is never overridden (Tenant.role_in): no query for it on every admin call.
    overrides = tuple(session.execute(select(ProjectPerson.project_id, ProjectPerson.role).where(
        ProjectPerson.person_id == user_id, ProjectPerson.role.is_not(None))).tuples()) \
        if user_id and role != "admin" else ()
    return Tenant(workspace_id, user_id, role, is_service=caller.is_service, project_roles=overrides)


def members_of(session: Session, workspace_id: uuid.UUID, user_ids) -> set[uuid.UUID]:
    if not user_ids:
        return set()
    return set(session.scalars(select(WorkspaceMember.user_id).where(
        WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.user_id.in_(list(user_ids)))))


def ensure_defaults(session: Session, workspace_id: uuid.UUID) -> None:
    """Give a workspace Zou's default task statuses once (idempotent)."""
    reference.ensure(session)
    exists = session.scalar(select(TaskStatus.id).where(TaskStatus.workspace_id == workspace_id).limit(1))
    if exists:
        return
    for priority, (name, short_name, color, flags) in enumerate(DEFAULT_TASK_STATUSES, start=1):
        session.add(TaskStatus(workspace_id=workspace_id, name=name, short_name=short_name, color=color,
                               priority=priority, **flags))
    session.flush()


def handle_workspace_created(tx: Transaction, data: dict) -> None:
    shared_memberships.apply_workspace_created(tx, data, WorkspaceMember)
    # Only here: two handlers at once (member_added too) must not both seed statuses.
    ensure_defaults(tx.session, uuid.UUID(str(data["workspace_id"])))


def handle_member_added(tx: Transaction, data: dict) -> None:
    shared_memberships.apply_member_added(tx, data, WorkspaceMember)


def handle_member_role_changed(tx: Transaction, data: dict) -> None:
    shared_memberships.apply_member_role_changed(tx, data, WorkspaceMember)


def handle_member_removed(tx: Transaction, data: dict) -> None:
    shared_memberships.apply_member_removed(tx, data, WorkspaceMember)
