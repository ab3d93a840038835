"""The activity log (/v1 actions): one row per domain event.

This service's own changes write their action row in the same transaction
as the change and its outbox event (:func:`record`); other services' events
reach the log through handlers (:func:`handle_asset_event`), applied at most
once per event by ``run_once``.
"""

import uuid

from reelhouse.shared.db import Transaction

from .access import Access
from .models import Action, AssetLink

# Event and actionable-type names per kind (the actionable types are the /v1 kinds).
EVENT_STEMS = {"video_series": "video_series", "production": "production", "brief": "brief",
               "description": "shot", "revision": "revision", "deliverable": "deliverable"}


def record(tx: Transaction, access: Access, kind: str, verb: str, record_id, data: dict | None = None) -> None:
    """Emit ``<stem>_<verb>`` and log it, in the caller's transaction."""
    # "id" too: the same events of the Zou dialect (crud.emit) carry it, and
    # consumers (the asset service's cleanup of a deleted shot) read either.
    body = {f"{EVENT_STEMS[kind]}_id": str(record_id), "id": str(record_id),
            "workspace_id": str(access.workspace_id), **(data or {})}
    envelope = tx.emit(f"{EVENT_STEMS[kind]}_{verb}", body)
    tx.session.add(Action(workspace_id=access.workspace_id, user_id=access.user_id,
                          verb=f"{EVENT_STEMS[kind]}_{verb}", actionable_type=kind,
                          actionable_id=uuid.UUID(str(record_id)), data={"event_id": envelope["event_id"], **body}))


def handle_asset_created(tx: Transaction, data: dict) -> None:
    """``asset.asset_created``: log it; link it when it was uploaded to one of our records."""
    workspace_id, asset_id = uuid.UUID(data["workspace_id"]), uuid.UUID(data["asset_id"])
    user_id = uuid.UUID(data["created_by"]) if data.get("created_by") else None
    tx.session.add(Action(workspace_id=workspace_id, user_id=user_id, verb="asset_created",
                          actionable_type="asset", actionable_id=asset_id, data=dict(data)))
    # The asset's own parent (production, shot, revision...), when it was uploaded to one.
    kind, target = data.get("uploadable_type"), data.get("uploadable_id")
    if kind and target:
        tx.session.merge(AssetLink(asset_id=asset_id, uploadable_type=kind, uploadable_id=uuid.UUID(target),
                                   workspace_id=workspace_id))


def handle_asset_updated(tx: Transaction, data: dict) -> None:
    """``asset.asset_updated``: follow a change of the asset's own parent (links made by attach stay)."""
    workspace_id, asset_id = uuid.UUID(data["workspace_id"]), uuid.UUID(data["asset_id"])
    before = (data.get("previous_uploadable_type"), data.get("previous_uploadable_id"))
    after = (data.get("uploadable_type"), data.get("uploadable_id"))
    if before == after:
        return
    if all(before):
        tx.session.query(AssetLink).filter(AssetLink.asset_id == asset_id, AssetLink.uploadable_type == before[0],
                                           AssetLink.uploadable_id == uuid.UUID(before[1])).delete()
    if all(after):
        tx.session.merge(AssetLink(asset_id=asset_id, uploadable_type=after[0], uploadable_id=uuid.UUID(after[1]),
                                   workspace_id=workspace_id))
    tx.session.add(Action(workspace_id=workspace_id, user_id=None, verb="asset_updated", actionable_type="asset",
                          actionable_id=asset_id, data=dict(data)))


def handle_asset_deleted(tx: Transaction, data: dict) -> None:
    """``asset.asset_deleted``: log it and drop its links to shots and the rest."""
    workspace_id, asset_id = uuid.UUID(data["workspace_id"]), uuid.UUID(data["asset_id"])
    tx.session.add(Action(workspace_id=workspace_id, user_id=None, verb="asset_deleted",
                          actionable_type="asset", actionable_id=asset_id, data={"asset_id": str(asset_id)}))
    tx.session.query(AssetLink).filter(AssetLink.asset_id == asset_id).delete()


def handle_member_added(tx: Transaction, data: dict) -> None:
    tx.session.add(Action(workspace_id=uuid.UUID(data["workspace_id"]), user_id=uuid.UUID(data["user_id"]),
                          verb="member_added", actionable_type="user", actionable_id=uuid.UUID(data["user_id"]),
                          data={"role": data.get("role")}))
