"""Productions: create (plain, from a template, or as a clone), update with the
status workflow and its snapshots, delete, and the public read.

A production is a production_tracking project of its own (same UUID), linked
to its video series, if any, by ``series_id``; its shots are that project's
``Shot`` entities (see shots.py), so moving a production between series moves
nothing in the Zou model.
"""

import uuid

from sqlalchemy import func, select

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import activity, projects, records, series, shots
from .access import workspace_access
from .models import AssetLink, Brief, Deliverable, Production, Revision, Shot, Snapshot, VideoSeries
from .references import References
from .schemas import STATUSES, CreateProductionSchema, TemplateBlobSchema, UpdateProductionSchema

PUBLIC_NOT_FOUND = "Production not found."
COPIED = ("allow_public_upload", "allow_public_shotlist", "goal_date", "series_id", "template_id")


def _series_in(session, workspace_id, series_id) -> uuid.UUID | None:
    if series_id is None:
        return None
    row = session.get(VideoSeries, uuid.UUID(str(series_id)))
    if row is None or row.workspace_id != workspace_id:
        raise ValidationFailed(details={"project_id": ["No such video series in this workspace."]})
    return row.id


def _blueprint(template: dict) -> dict:
    try:
        return load(TemplateBlobSchema, template.get("template") or {})
    except ValidationFailed as error:
        # A blueprint the workspace service accepted but this one cannot read: a contract bug, say so.
        raise ValidationFailed("The template's blueprint is not usable.",
                               {"template_id": [str(error.details)]}) from None


def create_production(tx: Transaction, caller: Caller, refs: References, context: dict, payload: dict) -> dict:
    session = tx.session
    data = load(CreateProductionSchema, payload)
    access = workspace_access(session, caller, series.workspace_of(data, context))
    access.require("productions.create")
    status = data.pop("status", "planning")
    if status != "planning" and not access.can("productions.set_status"):
        raise Forbidden("Only administrators may set a production's status.",
                        {"status": ["Only administrators may set a production's status."]})
    if context.get("series_id"):
        # Held, not discarded: _series_in below then finds it in the session (its identity map is weak).
        series_row, _ = records.find(session, caller, "video_series", context["series_id"],
                                     {"workspace_id": access.workspace_id})
        if data.get("project_id") is not None and str(data["project_id"]) != str(context["series_id"]):
            raise ValidationFailed(details={"project_id": ["Differs from the video series in the URL."]})
        data["project_id"] = context["series_id"]
    brief, shot_list, attrs = None, [], {}
    if "template_id" in data:
        template = refs.template(data["template_id"], access.workspace_id)
        blueprint = _blueprint(template)
        attrs = dict(blueprint.get("production") or {})
        attrs.setdefault("title", template.get("name") or "Untitled")
        brief = blueprint.get("brief")
        shot_list = [{"shot_type": s["type"], "fields": s.get("shot_fields") or {}, "assets": []}
                     for s in blueprint.get("descriptions") or []]
        attrs["template_id"] = data["template_id"]
    elif "production_id" in data:
        source, _ = records.find(session, caller, "production", data["production_id"],
                                 {"workspace_id": access.workspace_id})
        attrs = {name: getattr(source, name) for name in COPIED}
        attrs["title"] = f"{source.title} (copy)"[:255]
        brief, shot_list = _content_of(session, source.id)
    if "project_id" in data:
        attrs["series_id"] = _series_in(session, access.workspace_id, data["project_id"])
    for name in ("title", "allow_public_upload", "allow_public_shotlist", "goal_date"):
        if name in data:
            attrs[name] = data[name]
    production_id = projects.create_project(session, access.workspace_id, attrs["title"], access.user_id, "short")
    row = Production(id=production_id, workspace_id=access.workspace_id, created_by=access.user_id, status=status,
                     **attrs)
    session.add(row)
    session.flush()
    if brief:
        session.add(Brief(production_id=row.id, workspace_id=row.workspace_id, created_by=access.user_id,
                          **{**brief, "meta": brief.get("meta") or {}}))
    shots.add_many(session, access, row, shot_list)
    activity.record(tx, access, "production", "created", row.id,
                    {"template_id": str(data["template_id"]) if "template_id" in data else None,
                     "cloned_from": str(data["production_id"]) if "production_id" in data else None})
    return records.records_of(session, "production", [row], None)[0]


