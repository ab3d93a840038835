"""The preview background files a project offers its reviewers (Zou's
``/data/projects/<p>/settings/preview-background-files``).

The files are the asset service's; a project keeps only their ids. The
gateway checks with the asset service that a file exists in the workspace
before linking it, and reads the files for a listing; a file the asset
service deletes leaves every project's settings (``preview_background_file_deleted``).
"""

import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import MalformedId, ValidationFailed
from reelhouse.shared.ids import parse_uuid

from . import crud, feed, permissions
from .crud import REGISTRY, Relation
from .models_project_more import ProjectPreviewBackgroundFile as Link
from .tenancy import Tenant


def _project(session: Session, tenant: Tenant, project_id):
    return crud.load_row(session, tenant, crud.spec_for("projects"), project_id)


def background_ids(session: Session, tenant: Tenant, project_id) -> list[str]:
    project = _project(session, tenant, project_id)
    return [str(i) for i in session.scalars(select(Link.preview_background_file_id).where(
        Link.project_id == project.id).order_by(Link.preview_background_file_id))]


def _changed(tx: Transaction, tenant: Tenant, project) -> dict:
    tx.session.flush()
    item = crud.serialize(tx.session, crud.spec_for("projects"), [project])[0]
    feed.record(tx, tenant, "project_updated", "project:update", {"project_id": item["id"], "id": item["id"]},
                project_id=project.id)
    return item


def add(tx: Transaction, tenant: Tenant, project_id, payload) -> dict:
    """Offer a background file in a project; answers the project (``preview_background_files``)."""
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    value = payload.get("preview_background_file_id") if isinstance(payload, dict) else None
    if value is None:
        raise ValidationFailed(details={"preview_background_file_id": ["Missing data for required field."]})
    try:
        background_id = uuid.UUID(parse_uuid(value))
    except MalformedId:
        raise ValidationFailed(details={"preview_background_file_id": ["Malformed ID."]}) from None
    if tx.session.get(Link, (project.id, background_id)) is None:
        tx.session.add(Link(project_id=project.id, preview_background_file_id=background_id,
                            workspace_id=tenant.workspace_id))
    return _changed(tx, tenant, project)


def remove(tx: Transaction, tenant: Tenant, project_id, background_id) -> dict:
    project = _project(tx.session, tenant, project_id)
    permissions.require(tenant, permissions.MANAGE_SETTINGS, project.id)
    tx.session.execute(delete(Link).where(Link.project_id == project.id,
                                          Link.preview_background_file_id == uuid.UUID(parse_uuid(background_id))))
    return _changed(tx, tenant, project)


def background_deleted(tx: Transaction, data: dict) -> None:
    """``preview_background_file_deleted`` (asset service): no project offers it any more."""
    tx.session.execute(delete(Link).where(Link.workspace_id == uuid.UUID(data["workspace_id"]),
                                          Link.preview_background_file_id == uuid.UUID(data["id"])))


# A project shows the ids, as Zou's project does; they are written through the settings route only.
REGISTRY["projects"].relations["preview_background_files"] = Relation(
    Link, "project_id", "preview_background_file_id", writable=False)
