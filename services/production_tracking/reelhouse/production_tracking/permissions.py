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
(``require(..., project_id)``) and for the statuses they may set there;
admins stay admins everywhere. Visibility follows the workspace role.
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
    if tenant.role in SEES_WHOLE_WORKSPACE:
        return []
    clauses = []
    team = select(ProjectPerson.project_id).where(ProjectPerson.person_id == tenant.user_id)
    if model is Project:
        clauses.append(Project.id.in_(team))
    elif hasattr(model, "project_id"):
        clauses.append(model.project_id.in_(team))
    if tenant.role == "vendor":
        assigned = select(TaskAssignee.task_id).where(TaskAssignee.person_id == tenant.user_id)
        if model is Task:
            clauses.append(Task.id.in_(assigned))
        elif model is Comment:
            clauses.append(Comment.object_id.in_(assigned))
    if tenant.role == "client":
        if model is TaskStatus:
            clauses.append(TaskStatus.is_client_allowed == true())
        elif model is Comment:
            clauses.append(or_(Comment.for_client == true(), Comment.person_id == tenant.user_id))
    return clauses
