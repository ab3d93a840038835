"""Plans (update, cancel, resume) and cards with the local ledger provider."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from reelhouse.shared import stripetesting
from reelhouse.shared.errors import Conflict, Forbidden, NotFound, PaymentRequired, ValidationFailed
from reelhouse.shared.events import make_envelope


def test_the_catalogue_lists_every_plan_with_its_features(call, alice):
    plans = call("list_plans", caller=alice)
    assert [p["id"] for p in plans["items"]] == ["free", "starter", "pro"]
    assert plans["items"][1]["amount"] == 4900 and plans["items"][1]["currency"] == "usd"
    assert plans["items"][2]["features"]["users"] == 10


def test_a_workspace_starts_on_the_free_plan(call, alice, workspace_id):
    plan = call("get_plan", workspace_id, caller=alice)
    assert (plan["plan"]["id"], plan["status"], plan["cancel_at_period_end"]) == ("free", "active", False)


def test_update_plan_needs_a_card_then_subscribes_and_changes(call, alice, workspace_id, with_card, event_tap):
    with pytest.raises(PaymentRequired) as refused:
        call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    assert refused.value.details["reason"] == "no_payment_method"
    with_card()
    tap = event_tap("billing")
    plan = call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    assert (plan["plan"]["id"], plan["status"]) == ("starter", "active")
    assert plan["current_period_end"] and plan["provider_id"].startswith("sub_local_")
    plan = call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)
    assert plan["plan"]["id"] == "pro"
    call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)  # already so: no change, no event
    changed = [e["data"] for e in tap.drain() if e["type"] == "plan_changed"]
    assert [(c["previous_plan"], c["plan"], c["features"]["users"]) for c in changed] == [
        ("free", "starter", 3), ("starter", "pro", 10)]


def test_cancel_at_period_end_then_resume(call, alice, workspace_id, with_card, event_tap):
    with_card()
    call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    tap = event_tap("billing")
    plan = call("cancel_plan", workspace_id, {}, caller=alice)
    assert (plan["plan"]["id"], plan["cancel_at_period_end"]) == ("starter", True)
    plan = call("resume_plan", workspace_id, caller=alice)
    assert (plan["plan"]["id"], plan["cancel_at_period_end"]) == ("starter", False)
    assert [e["type"] for e in tap.drain() if e["type"].startswith("plan_")] == ["plan_cancelled", "plan_resumed"]
    with pytest.raises(Conflict):  # nothing set to end
        call("resume_plan", workspace_id, caller=alice)


def test_cancel_now_returns_to_free_and_cannot_be_resumed(call, alice, workspace_id, with_card, event_tap):
    with_card()
    call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)
    tap = event_tap("billing")
    plan = call("cancel_plan", workspace_id, {"at_period_end": False}, caller=alice)
    assert (plan["plan"]["id"], plan["status"], plan["canceled_at"] is not None) == ("free", "active", True)
    cancelled = [e["data"] for e in tap.drain() if e["type"] == "plan_cancelled"]
    assert [(c["plan"], c["status"], c["at_period_end"], c["features"]["users"]) for c in cancelled] == [
        ("pro", "canceled", False, 1)]
    with pytest.raises(Conflict) as refused:
        call("resume_plan", workspace_id, caller=alice)
    assert refused.value.details["reason"] == "not_resumable"
    with pytest.raises(Conflict):
        call("cancel_plan", workspace_id, {"at_period_end": False}, caller=alice)
    assert call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)["plan"]["id"] == "starter"


def test_a_plan_set_to_end_is_free_once_its_period_has_passed(call, alice, workspace_id, with_card, engine):
    with_card()
    call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    call("cancel_plan", workspace_id, {"at_period_end": True}, caller=alice)
    with engine.begin() as connection:
        connection.execute(text("UPDATE subscriptions SET current_period_end = :past"),
                           {"past": dt.datetime(2020, 1, 1)})
    assert call("get_plan", workspace_id, caller=alice)["plan"]["id"] == "free"
    with pytest.raises(Conflict):
        call("resume_plan", workspace_id, caller=alice)


def test_a_declined_card_does_not_subscribe(call, alice, workspace_id, with_card, event_tap):
    with_card("pm_card_visa_chargeDeclined")
    tap = event_tap("billing")
    with pytest.raises(PaymentRequired) as refused:
        call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    assert refused.value.details["reason"] == "card_declined"
    assert call("get_plan", workspace_id, caller=alice)["plan"]["id"] == "free"
    assert [e["data"]["purpose"] for e in tap.drain() if e["type"] == "payment_failed"] == ["subscription"]


@pytest.mark.parametrize(("method", "payload", "field"), [
    ("update_plan", {}, "plan"),
    ("update_plan", {"plan": "platinum"}, "plan"),
    ("update_plan", {"plan": "free"}, "plan"),
    ("update_plan", {"plan": 3}, "plan"),
    ("update_plan", {"plan": "pro", "seats": 4}, "seats"),
    ("cancel_plan", {"at_period_end": "yes"}, "at_period_end"),
    ("cancel_plan", {"now": True}, "now"),
])
def test_bad_plan_input_is_refused_field_by_field(call, alice, workspace_id, with_card, method, payload, field):
    with_card()
    with pytest.raises(ValidationFailed) as refused:
        call(method, workspace_id, payload, caller=alice)
    assert field in refused.value.details


def test_only_the_owner_manages_the_plan(call, join, alice, bob, workspace_id):
    with pytest.raises(NotFound):
        call("get_plan", workspace_id, caller=bob)
    join(workspace_id, bob, "co_producer")
    with pytest.raises(Forbidden):
        call("update_plan", workspace_id, {"plan": "pro"}, caller=bob)
    with pytest.raises(Forbidden):
        call("cancel_plan", workspace_id, {}, caller=bob)


# -- cards -------------------------------------------------------------------------------

def test_cards_added_the_first_is_default_and_a_new_one_takes_over(call, alice, workspace_id, with_card):
    visa = with_card()
    assert (visa["brand"], visa["last4"], visa["is_default"]) == ("visa", "4242", True)
    amex = with_card("pm_card_amex", is_default=False)
    assert amex["is_default"] is False
    master = with_card("pm_card_mastercard")
    cards = call("list_cards", workspace_id, caller=alice)["items"]
    assert [(c["brand"], c["is_default"]) for c in cards] == [("visa", False), ("amex", False), ("mastercard", True)]
    page = call("list_cards", workspace_id, 2, 2, caller=alice)
    assert (page["total"], [c["brand"] for c in page["items"]]) == (3, ["mastercard"])
    call("delete_card", workspace_id, master["id"], caller=alice)
    cards = call("list_cards", workspace_id, caller=alice)["items"]
    assert [(c["brand"], c["is_default"]) for c in cards] == [("visa", False), ("amex", True)]


def test_the_card_paying_a_renewing_plan_stays_until_another_is_added(call, alice, workspace_id, with_card):
    visa = with_card()
    call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    with pytest.raises(Conflict) as refused:
        call("delete_card", workspace_id, visa["id"], caller=alice)
    assert refused.value.details["reason"] == "card_pays_plan"
    call("cancel_plan", workspace_id, {}, caller=alice)
    assert call("delete_card", workspace_id, visa["id"], caller=alice)["id"] == visa["id"]


def test_a_card_setup_gives_stripe_js_a_client_secret(call, alice, workspace_id):
    setup = call("create_card_setup", workspace_id, caller=alice)
    assert setup["client_secret"].startswith(setup["id"] + "_secret_")


@pytest.mark.parametrize(("payload", "field"), [
    ({}, "payment_method"),
    ({"payment_method": "4242424242424242"}, "payment_method"),
    ({"payment_method": "pm_card_unknown"}, "payment_method"),
    ({"payment_method": "pm_card_visa", "is_default": "true"}, "is_default"),
    ({"payment_method": "pm_card_visa", "number": "4242"}, "number"),
])
def test_bad_card_input_is_refused_field_by_field(call, alice, workspace_id, payload, field):
    with pytest.raises(ValidationFailed) as refused:
        call("add_card", workspace_id, payload, caller=alice)
    assert field in refused.value.details


def test_cards_of_another_workspace_are_not_found(call, join, alice, bob, workspace_id, with_card):
    card = with_card()
    other = str(uuid.uuid4())
    join(other, bob)
    assert call("list_cards", other, caller=bob)["items"] == []
    with pytest.raises(NotFound):
        call("delete_card", other, card["id"], caller=bob)
    with pytest.raises(NotFound):
        call("list_cards", workspace_id, caller=bob)
    with pytest.raises(NotFound):
        call("delete_card", workspace_id, str(uuid.uuid4()), caller=alice)


def test_stripe_webhooks_are_not_found_with_the_ledger_provider(call):
    payload = stripetesting.event_payload("charge.refunded", {"id": "ch_1"})
    with pytest.raises(NotFound):
        call("handle_stripe_webhook", payload, stripetesting.sign(payload))


def test_deleting_the_workspace_ends_its_plan_once(call, alice, workspace_id, with_card, event_tap):
    with_card()
    call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)
    tap = event_tap("billing")
    deleted = make_envelope("workspace_deleted", {"workspace_id": workspace_id})
    call("cancel_plan_on_workspace_deleted", deleted)
    call("cancel_plan_on_workspace_deleted", deleted)  # a redelivery
    plan = call("get_plan", workspace_id, caller=alice)
    assert (plan["plan"]["id"], plan["canceled_at"] is not None) == ("free", True)
    cancelled = [e["data"] for e in tap.drain() if e["type"] == "plan_cancelled"]
    assert [(c["plan"], c["reason"], c["at_period_end"]) for c in cancelled] == [("pro", "workspace_deleted", False)]
