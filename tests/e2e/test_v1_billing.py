"""Billing and plans over HTTP: the suite with billing on the stripe provider
(the real SDK against the local Stripe fake), signed webhooks, the saga's
customer, tenants kept apart, and bad input on every route."""

import json
import time
import uuid

import pytest

from reelhouse.shared import stripetesting

from .conftest import eventually
from .test_v1_roles import admin_token, join, login


def owner(suite, email="owner@example.com"):
    _user_id, token, workspace = login(suite, email)
    # The registration saga's billing step: workspace_created opens the Stripe customer.
    account = eventually(lambda: (lambda r: r.ok and r.json()["data"]["stripe_id"] and r.json()["data"])(
        suite.get(f"/v1/workspaces/{workspace}/account", token=token)))
    return token, workspace, account


def test_the_owner_runs_billing_end_to_end(suite, stripe_fake):
    token, workspace, account = owner(suite)
    w = f"/v1/workspaces/{workspace}"
    assert stripe_fake.customers[account["stripe_id"]]["metadata"]["workspace_id"]
    assert (account["type"], account["balance"], account["currency"]) == ("account", 0, "usd")

    plans = suite.get("/v1/plans", token=token)
    assert plans.status_code == 200
    assert [p["id"] for p in plans.json()["data"]] == ["free", "starter", "pro"]
    assert suite.get(f"{w}/plan", token=token).json()["data"]["plan"]["id"] == "free"

    setup = suite.post(f"{w}/cards/setup", token=token)
    assert setup.status_code == 201, setup.text
    assert setup.json()["data"]["client_secret"].startswith(setup.json()["data"]["id"])

    card = suite.post(f"{w}/cards", token=token, json={"data": {"payment_method": "pm_card_visa"}})
    assert card.status_code == 201, card.text
    card = card.json()["data"]
    assert (card["type"], card["brand"], card["last_four"], card["is_default"]) == ("card", "visa", "4242", True)
    assert card["id"].startswith("crd_")
    listed = suite.get(f"{w}/cards", token=token).json()
    assert [c["id"] for c in listed["data"]] == [card["id"]] and listed["meta"]["pagination"]["total"] == 1

    plan = suite.put(f"{w}/plan", token=token, json={"data": {"plan": "starter"}})
    assert plan.status_code == 200, plan.text
    assert plan.json()["data"]["plan"]["id"] == "starter"
    assert plan.json()["data"]["stripe_id"] in stripe_fake.subscriptions
    cancelled = suite.post(f"{w}/plan/cancel", token=token)  # no body: at the end of the period
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["data"]["cancel_at_period_end"] is True
    resumed = suite.post(f"{w}/plan/resume", token=token)
    assert resumed.status_code == 200 and resumed.json()["data"]["cancel_at_period_end"] is False

    key = {"Idempotency-Key": f"top-up-{uuid.uuid4()}"}
    credit = suite.post(f"{w}/account/credit", token=token, headers=key, json={"data": {"amount": 5000}})
    assert credit.status_code == 201, credit.text
    again = suite.post(f"{w}/account/credit", token=token, headers=key, json={"data": {"amount": 5000}})
    assert again.json() == credit.json()  # one charge, one entry
    assert len(stripe_fake.payment_intents) == 1
    debit = suite.post(f"{w}/account/debit", token=token, json={"data": {"amount": 1200, "description": "Edit"}})
    assert debit.status_code == 201, debit.text
    assert debit.json()["data"]["balance_after"] == 3800
    too_much = suite.post(f"{w}/account/debit", token=token, json={"data": {"amount": 3801}})
    assert too_much.status_code == 402
    assert too_much.json()["error"]["details"]["reason"] == "insufficient_funds"
    assert suite.get(f"{w}/account", token=token).json()["data"]["balance"] == 3800
    page = suite.get(f"{w}/account/transactions?limit=1", token=token).json()
    assert [t["kind"] for t in page["data"]] == ["debit"]
    assert page["meta"]["pagination"]["total"] == 2 and "next" in page["meta"]["pagination"]["links"]

    # Removing the card that pays a renewing plan is refused; cancelling now frees it.
    assert suite.delete(f"{w}/cards/{card['id']}", token=token).status_code == 409
    now = suite.post(f"{w}/plan/cancel", token=token, json={"data": {"at_period_end": False}})
    assert now.json()["data"]["plan"]["id"] == "free"
    assert suite.delete(f"{w}/cards/{card['id']}", token=token).json() == {
        "success": {"http_code": 200, "message": "Success"}}


def test_a_declined_card_answers_402(suite):
    token, workspace, _account = owner(suite)
    w = f"/v1/workspaces/{workspace}"
    suite.post(f"{w}/cards", token=token, json={"data": {"payment_method": "pm_card_visa_chargeDeclined"}})
    declined = suite.post(f"{w}/account/credit", token=token, json={"data": {"amount": 100}})
    assert declined.status_code == 402
    assert declined.json()["error"]["code"] == "payment_required"
    assert declined.json()["error"]["details"]["reason"] == "card_declined"


