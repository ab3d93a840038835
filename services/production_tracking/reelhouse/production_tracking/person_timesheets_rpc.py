"""nameko entrypoints for a person's time spents over a period and the month's
presence, and the handlers that clear time logged inside a day off, mixed into
ProductionTrackingService (which provides ``_read`` and ``db``)."""

from nameko.rpc import rpc

from reelhouse.shared.events import reliable_event_handler

# A module, not functions, so tests can monkeypatch the logic.
from . import person_timesheets


class PersonTimesheetsRpc:
    @rpc
    def list_person_time_spents(self, person_id: str, start: str | None = None, end: str | None = None) -> list:
        with self._read() as (session, tenant):
            return person_timesheets.time_spents_range(session, tenant, person_id, start, end)

    @rpc
    def list_person_day_time_spents(self, person_id: str, day: str) -> list:
        with self._read() as (session, tenant):
            return person_timesheets.day_time_spents(session, tenant, person_id, day)

    @rpc
    def list_person_month_time_spents(self, person_id: str, year, month) -> list:
        with self._read() as (session, tenant):
            return person_timesheets.month_all_time_spents(session, tenant, person_id, year, month)

    @rpc
    def aggregate_person_time_spents(self, person_id: str, kind: str, year, number=None) -> list:
        with self._read() as (session, tenant):
            return person_timesheets.aggregated_time_spents(session, tenant, person_id, kind, year, number)

    @rpc
    def get_month_presence(self, year, month) -> dict:
        with self._read() as (session, tenant):
            return person_timesheets.month_presence(session, tenant, year, month)

    @reliable_event_handler("identity", "day_off_created")
    def on_day_off_created(self, envelope: dict) -> None:
        self.db.run_once(envelope, person_timesheets.clear_day_off)

    @reliable_event_handler("identity", "day_off_updated")
    def on_day_off_updated(self, envelope: dict) -> None:
        self.db.run_once(envelope, person_timesheets.clear_day_off)
