"""Video series (the seed's "Projects"): a production_tracking project plus its /v1 attributes."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Conflict, ValidationFailed
from reelhouse.shared.validation import load

from ..models import Project, ProjectPerson
from . import activity, projects, records
from .access import workspace_access
from .models import AssetLink, Production, VideoSeries
from .references import References
from .schemas import CreateSeriesSchema, UpdateSeriesSchema


def workspace_of(data: dict, context: dict) -> str:
    """The workspace from the URL, else the payload's ``workspace_id`` (then required)."""
    in_url, in_body = context.get("workspace_id"), data.pop("workspace_id", None)
    if in_url:
        if in_body is not None and str(in_body) != str(in_url):
            raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
        return str(in_url)
    if in_body is None:
        raise ValidationFailed(details={"workspace_id": ["Required on this route."]})
    return str(in_body)


def _check(refs: References, access, data: dict) -> None:
    if "internal_notes" in data:
        access.require("internal_notes")
    if data.get("template_id") is not None:
        refs.template(data["template_id"], access.workspace_id)
    if data.get("example_video_id") is not None:
        refs.asset(data["example_video_id"], access.workspace_id, "example_video_id")


def create_series(tx: Transaction, caller: Caller, refs: References, context: dict, payload: dict) -> dict:
    data = load(CreateSeriesSchema, payload)
    access = workspace_access(tx.session, caller, workspace_of(data, context))
    access.require("video_series.create")
    _check(refs, access, data)
    series_id = projects.create_project(tx.session, access.workspace_id, data["title"], access.user_id, "tvshow",
                                        data.get("synopsis"))
    row = VideoSeries(id=series_id, workspace_id=access.workspace_id, created_by=access.user_id, **data)
    tx.session.add(row)
    tx.session.flush()
    activity.record(tx, access, "video_series", "created", row.id)
    return records.series_dict(row)


def update_series(tx: Transaction, caller: Caller, refs: References, series_id, context: dict,
                  payload: dict) -> dict:
    row, access = records.find(tx.session, caller, "video_series", series_id, context, "video_series.update",
                               for_update=True)
    data = load(UpdateSeriesSchema, payload)
    _check(refs, access, data)
    for name, value in data.items():
        setattr(row, name, value)
    if "title" in data:
        projects.rename_project(tx.session, row.id, data["title"])
    tx.session.flush()
    activity.record(tx, access, "video_series", "updated", row.id, {"fields": sorted(data)})
    return records.series_dict(row)


def delete_series(tx: Transaction, caller: Caller, series_id, context: dict) -> dict:
    row, access = records.find(tx.session, caller, "video_series", series_id, context, "video_series.delete",
                               for_update=True)
    count = tx.session.scalar(select(func.count()).select_from(Production).where(Production.series_id == row.id))
    if count:
        # Never delete productions as a side effect: they are moved out or deleted first.
        raise Conflict(f"The series still holds {count} production(s).", {"productions": count})
    tx.session.query(AssetLink).filter(AssetLink.uploadable_type == "video_series",
                                       AssetLink.uploadable_id == row.id).delete()
    tx.session.delete(row)
    tx.session.flush()
    drop_project_if_empty(tx.session, row.id)
    activity.record(tx, access, "video_series", "deleted", row.id)
    return {"id": str(row.id)}


def drop_project_if_empty(session, project_id: uuid.UUID) -> None:
    """Remove the Zou project too, unless /api data (entities, tasks...) hangs off it."""
    from ..models import Entity

    if session.scalar(select(Entity.id).where(Entity.project_id == project_id).limit(1)) is not None:
        return
    try:
        with session.begin_nested():
            session.query(ProjectPerson).filter(ProjectPerson.project_id == project_id).delete()
            session.query(Project).filter(Project.id == project_id).delete()
    except IntegrityError:  # another table still points to it: keep the project
        pass
