"""nameko entrypoints of the importer service: CSV imports (through the owning
services' batch RPCs), their job records, and CSV exports."""

import datetime as dt
import logging

from nameko.dependency_providers import Config
from nameko.rpc import rpc
from nameko.timer import timer

# Imported as a module: `nameko run` starts every service class it finds here.
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.db import Database
from reelhouse.shared.errors import BadRequest
from reelhouse.shared.pagination import page_from
from reelhouse.shared.rpc import Services

from . import exports, imports, jobs
from .models import Base
from .schemas import EXPORTS

PT = "production_tracking"
log = logging.getLogger(__name__)

JOB_SWEEP_INTERVAL_SECONDS = 30
# An import ends within about a minute (the owner's batch RPC times out at 55 s): a job running longer
# than this lost its importer.
DEFAULT_JOB_INTERRUPTED_AFTER_SECONDS = 300


class ImporterService(base.ServiceBase):
    name = "importer"

    db = Database(Base)
    context = CallContext()
    services = Services()
    config = Config()

    @rpc
    def import_csv(self, payload: dict) -> dict:
        """``payload``: kind, project_id (project kinds), text (the CSV), update_existing."""
        return imports.run_csv_import(self.db, self.services, self.context.caller, payload)

    @rpc
    def import_shotgrid(self, kind: str, records: list) -> dict:
        """A ShotGrid dump (a JSON list of records) of ``kind``: see ``shotgrid.FIELDS``."""
        return imports.run_json_import(self.db, self.services, self.context.caller, "shotgun", kind, records)

    @rpc
    def import_kitsu(self, kind: str, records: list) -> dict:
        """Another Kitsu's records of ``kind`` (``imports.KITSU_KINDS``), kept with their ids."""
        return imports.run_json_import(self.db, self.services, self.context.caller, "kitsu", kind, records)

    @timer(interval=JOB_SWEEP_INTERVAL_SECONDS)
    def fail_interrupted_jobs(self) -> int:
        """Jobs left ``running`` (the importer stopped mid-request) become ``failed``, reason ``interrupted``."""
        seconds = float(self.config.get("IMPORT_JOB_INTERRUPTED_AFTER_SECONDS")
                        or DEFAULT_JOB_INTERRUPTED_AFTER_SECONDS)
        with self.db.transaction() as tx:
            ended = jobs.fail_interrupted(tx, dt.timedelta(seconds=seconds))
        if ended:
            log.warning("import jobs interrupted (running over %s s): %s", seconds, [job["id"] for job in ended])
        return len(ended)

    @rpc
    def list_import_errors(self, page: int | None = None, limit: int | None = None) -> dict:
        with self.db.session() as session:
            return jobs.list_refused_records(session, self.context.caller, "shotgun", page_from(page, limit))

    @rpc
    def delete_import_error(self, error_id: str) -> dict:
        with self.db.transaction() as tx:
            return jobs.delete_refused_record(tx, self.context.caller, error_id)

    @rpc
    def get_import_job(self, job_id: str) -> dict:
        with self.db.session() as session:
            return jobs.get(session, self.context.caller, job_id)

    @rpc
    def list_import_jobs(self, page: int | None = None, limit: int | None = None) -> dict:
        with self.db.session() as session:
            return jobs.list_mine(session, self.context.caller, page_from(page, limit))

    @rpc
    def export_project_csv(self, project_id: str, what: str, filters: dict | None = None) -> dict:
        """``{"filename", "content"}``: a project's assets, shots or casting as CSV (``filters``: see
        production_tracking's ``export_project``)."""
        if what not in EXPORTS:
            raise BadRequest(f"Unknown export '{what}'.", {"reason": "unknown_export"})
        return exports.project_csv(what, self.services.call(PT, "export_project", project_id, what, filters))

    @rpc
    def export_playlist_csv(self, playlist_id: str) -> dict:
        return exports.playlist_csv(self.services.call(PT, "export_playlist", playlist_id))
