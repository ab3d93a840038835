"""Revisions (change requests on a production) and deliverables (cuts that
Candidio staff deliver, review and the producer rates).

Rules (docs/api-v1.md, Deliverables):
- members with ``revisions.create`` open a revision; ``revisions.update``
  edits its instructions and closes or reopens it (``is_open``);
- deliverables are created, edited and moved through review by staff only:
  uploading -> reviewing -> accepted | rejected, rejected -> uploading,
  reviewing -> uploading; accepting a deliverable that answers a revision
  closes that revision;
- the producer (``deliverables.review``) rates an accepted deliverable.
"""

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.validation import load

from . import activity, records, shots
from .models import AssetLink, Deliverable, Revision
from .schemas import CreateDeliverableSchema, CreateRevisionSchema, UpdateDeliverableSchema, UpdateRevisionSchema

TRANSITIONS = {"uploading": ("reviewing",), "reviewing": ("accepted", "rejected", "uploading"),
               "rejected": ("uploading",), "accepted": ()}


def create_revision(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    data = load(CreateRevisionSchema, payload)
    production, access = shots.production_for(tx.session, caller, context, {}, "revisions.create")
    row = Revision(production_id=production.id, workspace_id=production.workspace_id, created_by=access.user_id,
                   instructions=data.get("instructions"), is_open=True)
    tx.session.add(row)
    tx.session.flush()
    activity.record(tx, access, "revision", "opened", row.id, {"production_id": str(production.id)})
    return records.revision_dict(row)


def _set_open(tx, access, row: Revision, is_open: bool) -> None:
    if row.is_open == is_open:
        return
    row.is_open, row.closed_at = is_open, None if is_open else utcnow()
    activity.record(tx, access, "revision", "reopened" if is_open else "closed", row.id,
                    {"production_id": str(row.production_id)})


def update_revision(tx: Transaction, caller: Caller, revision_id, context: dict, payload: dict) -> dict:
    row, access = records.find(tx.session, caller, "revision", revision_id, context, "revisions.update",
                               for_update=True)
    data = load(UpdateRevisionSchema, payload)
    if "instructions" in data:
        row.instructions = data["instructions"]
        activity.record(tx, access, "revision", "updated", row.id)
    if "is_open" in data:
        _set_open(tx, access, row, data["is_open"])
    tx.session.flush()
    return records.revision_dict(row)


def _revision_of(session, production_id, revision_id):
    if revision_id is None:
        return None
    row = session.get(Revision, revision_id)
    if row is None or row.production_id != production_id:
        raise ValidationFailed(details={"revision_id": ["No such revision of this production."]})
    return row


def create_deliverable(tx: Transaction, caller: Caller, context: dict, payload: dict) -> dict:
    session = tx.session
    data = load(CreateDeliverableSchema, payload)
    in_url = context.get("workspace_id")
    if in_url and data.get("workspace_id") is not None and str(data["workspace_id"]) != str(in_url):
        raise ValidationFailed(details={"workspace_id": ["Differs from the workspace in the URL."]})
    data.pop("workspace_id", None)
    scope = {"workspace_id": in_url} if in_url else {}
    try:
        production, access = records.find(session, caller, "production", data["production_id"], scope)
    except NotFound:  # an unknown production is a bad field, not a missing page
        raise ValidationFailed(details={"production_id": ["No such production in this workspace."]}) from None
    access.require("deliverables.create")
    revision = _revision_of(session, production.id, data.get("revision_id"))
    row = Deliverable(production_id=production.id, workspace_id=production.workspace_id,
                      revision_id=revision.id if revision else None, reviewed_by_id=data.get("reviewed_by_id"),
                      notes_for_producer=data.get("notes_for_producer"), status="uploading",
                      created_by=access.user_id)
    session.add(row)
    session.flush()
    activity.record(tx, access, "deliverable", "created", row.id, {"production_id": str(production.id)})
    return records.deliverable_dict(row)


def update_deliverable(tx: Transaction, caller: Caller, deliverable_id, context: dict, payload: dict) -> dict:
    session = tx.session
    row, access = records.find(session, caller, "deliverable", deliverable_id, context, "deliverables.read",
                               for_update=True)
    data = load(UpdateDeliverableSchema, payload)
    staff_fields = sorted(set(data) - {"rating"})
    if staff_fields:
        access.require("deliverables.update")
    if "revision_id" in data:
        row.revision_id = _revision_of(session, row.production_id, data["revision_id"]).id \
            if data["revision_id"] is not None else None
    for name in ("reviewed_by_id", "notes_for_producer"):
        if name in data:
            setattr(row, name, data[name])
    status = data.get("status")
    if status is not None and status != row.status:
        if status not in TRANSITIONS[row.status]:
            allowed = ", ".join(TRANSITIONS[row.status]) or "nothing (final)"
            raise ValidationFailed(details={"status": [f"A {row.status} deliverable can move to: {allowed}."]})
        before, row.status = row.status, status
        activity.record(tx, access, "deliverable", "status_changed", row.id, {"from": before, "to": status})
        if status == "accepted" and row.revision_id is not None:
            _set_open(tx, access, session.get(Revision, row.revision_id), False)
    if "rating" in data:
        access.require("deliverables.review")
        if row.status != "accepted":
            raise ValidationFailed(details={"rating": ["Only an accepted deliverable can be rated."]})
        row.rating = data["rating"]
        activity.record(tx, access, "deliverable", "rated", row.id, {"rating": row.rating})
    if staff_fields:
        activity.record(tx, access, "deliverable", "updated", row.id, {"fields": staff_fields})
    row.updated_at = utcnow()
    session.flush()
    return records.deliverable_dict(row)


def delete_deliverable(tx: Transaction, caller: Caller, deliverable_id, context: dict) -> dict:
    row, access = records.find(tx.session, caller, "deliverable", deliverable_id, context, "deliverables.delete",
                               for_update=True)
    tx.session.query(AssetLink).filter(AssetLink.uploadable_type == "deliverable",
                                              AssetLink.uploadable_id == row.id).delete()
    tx.session.delete(row)
    tx.session.flush()
    activity.record(tx, access, "deliverable", "deleted", row.id)
    return {"id": str(row.id)}
