"""The stripe provider: the real SDK against the local Stripe fake (cards,
charges, subscriptions, idempotency keys), signed webhooks, and the
registration saga's billing step over the real broker."""

import json
import time
import uuid

import pytest
from nameko.testing.services import entrypoint_hook
from sqlalchemy import text

from reelhouse.billing.providers import StripeProvider
from reelhouse.shared import stripetesting
from reelhouse.shared.config import amqp_uri
from reelhouse.shared.errors import BadRequest, PaymentRequired, ServiceUnavailable, ValidationFailed
from reelhouse.shared.events import EnvelopePublisher, make_envelope
from reelhouse.shared.s3testing import free_port
from reelhouse.shared.testing import eventually


@pytest.fixture
def provider_settings(stripe_settings):
    return stripe_settings


def customer_of(engine, workspace_id):
    with engine.connect() as connection:
        return connection.execute(text("SELECT customer_id FROM billing_accounts WHERE workspace_id = :w"),
                                  {"w": workspace_id}).scalar()


def test_cards_are_attached_made_default_and_detached_at_stripe(call, alice, workspace_id, with_card, stripe_fake,
                                                                 engine):
    visa = with_card()
    customer = stripe_fake.customers[customer_of(engine, workspace_id)]
    assert customer["metadata"] == {"workspace_id": workspace_id}
    assert stripe_fake.payment_methods[visa["provider_id"]]["customer"] == customer["id"]
    assert customer["invoice_settings"]["default_payment_method"] == visa["provider_id"]
    master = with_card("pm_card_mastercard")
    assert (master["brand"], master["last4"]) == ("mastercard", "4444")
    assert customer["invoice_settings"]["default_payment_method"] == master["provider_id"]
    call("delete_card", workspace_id, master["id"], caller=alice)
    assert stripe_fake.payment_methods[master["provider_id"]]["customer"] is None
    assert customer["invoice_settings"]["default_payment_method"] == visa["provider_id"]


def test_a_payment_method_stripe_does_not_know_is_a_field_error(call, alice, workspace_id):
    with pytest.raises(ValidationFailed) as refused:
        call("add_card", workspace_id, {"payment_method": "pm_nothing_here"}, caller=alice)
    assert "payment_method" in refused.value.details


def test_the_idempotency_key_reaches_stripe_and_a_retry_makes_nothing_twice(container, alice, workspace_id,
                                                                             stripe_fake):
    context = {"caller": alice.to_header(), "idempotency_key": "add-card-1"}
    for _ in range(2):
        with entrypoint_hook(container, "add_card", context_data=context) as hook:
            card = hook(workspace_id, {"payment_method": "pm_card_visa"})
    attaches = stripe_fake.calls("POST", r"/v1/payment_methods/pm_card_visa/attach")
    assert len(attaches) == 1 and attaches[0][3].startswith("rh-")
    assert [pm for pm in stripe_fake.payment_methods] == [card["provider_id"]]


def test_credit_is_charged_with_a_payment_intent(call, alice, workspace_id, with_card, stripe_fake):
    with_card()
    entry = call("credit_account", workspace_id, {"amount": 1500, "description": "Top-up"}, caller=alice)
    intent = stripe_fake.payment_intents[entry["reference"]]
    assert (intent["amount"], intent["currency"], intent["status"]) == (1500, "usd", "succeeded")
    assert intent["metadata"] == {"workspace_id": workspace_id, "purpose": "account_credit"}


def test_a_card_stripe_declines_credits_nothing(call, alice, workspace_id, with_card, stripe_fake):
    with_card("pm_card_visa_chargeDeclined")
    with pytest.raises(PaymentRequired) as refused:
        call("credit_account", workspace_id, {"amount": 1500}, caller=alice)
    assert refused.value.details == {"reason": "card_declined", "decline_code": "generic_decline"}
    assert call("get_account", workspace_id, caller=alice)["balance"] == 0
    with pytest.raises(PaymentRequired):
        call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    assert stripe_fake.subscriptions == {}


