"""Roles and permissions: built-in sets, custom roles, assignment, enforcement, events."""

import uuid

import pytest

from reelhouse.shared.context import Caller
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from reelhouse.workspace.permissions import BUILT_IN_PERMISSIONS, PERMISSIONS


def member(role="user"):
    return Caller(user_id=str(uuid.uuid4()), role=role)


@pytest.fixture
def acme(create):
    return create("Acme")


def test_built_in_roles_are_listed_first_with_their_permission_sets(call, acme, alice):
    listed = call("list_roles", acme["id"], caller=alice)
    assert [r["id"] for r in listed["items"]] == ["owner", "producer", "co_producer"]
    producer = listed["items"][1]
    assert producer["is_custom"] is False and producer["permissions"] == sorted(BUILT_IN_PERMISSIONS["producer"])
    assert "workspaces.delete" not in producer["permissions"] and "roles.create" not in producer["permissions"]


def test_permission_catalogue_lists_every_permission(call):
    listed = call("list_permissions")
    assert [p["name"] for p in listed["items"]] == list(PERMISSIONS)


def test_owner_creates_custom_role_and_role_created_is_emitted(call, acme, alice, workspace_events):
    workspace_events.drain()
    role = call("create_role", acme["id"], {"name": "Editor", "description": "Cuts",
                                            "permissions": ["productions.update", "assets.read"]}, caller=alice)
    assert role["is_custom"] and role["name"] == "Editor"
    # Every role holds workspaces.read: a member can always see their workspace.
    assert role["permissions"] == ["assets.read", "productions.update", "workspaces.read"]
    [event] = workspace_events.drain()
    assert event["type"] == "role_created"
    assert event["data"] == {"workspace_id": acme["id"], "role_id": role["id"], "name": "Editor",
                             "permissions": role["permissions"]}
    assert call("get_role", acme["id"], role["id"], caller=alice)["name"] == "Editor"


@pytest.mark.parametrize("payload,field", [
    ({"name": "X", "permissions": ["workspaces.explode"]}, "permissions"),
    ({"name": "", "permissions": []}, "name"),
    ({"permissions": []}, "name"),
    ({"name": "X"}, "permissions"),
    ({"name": "X", "permissions": "assets.read"}, "permissions"),
    ({"name": "Producer", "permissions": []}, "name"),
    ({"name": "X", "permissions": [], "colour": "red"}, "colour"),
])
def test_invalid_role_payload_is_refused_with_field_details_and_nothing_is_written(call, acme, alice, payload, field):
    with pytest.raises(ValidationFailed) as error:
        call("create_role", acme["id"], payload, caller=alice)
    assert field in error.value.details
    assert len(call("list_roles", acme["id"], caller=alice)["items"]) == 3


def test_role_names_are_unique_per_workspace_regardless_of_case(call, create, acme, alice):
    call("create_role", acme["id"], {"name": "Editor", "permissions": []}, caller=alice)
    with pytest.raises(Conflict):
        call("create_role", acme["id"], {"name": "EDITOR", "permissions": []}, caller=alice)
    other = create("Other")
    assert call("create_role", other["id"], {"name": "Editor", "permissions": []}, caller=alice)["name"] == "Editor"


def test_producer_may_not_define_roles_and_non_member_gets_not_found(call, join, acme, bob):
    join(acme, bob, "producer")
    with pytest.raises(Forbidden) as error:
        call("create_role", acme["id"], {"name": "Editor", "permissions": []}, caller=bob)
    assert error.value.details == {"permission": "roles.create"}
    with pytest.raises(NotFound):
        call("list_roles", acme["id"], caller=member())


def test_assigning_a_custom_role_changes_what_the_member_may_do(call, join, acme, alice, bob, workspace_events):
    join(acme, bob, "co_producer")
    with pytest.raises(Forbidden):
        call("create_invite", acme["id"], {"email": "x@example.com"}, caller=bob)
    recruiter = sorted(BUILT_IN_PERMISSIONS["co_producer"] | {"invites.create"})
    inviter = call("create_role", acme["id"], {"name": "Recruiter", "permissions": recruiter}, caller=alice)
    workspace_events.drain()

    assigned = call("assign_role", acme["id"], bob.user_id, {"role_id": inviter["id"]}, caller=alice)

    assert assigned["role"] == "custom" and assigned["role_id"] == inviter["id"]
    assert assigned["role_name"] == "Recruiter" and assigned["permissions"] == recruiter
    [event] = workspace_events.drain()
    assert event["type"] == "member_role_changed"
    assert event["data"]["previous_role"] == "co_producer" and event["data"]["role_id"] == inviter["id"]
    assert event["data"]["permissions"] == recruiter
    # Now bob invites co-producers (his role covers theirs), but not producers.
    assert call("create_invite", acme["id"], {"email": "x@example.com", "role": "co_producer"}, caller=bob)
    with pytest.raises(Forbidden):
        call("create_invite", acme["id"], {"email": "x@example.com", "role": "producer"}, caller=bob)
    workspace = call("get_workspace", acme["id"], caller=bob)
    assert workspace["role"] == "custom" and workspace["role_id"] == inviter["id"]
    assert workspace["permissions"] == recruiter


