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
from . import invites, members, registration, workspaces
from .models import Base


class WorkspaceService(base.ServiceBase):
    name = "workspace"

    db = Database(Base)
    context = CallContext()
    mailer = Mailer()

    @rpc
    def list_workspaces(self, filters: dict | None = None, page=None, limit=None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return workspaces.list_workspaces(session, self.context.caller, filters, page)

    @rpc
    def get_workspace(self, workspace_id: str) -> dict:
        with self.db.session() as session:
            return workspaces.get_workspace(session, self.context.caller, workspace_id)

    @rpc
    def create_workspace(self, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate(), self.db.transaction() as tx:
            return workspaces.create_workspace(tx, self.context.caller, payload)

    @rpc
    def update_workspace(self, workspace_id: str, payload: dict) -> dict:
        with workspaces.conflict_on_duplicate(), self.db.transaction() as tx:
            return workspaces.update_workspace(tx, self.context.caller, workspace_id, payload)

    @rpc
    def delete_workspace(self, workspace_id: str) -> dict:
        with self.db.transaction() as tx:
            return workspaces.delete_workspace(tx, self.context.caller, workspace_id)

    @rpc
    def list_members(self, workspace_id: str) -> dict:
        with self.db.session() as session:
            return members.list_members(session, self.context.caller, workspace_id)

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

    @reliable_event_handler("identity", "user_registered")
    def on_user_registered(self, envelope: dict) -> None:
        self.db.run_once(envelope, registration.handle_user_registered)

    @reliable_event_handler("identity", "user_cancelled")
    def on_user_cancelled(self, envelope: dict) -> None:
        self.db.run_once(envelope, registration.handle_user_cancelled)