def test_plans_follow_the_stripe_subscription(call, alice, workspace_id, with_card, stripe_fake):
    with_card()
    plan = call("update_plan", workspace_id, {"plan": "starter"}, caller=alice)
    subscription = stripe_fake.subscriptions[plan["provider_id"]]
    assert subscription["items"]["data"][0]["price"]["id"] == stripetesting.PRICES["starter"]
    assert plan["current_period_end"] is not None
    call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)
    assert subscription["items"]["data"][0]["price"]["id"] == stripetesting.PRICES["pro"]
    call("cancel_plan", workspace_id, {"at_period_end": True}, caller=alice)
    assert subscription["cancel_at_period_end"] is True
    call("resume_plan", workspace_id, caller=alice)
    assert subscription["cancel_at_period_end"] is False
    plan = call("cancel_plan", workspace_id, {"at_period_end": False}, caller=alice)
    assert subscription["status"] == "canceled" and plan["plan"]["id"] == "free"


def test_stripe_unreachable_is_service_unavailable():
    provider = StripeProvider(stripetesting.API_KEY, f"http://127.0.0.1:{free_port()}",
                              prices=stripetesting.PRICES, timeout=2)
    with pytest.raises(ServiceUnavailable):
        provider.create_customer(uuid.uuid4(), "rh-test")


# -- webhooks -------------------------------------------------------------------------------

def deliver(call, payload, signature):
    return call("handle_stripe_webhook", payload, signature)


@pytest.fixture
def subscribed(call, alice, workspace_id, with_card):
    with_card()
    return call("update_plan", workspace_id, {"plan": "pro"}, caller=alice)


def ended_at_stripe(stripe_fake, subscription_id):
    """What Stripe does when a plan ends on its side (e.g. unpaid): the subscription is canceled."""
    stripe_fake.subscriptions[subscription_id].update(status="canceled", canceled_at=int(time.time()))
    return dict(stripe_fake.subscriptions[subscription_id])


def test_a_signed_subscription_deleted_ends_the_plan_once(call, alice, workspace_id, subscribed, stripe_fake,
                                                          event_tap):
    stripe_object = ended_at_stripe(stripe_fake, subscribed["provider_id"])
    payload = stripetesting.event_payload("customer.subscription.deleted", stripe_object)
    tap = event_tap("billing")
    first = deliver(call, payload, stripetesting.sign(payload))
    assert (first["handled"], first["duplicate"]) == (True, False)
    again = deliver(call, payload, stripetesting.sign(payload))  # Stripe delivers at least once
    assert again["duplicate"] is True
    assert call("get_plan", workspace_id, caller=alice)["plan"]["id"] == "free"
    assert [e["data"]["reason"] for e in tap.drain() if e["type"] == "plan_cancelled"] == ["provider"]


def test_a_subscription_update_from_stripe_is_applied(call, alice, workspace_id, subscribed, stripe_fake):
    stripe_fake.subscriptions[subscribed["provider_id"]]["cancel_at_period_end"] = True  # changed in Stripe's UI
    payload = stripetesting.event_payload("customer.subscription.updated",
                                          stripe_fake.subscriptions[subscribed["provider_id"]])
    assert deliver(call, payload, stripetesting.sign(payload))["handled"] is True
    assert call("get_plan", workspace_id, caller=alice)["cancel_at_period_end"] is True


def test_a_late_update_does_not_bring_back_an_ended_plan(call, alice, workspace_id, subscribed, stripe_fake):
    stale = dict(stripe_fake.subscriptions[subscribed["provider_id"]])  # "active", sent earlier, arrives last
    ended = ended_at_stripe(stripe_fake, subscribed["provider_id"])
    deleted = stripetesting.event_payload("customer.subscription.deleted", ended)
    assert deliver(call, deleted, stripetesting.sign(deleted))["handled"] is True
    late = stripetesting.event_payload("customer.subscription.updated", stale)
    assert deliver(call, late, stripetesting.sign(late))["handled"] is True
    assert call("get_plan", workspace_id, caller=alice)["plan"]["id"] == "free"


