"""The shared membership projection: idempotent, race-safe upserts on both
databases, and the caller's home workspace."""

import datetime as dt
import uuid

import eventlet
import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, make_base, make_engine
from reelhouse.shared.testing import create_database, drop_database

Base = make_base()
Member = memberships.membership_model(Base)
CustomRoles = memberships.custom_role_models(Base)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        url, name = f"sqlite:///{tmp_path / 'members.db'}", None
    else:
        name = f"rh_test_memberships_{uuid.uuid4().hex[:8]}"
        url = create_database(name)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    yield DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, None, consumer="probe")
    engine.dispose()
    if name:
        drop_database(name)


def rows(db):
    with db.session() as session:
        return {(m.workspace_id, m.user_id, m.role) for m in session.scalars(select(Member))}


def apply(db, apply_function, data):
    with db.transaction() as tx:
        apply_function(tx, data, Member)


def test_workspace_created_and_member_added_agree_in_either_order(db):
    workspace, owner = uuid.uuid4(), uuid.uuid4()
    created = {"workspace_id": str(workspace), "owner_id": str(owner)}
    added = {"workspace_id": str(workspace), "user_id": str(owner), "role": "owner"}
    apply(db, memberships.apply_member_added, added)
    apply(db, memberships.apply_workspace_created, created)
    apply(db, memberships.apply_member_added, dict(added, role="producer"))  # a later role change wins
    assert rows(db) == {(workspace, owner, "producer")}
    apply(db, memberships.apply_member_role_changed, dict(added, role="co_producer", previous_role="producer"))
    assert rows(db) == {(workspace, owner, "co_producer")}
    apply(db, memberships.apply_member_removed, {"workspace_id": str(workspace), "user_id": str(owner)})
    apply(db, memberships.apply_member_role_changed, dict(added, role="producer"))  # late: no resurrection
    assert rows(db) == set()


# PostgreSQL only: SQLite has one writer at a time, so the race cannot happen there.
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
def test_concurrent_inserts_of_the_same_membership_do_not_conflict(db):
    workspace, owner = uuid.uuid4(), uuid.uuid4()
    created = {"workspace_id": str(workspace), "owner_id": str(owner)}
    added = {"workspace_id": str(workspace), "user_id": str(owner), "role": "owner"}
    # Two handlers, each in its own open transaction, insert the same row.
    first, second = db.sessionmaker(), db.sessionmaker()
    try:
        for session, function, data in ((first, memberships.apply_workspace_created, created),
                                        (second, memberships.apply_member_added, added)):
            tx = type("Tx", (), {"session": session})()
            if session is second:
                # The second insert waits for the first transaction (PostgreSQL)…
                pending = eventlet.spawn(function, tx, data, Member)
                eventlet.sleep(0.2)
                first.commit()
                pending.wait()
            else:
                function(tx, data, Member)
        second.commit()  # …and does not fail when it commits
    finally:
        first.close()
        second.close()
    assert rows(db) == {(workspace, owner, "owner")}


def test_malformed_event_data_is_refused_for_the_dead_letter_queue(db):
    with pytest.raises(ValueError, match="malformed event data"):
        apply(db, memberships.apply_member_added, {"workspace_id": "nope", "user_id": str(uuid.uuid4())})


def test_home_workspace_is_the_chosen_one_if_a_member_else_the_first_joined(db):
    user, first, second, foreign = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with db.transaction() as tx:
        tx.session.add(Member(workspace_id=second, user_id=user, role="owner", joined_at=dt.datetime(2026, 2, 1)))
        tx.session.add(Member(workspace_id=first, user_id=user, role="member", joined_at=dt.datetime(2026, 1, 1)))
    caller = Caller(user_id=str(user), role="user")
    with db.session() as session:
        assert memberships.home_workspace(session, Member, caller) == first
        assert memberships.home_workspace(session, Member, Caller(user_id=str(user), workspace_id=str(second))) \
            == second
        assert memberships.home_workspace(session, Member, Caller(user_id=str(user), workspace_id=str(foreign))) \
            == first
        assert memberships.home_workspace(session, Member, Caller(user_id=str(uuid.uuid4()))) is None
        assert memberships.role_in(session, Member, second, user) == "owner"
        assert memberships.role_in(session, Member, foreign, user) is None


# -- the custom-role projection: events applied late change nothing ----------------------------

T0 = dt.datetime(2026, 12, 6, 6, 0, 0)


def at(seconds):
    return T0 + dt.timedelta(seconds=seconds)


def apply_role_event(db, apply_function, data, seconds):
    with db.transaction() as tx:
        apply_function(tx, data, CustomRoles, at(seconds))


def permissions_of(db, workspace, user):
    with db.session() as session:
        return memberships.custom_role_permissions(session, CustomRoles, workspace, user)


def test_a_late_role_created_does_not_undo_its_update_nor_a_late_save_its_deletion(db):
    workspace, user, role = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    saved = {"workspace_id": str(workspace), "role_id": str(role)}
    member = {"workspace_id": str(workspace), "user_id": str(user), "role": "custom", "role_id": str(role)}
    apply_role_event(db, memberships.apply_member_role, member, 1)
    apply_role_event(db, memberships.apply_role_saved, dict(saved, permissions=["assets.read", "assets.delete"]), 5)
    apply_role_event(db, memberships.apply_role_saved, dict(saved, permissions=["assets.read"]), 2)  # created, late
    assert permissions_of(db, workspace, user) == {"assets.read", "assets.delete"}

    apply_role_event(db, memberships.apply_role_deleted, saved, 9)
    apply_role_event(db, memberships.apply_role_saved, dict(saved, permissions=["assets.read"]), 7)  # late again
    assert permissions_of(db, workspace, user) == frozenset()


def test_a_late_member_event_does_not_undo_a_newer_role_of_the_member(db):
    workspace, user, old_role, new_role = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for role, permissions in ((old_role, ["assets.read"]), (new_role, ["assets.read", "assets.update"])):
        apply_role_event(db, memberships.apply_role_saved, {
            "workspace_id": str(workspace), "role_id": str(role), "permissions": permissions}, 0)
    member = {"workspace_id": str(workspace), "user_id": str(user), "role": "custom"}
    apply_role_event(db, memberships.apply_member_role, dict(member, role_id=str(new_role)), 5)
    apply_role_event(db, memberships.apply_member_role, dict(member, role_id=str(old_role)), 3)  # late
    apply_role_event(db, memberships.apply_member_role, dict(member, role="producer"), 4)  # late too
    assert permissions_of(db, workspace, user) == {"assets.read", "assets.update"}

    apply_role_event(db, memberships.apply_member_role_removed, member, 8)
    assert permissions_of(db, workspace, user) == frozenset()
