"""Workspace events: the membership projection, applied once per event."""

import uuid

from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from sqlalchemy import select

from reelhouse.identity import accounts, projections
from reelhouse.identity.models import Membership
from reelhouse.shared.context import SYSTEM
from reelhouse.shared.events import EnvelopePublisher, make_envelope

PASSWORD = "correct horse battery"


def memberships(db):
    with db.session() as session:
        return [(str(m.user_id), str(m.workspace_id), m.role) for m in session.scalars(select(Membership))]


def test_member_added_delivered_again_after_removal_changes_nothing(db):
    user_id, workspace_id = str(uuid.uuid4()), str(uuid.uuid4())
    added = make_envelope("member_added", {"workspace_id": workspace_id, "user_id": user_id, "role": "owner"})
    removed = make_envelope("member_removed", {"workspace_id": workspace_id, "user_id": user_id})
    assert db.run_once(added, projections.apply_member_added) is True
    assert memberships(db) == [(user_id, workspace_id, "owner")]
    assert db.run_once(removed, projections.apply_member_removed) is True
    # The late duplicate of member_added must not resurrect the membership.
    assert db.run_once(added, projections.apply_member_added) is False
    assert memberships(db) == []


def test_workspace_created_completes_the_owners_registration(db):
    with db.transaction() as tx:
        registration = accounts.register(tx, {"first_name": "G", "last_name": "H", "email": "g@example.com",
                                              "password": PASSWORD, "is_business": False})
    owner_id = registration.user["id"]
    envelope = make_envelope("workspace_created", {"workspace_id": registration.workspace_id, "owner_id": owner_id})
    db.run_once(envelope, projections.apply_workspace_created)
    with db.session() as session:
        assert accounts.get_user(session, SYSTEM, owner_id)["registration_state"] == "complete"


def test_service_applies_a_member_added_event_delivered_twice_once(identity, database_url, db):
    user_id, workspace_id = str(uuid.uuid4()), str(uuid.uuid4())
    envelope = make_envelope("member_added", {"workspace_id": workspace_id, "user_id": user_id, "role": "member"})
    for _ in range(2):
        with entrypoint_hook(identity, "on_member_added") as handle:
            handle(envelope)
    assert memberships(db) == [(user_id, workspace_id, "member")]
    with db.session() as session:
        marks = session.execute(select(db.processed.c.consumer)).scalars().all()
    assert marks == ["identity.on_member_added"]


def test_service_consumes_member_added_from_the_workspace_exchange(identity, config, db):
    user_id, workspace_id = str(uuid.uuid4()), str(uuid.uuid4())
    envelope = make_envelope("member_added", {"workspace_id": workspace_id, "user_id": user_id, "role": "member"})
    with entrypoint_waiter(identity, "on_member_added", timeout=10):
        EnvelopePublisher(config["AMQP_URI"], "workspace", config).publish(envelope)
    assert memberships(db) == [(user_id, workspace_id, "member")]