def _content_of(session, production_id) -> tuple[dict | None, list[dict]]:
    """A production's latest brief and shot list (with attached assets), for cloning."""
    latest = session.scalar(select(Brief).where(Brief.production_id == production_id)
                            .order_by(Brief.created_at.desc(), Brief.id.desc()).limit(1))
    brief = None
    if latest is not None:
        brief = {name: getattr(latest, name) for name in
                 ("purpose", "purpose_because", "description", "end_screen", "instructions", "meta")}
    rows = session.scalars(select(Shot).where(Shot.production_id == production_id)
                           .order_by(Shot.position, Shot.id)).all()
    links = {}
    if rows:
        for link in session.scalars(select(AssetLink).where(AssetLink.uploadable_type == "description",
                                                            AssetLink.uploadable_id.in_([r.id for r in rows]))):
            links.setdefault(link.uploadable_id, []).append(link.asset_id)
    return brief, [{"shot_type": r.shot_type, "fields": dict(r.fields or {}), "assets": links.get(r.id, [])}
                   for r in rows]


def _snapshot(session, row: Production, before: str, user_id) -> None:
    state = records.production_dict(row)
    state.pop("_kind")
    state["brief_count"] = session.scalar(select(func.count()).select_from(Brief)
                                          .where(Brief.production_id == row.id))
    state["shot_count"] = session.scalar(select(func.count()).select_from(Shot).where(Shot.production_id == row.id))
    session.add(Snapshot(production_id=row.id, workspace_id=row.workspace_id, from_status=before,
                         to_status=row.status, state=state, created_by=user_id))


def update_production(tx: Transaction, caller: Caller, production_id, context: dict, payload: dict) -> dict:
    session = tx.session
    row, access = records.find(session, caller, "production", production_id, context, "productions.update",
                               for_update=True)
    data = load(UpdateProductionSchema, payload)
    status = data.pop("status", None)
    if status is not None and status != row.status:
        if not access.can("productions.set_status"):
            raise Forbidden("Only administrators may set a production's status.",
                            {"status": ["Only administrators may set a production's status."]})
        if status not in STATUSES[row.status]:
            raise ValidationFailed(details={"status": [
                f"A {row.status} production can move to: {', '.join(STATUSES[row.status])}."]})
    if "project_id" in data:
        data["series_id"] = _series_in(session, row.workspace_id, data.pop("project_id"))
    for name, value in data.items():
        setattr(row, name, value)
    if "title" in data:
        projects.rename_project(session, row.id, data["title"])
    if status is not None and status != row.status:
        before, row.status = row.status, status
        if status == "submitted":
            now = utcnow()
            row.first_submitted_at = row.first_submitted_at or now
            row.last_submitted_at = now
        row.updated_at = utcnow()
        session.flush()
        _snapshot(session, row, before, access.user_id)
        activity.record(tx, access, "production", "status_changed", row.id, {"from": before, "to": status})
    session.flush()
    if data:
        activity.record(tx, access, "production", "updated", row.id, {"fields": sorted(data)})
    return records.records_of(session, "production", [row], None)[0]


def delete_production(tx: Transaction, caller: Caller, production_id, context: dict) -> dict:
    session = tx.session
    row, access = records.find(session, caller, "production", production_id, context, "productions.delete",
                               for_update=True)
    # The records going with it that assets may be uploaded to: the event names them, so the
    # asset service can clear those assets' parent.
    removed = {kind: [str(i) for i in session.scalars(select(model.id).where(model.production_id == row.id))]
               for kind, model in (("description", Shot), ("revision", Revision), ("deliverable", Deliverable))}
    for shot in session.scalars(select(Shot).where(Shot.production_id == row.id)).all():
        shots.remove(session, shot)
    session.query(AssetLink).filter(AssetLink.uploadable_id == row.id).delete()
    for model in (Deliverable, Revision, Brief, Snapshot):
        session.query(model).filter(model.production_id == row.id).delete()
    session.delete(row)
    session.flush()
    series.drop_project_if_empty(session, row.id)
    activity.record(tx, access, "production", "deleted", row.id, {"removed": removed})
    return {"id": str(row.id)}


def public_production(session, production_id, include=None) -> dict:
    """No token: only a production that allows public uploads, and nothing it relates to."""
    try:
        row = session.get(Production, uuid.UUID(str(production_id)))
    except ValueError:
        row = None
    if row is None or not row.allow_public_upload:
        raise NotFound(PUBLIC_NOT_FOUND)
    return records.production_dict(row)


def public_shots(session, workspace_id, production_id, page) -> dict:
    """No token: the shot list of a production that allows it, while it is still in planning."""
    from reelhouse.shared.pagination import paginate

    try:
        row = session.get(Production, uuid.UUID(str(production_id)))
    except ValueError:
        row = None
    if (row is None or str(row.workspace_id) != str(workspace_id) or not row.allow_public_shotlist
            or row.status != "planning"):
        raise NotFound(PUBLIC_NOT_FOUND)
    rows, total = paginate(select(Shot).where(Shot.production_id == row.id).order_by(Shot.position, Shot.id),
                           page, session)
    return {"items": [records.shot_dict(r) for r in rows], "total": total}