def test_billing_is_the_owners_and_never_another_tenants(suite):
    token, workspace, _account = owner(suite)
    w = f"/v1/workspaces/{workspace}"
    _producer_id, producer = join(suite, workspace, token, "producer@example.com", "producer")
    outsider, _own, _own_account = owner(suite, "outsider@example.com")
    routes = [("GET", f"{w}/account", None), ("GET", f"{w}/account/transactions", None),
              ("POST", f"{w}/account/debit", {"data": {"amount": 1}}), ("GET", f"{w}/plan", None),
              ("PUT", f"{w}/plan", {"data": {"plan": "pro"}}), ("POST", f"{w}/plan/cancel", None),
              ("GET", f"{w}/cards", None), ("POST", f"{w}/cards", {"data": {"payment_method": "pm_card_visa"}})]
    for method, path, body in routes:
        assert suite.http.request(method, suite.url(path), json=body).status_code == 401, path
        hidden = suite.http.request(method, suite.url(path), json=body, headers={"Authorization": f"Bearer {outsider}"})
        assert hidden.status_code == 404, (path, hidden.text)
        refused = suite.http.request(method, suite.url(path), json=body,
                                     headers={"Authorization": f"Bearer {producer}"})
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["error"]["details"] == {"permission": "billing.manage"}
    admin = admin_token(suite)
    granted = suite.post(f"{w}/account/credit", token=admin, json={"data": {"amount": 900}})
    assert granted.status_code == 201 and granted.json()["data"]["reference"] is None


BAD_INPUT = [
    ("PUT", "plan", {"data": {}}, "plan"),
    ("PUT", "plan", {"data": {"plan": "gold"}}, "plan"),
    ("POST", "plan/cancel", {"data": {"at_period_end": "no"}}, "at_period_end"),
    ("POST", "account/credit", {"data": {"amount": "10"}}, "amount"),
    ("POST", "account/credit", {"data": {"amount": 10, "extra": 1}}, "extra"),
    ("POST", "account/debit", {"data": {"amount": 0}}, "amount"),
    ("POST", "account/debit", {"data": {"amount": 5, "currency": "eur"}}, "currency"),
    ("POST", "cards", {"data": {"payment_method": "4242 4242 4242 4242"}}, "payment_method"),
    ("POST", "cards", {"data": {"payment_method": "pm_unknown_at_stripe"}}, "payment_method"),
    ("GET", "account/transactions?kind=refund", None, "kind"),
    ("GET", "account/transactions?limit=9999", None, "limit"),
    ("GET", "cards?page=0", None, "page"),
]


def test_bad_input_on_every_route_is_422_with_field_details(suite):
    token, workspace, _account = owner(suite)
    headers = {"Authorization": f"Bearer {token}"}
    for method, path, body, field in BAD_INPUT:
        response = suite.http.request(method, suite.url(f"/v1/workspaces/{workspace}/{path}"), json=body,
                                      headers=headers)
        assert response.status_code == 422, (method, path, response.text)
        assert field in response.json()["error"]["fields"], (method, path, response.text)
    w = f"/v1/workspaces/{workspace}"
    assert suite.post(f"{w}/account/credit", token=token, json={"amount": 5}).status_code == 400  # no envelope
    assert suite.delete(f"{w}/cards/not-a-card", token=token).status_code == 400
    assert suite.delete(f"{w}/cards/crd_{'0' * 22}", token=token).status_code == 404
    assert suite.get("/v1/workspaces/wrk_nope/plan", token=token).status_code == 400


def test_stripe_webhooks_are_verified_and_applied_once(suite, stripe_fake):
    token, workspace, _account = owner(suite)
    w = f"/v1/workspaces/{workspace}"
    suite.post(f"{w}/cards", token=token, json={"data": {"payment_method": "pm_card_visa"}})
    plan = suite.put(f"{w}/plan", token=token, json={"data": {"plan": "pro"}}).json()["data"]
    stripe_fake.subscriptions[plan["stripe_id"]]["status"] = "canceled"  # ended on Stripe's side
    ended = stripe_fake.subscriptions[plan["stripe_id"]]
    payload = stripetesting.event_payload("customer.subscription.deleted", ended)
    url = "/v1/billing/webhooks/stripe"

    def post(body, signature):
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["Stripe-Signature"] = signature
        return suite.http.post(suite.url(url), data=body.encode(), headers=headers)

    assert post(payload, None).status_code == 400
    assert post(payload, "t=1,v1=00").status_code == 400
    assert post(payload, stripetesting.sign(payload, timestamp=int(time.time()) - 3600)).status_code == 400
    assert post(payload, stripetesting.sign(payload, secret="whsec_wrong")).status_code == 400
    assert suite.get(f"{w}/plan", token=token).json()["data"]["plan"]["id"] == "pro"
    first = post(payload, stripetesting.sign(payload))
    assert first.status_code == 200, first.text
    assert first.json()["data"] == {"id": json.loads(payload)["id"], "type": "customer.subscription.deleted",
                                    "handled": True, "duplicate": False}
    assert post(payload, stripetesting.sign(payload)).json()["data"]["duplicate"] is True
    assert suite.get(f"{w}/plan", token=token).json()["data"]["plan"]["id"] == "free"


@pytest.mark.parametrize("body", ["not json at all", "[]"])
def test_a_signed_webhook_body_that_is_no_event_is_400(suite, body):
    response = suite.http.post(suite.url("/v1/billing/webhooks/stripe"), data=body.encode(),
                               headers={"Stripe-Signature": stripetesting.sign(body)})
    assert response.status_code == 400, response.text
