"""The workspace steps of the registration and cancellation sagas.

Both run inside ``db.run_once``: the handler's writes, its events and the
processed-event mark commit together, so a redelivery changes nothing.
"""

import logging
import uuid

from sqlalchemy import func, select

from reelhouse.shared.db import Transaction
from reelhouse.shared.events import load_event_data

from .invites import accept_for_registration
from .members import CO_PRODUCER, OWNER, add_member, remove_member
from .models import ACTIVE, Membership, Workspace
from .schemas import PersonCreatedSchema, UserCancelledSchema, UserRegisteredSchema
from .workspaces import cancel_workspace, free_name, free_path, new_workspace, slugify

log = logging.getLogger(__name__)


def default_name(first_name: str | None, last_name: str | None) -> str:
    person = " ".join(part.strip() for part in (first_name, last_name) if part and part.strip())
    return f"{person}'s workspace" if person else "My workspace"


def handle_user_registered(tx: Transaction, data: dict) -> None:
    """Create the new user's workspace with identity's id, or join them through their invite."""
    event = load_event_data(UserRegisteredSchema, data)
    user_id, workspace_id = event["user_id"], event["workspace_id"]
    if event["invite_token"]:
        if accept_for_registration(tx, event["invite_token"], user_id):
            return
        # An expired or used invite must not strand the registration: the
        # user gets a workspace of their own instead.
        log.warning("user %s registered with an unusable invite; creating their own workspace", user_id)
    if workspace_id is None:
        log.error("user_registered for %s carries no workspace_id; nothing to create", user_id)
        return
    if tx.session.get(Workspace, workspace_id) is not None:
        return  # replay with a new event id: the workspace exists already
    company = (event["company"] or "").strip() or None
    name = free_name(tx.session, company or default_name(event["first_name"], event["last_name"]))
    new_workspace(
        tx, workspace_id=workspace_id, owner_id=user_id, name=name,
        path=free_path(tx.session, slugify(name)), organization=company, is_business=bool(event["is_business"]),
    )


def handle_person_created(tx: Transaction, data: dict) -> None:
    """A person an admin created joins that admin's workspace as a collaborator.

    ``co_producer`` is the least-privileged workspace role: what the person
    may do in productions comes from their Zou role and project settings.
    """
    event = load_event_data(PersonCreatedSchema, data)
    workspace = tx.session.get(Workspace, event["workspace_id"])
    if workspace is None or workspace.status != ACTIVE:
        log.warning("person %s created for missing workspace %s; not joined", event["user_id"], event["workspace_id"])
        return
    if tx.session.get(Membership, (event["workspace_id"], event["user_id"])) is None:
        add_member(tx, event["workspace_id"], event["user_id"], CO_PRODUCER)


def handle_user_cancelled(tx: Transaction, data: dict) -> None:
    """Remove the user's memberships; cancel the workspaces nobody else owns."""
    user_id = load_event_data(UserCancelledSchema, data)["user_id"]
    session = tx.session
    memberships = session.scalars(select(Membership).where(Membership.user_id == user_id)
                                  .order_by(Membership.workspace_id)).all()
    for membership in memberships:
        if membership.role == OWNER and not _other_owners(session, membership.workspace_id, user_id):
            workspace = session.get(Workspace, membership.workspace_id, with_for_update=True)
            if workspace is not None and workspace.status == ACTIVE:
                cancel_workspace(tx, workspace)
        remove_member(tx, membership)


def _other_owners(session, workspace_id: uuid.UUID, user_id: uuid.UUID) -> int:
    return session.scalar(select(func.count()).select_from(Membership).where(
        Membership.workspace_id == workspace_id, Membership.role == OWNER, Membership.user_id != user_id,
    ))
