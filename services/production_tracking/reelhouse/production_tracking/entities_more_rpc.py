"""nameko entrypoints for the listings and casting views of ``entities_more``
(what a shot casts, an episode's shots, casting grouped by entity, casting one
asset in several entities, a shot's preview tasks) and of ``otio`` (shots from
an OpenTimelineIO timeline), mixed into
ProductionTrackingService (which provides ``_read`` and ``_write``). Thin.
"""

from nameko.rpc import rpc

# A module, not functions, so tests can monkeypatch the logic.
from . import entities_more, otio


class EntitiesMoreRpc:
    @rpc
    def list_shot_assets(self, shot_id: str) -> list:
        with self._read() as (session, tenant):
            return entities_more.shot_assets(session, tenant, shot_id)

    @rpc
    def list_shot_asset_types(self, shot_id: str) -> list:
        with self._read() as (session, tenant):
            return entities_more.shot_asset_types(session, tenant, shot_id)

    @rpc
    def list_episode_shots(self, episode_id: str, args: dict | None = None, page: int | None = None,
                           limit: int | None = None) -> dict:
        with self._read() as (session, tenant):
            return entities_more.episode_shots(session, tenant, episode_id, args, page, limit)

    @rpc
    def get_grouped_casting(self, project_id: str, scope: str, scope_id: str | None = None) -> dict:
        with self._read() as (session, tenant):
            return entities_more.casting(session, tenant, project_id, scope, scope_id)

    @rpc
    def cast_asset(self, project_id: str, asset_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return entities_more.cast_asset(tx, tenant, project_id, asset_id, payload)

    @rpc
    def list_entity_preview_tasks(self, kind: str, entity_id: str) -> dict:
        with self._read() as (session, tenant):
            return entities_more.entity_preview_tasks(session, tenant, kind, entity_id)

    @rpc
    def import_otio(self, project_id: str, episode_id: str | None, text: str, filename: str,
                    options: dict | None = None) -> dict:
        # once per Idempotency-Key, as the CSV imports: a retried upload answers its first result
        return self._create(otio.import_timeline, project_id, episode_id, text, filename, options)
