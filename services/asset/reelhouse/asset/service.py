"""nameko entrypoints of the asset service: validate, call the logic, return.

Every write and its events share one transaction (the outbox), through
``self.db.write`` so a retry with the same Idempotency-Key answers the first
result instead of writing twice.
Workspace membership comes from the workspace service's events (a local
projection), so authorizing a request needs no RPC.
"""

from nameko.rpc import rpc
from nameko.timer import timer

# Imported as modules: `nameko run` starts every service class it finds here.
from reelhouse.shared import memberships
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.pagination import page_from
from reelhouse.shared.rpc import Services

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import assets, media, uploads, zou_rpc
from . import person_avatars_rpc as person_avatars  # persons' avatar pictures (identity keeps has_avatar)
from .dependencies import AssetDatabase, Media, Storage
from .members import CUSTOM_ROLES
from .models import Base, WorkspaceMember
from .parents import Parents

# How often every replica looks for abandoned uploads (row locks keep them apart).
SWEEP_INTERVAL_SECONDS = 300


class AssetService(zou_rpc.ZouFileRpc, memberships.MembershipProjection, memberships.CustomRoleProjection,
                   person_avatars.PersonAvatarRpc, base.ServiceBase):
    name = "asset"
    membership = WorkspaceMember  # kept by MembershipProjection's event handlers
    custom_roles = CUSTOM_ROLES  # kept by CustomRoleProjection's

    db = AssetDatabase(Base)
    context = CallContext()
    storage = Storage()
    services = Services()

    def _with_storage(self, function):
        """``function(tx, store, *args)`` as ``db.write`` calls it: ``(tx, *args)``."""
        return lambda tx, *args: function(tx, self.storage, *args)

    def _with_parents(self, function):
        """``function(tx, store, parents, *args)``: writes that check an asset's parent over RPC."""
        return lambda tx, *args: function(tx, self.storage, Parents(self.services), *args)

    # --- uploads ------------------------------------------------------------------

    @rpc
    def create_upload(self, workspace_id: str, payload: dict) -> dict:
        return self.db.write(self._with_storage(uploads.create_upload), self.context.caller, workspace_id, payload)

    @rpc
    def create_public_upload(self, workspace_id: str, production_id: str, payload: dict) -> dict:
        return self.db.write(self._with_parents(uploads.create_public_upload), workspace_id, production_id,
                             payload)

    @rpc
    def get_upload(self, upload_id: str) -> dict:
        with self.db.session() as session:
            return uploads.get_upload(session, self.storage, self.context.caller, upload_id)

    @rpc
    def complete_upload(self, upload_id: str, payload: dict | None = None) -> dict:
        return self.db.write(self._with_storage(uploads.complete_upload), self.context.caller, upload_id, payload)

    @rpc
    def abort_upload(self, upload_id: str) -> dict:
        return self.db.write(self._with_storage(uploads.abort_upload), self.context.caller, upload_id)

    # --- assets ---------------------------------------------------------------------

    # Parents are confirmed over RPC before the write's transaction opens (see assets.register_asset).
    @rpc
    def create_asset(self, payload: dict, workspace_id: str | None = None, production_id: str | None = None) -> dict:
        return assets.register_asset(self.db, self.storage, Parents(self.services), self.context.caller, payload,
                                     workspace_id, production_id)

    @rpc
    def create_public_asset(self, workspace_id: str, production_id: str, payload: dict) -> dict:
        return assets.register_public_asset(self.db, self.storage, Parents(self.services), workspace_id,
                                            production_id, payload)

    @rpc
    def update_asset(self, asset_id: str, payload: dict, workspace_id: str | None = None,
                     production_id: str | None = None) -> dict:
        return assets.change_asset(self.db, self.storage, Parents(self.services), self.context.caller, asset_id,
                                   payload, workspace_id, production_id)

    @rpc
    def get_asset(self, asset_id: str, workspace_id: str | None = None, production_id: str | None = None) -> dict:
        with self.db.session() as session:
            return assets.get_asset(session, self.storage, self.context.caller, asset_id, workspace_id, production_id)

    @rpc
    def list_assets(self, filters: dict | None = None, page=None, limit=None, sort=None, direction=None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return assets.list_assets(session, self.storage, self.context.caller, filters, page, sort, direction)

    @rpc
    def delete_asset(self, asset_id: str, workspace_id: str | None = None, production_id: str | None = None) -> dict:
        return self.db.write(assets.delete_asset, self.context.caller, asset_id, workspace_id, production_id)

    @timer(interval=SWEEP_INTERVAL_SECONDS)
    def sweep_abandoned_uploads(self) -> int:
        return uploads.sweep_abandoned(self.db, self.storage)

    # --- production_tracking's records that assets are uploaded to -------------------------

    def _forget_parent(self, envelope: dict) -> None:
        self.db.run_once(envelope, lambda tx, _data: assets.forget_deleted_parent(tx, envelope))

    @reliable_event_handler("production_tracking", "production_deleted")
    def on_production_deleted(self, envelope: dict) -> None:
        self._forget_parent(envelope)

    @reliable_event_handler("production_tracking", "shot_deleted")
    def on_shot_deleted(self, envelope: dict) -> None:
        self._forget_parent(envelope)

    @reliable_event_handler("production_tracking", "deliverable_deleted")
    def on_deliverable_deleted(self, envelope: dict) -> None:
        self._forget_parent(envelope)

    @reliable_event_handler("production_tracking", "video_series_deleted")
    def on_video_series_deleted(self, envelope: dict) -> None:
        self._forget_parent(envelope)

    # --- own events: deletion (derived media: AssetMediaWorker below) ------------------

    @reliable_event_handler("asset", "asset_deleted")
    def on_asset_deleted(self, envelope: dict) -> None:
        assets.purge_deleted(self.db, self.storage, envelope)


class AssetMediaWorker(zou_rpc.ZouPreviewMedia):
    """Thumbnails and previews, in a container of its own (same process under
    `nameko run reelhouse.asset.service`, or scaled on its queue's length).

    An ffmpeg job holds a worker for seconds to minutes; in AssetService's
    pool, a burst of uploads would leave no worker for the RPCs.
    """

    name = "asset_media"

    db = AssetDatabase(Base)
    storage = Storage()
    media_tools = Media()

    @reliable_event_handler("asset", "asset_created")
    def on_asset_created(self, envelope: dict) -> None:
        media.handle_asset_created(self.db, self.storage, self.media_tools, envelope)
