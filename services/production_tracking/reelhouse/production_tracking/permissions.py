"""Who may do what: Kitsu's roles, in one table, and what each role may see.

Actions:
  ``read``               read the workspace's production data (within visibility)
  ``manage_settings``    projects, their settings and team, task types/statuses, asset types
  ``manage_production``  entities, tasks, assignments, casting
  ``comment``            comment on (and change the status of) a visible task

Visibility (reads and comments), decided per project by the caller's role
*in that project* (``Tenant.role_in``: the team's override, else the
workspace role; admins stay admins everywhere):

- projects: admins and workspace managers see every project of the
  workspace, anyone else the projects whose team they are in. An override
  is a team row, so it never hides nor reveals a project: it decides what
  one sees inside it.
- in a project where one is a manager (or admin): everything;
- supervisor or artist (``user``): everything but other people's
  notifications and unshared search filters;
- vendor: only the tasks assigned to them and those tasks' comments;
- client: only comments made for clients (and their own), playlists shared
  with clients, and the client-allowed task statuses in that project's
  reads (the workspace-wide status list follows the workspace role).

Every rule is a SQL clause (``visibility``, ``where_role``): the overrides
are a handful of project ids held by the tenant, never a check per row.
The rule table is in ``docs/permissions.md``.
"""

from sqlalchemy import and_, or_, select, true

from reelhouse.shared.errors import Forbidden

from .models import Comment, Project, ProjectPerson, Task, TaskAssignee, TaskStatus
from .models_more import Playlist
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
ROLES = tuple(RULES)
SEES_WHOLE_WORKSPACE = ("admin", "manager")
# Roles that, in a project, see only part of it (the others see all of it).
LIMITED = tuple(role for role in ROLES if role not in SEES_WHOLE_WORKSPACE)


def allowed(role: str, action: str) -> bool:
    return action in RULES.get(role, set())


def require(tenant: Tenant, action: str, project_id=None) -> None:
    """In a project, the role the caller has there (the team's per-project override) decides."""
    role = tenant.role_in(project_id)
    if not allowed(role, action):
        raise Forbidden(f"The {role} role may not {action.replace('_', ' ')}.")


def sees_whole(tenant: Tenant, project_id=None) -> bool:
    """Whether the caller manages (and so sees all of) that project; no project: the workspace role."""
    return tenant.role_in(project_id) in SEES_WHOLE_WORKSPACE


def team_projects(tenant: Tenant):
    """The ids of the projects whose team the caller is in (a subquery)."""
    return select(ProjectPerson.project_id).where(ProjectPerson.person_id == tenant.user_id)


def visibility(tenant: Tenant, model, project_id=None) -> list:
    """Extra WHERE clauses restricting ``model`` rows to what ``tenant`` may see.

    ``project_id``: the project a read of workspace-wide rows (task statuses)
    is made for, so the caller's role there decides; None: the workspace role."""
    if tenant.role == "admin":
        return []
    clauses = []
    column = project_column(model)
    if column is not None and tenant.role not in SEES_WHOLE_WORKSPACE:
        clauses.append(column.in_(team_projects(tenant)))
    if model is TaskStatus and tenant.role_in(project_id) == "client":
        clauses.append(TaskStatus.is_client_allowed == true())
    for roles, rule in _limits(tenant, model):
        clause = where_role(tenant, column, roles, rule)
        if clause is not None:
            clauses.append(clause)
    return clauses


def project_column(model):
    """The column naming a row's project (a project's own id), or None for workspace-wide rows."""
    return Project.id if model is Project else getattr(model, "project_id", None)


def _limits(tenant: Tenant, model) -> list:
    """``(roles, rule)``: in the projects where the caller is one of ``roles``, only rows matching ``rule``."""
    if model is Task:
        return [(("vendor",), Task.id.in_(_assigned(tenant)))]
    if model is Comment:
        return [(("vendor",), Comment.object_id.in_(_assigned(tenant))),
                (("client",), or_(Comment.for_client == true(), Comment.person_id == tenant.user_id))]
    if model is Playlist:
        return [(("client",), Playlist.for_client == true())]
    return []


def _assigned(tenant: Tenant):
    return select(TaskAssignee.task_id).where(TaskAssignee.person_id == tenant.user_id)


def where_role(tenant: Tenant, column, roles, rule):
    """``rule``, applied only to the rows of the projects (``column``: a row's project id) where the
    caller's role is one of ``roles``; None when that is no project. Rows of no project (a nullable
    ``column``) follow the workspace role. Admins are never limited."""
    roles = set(roles)
    if tenant.role == "admin":
        return rule if "admin" in roles else None
    overridden = dict(tenant.project_roles)
    if tenant.role in roles:  # limited everywhere but where an override lifts it
        exempt = [project_id for project_id, role in overridden.items() if role not in roles]
        return or_(column.in_(exempt), rule) if exempt else rule
    restricted = [project_id for project_id, role in overridden.items() if role in roles]
    if not restricted:
        return None
    free = [column.not_in(restricted)]
    if _nullable(column):
        free.insert(0, column.is_(None))
    return or_(*free, rule)


def unless_managing(tenant: Tenant, column, clauses: list) -> list:
    """``clauses`` (ANDed) hold only in the projects the caller does not manage: a manager's or
    admin's role in a project shows all of its rows there, anyone else's only those matching."""
    if not clauses:
        return []
    clause = where_role(tenant, column, LIMITED, and_(*clauses))
    return [] if clause is None else [clause]


def _nullable(column) -> bool:
    return bool(getattr(getattr(column, "expression", column), "nullable", False))
