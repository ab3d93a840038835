"""Who may do what: Kitsu's roles, in one table, and what each role may see.

Actions:
  ``read``               read the workspace's production data (within visibility)
  ``manage_settings``    projects, their settings and team, task types/statuses, asset types
  ``manage_production``  entities, tasks, assignments, casting
  ``comment``            comment on (and change the status of) a visible task

Visibility (reads and comments): admins and managers see the whole workspace;
supervisors, artists (``user``), clients and vendors see only the projects
whose team they are in; vendors see only the tasks assigned to them (and
their comments); clients see only client-allowed task statuses and comments
made for clients (plus their own).

Per-project roles (Kitsu): a team member's ``role`` in ``project_persons``
overrides their workspace role for the actions they take in that project
(``require(..., project_id)``), the statuses they may set there, and the
vendor's and client's limits on its tasks and comments; admins stay admins
everywhere. Which projects one sees (the team rule) and which task statuses
a client sees (statuses are workspace-wide) follow the workspace role.
"""

from sqlalchemy import or_, select, true

from reelhouse.shared.errors import Forbidden

from .models import Comment, Project, ProjectPerson, Task, TaskAssignee, TaskStatus
from .tenancy import Tenant

READ = "read"
MANAGE_SETTINGS = "manage_settings"
MANAGE_PRODUCTION = "manage_production"
COMMENT = "comment"
ACTIONS = (READ, MANAGE_SETTINGS, MANAGE_PRODUCTION, COMMENT)

RULES = {
    "admin": {READ, MANAGE_SETTINGS, MANAGE_PRODUCTION, COMMENT},
    "manager": {READ, MANAGE_SETTINGS, MANAGE_PRODUCTION, COMMENT},
    "supervisor": {READ, MANAGE_PRODUCTION, COMMENT},
    "user": {READ, COMMENT},
    "client": {READ, COMMENT},
    "vendor": {READ, COMMENT},
}
SEES_WHOLE_WORKSPACE = ("admin", "manager")


def allowed(role: str, action: str) -> bool:
    return action in RULES.get(role, set())


def require(tenant: Tenant, action: str, project_id=None) -> None:
    """In a project, the role the caller has there (the team's per-project override) decides."""
    role = tenant.role_in(project_id)
    if not allowed(role, action):
        raise Forbidden(f"The {role} role may not {action.replace('_', ' ')}.")


def visibility(tenant: Tenant, model) -> list:
    """Extra WHERE clauses restricting ``model`` rows to what ``tenant`` may see."""
    if tenant.role == "admin" or (tenant.role in SEES_WHOLE_WORKSPACE and not tenant.project_roles):
        return []
    clauses = []
    if tenant.role not in SEES_WHOLE_WORKSPACE:
        team = select(ProjectPerson.project_id).where(ProjectPerson.person_id == tenant.user_id)
        if model is Project:
            clauses.append(Project.id.in_(team))
        elif hasattr(model, "project_id"):
            clauses.append(model.project_id.in_(team))
    if tenant.role == "client" and model is TaskStatus:  # statuses are the workspace's: the workspace role
        clauses.append(TaskStatus.is_client_allowed == true())
    # Vendors' and clients' limits hold in the projects where that is the caller's role (per-project roles).
    if model in (Task, Comment):
        assigned = select(TaskAssignee.task_id).where(TaskAssignee.person_id == tenant.user_id)
        vendor_rule = Task.id.in_(assigned) if model is Task else Comment.object_id.in_(assigned)
        rules = [("vendor", vendor_rule)]
        if model is Comment:
            rules.append(("client", or_(Comment.for_client == true(), Comment.person_id == tenant.user_id)))
        clauses += [clause for role, rule in rules if (clause := _where_role(tenant, role, model, rule)) is not None]
    return clauses


def _where_role(tenant: Tenant, role: str, model, rule):
    """``rule``, applied to the rows of the projects where ``tenant``'s role is ``role``; None: nowhere."""
    overridden = dict(tenant.project_roles)
    if tenant.role == role:
        exempt = [project_id for project_id, project_role in overridden.items() if project_role != role]
        return or_(model.project_id.in_(exempt), rule) if exempt else rule
    restricted = [project_id for project_id, project_role in overridden.items() if project_role == role]
    return or_(model.project_id.not_in(restricted), rule) if restricted else None
