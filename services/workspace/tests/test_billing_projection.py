"""The workspace's billing fields follow billing's events (billing_projection.py),
against real RabbitMQ and PostgreSQL: each event once, and never an older
state over a newer one."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from reelhouse.shared.events import EnvelopePublisher, make_envelope
from reelhouse.shared.testing import eventually

FREE = {"video_series": False, "users": 1, "coachingPlatform": "Limited", "templates": "Limited",
        "stockLibrary": False, "landingPage": False, "help_center": True, "in_app_chat": True,
        "priority_emails": False, "phone_support": False}
STARTER = {**FREE, "video_series": True, "users": 3, "templates": "Full", "stockLibrary": True}
PRO = {**STARTER, "users": 10, "coachingPlatform": "Full", "landingPage": True, "priority_emails": True,
       "phone_support": True}
T0 = dt.datetime(2026, 12, 6, 9, 0, 0)


def billing_event(event_type, workspace, at=None, **data):
    """A billing envelope as billing publishes it, ``at`` minutes after T0."""
    envelope = make_envelope(event_type, {"workspace_id": workspace["id"], **data})
    if at is not None:
        envelope["occurred_at"] = (T0 + dt.timedelta(minutes=at)).isoformat(timespec="microseconds")
    return envelope


def plan_event(workspace, plan, features, at=None, event_type="plan_changed", **extra):
    return billing_event(event_type, workspace, at, plan=plan, status="active", features=features,
                         current_period_end="2027-01-06T09:00:00", **extra)


def card_event(workspace, brand, last_four, at=None):
    return billing_event("default_card_changed", workspace, at, card_id=str(uuid.uuid4()) if brand else None,
                         brand=brand, last_four=last_four, exp_month=12 if brand else None,
                         exp_year=2030 if brand else None)


def balance_event(workspace, balance, at=None, kind="credited", amount=100):
    return billing_event(f"account_{kind}", workspace, at, entry_id=str(uuid.uuid4()), amount=amount,
                         currency="usd", balance=balance, reference=None)


HANDLERS = {"plan_changed": "on_plan_changed", "plan_cancelled": "on_plan_cancelled",
            "plan_resumed": "on_plan_resumed", "customer_opened": "on_customer_opened",
            "default_card_changed": "on_default_card_changed", "account_credited": "on_account_credited",
            "account_debited": "on_account_debited"}


@pytest.fixture
def deliver(call):
    """Hand an envelope to the workspace service's handler for its type."""

    def run(*envelopes):
        for envelope in envelopes:
            call(HANDLERS[envelope["type"]], envelope)

    return run


@pytest.fixture
def acme(create):
    return create("Acme")


@pytest.fixture
def shown(call, alice, acme):
    """The billing fields of acme as GET /v1/workspaces/{w} shows them."""

    def read():
        record = call("get_workspace", acme["id"], caller=alice)
        return {key: record[key] for key in ("features", "stripe_id", "card_brand", "card_last_four", "account")}

    return read


def test_a_new_workspace_shows_the_free_plan_and_no_billing_yet(shown):
    assert shown() == {"features": FREE, "stripe_id": None, "card_brand": None, "card_last_four": None,
                       "account": 0}


def test_plan_changed_cancelled_and_resumed_set_the_features_in_force(deliver, shown, acme, workspace_events):
    workspace_events.drain()
    deliver(plan_event(acme, "starter", STARTER, at=1))
    assert shown()["features"] == STARTER
    deliver(plan_event(acme, "pro", PRO, at=2, previous_plan="starter"))
    assert shown()["features"] == PRO
    # Set to end with its period: the paid features stay in force until then.
    deliver(plan_event(acme, "pro", PRO, at=3, event_type="plan_cancelled", at_period_end=True))
    assert shown()["features"] == PRO
    deliver(plan_event(acme, "pro", PRO, at=4, event_type="plan_resumed"))
    deliver(plan_event(acme, "pro", FREE, at=5, event_type="plan_cancelled", at_period_end=False))
    assert shown()["features"] == FREE
    assert workspace_events.types() == ["workspace_updated"] * 5


