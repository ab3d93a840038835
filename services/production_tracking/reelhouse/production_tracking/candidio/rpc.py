"""nameko entrypoints of the /v1 production API, mixed into ProductionTrackingService.

Thin: resolve nothing, validate nothing here; the logic modules do both.
Writes and their events (and action rows) share one transaction.
"""

from nameko.rpc import rpc

from reelhouse.shared import memberships
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.pagination import page_from
from reelhouse.shared.rpc import Services

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import activity, api, people, productions, shots
from .models import WorkspaceMemberRole, WorkspaceRole
from .references import References


class CandidioRpc(memberships.CustomRoleProjection):
    services = Services()
    custom_roles = (WorkspaceRole, WorkspaceMemberRole)  # kept by CustomRoleProjection's handlers

    @rpc
    def list_v1_records(self, kind: str, context: dict | None = None, filters: dict | None = None, page=None,
                        limit=None, options: dict | None = None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return api.list_records(session, self.context.caller, kind, context, filters, page, options)

    @rpc
    def get_v1_record(self, kind: str, record_id: str, context: dict | None = None,
                      include: list | None = None) -> dict:
        with self.db.session() as session:
            return api.get_record(session, self.context.caller, kind, record_id, context, include)

    @rpc
    def create_v1_record(self, kind: str, context: dict | None, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return api.create_record(tx, self.context.caller, References(self.services), kind, context, payload)

    @rpc
    def update_v1_record(self, kind: str, record_id: str, context: dict | None, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return api.update_record(tx, self.context.caller, References(self.services), kind, record_id, context,
                                     payload)

    @rpc
    def delete_v1_record(self, kind: str, record_id: str, context: dict | None = None) -> dict:
        with self.db.transaction() as tx:
            return api.delete_record(tx, self.context.caller, kind, record_id, context)

    @rpc
    def attach_shot_asset(self, workspace_id: str, asset_id: str, shot_id: str) -> dict:
        with self.db.transaction() as tx:
            return shots.attach_asset(tx, self.context.caller, References(self.services), workspace_id, asset_id,
                                      shot_id)

    @rpc
    def detach_shot_asset(self, workspace_id: str, asset_id: str, shot_id: str) -> dict:
        with self.db.transaction() as tx:
            return shots.detach_asset(tx, self.context.caller, workspace_id, asset_id, shot_id)

    @rpc
    def list_v1_user_relations(self, user_ids: list, relations: list) -> dict:
        with self.db.session() as session:
            return people.user_relations(session, self.context.caller, user_ids, relations)

    # -- no token ----------------------------------------------------------------------------------

    @rpc
    def get_public_production(self, production_id: str) -> dict:
        with self.db.session() as session:
            return productions.public_production(session, production_id)

    @rpc
    def list_public_shots(self, workspace_id: str, production_id: str, page=None, limit=None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return productions.public_shots(session, workspace_id, production_id, page)

    # -- the activity log, fed by other services' events ---------------------------------------------

    @reliable_event_handler("asset", "asset_created")
    def on_v1_asset_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, activity.handle_asset_created)

    @reliable_event_handler("asset", "asset_updated")
    def on_v1_asset_updated(self, envelope: dict) -> None:
        self.db.run_once(envelope, activity.handle_asset_updated)

    @reliable_event_handler("asset", "asset_deleted")
    def on_v1_asset_deleted(self, envelope: dict) -> None:
        self.db.run_once(envelope, activity.handle_asset_deleted)

    @reliable_event_handler("workspace", "member_added")
    def on_v1_member_added(self, envelope: dict) -> None:
        self.db.run_once(envelope, activity.handle_member_added)
