"""The account ledger with the local ledger provider: credit, debit, balance,
transactions, permissions, idempotency, and bad input."""

import uuid

import eventlet
import pytest
from nameko.standalone.rpc import ServiceRpcProxy
from nameko.testing.services import entrypoint_hook
from sqlalchemy import text

from reelhouse.shared.errors import (
    Forbidden,
    MalformedId,
    NotFound,
    PaymentRequired,
    Unauthenticated,
    ValidationFailed,
)
from reelhouse.shared.idempotency import IdempotencyKeyReused
from reelhouse.shared.testing import make_caller


def call_with_key(container, method, *args, caller, key):
    context = {"caller": caller.to_header(), "idempotency_key": key}
    with entrypoint_hook(container, method, context_data=context) as hook:
        return hook(*args)


def test_a_new_workspace_has_an_empty_account(call, alice, workspace_id):
    account = call("get_account", workspace_id, caller=alice)
    assert account["balance"] == 0
    assert account["currency"] == "usd"


def test_an_admin_grants_credit_without_a_charge(call, admin, alice, workspace_id, event_tap):
    tap = event_tap("billing")
    entry = call("credit_account", workspace_id, {"amount": 2500, "description": "Welcome"}, caller=admin)
    assert (entry["kind"], entry["amount"], entry["balance_after"], entry["reference"]) == ("credit", 2500, 2500, None)
    assert call("get_account", workspace_id, caller=alice)["balance"] == 2500
    events = [e for e in tap.drain() if e["type"] == "account_credited"]
    assert [(e["data"]["amount"], e["data"]["balance"]) for e in events] == [(2500, 2500)]


def test_an_owner_buys_credit_with_the_default_card(call, alice, workspace_id, with_card):
    with pytest.raises(PaymentRequired) as refused:
        call("credit_account", workspace_id, {"amount": 1000}, caller=alice)
    assert refused.value.details["reason"] == "no_payment_method"
    with_card()
    entry = call("credit_account", workspace_id, {"amount": 1000, "currency": "usd"}, caller=alice)
    assert entry["reference"].startswith("pi_local_")
    assert call("get_account", workspace_id, caller=alice)["balance"] == 1000


def test_a_declined_card_credits_nothing_and_publishes_payment_failed(call, alice, workspace_id, with_card,
                                                                      event_tap):
    with_card("pm_card_visa_chargeDeclined")
    tap = event_tap("billing")
    with pytest.raises(PaymentRequired) as refused:
        call("credit_account", workspace_id, {"amount": 1000}, caller=alice)
    assert refused.value.details["reason"] == "card_declined"
    assert call("get_account", workspace_id, caller=alice)["balance"] == 0
    failed = [e["data"] for e in tap.drain() if e["type"] == "payment_failed"]
    assert [(f["workspace_id"], f["purpose"], f["reason"]) for f in failed] == [
        (workspace_id, "account_credit", "card_declined")]


def test_debits_never_overdraw(call, admin, alice, workspace_id, event_tap):
    call("credit_account", workspace_id, {"amount": 1000}, caller=admin)
    tap = event_tap("billing")
    entry = call("debit_account", workspace_id, {"amount": 400, "description": "Edit"}, caller=alice)
    assert (entry["kind"], entry["balance_after"]) == ("debit", 600)
    with pytest.raises(PaymentRequired) as refused:
        call("debit_account", workspace_id, {"amount": 601}, caller=alice)
    assert refused.value.details == {"reason": "insufficient_funds", "balance": 600, "amount": 601}
    assert call("get_account", workspace_id, caller=alice)["balance"] == 600
    assert [e["data"]["balance"] for e in tap.drain() if e["type"] == "account_debited"] == [600]


def test_only_admins_may_overdraw(call, admin, alice, workspace_id):
    with pytest.raises(Forbidden):
        call("debit_account", workspace_id, {"amount": 100, "allow_overdraft": True}, caller=alice)
    entry = call("debit_account", workspace_id, {"amount": 100, "allow_overdraft": True}, caller=admin)
    assert entry["balance_after"] == -100


