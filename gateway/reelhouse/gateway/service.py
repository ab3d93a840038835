"""The gateway service: every HTTP route, and the revocation listeners.

Route tables live in one module per dialect and area (``v1/``, ``api/``); this
class only puts them together with the dependencies they share.
"""

from nameko.dependency_providers import Config
from nameko.events import BROADCAST, event_handler

from reelhouse.shared.rpc import Services

# Route areas are imported as modules, not classes: `nameko run` starts every
# class with entrypoints found in this module's namespace.
from . import docs, fallback, health
from .api import auth as zou_auth
from .api import casting as zou_casting
from .api import data as zou_data
from .api import departments as zou_departments
from .api import entities_more as zou_entities_more
from .api import files as zou_files
from .api import imports as zou_imports
from .api import instances as zou_instances
from .api import persons as zou_persons
from .api import persons_more as zou_persons_more
from .api import project_more as zou_project_more
from .api import projects as zou_projects
from .api import tasks as zou_tasks
from .api import tasks_more as zou_tasks_more
from .api import tracking_more as zou_tracking_more
from .auth import Authenticator
from .http import DEFAULT_MAX_BODY_BYTES
from .ratelimit import RateLimits
from .v1 import account, workspaces
from .v1 import assets as v1_assets
from .v1 import billing as v1_billing
from .v1 import catalog as v1_catalog
from .v1 import productions as v1_productions
from .v1 import roles as v1_roles


class GatewayService(
    health.HealthRoutes, docs.DocsRoutes,
    account.AccountRoutes, account.PasswordRoutes, account.UserRoutes, workspaces.WorkspaceRoutes,
    v1_assets.AssetRoutes,
    v1_catalog.IndustryRoutes, v1_catalog.TemplateTypeRoutes, v1_catalog.TemplateRoutes,
    v1_catalog.TemplateCollectionRoutes, v1_roles.RoleRoutes,
    v1_productions.VideoSeriesRoutes, v1_productions.ProductionRoutes, v1_productions.BriefRoutes,
    v1_productions.DescriptionRoutes, v1_productions.RevisionRoutes, v1_productions.DeliverableRoutes,
    v1_productions.ActionRoutes,
    v1_billing.BillingRoutes,
    zou_auth.ZouAuthRoutes, zou_auth.ZouTwoFactorRoutes, zou_persons.PersonRoutes,
    zou_departments.DepartmentRoutes, zou_departments.OrganisationRoutes, zou_persons_more.PersonsMoreRoutes,
    zou_files.PreviewFileRoutes, zou_files.OutputFileRoutes, zou_files.AttachmentFileRoutes,
    zou_files.PreviewBackgroundRoutes,
    zou_project_more.ProjectMoreRoutes,
    zou_tasks_more.TasksMoreRoutes,
    zou_projects.ProjectRoutes, zou_tasks.TaskRoutes, zou_casting.CastingRoutes, zou_data.DataRoutes,
    zou_tracking_more.TrackingMoreRoutes, zou_imports.ImportRoutes,
    zou_instances.AssetInstanceRoutes, zou_instances.TeamRoutes, zou_entities_more.EntitiesMoreRoutes,
    fallback.FallbackRoutes,
):
    name = "gateway"

    services = Services(accept_encoded=True)
    auth = Authenticator()
    rate_limits = RateLimits()
    config = Config()

    @property
    def max_body_bytes(self):
        return int(self.config.get("MAX_JSON_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))

    # Every replica keeps its own denylist, so these are broadcast handlers
    # with a queue per replica that goes away with it.
    @event_handler("identity", "session_revoked", handler_type=BROADCAST, reliable_delivery=False)
    def on_session_revoked(self, envelope):
        data = envelope["data"]
        self.auth.revocations.revoke_session(data["session_id"], data["expires_epoch"])

    @event_handler("identity", "user_sessions_revoked", handler_type=BROADCAST, reliable_delivery=False)
    def on_user_sessions_revoked(self, envelope):
        data = envelope["data"]
        self.auth.revocations.revoke_user(data["user_id"], data["revoked_before_epoch"])
