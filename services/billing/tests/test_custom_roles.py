"""billing.manage in custom roles: billing decides with its own projection of the
workspace service's role and member events (CustomRoleProjection), in any order,
each event once."""

import uuid

import pytest

from reelhouse.shared.errors import Forbidden, NotFound
from reelhouse.shared.events import make_envelope

MANAGER = ["billing.manage", "workspaces.read"]
VIEWER = ["productions.read", "workspaces.read"]


@pytest.fixture
def role_event(workspace_id):
    """``role_event("role_created", role_id, permissions)``: as the workspace service publishes it."""

    def build(event_type, role_id, permissions=None):
        data = {"workspace_id": workspace_id, "role_id": role_id}
        if event_type != "role_deleted":
            data.update(name="Billing", permissions=permissions)
        return make_envelope(event_type, data)

    return build


@pytest.fixture
def member_event(workspace_id):
    def build(event_type, user, role="custom", role_id=None):
        data = {"workspace_id": workspace_id, "user_id": user.user_id}
        if event_type != "member_removed":
            data.update(role=role, role_id=role_id)
        return make_envelope(event_type, data)

    return build


HANDLERS = {
    # Both projections handle member events, each with its own entrypoint (and its own run_once mark).
    "member_added": ("on_member_added", "on_member_custom_role_added"),
    "member_role_changed": ("on_member_role_changed", "on_member_custom_role_changed"),
    "member_removed": ("on_member_removed", "on_member_custom_role_removed"),
    "role_created": ("on_role_created",),
    "role_updated": ("on_role_updated",),
    "role_deleted": ("on_role_deleted",),
}


@pytest.fixture
def deliver(call):
    def run(*envelopes):
        for envelope in envelopes:
            for handler in HANDLERS[envelope["type"]]:
                call(handler, envelope)

    return run


def refused(call, *args, caller):
    with pytest.raises(Forbidden) as error:
        call(*args, caller=caller)
    assert error.value.details == {"permission": "billing.manage"}


def test_a_custom_role_holding_billing_manage_runs_billing(call, deliver, role_event, member_event, bob,
                                                            workspace_id):
    role_id = str(uuid.uuid4())
    deliver(role_event("role_created", role_id, MANAGER), member_event("member_added", bob, role_id=role_id))

    assert call("get_plan", workspace_id, caller=bob)["plan"]["id"] == "free"
    card = call("add_card", workspace_id, {"payment_method": "pm_card_visa"}, caller=bob)
    assert (card["brand"], card["last4"], card["is_default"]) == ("visa", "4242", True)
    assert call("update_plan", workspace_id, {"plan": "starter"}, caller=bob)["plan"]["id"] == "starter"
    assert call("credit_account", workspace_id, {"amount": 500}, caller=bob)["reference"]  # bought, not granted
    assert call("get_account", workspace_id, caller=bob)["balance"] == 500


def test_a_custom_role_without_billing_manage_is_refused_everywhere(call, deliver, role_event, member_event, bob,
                                                                     workspace_id):
    role_id = str(uuid.uuid4())
    deliver(role_event("role_created", role_id, VIEWER), member_event("member_added", bob, role_id=role_id))
    for method, args in (("get_plan", ()), ("update_plan", ({"plan": "starter"},)), ("get_account", ()),
                         ("list_cards", ()), ("add_card", ({"payment_method": "pm_card_visa"},)),
                         ("debit_account", ({"amount": 1},)), ("create_card_setup", ())):
        refused(call, method, workspace_id, *args, caller=bob)


def test_built_in_roles_other_than_the_owner_are_still_refused(call, join, alice, bob, workspace_id):
    join(workspace_id, bob, "producer")
    refused(call, "get_plan", workspace_id, caller=bob)
    assert call("get_plan", workspace_id, caller=alice)["plan"]["id"] == "free"


def test_a_member_whose_role_arrives_after_the_membership_is_refused_until_it_does(
        call, deliver, role_event, member_event, bob, workspace_id):
    role_id = str(uuid.uuid4())
    deliver(member_event("member_added", bob, role_id=role_id))
    refused(call, "get_plan", workspace_id, caller=bob)  # a member (403, not 404) whose role is unknown yet
    deliver(role_event("role_created", role_id, MANAGER))
    assert call("get_plan", workspace_id, caller=bob)["plan"]["id"] == "free"


def test_taking_billing_manage_out_of_the_role_or_the_member_out_of_it_refuses_again(
        call, deliver, role_event, member_event, bob, workspace_id):
    role_id = str(uuid.uuid4())
    deliver(role_event("role_created", role_id, MANAGER), member_event("member_added", bob, role_id=role_id))
    deliver(role_event("role_updated", role_id, VIEWER))
    refused(call, "get_plan", workspace_id, caller=bob)
    deliver(role_event("role_updated", role_id, MANAGER))
    assert call("get_plan", workspace_id, caller=bob)
    deliver(member_event("member_role_changed", bob, role="co_producer"))
    refused(call, "get_plan", workspace_id, caller=bob)
    deliver(member_event("member_role_changed", bob, role_id=role_id))
    assert call("get_plan", workspace_id, caller=bob)
    deliver(member_event("member_removed", bob))
    with pytest.raises(NotFound):
        call("get_plan", workspace_id, caller=bob)


def test_a_duplicate_role_event_is_applied_once(call, deliver, role_event, member_event, bob, workspace_id):
    """role_created redelivered after role_deleted (same event id) must not bring the role back."""
    role_id = str(uuid.uuid4())
    created = role_event("role_created", role_id, MANAGER)
    deliver(created, member_event("member_added", bob, role_id=role_id))
    assert call("get_plan", workspace_id, caller=bob)
    deliver(role_event("role_deleted", role_id))
    refused(call, "get_plan", workspace_id, caller=bob)
    deliver(created)
    refused(call, "get_plan", workspace_id, caller=bob)


def test_a_duplicate_member_event_does_not_bring_back_a_removed_member(call, deliver, role_event, member_event,
                                                                        bob, workspace_id):
    role_id = str(uuid.uuid4())
    added = member_event("member_added", bob, role_id=role_id)
    deliver(role_event("role_created", role_id, MANAGER), added, member_event("member_removed", bob))
    deliver(added)
    with pytest.raises(NotFound):
        call("get_plan", workspace_id, caller=bob)


def test_a_role_of_another_workspace_grants_nothing_here(call, deliver, role_event, member_event, join, bob,
                                                         workspace_id):
    """The member's custom role row is per workspace: holding billing.manage elsewhere is no key here."""
    other_workspace, role_id = str(uuid.uuid4()), str(uuid.uuid4())
    deliver(make_envelope("role_created", {"workspace_id": other_workspace, "role_id": role_id, "name": "Billing",
                                           "permissions": MANAGER}),
            make_envelope("member_added", {"workspace_id": other_workspace, "user_id": bob.user_id,
                                           "role": "custom", "role_id": role_id}))
    join(workspace_id, bob, "co_producer")
    assert call("get_plan", other_workspace, caller=bob)["plan"]["id"] == "free"
    refused(call, "get_plan", workspace_id, caller=bob)