def test_an_invite_cannot_hand_out_more_than_the_inviter_holds(call, join, acme, alice, bob):
    join(acme, bob, "co_producer")
    inviter = call("create_role", acme["id"], {"name": "Recruiter", "permissions": ["invites.create"]}, caller=alice)
    call("assign_role", acme["id"], bob.user_id, {"role_id": inviter["id"]}, caller=alice)
    for role in ("producer", "co_producer"):
        with pytest.raises(Forbidden) as error:
            call("create_invite", acme["id"], {"email": "x@example.com", "role": role}, caller=bob)
        assert "role" in error.value.details


def test_producer_assigns_co_producer_but_cannot_touch_the_owner(call, join, acme, alice, bob):
    carol = member()
    join(acme, bob, "producer")
    join(acme, carol, "producer")
    assert call("assign_role", acme["id"], carol.user_id, {"role": "co_producer"}, caller=bob)["role"] == "co_producer"
    with pytest.raises(Forbidden):
        call("assign_role", acme["id"], alice.user_id, {"role": "co_producer"}, caller=bob)


def test_role_assignment_cannot_escalate(call, join, acme, alice, bob):
    carol = member()
    join(acme, bob, "co_producer")
    join(acme, carol, "co_producer")
    manager = call("create_role", acme["id"], {"name": "People", "permissions": ["members.update", "members.read"]},
                   caller=alice)
    call("assign_role", acme["id"], bob.user_id, {"role_id": manager["id"]}, caller=alice)
    # Bob holds members.update, but producer holds permissions bob lacks.
    with pytest.raises(Forbidden) as error:
        call("assign_role", acme["id"], carol.user_id, {"role": "producer"}, caller=bob)
    assert "role" in error.value.details
    # Nor can he demote someone who holds more than he does.
    with pytest.raises(Forbidden):
        call("assign_role", acme["id"], carol.user_id, {"role_id": manager["id"]}, caller=bob)


@pytest.mark.parametrize("payload", [{}, {"role": "owner"}, {"role": "admin"},
                                     {"role": "producer", "role_id": str(uuid.uuid4())}, {"role_id": "nope"}])
def test_assign_role_payload_must_name_exactly_one_assignable_role(call, join, acme, alice, bob, payload):
    join(acme, bob, "co_producer")
    with pytest.raises(ValidationFailed):
        call("assign_role", acme["id"], bob.user_id, payload, caller=alice)


def test_another_workspaces_custom_role_cannot_be_assigned_or_read(call, create, join, acme, alice, bob):
    join(acme, bob, "co_producer")
    foreign = call("create_role", create("Other")["id"], {"name": "Editor", "permissions": []}, caller=alice)
    with pytest.raises(ValidationFailed) as error:
        call("assign_role", acme["id"], bob.user_id, {"role_id": foreign["id"]}, caller=alice)
    assert "role" in error.value.details
    with pytest.raises(NotFound):
        call("get_role", acme["id"], foreign["id"], caller=alice)


def test_assigning_to_a_non_member_is_not_found(call, acme, alice):
    with pytest.raises(NotFound):
        call("assign_role", acme["id"], str(uuid.uuid4()), {"role": "producer"}, caller=alice)


def test_update_role_changes_permissions_and_emits_role_updated(call, acme, alice, workspace_events):
    role = call("create_role", acme["id"], {"name": "Editor", "permissions": []}, caller=alice)
    workspace_events.drain()
    updated = call("update_role", acme["id"], role["id"], {"permissions": ["assets.read"], "name": "Cutter"},
                   caller=alice)
    assert updated["name"] == "Cutter" and updated["permissions"] == ["assets.read", "workspaces.read"]
    assert workspace_events.types() == ["role_updated"]
    with pytest.raises(Forbidden):
        call("update_role", acme["id"], "producer", {"name": "Boss"}, caller=alice)


