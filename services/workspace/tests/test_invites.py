"""Invites: create (and mail), public look-up, acceptance, expiry."""

import datetime as dt

import pytest
from sqlalchemy import update

from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.mail import read_mailbox
from reelhouse.workspace.models import Invite


def test_owner_creates_invite_which_is_mailed_with_the_raw_token(call, create, alice, mailbox, workspace_events):
    workspace = create("Acme")
    workspace_events.drain()

    invite = call("create_invite", workspace["id"], {"email": "Carol@Example.com", "role": "producer"}, caller=alice)

    assert invite["workspace_id"] == workspace["id"] and invite["email"] == "carol@example.com"
    assert invite["role"] == "producer" and invite["accepted_at"] is None and invite["token"]
    [mail] = read_mailbox(mailbox)
    assert mail["to"] == "carol@example.com" and mail["kind"] == "invite"
    assert mail["data"] == {"token": invite["token"], "workspace_id": workspace["id"]}
    [event] = workspace_events.drain()
    assert event["type"] == "member_invited"
    assert event["data"] == {"workspace_id": workspace["id"], "email": "carol@example.com", "role": "producer"}


def test_invite_expires_after_fourteen_days_and_defaults_to_co_producer(call, create, alice):
    invite = call("create_invite", create("Acme")["id"], {"email": "c@example.com"}, caller=alice)
    expires_in = dt.datetime.fromisoformat(invite["expires_at"]) - dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(days=13, hours=23) < expires_in <= dt.timedelta(days=14)
    assert invite["role"] == "co_producer"


def test_only_the_token_hash_is_stored(call, create, alice, engine):
    invite = call("create_invite", create("Acme")["id"], {"email": "c@example.com"}, caller=alice)
    with engine.connect() as connection:
        stored = connection.execute(Invite.__table__.select()).one()
    assert stored.token_hash != invite["token"] and len(stored.token_hash) == 64


def test_invite_role_owner_is_refused(call, create, alice):
    with pytest.raises(ValidationFailed) as error:
        call("create_invite", create("Acme")["id"], {"email": "c@example.com", "role": "owner"}, caller=alice)
    assert "role" in error.value.details


def test_co_producer_may_not_invite_and_non_member_gets_not_found(call, create, join, alice, bob, admin):
    workspace = create("Acme")
    join(workspace, bob, "co_producer")
    with pytest.raises(Forbidden):
        call("create_invite", workspace["id"], {"email": "c@example.com"}, caller=bob)
    stranger = type(bob)(user_id=admin.user_id, role="user")
    with pytest.raises(NotFound):
        call("create_invite", workspace["id"], {"email": "c@example.com"}, caller=stranger)


def test_get_invite_is_public_and_shows_invite_and_workspace_summary(call, create, alice):
    workspace = create("Acme")
    invite = call("create_invite", workspace["id"], {"email": "c@example.com"}, caller=alice)

    found = call("get_invite", invite["token"])

    assert found["invite"]["email"] == "c@example.com" and "token" not in found["invite"]
    assert found["workspace"] == {"id": workspace["id"], "workspace_name": "Acme", "organization_name": None,
                                  "workspace_path": "acme"}


def test_get_invite_with_an_unknown_token_is_not_found(call):
    with pytest.raises(NotFound):
        call("get_invite", "no-such-token")


def test_accept_invite_adds_the_caller_with_the_invites_role(call, create, alice, bob, workspace_events):
    workspace = create("Acme")
    invite = call("create_invite", workspace["id"], {"email": "b@example.com", "role": "producer"}, caller=alice)
    workspace_events.drain()

    joined = call("accept_invite", invite["token"], caller=bob)

    assert joined["id"] == workspace["id"] and joined["role"] == "producer"
    listed = call("list_members", workspace["id"], caller=bob)["items"]
    members = [{"user_id": m["user_id"], "role": m["role"]} for m in listed]
    assert {"user_id": bob.user_id, "role": "producer"} in members
    [event] = workspace_events.drain()
    assert event["type"] == "member_added"
    assert event["data"] == {"workspace_id": workspace["id"], "user_id": bob.user_id, "role": "producer"}


def test_accepted_invite_cannot_be_used_or_looked_up_again(call, create, alice, bob, admin):
    invite = call("create_invite", create("Acme")["id"], {"email": "b@example.com"}, caller=alice)
    call("accept_invite", invite["token"], caller=bob)
    with pytest.raises(NotFound):
        call("get_invite", invite["token"])
    with pytest.raises(NotFound):
        call("accept_invite", invite["token"], caller=admin)


def test_accepting_as_an_existing_member_is_a_conflict(call, create, alice):
    invite = call("create_invite", create("Acme")["id"], {"email": "a@example.com"}, caller=alice)
    with pytest.raises(Conflict):
        call("accept_invite", invite["token"], caller=alice)


def test_accept_invite_requires_an_authenticated_caller(call, create, alice):
    invite = call("create_invite", create("Acme")["id"], {"email": "a@example.com"}, caller=alice)
    with pytest.raises(Unauthenticated):
        call("accept_invite", invite["token"])


def test_expired_invite_is_not_found(call, create, alice, bob, engine):
    invite = call("create_invite", create("Acme")["id"], {"email": "b@example.com"}, caller=alice)
    with engine.begin() as connection:
        connection.execute(update(Invite).values(expires_at=dt.datetime(2020, 1, 1)))
    with pytest.raises(NotFound):
        call("get_invite", invite["token"])
    with pytest.raises(NotFound):
        call("accept_invite", invite["token"], caller=bob)


def test_invite_to_a_deleted_workspace_is_not_found(call, create, alice, bob):
    workspace = create("Acme")
    invite = call("create_invite", workspace["id"], {"email": "b@example.com"}, caller=alice)
    call("delete_workspace", workspace["id"], caller=alice)
    with pytest.raises(NotFound):
        call("accept_invite", invite["token"], caller=bob)
