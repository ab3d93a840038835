"""nameko entrypoints for time spents, notifications, search filters and
playlists, mixed into ProductionTrackingService (which provides ``_read`` and
``_write``: the tenant, and one transaction per write). Thin: the logic
modules validate and answer.
"""

from nameko.rpc import rpc

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import more_registry as _specs  # noqa: F401  (registers the specs)
from . import notifications, playlists, search_filters, timesheets


class TrackingMoreRpc:
    # -- time spents ------------------------------------------------------------------------------

    @rpc
    def set_time_spent(self, task_id: str, date: str, person_id: str, payload: dict, add: bool = False) -> dict:
        with self._write() as (tx, tenant):
            return timesheets.set_time_spent(tx, tenant, task_id, date, person_id, payload, add)

    @rpc
    def get_task_time_spents(self, task_id: str, date: str | None = None) -> dict:
        with self._read() as (session, tenant):
            return timesheets.task_time_spents(session, tenant, task_id, date)

    @rpc
    def delete_time_spent(self, time_spent_id: str) -> dict:
        with self._write() as (tx, tenant):
            return timesheets.delete_time_spent(tx, tenant, time_spent_id)

    @rpc
    def list_user_time_spents(self, start: str | None = None, end: str | None = None) -> list:
        with self._read() as (session, tenant):
            return timesheets.user_time_spents(session, tenant, start, end)

    # -- the caller's notifications ---------------------------------------------------------------

    @rpc
    def list_user_notifications(self, args: dict | None = None) -> list:
        with self._read() as (session, tenant):
            return notifications.user_notifications(session, tenant, args)

    @rpc
    def get_user_notification(self, notification_id: str) -> dict:
        with self._read() as (session, tenant):
            return notifications.user_notification(session, tenant, notification_id)

    @rpc
    def update_user_notification(self, notification_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return notifications.mark_notification(tx, tenant, notification_id, payload)

    @rpc
    def mark_all_notifications_read(self) -> dict:
        with self._write() as (tx, tenant):
            return notifications.mark_all_read(tx, tenant)

    # -- the caller's search filters --------------------------------------------------------------

    @rpc
    def list_user_filters(self) -> dict:
        with self._read() as (session, tenant):
            return search_filters.user_filters(session, tenant)

    @rpc
    def create_user_filter(self, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return search_filters.create_filter(tx, tenant, payload)

    @rpc
    def update_user_filter(self, filter_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return search_filters.update_filter(tx, tenant, filter_id, payload)

    @rpc
    def delete_user_filter(self, filter_id: str) -> dict:
        with self._write() as (tx, tenant):
            return search_filters.delete_filter(tx, tenant, filter_id)

    # -- playlists --------------------------------------------------------------------------------

    @rpc
    def list_project_playlists(self, project_id: str, episode_id: str | None = None, page=None) -> list:
        with self._read() as (session, tenant):
            return playlists.project_playlists(session, tenant, project_id, episode_id, page)

    @rpc
    def get_project_playlist(self, project_id: str, playlist_id: str) -> dict:
        with self._read() as (session, tenant):
            return playlists.project_playlist(session, tenant, project_id, playlist_id)

    @rpc
    def add_playlist_entities(self, playlist_id: str, entries) -> dict:
        with self._write() as (tx, tenant):
            return playlists.add_entities(tx, tenant, playlist_id, entries)