def test_customer_card_and_balance_are_shown(deliver, shown, acme):
    deliver(billing_event("customer_opened", acme, at=1, customer_id="cus_123", provider="stripe"),
            card_event(acme, "visa", "4242", at=2),
            balance_event(acme, 5000, at=3),
            balance_event(acme, 3800, at=4, kind="debited", amount=1200))
    assert shown() == {"features": FREE, "stripe_id": "cus_123", "card_brand": "visa", "card_last_four": "4242",
                       "account": 3800}
    deliver(card_event(acme, "mastercard", "0044", at=5))  # a string keeps the leading zero
    assert (shown()["card_brand"], shown()["card_last_four"]) == ("mastercard", "0044")
    deliver(card_event(acme, None, None, at=6))  # the last card removed
    assert (shown()["card_brand"], shown()["card_last_four"]) == (None, None)


def test_an_older_plan_event_arriving_late_does_not_overwrite_a_newer_one(deliver, shown, acme):
    to_starter = plan_event(acme, "starter", STARTER, at=1)
    to_pro = plan_event(acme, "pro", PRO, at=2, previous_plan="starter")
    deliver(to_pro, to_starter)
    assert shown()["features"] == PRO


def test_balances_arriving_out_of_order_leave_the_newest(deliver, shown, acme):
    deliver(balance_event(acme, 300, at=3), balance_event(acme, 100, at=1), balance_event(acme, 200, at=2))
    assert shown()["account"] == 300


def test_cards_arriving_out_of_order_leave_the_newest(deliver, shown, acme):
    deliver(card_event(acme, None, None, at=3), card_event(acme, "visa", "4242", at=1))
    assert (shown()["card_brand"], shown()["card_last_four"]) == (None, None)


def test_each_fact_keeps_its_own_order(deliver, shown, acme):
    """A newer card event does not make an older plan event stale: they are different facts."""
    deliver(card_event(acme, "amex", "8431", at=10), plan_event(acme, "starter", STARTER, at=1),
            balance_event(acme, 900, at=2))
    assert shown() == {"features": STARTER, "stripe_id": None, "card_brand": "amex", "card_last_four": "8431",
                       "account": 900}


def test_a_duplicate_event_is_applied_once(deliver, shown, acme, engine, workspace_events):
    credited = balance_event(acme, 5000, at=1)
    deliver(credited)
    # An operator corrects the shown balance; a redelivery of the same event must not undo it.
    with engine.begin() as connection:
        connection.execute(text("UPDATE workspaces SET account = 4999 WHERE id = :id"), {"id": acme["id"]})
    workspace_events.drain()
    deliver(credited)
    assert shown()["account"] == 4999
    assert workspace_events.types() == []
    with engine.connect() as connection:
        marks = connection.execute(text("SELECT count(*) FROM processed_events WHERE event_id = :id"),
                                   {"id": credited["event_id"]}).scalar_one()
    assert marks == 1


def test_the_same_fact_redelivered_under_a_new_event_id_changes_nothing_newer(deliver, shown, acme):
    first = plan_event(acme, "starter", STARTER, at=1)
    deliver(first, plan_event(acme, "pro", PRO, at=2))
    replay = dict(first, event_id=str(uuid.uuid4()))  # republished with a new id, still old
    deliver(replay)
    assert shown()["features"] == PRO


def test_an_event_for_an_unknown_workspace_is_ignored(deliver, call, engine):
    deliver(plan_event({"id": str(uuid.uuid4())}, "pro", PRO, at=1))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM workspace_billing_state")).scalar_one() == 0


def test_malformed_billing_data_fails_so_it_is_retried_then_dead_lettered(deliver, acme, shown):
    with pytest.raises(ValueError):
        deliver(billing_event("account_credited", acme, at=1, balance="lots"))
    assert shown()["account"] == 0


def test_events_published_by_billing_reach_the_workspace_through_the_broker(container, rabbit_config, shown,
                                                                            acme, engine):
    publisher = EnvelopePublisher(rabbit_config["AMQP_URI"], "billing", rabbit_config)
    for envelope in (plan_event(acme, "pro", PRO, at=2), plan_event(acme, "starter", STARTER, at=1),
                     billing_event("customer_opened", acme, at=1, customer_id="cus_broker", provider="ledger"),
                     card_event(acme, "visa", "4242", at=1), balance_event(acme, 700, at=1)):
        publisher.publish(envelope)
    expected = {"features": PRO, "stripe_id": "cus_broker", "card_brand": "visa", "card_last_four": "4242",
                "account": 700}

    def handled():
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM processed_events")).scalar_one() == 5

    eventually(handled)
    assert shown() == expected
