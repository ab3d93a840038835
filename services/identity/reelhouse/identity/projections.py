"""Handlers of workspace events: the membership projection and the saga's end.

Each runs inside ``db.run_once`` (one transaction with the processed-event
mark), so a redelivered event changes nothing the second time.
"""

import uuid

from reelhouse.shared import memberships
from reelhouse.shared.db import Transaction

from .models import Membership, User


def apply_member_added(tx: Transaction, data: dict) -> None:
    memberships.apply_member_added(tx, data, Membership)
    # A user who joined through an invite has no workspace_created of their
    # own: belonging to a workspace completes their registration too.
    _complete_registration(tx, uuid.UUID(str(data["user_id"])))


def apply_member_role_changed(tx: Transaction, data: dict) -> None:
    memberships.apply_member_role_changed(tx, data, Membership)


def apply_member_removed(tx: Transaction, data: dict) -> None:
    memberships.apply_member_removed(tx, data, Membership)


def apply_workspace_created(tx: Transaction, data: dict) -> None:
    memberships.apply_workspace_created(tx, data, Membership)
    _complete_registration(tx, uuid.UUID(str(data["owner_id"])))


def _complete_registration(tx: Transaction, user_id: uuid.UUID) -> None:
    user = tx.session.get(User, user_id)
    if user is not None and user.registration_state != "complete":
        user.registration_state = "complete"