def test_events_about_subscriptions_that_are_not_ours_are_acknowledged(call):
    payload = stripetesting.event_payload("customer.subscription.updated", {"id": "sub_elsewhere", "status": "active"})
    assert deliver(call, payload, stripetesting.sign(payload))["handled"] is False


def test_a_failed_invoice_marks_the_plan_past_due_and_publishes_payment_failed(call, alice, workspace_id, subscribed,
                                                                              engine, event_tap):
    invoice = {"id": "in_123", "object": "invoice", "customer": customer_of(engine, workspace_id),
               "amount_due": 14900, "currency": "usd"}
    payload = stripetesting.event_payload("invoice.payment_failed", invoice)
    tap = event_tap("billing")
    assert deliver(call, payload, stripetesting.sign(payload))["handled"] is True
    assert call("get_plan", workspace_id, caller=alice)["status"] == "past_due"
    failed = [e["data"] for e in tap.drain() if e["type"] == "payment_failed"]
    assert [(f["workspace_id"], f["invoice_id"], f["amount"]) for f in failed] == [(workspace_id, "in_123", 14900)]


def test_other_event_types_are_acknowledged_and_ignored(call):
    payload = stripetesting.event_payload("charge.refunded", {"id": "ch_1", "object": "charge"})
    assert deliver(call, payload, stripetesting.sign(payload))["handled"] is False


@pytest.mark.parametrize("signature", [
    None,
    "",
    "t=1,v1=deadbeef",
    stripetesting.sign("{}", "whsec_someone_else"),
])
def test_a_bad_signature_is_refused(call, signature):
    payload = stripetesting.event_payload("charge.refunded", {"id": "ch_1"})
    with pytest.raises(BadRequest) as refused:
        deliver(call, payload, signature)
    assert refused.value.details["reason"] == "bad_signature"


def test_an_old_signature_is_refused_and_a_changed_body_too(call):
    payload = stripetesting.event_payload("charge.refunded", {"id": "ch_1"})
    with pytest.raises(BadRequest):
        deliver(call, payload, stripetesting.sign(payload, timestamp=int(time.time()) - 600))
    with pytest.raises(BadRequest):
        deliver(call, payload.replace("ch_1", "ch_2"), stripetesting.sign(payload))


@pytest.mark.parametrize(("payload", "reason"), [
    (json.dumps({"hello": "world"}), "malformed_event"),
    ("[1, 2]", "malformed_event"),
    ("null", "malformed_event"),
    ("{not json", "malformed_json"),
])
def test_a_signed_body_that_is_no_event_is_refused(call, payload, reason):
    with pytest.raises(BadRequest) as refused:
        deliver(call, payload, stripetesting.sign(payload))
    assert refused.value.details["reason"] == reason


# -- the registration saga ---------------------------------------------------------------------

def test_workspace_created_opens_one_stripe_customer(container, config, call, alice, stripe_fake, engine,
                                                     event_tap):
    workspace_id = str(uuid.uuid4())
    envelope = make_envelope("workspace_created", {"workspace_id": workspace_id, "owner_id": alice.user_id})
    tap = event_tap("billing")
    publisher = EnvelopePublisher(amqp_uri(config), "workspace", config)
    publisher.publish(envelope)
    customer_id = eventually(lambda: customer_of(engine, workspace_id))
    publisher.publish(envelope)  # a redelivery
    assert stripe_fake.customers[customer_id]["metadata"] == {"workspace_id": workspace_id}
    # The owner arrived through the same event: they manage the account at once.
    assert call("get_account", workspace_id, caller=alice)["customer_id"] == customer_id
    opened = eventually(lambda: [e for e in tap.drain() if e["type"] == "customer_opened"])
    assert [e["data"]["customer_id"] for e in opened] == [customer_id]
    time.sleep(0.5)
    assert len(stripe_fake.customers) == 1
    assert [e for e in tap.drain() if e["type"] == "customer_opened"] == []
