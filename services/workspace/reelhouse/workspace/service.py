"""nameko entrypoints of the workspace service: validate, call the logic, return.

Every write and its events share one ``self.db.transaction()`` (the outbox).
"""

from nameko.rpc import rpc

# Imported as a module: `nameko run` starts every service class it finds here.
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.db import Database
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.mail import Mailer
from reelhouse.shared.pagination import page_from

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import billing_projection, catalog, invites, members, registration, roles, workspaces
from .models import Base


class WorkspaceService(billing_projection.BillingProjection, base.ServiceBase):
    name = "workspace"

    db = Database(Base)
    context = CallContext()
    mailer = Mailer()

    @rpc
    def list_workspaces(self, filters: dict | None = None, page=None, limit=None, include: list | None = None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            result = workspaces.list_workspaces(session, self.context.caller, filters, page)
            catalog.include_on_workspaces(session, self.context.caller, result["items"], include)
            return result

    @rpc
    def get_workspace(self, workspace_id: str, include: list | None = None) -> dict:
        with self.db.session() as session:
            record = workspaces.get_workspace(session, self.context.caller, workspace_id)
            catalog.include_on_workspaces(session, self.context.caller, [record], include)
            return record

    @rpc
    def create_workspace(self, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate():
            return self.db.write(workspaces.create_workspace, self.context.caller, payload)

    @rpc
    def update_workspace(self, workspace_id: str, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate(), self.db.transaction() as tx:
            return workspaces.update_workspace(tx, self.context.caller, workspace_id, payload)

    @rpc
    def delete_workspace(self, workspace_id: str) -> dict:
        with self.db.transaction() as tx:
            return workspaces.delete_workspace(tx, self.context.caller, workspace_id)

    @rpc
    def list_members(self, workspace_id: str, page=None, limit=None) -> dict:
        with self.db.session() as session:
            return members.list_members(session, self.context.caller, workspace_id, page_from(page, limit))

    @rpc
    def create_invite(self, workspace_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            invite, workspace = invites.create_invite(tx, self.context.caller, workspace_id, payload)
        invites.mail_invite(self.mailer, invite, workspace)
        return invite

    @rpc
    def get_invite(self, token: str) -> dict:
        with self.db.session() as session:
            return invites.get_invite(session, token)

    @rpc
    def accept_invite(self, token: str) -> dict:
        with workspaces.conflict_on_duplicate(invites.ALREADY_MEMBER), self.db.transaction() as tx:
            return invites.accept_invite(tx, self.context.caller, token)

    # -- roles and permissions (roles.py) --

    @rpc
    def list_permissions(self) -> dict:
        return roles.list_permissions()

    @rpc
    def list_roles(self, workspace_id: str, page=None, limit=None) -> dict:
        with self.db.session() as session:
            return roles.list_roles(session, self.context.caller, workspace_id, page_from(page, limit))

    @rpc
    def get_role(self, workspace_id: str, role_id: str) -> dict:
        with self.db.session() as session:
            return roles.get_role(session, self.context.caller, workspace_id, role_id)

    @rpc
    def create_role(self, workspace_id: str, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate("A role with this name already exists."), self.db.transaction() as tx:
            return roles.create_role(tx, self.context.caller, workspace_id, payload)

    @rpc
    def update_role(self, workspace_id: str, role_id: str, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate("A role with this name already exists."), self.db.transaction() as tx:
            return roles.update_role(tx, self.context.caller, workspace_id, role_id, payload)

    @rpc
    def delete_role(self, workspace_id: str, role_id: str) -> dict:
        with self.db.transaction() as tx:
            return roles.delete_role(tx, self.context.caller, workspace_id, role_id)

    @rpc
    def assign_role(self, workspace_id: str, user_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return roles.assign_role(tx, self.context.caller, workspace_id, user_id, payload)

    @rpc
    def remove_member(self, workspace_id: str, user_id: str) -> dict:
        with self.db.transaction() as tx:
            return roles.remove_membership(tx, self.context.caller, workspace_id, user_id)

    @rpc
    def get_member_access(self, workspace_id: str, user_id: str) -> dict:
        with self.db.session() as session:
            return roles.get_member_access(session, self.context.caller, workspace_id, user_id)

    # -- catalogue: industries, template types (catalog.py) --

    @rpc
    def list_industries(self, page=None, limit=None, options: dict | None = None) -> dict:
        with self.db.session() as session:
            return catalog.list_global(session, self.context.caller, "industry", page_from(page, limit), options)

    @rpc
    def get_industry(self, industry_id: str, include: list | None = None) -> dict:
        with self.db.session() as session:
            return catalog.get_global(session, self.context.caller, "industry", industry_id, include)

    @rpc
    def create_industry(self, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.create_global(tx, self.context.caller, "industry", payload)

    @rpc
    def update_industry(self, industry_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.update_global(tx, self.context.caller, "industry", industry_id, payload)

    @rpc
    def delete_industry(self, industry_id: str) -> dict:
        with self.db.transaction() as tx:
            return catalog.delete_global(tx, self.context.caller, "industry", industry_id)

    @rpc
    def list_template_types(self, page=None, limit=None, options: dict | None = None) -> dict:
        with self.db.session() as session:
            return catalog.list_global(session, self.context.caller, "template_type", page_from(page, limit), options)

    @rpc
    def get_template_type(self, template_type_id: str, include: list | None = None) -> dict:
        with self.db.session() as session:
            return catalog.get_global(session, self.context.caller, "template_type", template_type_id, include)

    @rpc
    def create_template_type(self, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.create_global(tx, self.context.caller, "template_type", payload)

    @rpc
    def update_template_type(self, template_type_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.update_global(tx, self.context.caller, "template_type", template_type_id, payload)

    @rpc
    def delete_template_type(self, template_type_id: str) -> dict:
        with self.db.transaction() as tx:
            return catalog.delete_global(tx, self.context.caller, "template_type", template_type_id)

    # -- catalogue: templates and template collections (catalog.py) --

    @rpc
    def list_templates(self, filters: dict | None = None, page=None, limit=None, options: dict | None = None,
                       workspace_id: str | None = None, public: bool = False) -> dict:
        with self.db.session() as session:
            return catalog.list_templates(session, self.context.caller, filters, page_from(page, limit), options,
                                          workspace_id=workspace_id, public=bool(public))

    @rpc
    def get_template(self, template_id: str, workspace_id: str | None = None, include: list | None = None) -> dict:
        """The whole template with its blueprint; with ``workspace_id``, only if usable there."""
        with self.db.session() as session:
            return catalog.get_template(session, self.context.caller, template_id, workspace_id, include)

    @rpc
    def create_template(self, payload: dict, workspace_id: str | None = None) -> dict:
        with self.db.transaction() as tx:
            return catalog.create_template(tx, self.context.caller, payload, workspace_id)

    @rpc
    def update_template(self, template_id: str, payload: dict, workspace_id: str | None = None) -> dict:
        with self.db.transaction() as tx:
            return catalog.update_template(tx, self.context.caller, template_id, payload, workspace_id)

    @rpc
    def delete_template(self, template_id: str, workspace_id: str | None = None) -> dict:
        with self.db.transaction() as tx:
            return catalog.delete_template(tx, self.context.caller, template_id, workspace_id)

    @rpc
    def list_template_collections(self, page=None, limit=None, options: dict | None = None) -> dict:
        with self.db.session() as session:
            return catalog.list_collections(session, self.context.caller, page_from(page, limit), options)

    @rpc
    def get_template_collection(self, collection_id: str, include: list | None = None) -> dict:
        with self.db.session() as session:
            return catalog.get_collection(session, self.context.caller, collection_id, include)

    @rpc
    def get_workspace_template_collection(self, workspace_id: str, include: list | None = None) -> dict:
        with self.db.session() as session:
            return catalog.get_workspace_collection(session, self.context.caller, workspace_id, include)

    @rpc
    def create_template_collection(self, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.create_collection(tx, self.context.caller, payload)

    @rpc
    def update_template_collection(self, collection_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return catalog.update_collection(tx, self.context.caller, collection_id, payload)

    @rpc
    def delete_template_collection(self, collection_id: str) -> dict:
        with self.db.transaction() as tx:
            return catalog.delete_collection(tx, self.context.caller, collection_id)

    @reliable_event_handler("identity", "user_registered")
    def on_user_registered(self, envelope: dict) -> None:
        self.db.run_once(envelope, registration.handle_user_registered)

    @reliable_event_handler("identity", "person_created")
    def on_person_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, registration.handle_person_created)

    @reliable_event_handler("identity", "user_cancelled")
    def on_user_cancelled(self, envelope: dict) -> None:
        self.db.run_once(envelope, registration.handle_user_cancelled)
