"""nameko entrypoints of the production_tracking service: resolve the tenant,
call the logic, return. Every write and its events share one transaction.

The generic ``*_record`` RPCs serve every ``/data/<model>`` route (see
``registry`` for the models); the others answer one whole Zou action each.
"""

from contextlib import contextmanager

from nameko.rpc import rpc

# Imported as a module: `nameko run` starts every service class it finds here.
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.db import Database
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.pagination import Page, zou_listing
from reelhouse.shared.rpc import EncodedResult

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import (  # noqa: F401  (fills REGISTRY)
    bulk,
    crud,
    feed,
    file_links,  # the asset service's Zou files
    kitsu_sync,
    production,
    registry,
    shotgrid,
    tenancy,
)
from . import entities_more_rpc as entities_more  # shot/episode listings, grouped casting, cast_asset
from . import instances_rpc as instances_team  # asset instances, the team, @Full Name mentions
from . import more_rpc as tracking_more  # time spents, notifications, filters, playlists
from . import person_timesheets_rpc as person_timesheets  # a person's time over a period, presence
from . import project_more_rpc as project_more  # budgets, metadata descriptors, quotas, user context
from . import tasks_more_rpc as tasks_more  # comment actions, task listings and batch task actions
from .candidio import rpc as candidio  # a module: nameko run would start a bare mixin class
from .models import Base


