"""nameko entrypoints for a project's budgets, metadata descriptors, preview
background files, quotas and gazu's user-context listings, mixed into
ProductionTrackingService (which provides ``_read``, ``_write`` and
``_create``). Thin: the logic modules validate and answer.

The ``*_project_record`` RPCs are the generic engine under a project's routes
(``/data/projects/<p>/budgets/<b>/entries/<e>``): ``fixed`` names the columns
the route fixes (the project, the budget); a record whose columns differ is a
404, as if it did not exist.
"""

import uuid

from nameko.rpc import rpc

from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.ids import parse_uuid

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import (
    budgets,  # noqa: F401  (registers budgets and budget entries)
    crud,
    metadata_descriptors,
    project_backgrounds,
    quotas,
    user_context,
)


def _fixed(values: dict | None) -> dict:
    return {key: uuid.UUID(parse_uuid(value)) for key, value in (values or {}).items()}


def _check_route(session, tenant, fixed: dict) -> None:
    """The route's project is one the caller sees, and its budget one of that project's; else 404."""
    project = crud.load_row(session, tenant, crud.spec_for("projects"), fixed["project_id"])
    if "budget_id" in fixed:
        metadata_descriptors.load_in(session, tenant, crud.spec_for("budgets"), fixed["budget_id"],
                                     {"project_id": project.id})


def _create_in(tx, tenant, model: str, fixed: dict, payload) -> dict:
    fixed = _fixed(fixed)
    _check_route(tx.session, tenant, fixed)
    return crud.create_record(tx, tenant, model, payload, fixed)


class ProjectMoreRpc:
    # -- records under a project's routes ---------------------------------------------------------

    @rpc
    def zou_project_listing(self, model: str, fixed: dict, args: dict | None = None, page: int | None = None,
                            limit: int | None = None):
        """``zou_listing`` under a project's route: 404 for a project (or budget) the caller cannot see."""
        with self._read() as (session, tenant):
            _check_route(session, tenant, _fixed(fixed))
        return self.zou_listing(model, args, page, limit, fixed)

    @rpc
    def create_project_record(self, model: str, fixed: dict, payload) -> dict:
        return self._create(_create_in, model, fixed, payload)

    @rpc
    def get_project_record(self, model: str, record_id: str, fixed: dict) -> dict:
        with self._read() as (session, tenant):
            spec = crud.spec_for(model)
            row = metadata_descriptors.load_in(session, tenant, spec, record_id, _fixed(fixed))
            return crud.serialize(session, spec, [row])[0]

    @rpc
    def update_project_record(self, model: str, record_id: str, fixed: dict, payload) -> dict:
        with self._write() as (tx, tenant):
            row = metadata_descriptors.load_in(tx.session, tenant, crud.spec_for(model), record_id, _fixed(fixed))
            return crud.update_record(tx, tenant, model, row.id, payload)

    @rpc
    def delete_project_record(self, model: str, record_id: str, fixed: dict) -> dict:
        with self._write() as (tx, tenant):
            if model == "metadata-descriptors":
                return metadata_descriptors.remove(tx, tenant, record_id, _fixed(fixed))
            row = metadata_descriptors.load_in(tx.session, tenant, crud.spec_for(model), record_id, _fixed(fixed))
            return crud.delete_record(tx, tenant, model, row.id, force=True)

    # -- metadata descriptors ---------------------------------------------------------------------

    @rpc
    def reorder_metadata_descriptors(self, project_id: str, payload) -> list:
        with self._write() as (tx, tenant):
            return metadata_descriptors.reorder(tx, tenant, project_id, payload)

    # -- preview background files of a project ----------------------------------------------------

    @rpc
    def list_project_preview_background_ids(self, project_id: str) -> list:
        with self._read() as (session, tenant):
            return project_backgrounds.background_ids(session, tenant, project_id)

    @rpc
    def add_project_preview_background(self, project_id: str, payload) -> dict:
        with self._write() as (tx, tenant):
            return project_backgrounds.add(tx, tenant, project_id, payload)

    @rpc
    def remove_project_preview_background(self, project_id: str, background_id: str) -> dict:
        with self._write() as (tx, tenant):
            return project_backgrounds.remove(tx, tenant, project_id, background_id)

    @reliable_event_handler("asset", "preview_background_file_deleted")
    def on_preview_background_file_deleted(self, envelope: dict) -> None:
        self.db.run_once(envelope, project_backgrounds.background_deleted)

    # -- quotas -----------------------------------------------------------------------------------

    @rpc
    def get_project_quotas(self, project_id: str, task_type_id: str) -> dict:
        with self._read() as (session, tenant):
            return quotas.project_quotas(session, tenant, project_id, task_type_id)

    @rpc
    def get_project_person_quotas(self, project_id: str, person_id: str) -> dict:
        with self._read() as (session, tenant):
            return quotas.person_quotas(session, tenant, project_id, person_id)

    # -- gazu's user context ----------------------------------------------------------------------

    @rpc
    def list_user_context(self, listing: str, owner_id: str, asset_type_id: str | None = None) -> list:
        with self._read() as (session, tenant):
            return user_context.listing(session, tenant, listing, owner_id, asset_type_id)