def test_role_held_by_members_cannot_be_deleted_until_reassigned(call, join, acme, alice, bob, workspace_events):
    join(acme, bob, "co_producer")
    role = call("create_role", acme["id"], {"name": "Editor", "permissions": []}, caller=alice)
    call("assign_role", acme["id"], bob.user_id, {"role_id": role["id"]}, caller=alice)
    with pytest.raises(Conflict):
        call("delete_role", acme["id"], role["id"], caller=alice)
    call("assign_role", acme["id"], bob.user_id, {"role": "co_producer"}, caller=alice)
    workspace_events.drain()
    assert call("delete_role", acme["id"], role["id"], caller=alice) == {"id": role["id"]}
    assert workspace_events.types() == ["role_deleted"]
    with pytest.raises(NotFound):
        call("get_role", acme["id"], role["id"], caller=alice)


def test_member_access_reports_effective_permissions(call, join, acme, alice, bob):
    join(acme, bob, "co_producer")
    access = call("get_member_access", acme["id"], bob.user_id, caller=alice)
    assert access["role"] == "co_producer"
    assert access["permissions"] == sorted(BUILT_IN_PERMISSIONS["co_producer"])


def test_admin_passes_every_check_without_membership(call, acme, admin):
    role = call("create_role", acme["id"], {"name": "Anything", "permissions": list(PERMISSIONS)}, caller=admin)
    assert len(role["permissions"]) == len(PERMISSIONS)


def test_producer_removes_a_co_producer_but_nobody_removes_the_owner(call, join, acme, alice, bob, workspace_events):
    carol = member()
    join(acme, bob, "producer")
    join(acme, carol, "co_producer")
    workspace_events.drain()
    assert call("remove_member", acme["id"], carol.user_id, caller=bob) == {
        "workspace_id": acme["id"], "user_id": carol.user_id}
    assert workspace_events.types() == ["member_removed"]
    with pytest.raises(NotFound):
        call("get_workspace", acme["id"], caller=carol)
    with pytest.raises(Forbidden):
        call("remove_member", acme["id"], alice.user_id, caller=bob)
    with pytest.raises(NotFound):
        call("remove_member", acme["id"], carol.user_id, caller=bob)


def test_co_producer_may_leave_but_not_remove_others(call, join, acme, bob):
    carol = member()
    join(acme, bob, "co_producer")
    join(acme, carol, "co_producer")
    with pytest.raises(Forbidden):
        call("remove_member", acme["id"], carol.user_id, caller=bob)
    call("remove_member", acme["id"], bob.user_id, caller=bob)
    with pytest.raises(NotFound):
        call("get_workspace", acme["id"], caller=bob)


def test_docs_permissions_table_matches_the_code():
    from pathlib import Path

    text = (Path(__file__).parents[3] / "docs" / "permissions.md").read_text()
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `") and "." in line.split("|")[1]:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = tuple(cell == "✓" for cell in cells[2:5])
    assert list(rows) == list(PERMISSIONS)
    for name, marks in rows.items():
        assert marks == tuple(name in BUILT_IN_PERMISSIONS[r] for r in ("owner", "producer", "co_producer")), name


def test_an_invite_may_hand_out_a_custom_role_of_the_workspace(call, create, acme, alice, bob, workspace_events):
    editor = call("create_role", acme["id"], {"name": "Editor", "permissions": ["assets.read"]}, caller=alice)
    invite = call("create_invite", acme["id"], {"email": "b@example.com", "role": editor["id"]}, caller=alice)
    assert (invite["role"], invite["role_id"], invite["role_name"]) == ("custom", editor["id"], "Editor")
    workspace_events.drain()

    joined = call("accept_invite", invite["token"], caller=bob)

    assert (joined["role"], joined["role_id"]) == ("custom", editor["id"])
    assert joined["permissions"] == ["assets.read", "workspaces.read"]
    [event] = workspace_events.drain()
    assert event["data"]["role"] == "custom" and event["data"]["role_id"] == editor["id"]
    with pytest.raises(Conflict):
        call("delete_role", acme["id"], editor["id"], caller=alice)  # bob holds it


def test_a_pending_invite_keeps_its_custom_role_from_deletion(call, create, acme, alice):
    editor = call("create_role", acme["id"], {"name": "Editor", "permissions": []}, caller=alice)
    call("create_invite", acme["id"], {"email": "b@example.com", "role": editor["id"]}, caller=alice)
    with pytest.raises(Conflict) as error:
        call("delete_role", acme["id"], editor["id"], caller=alice)
    assert error.value.details == {"members": 0, "invites": 1}
    foreign = call("create_role", create("Other")["id"], {"name": "Editor", "permissions": []}, caller=alice)
    with pytest.raises(ValidationFailed) as error:
        call("create_invite", acme["id"], {"email": "b@example.com", "role": foreign["id"]}, caller=alice)
    assert "role" in error.value.details
    with pytest.raises(ValidationFailed):
        call("create_invite", acme["id"], {"email": "b@example.com", "role": "owner"}, caller=alice)