class ProductionTrackingService(candidio.CandidioRpc, tracking_more.TrackingMoreRpc, entities_more.EntitiesMoreRpc,
                                project_more.ProjectMoreRpc,
                                instances_team.InstancesAndTeamRpc, tasks_more.TasksMoreRpc,
                                person_timesheets.PersonTimesheetsRpc, base.ServiceBase):
    name = "production_tracking"

    db = Database(Base)
    context = CallContext()

    @contextmanager
    def _read(self):
        with self.db.session() as session:
            yield session, tenancy.resolve(session, self.context.caller)

    @contextmanager
    def _write(self):
        with self.db.transaction() as tx:
            yield tx, tenancy.resolve(tx.session, self.context.caller)

    def _create(self, function, *args):
        """``function(tx, tenant, *args)`` once per Idempotency-Key: a retried
        create answers its first result instead of making a second record."""
        caller = self.context.caller

        def run(tx, *args):
            return function(tx, tenancy.resolve(tx.session, caller), *args)

        return self.db.write(run, *args)

    # -- generic /data/<model> --------------------------------------------------------------------

    @rpc
    def list_records(self, model: str, args: dict | None = None, page: int | None = None,
                     limit: int | None = None, fixed: dict | None = None) -> dict:
        with self._read() as (session, tenant):
            return crud.list_records(session, tenant, model, args, page, limit, fixed)

    @rpc
    def zou_listing(self, model: str, args: dict | None = None, page: int | None = None,
                    limit: int | None = None, fixed: dict | None = None) -> EncodedResult:
        """``list_records`` as the HTTP answer's JSON (bare array or page envelope),
        encoded here once: the gateway passes it to the client as it is."""
        with self._read() as (session, tenant):
            result = crud.list_records(session, tenant, model, args, page, limit, fixed)
        return EncodedResult.of(zou_listing(result["items"], result["total"], Page(page, limit) if page else None),
                                truncated=result["truncated"])

    @rpc
    def get_record(self, model: str, record_id: str, args: dict | None = None) -> dict:
        with self._read() as (session, tenant):
            return crud.get_record(session, tenant, model, record_id, args)

    @rpc
    def create_record(self, model: str, payload: dict) -> dict:
        if model == "comments":
            payload = self._with_named_mentions(payload)  # @Full Name, as the comment actions do
        return self._create(crud.create_record, model, payload)

    @rpc
    def update_record(self, model: str, record_id: str, payload: dict) -> dict:
        if model == "comments":
            return self._update_comment(record_id, payload)  # @Full Name mentions follow the text
        with self._write() as (tx, tenant):
            return crud.update_record(tx, tenant, model, record_id, payload)

    @rpc
    def delete_record(self, model: str, record_id: str, force: bool = False) -> dict:
        with self._write() as (tx, tenant):
            return crud.delete_record(tx, tenant, model, record_id, force)

    # -- projects ---------------------------------------------------------------------------------

    @rpc
    def list_open_projects(self, only_mine: bool = False) -> list:
        with self._read() as (session, tenant):
            return production.open_projects(session, tenant, only_mine)

    @rpc
    def list_project_setting(self, project_id: str, setting: str) -> list:
        with self._read() as (session, tenant):
            return production.list_setting(session, tenant, project_id, setting)

    @rpc
    def list_project_asset_types(self, project_id: str) -> list:
        with self._read() as (session, tenant):
            return production.project_asset_types(session, tenant, project_id)

    @rpc
    def add_project_setting(self, project_id: str, setting: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return production.add_setting(tx, tenant, project_id, setting, payload)

    @rpc
    def remove_project_setting(self, project_id: str, setting: str, target_id: str) -> dict:
        with self._write() as (tx, tenant):
            return production.remove_setting(tx, tenant, project_id, setting, target_id)

    @rpc
    def add_team_member(self, project_id: str, person_id: str, role: str | None = None) -> dict:
        with self._write() as (tx, tenant):
            return production.add_team_member(tx, tenant, project_id, person_id, role)

    @rpc
    def remove_team_member(self, project_id: str, person_id: str) -> dict:
        with self._write() as (tx, tenant):
            return production.remove_team_member(tx, tenant, project_id, person_id)

    # -- entities, tasks, comments ----------------------------------------------------------------

    @rpc
    def create_entity(self, kind: str, project_id: str, payload: dict, asset_type_id: str | None = None) -> dict:
        return self._create(production.create_entity, kind, project_id, payload, asset_type_id)

    @rpc
    def create_entity_tasks(self, entity_id: str, task_type_ids: list) -> list:
        return self._create(production.create_entity_tasks, entity_id, task_type_ids)

    @rpc
    def assign_tasks(self, person_id: str, task_ids: list) -> list:
        with self._write() as (tx, tenant):
            return production.assign_tasks(tx, tenant, person_id, task_ids)

    @rpc
    def list_entity_task_types(self, entity_id: str) -> list:
        with self._read() as (session, tenant):
            return production.entity_task_types(session, tenant, entity_id)

    @rpc
    def list_person_tasks(self, person_id: str | None, done: bool = False) -> list:
        with self._read() as (session, tenant):
            return production.person_tasks(session, tenant, person_id, done)

    @rpc
    def get_task_full(self, task_id: str) -> dict:
        with self._read() as (session, tenant):
            return production.get_task_full(session, tenant, task_id)

    @rpc
    def comment_task(self, task_id: str, payload: dict) -> dict:
        return self._create(production.comment_task, task_id, self._with_named_mentions(payload))

    @rpc
    def batch_comment(self, task_id: str | None, comments) -> list:
        return self._create(production.batch_comment, task_id, self._with_named_mentions_in_batch(comments))

    @rpc
    def list_task_comments(self, task_id: str) -> list:
        with self._read() as (session, tenant):
            return production.task_comments(session, tenant, task_id)

    # -- casting ----------------------------------------------------------------------------------

    @rpc
    def get_casting(self, project_id: str | None, entity_id: str) -> list:
        with self._read() as (session, tenant):
            return production.get_casting(session, tenant, project_id, entity_id)

    @rpc
    def update_casting(self, project_id: str | None, entity_id: str, casting: list) -> list:
        with self._write() as (tx, tenant):
            return production.update_casting(tx, tenant, project_id, entity_id, casting)

    @rpc
    def get_cast_in(self, asset_id: str) -> list:
        with self._read() as (session, tenant):
            return production.cast_in(session, tenant, asset_id)

    @rpc
    def share_assets(self, project_id: str, payload: dict | None, asset_type_id: str | None = None) -> list:
        with self._write() as (tx, tenant):
            return production.share_assets(tx, tenant, project_id, payload, asset_type_id)

    @rpc
    def delete_project_entity_link(self, project_id: str, link_id: str) -> dict:
        with self._write() as (tx, tenant):
            return production.delete_project_entity_link(tx, tenant, project_id, link_id)

    # -- batches for the import service (CSV imports and exports) ----------------------------------

    @rpc
    def import_rows(self, kind: str, project_id: str, rows: list, update_existing: bool = False) -> dict:
        return self._create(bulk.import_rows, kind, project_id, rows, update_existing)

    @rpc
    def export_project(self, project_id: str, what: str, filters: dict | None = None) -> dict:
        with self._read() as (session, tenant):
            return bulk.export_project(session, tenant, project_id, what, filters)

    @rpc
    def export_playlist(self, playlist_id: str) -> dict:
        with self._read() as (session, tenant):
            return bulk.export_playlist(session, tenant, playlist_id)

    # -- Zou files (the asset service's): where they belong, and the comments' projection of them --

    @rpc
    def get_file_context(self, task_id: str | None = None, comment_id: str | None = None,
                         entity_id: str | None = None) -> dict:
        with self._read() as (session, tenant):
            return file_links.file_context(session, tenant, task_id, comment_id, entity_id)

    @rpc
    def set_entity_preview(self, entity_id: str, preview_file_id: str) -> dict:
        with self._write() as (tx, tenant):
            return file_links.set_entity_preview(tx, tenant, entity_id, preview_file_id)

    @reliable_event_handler("asset", "preview_file_created")
    def on_preview_file_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, file_links.preview_file_changed)

    @reliable_event_handler("asset", "preview_file_updated")
    def on_preview_file_updated(self, envelope: dict) -> None:
        self.db.run_once(envelope, file_links.preview_file_changed)

    @reliable_event_handler("asset", "preview_file_deleted")
    def on_preview_file_deleted(self, envelope: dict) -> None:
        self.db.run_once(envelope, file_links.preview_file_deleted)

    @reliable_event_handler("asset", "attachment_file_created")
    def on_attachment_file_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, file_links.attachment_file_created)

    @reliable_event_handler("asset", "attachment_file_deleted")
    def on_attachment_file_deleted(self, envelope: dict) -> None:
        self.db.run_once(envelope, file_links.attachment_file_deleted)

    @rpc
    def import_shotgrid(self, kind: str, records: list) -> dict:
        return self._create(shotgrid.import_records, kind, records)

    @rpc
    def import_kitsu(self, kind: str, records: list) -> dict:
        return self._create(kitsu_sync.import_records, kind, records)

    @rpc
    def remove_shotgrid_record(self, kind: str, shotgun_id: int) -> dict:
        with self._write() as (tx, tenant):
            return shotgrid.remove_record(tx, tenant, kind, shotgun_id)

    # -- events feed ------------------------------------------------------------------------------

    @rpc
    def list_last_events(self, args: dict | None = None) -> list:
        with self._read() as (session, tenant):
            return feed.last_events(session, tenant, args or {})

    # -- the membership projection ----------------------------------------------------------------

    @reliable_event_handler("workspace", "workspace_created")
    def on_workspace_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, tenancy.handle_workspace_created)

    @reliable_event_handler("workspace", "member_added")
    def on_member_added(self, envelope: dict) -> None:
        self.db.run_once(envelope, tenancy.handle_member_added)

    @reliable_event_handler("workspace", "member_role_changed")
    def on_member_role_changed(self, envelope: dict) -> None:
        self.db.run_once(envelope, tenancy.handle_member_role_changed)

    @reliable_event_handler("workspace", "member_removed")
    def on_member_removed(self, envelope: dict) -> None:
        self.db.run_once(envelope, tenancy.handle_member_removed)