def test_concurrent_debits_cannot_spend_the_same_money(container, config, call, admin, alice, workspace_id,
                                                       engine):
    call("credit_account", workspace_id, {"amount": 100}, caller=admin)

    def spend():  # over RabbitMQ, as the gateway calls: four workers at once
        with ServiceRpcProxy("billing", config, context_data={"caller": alice.to_header()}) as billing:
            try:
                return billing.debit_account(workspace_id, {"amount": 60})
            except PaymentRequired:  # typed errors survive the RPC hop
                return None

    results = [thread.wait() for thread in [eventlet.spawn(spend) for _ in range(4)]]
    assert len([r for r in results if r]) == 1
    with engine.connect() as connection:
        balance = connection.execute(text("SELECT balance FROM billing_accounts")).scalar_one()
        total = connection.execute(text(
            "SELECT SUM(CASE kind WHEN 'credit' THEN amount ELSE -amount END) FROM ledger_entries")).scalar_one()
    assert balance == total == 40


def test_transactions_are_listed_newest_first_a_page_at_a_time(call, admin, alice, workspace_id):
    for amount in (100, 200, 300):
        call("credit_account", workspace_id, {"amount": amount}, caller=admin)
    call("debit_account", workspace_id, {"amount": 50}, caller=alice)
    page = call("list_transactions", workspace_id, 1, 2, caller=alice)
    assert page["total"] == 4
    assert [(e["kind"], e["amount"]) for e in page["items"]] == [("debit", 50), ("credit", 300)]
    credits = call("list_transactions", workspace_id, 1, 10, "credit", caller=alice)
    assert [e["amount"] for e in credits["items"]] == [300, 200, 100]
    with pytest.raises(ValidationFailed) as bad:
        call("list_transactions", workspace_id, 1, 10, "refund", caller=alice)
    assert "kind" in bad.value.details
    with pytest.raises(ValidationFailed):
        call("list_transactions", workspace_id, 1, 501, caller=alice)


@pytest.mark.parametrize(("payload", "field"), [
    ({}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": -5}, "amount"),
    ({"amount": "100"}, "amount"),
    ({"amount": 10.5}, "amount"),
    ({"amount": True}, "amount"),
    ({"amount": 100, "currency": "USD"}, "currency"),
    ({"amount": 100, "currency": "eur"}, "currency"),
    ({"amount": 100, "description": "x" * 501}, "description"),
    ({"amount": 100, "colour": "red"}, "colour"),
])
def test_bad_ledger_input_is_refused_field_by_field(call, admin, workspace_id, payload, field):
    for method in ("credit_account", "debit_account"):
        with pytest.raises(ValidationFailed) as refused:
            call(method, workspace_id, payload, caller=admin)
        assert field in refused.value.details, (method, refused.value.details)


def test_only_the_owner_and_admins_see_or_touch_the_ledger(call, join, alice, bob, workspace_id):
    with pytest.raises(NotFound):  # not a member: the workspace is not revealed
        call("get_account", workspace_id, caller=bob)
    with pytest.raises(NotFound):
        call("debit_account", workspace_id, {"amount": 1}, caller=bob)
    join(workspace_id, bob, "producer")
    with pytest.raises(Forbidden) as refused:
        call("list_transactions", workspace_id, caller=bob)
    assert refused.value.details == {"permission": "billing.manage"}
    with pytest.raises(Unauthenticated):
        call("get_account", workspace_id)
    with pytest.raises(MalformedId):
        call("get_account", "not-a-uuid", caller=alice)
    assert call("get_account", workspace_id, caller=make_caller("admin"))["balance"] == 0


def test_a_retried_credit_with_the_same_key_credits_once(container, call, admin, workspace_id):
    key = f"credit-{uuid.uuid4()}"
    first = call_with_key(container, "credit_account", workspace_id, {"amount": 700}, caller=admin, key=key)
    again = call_with_key(container, "credit_account", workspace_id, {"amount": 700}, caller=admin, key=key)
    assert again == first
    assert call("get_account", workspace_id, caller=admin)["balance"] == 700
    with pytest.raises(IdempotencyKeyReused):
        call_with_key(container, "credit_account", workspace_id, {"amount": 800}, caller=admin, key=key)
