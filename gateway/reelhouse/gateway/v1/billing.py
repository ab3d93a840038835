"""/v1 billing and plans (our design: the spec keeps only the headings "Add/Update
Credit Card", "Credit Account", "Debit Account", "Update Plan", "Cancel Plan",
"Resume Plan"; docs/billing.md).

Everything but the plan catalogue and the Stripe webhook is the workspace
owner's (and platform admins'); the billing service decides.
"""

from nameko.web.handlers import http

from reelhouse.shared import ids
from reelhouse.shared.errors import BadRequest
from reelhouse.shared.pagination import page_from

from ..http import Reply, route
from ..openapi import document
from . import billing_schemas as wire
from . import shapes
from .schemas import PageQuerySchema, SuccessSchema, data, page
from .shapes import USER_PREFIX, WORKSPACE_PREFIX, decode_id, request_data

CARD_PREFIX, TRANSACTION_PREFIX = "crd", "txn"
SIGNATURE_HEADER = "Stripe-Signature"


def prefixed(prefix, value):
    return ids.to_prefixed(prefix, value) if value else None


def plan(record):
    return {"type": "plan", **record}


def subscription(record):
    return {
        "type": "subscription", "workspace_id": prefixed(WORKSPACE_PREFIX, record["workspace_id"]),
        "plan": plan(record["plan"]), "status": record["status"],
        "cancel_at_period_end": record["cancel_at_period_end"],
        "current_period_end": shapes.timestamp(record.get("current_period_end")),
        "canceled_at": shapes.timestamp(record.get("canceled_at")), "stripe_id": record.get("provider_id"),
    }


def account(record):
    return {
        "type": "account", "workspace_id": prefixed(WORKSPACE_PREFIX, record["workspace_id"]),
        "balance": record["balance"], "currency": record["currency"], "stripe_id": record.get("customer_id"),
        "created_at": shapes.timestamp(record.get("created_at")),
        "updated_at": shapes.timestamp(record.get("updated_at")),
    }


def transaction(record):
    return {
        "type": "transaction", "id": prefixed(TRANSACTION_PREFIX, record["id"]),
        "workspace_id": prefixed(WORKSPACE_PREFIX, record["workspace_id"]), "kind": record["kind"],
        "amount": record["amount"], "currency": record["currency"], "balance_after": record["balance_after"],
        "description": record.get("description"), "reference": record.get("reference"),
        "user_id": prefixed(USER_PREFIX, record.get("actor_id")),
        "created_at": shapes.timestamp(record.get("created_at")),
    }


def card(record):
    return {
        "type": "card", "id": prefixed(CARD_PREFIX, record["id"]),
        "workspace_id": prefixed(WORKSPACE_PREFIX, record["workspace_id"]), "brand": record["brand"],
        "last_four": record["last4"], "exp_month": record["exp_month"], "exp_year": record["exp_year"],
        "is_default": record["is_default"], "stripe_id": record["provider_id"],
        "created_at": shapes.timestamp(record.get("created_at")),
    }


def optional_data(call):
    """The ``data`` of a body that may be left out altogether."""
    return request_data(call) if call.json(required=False) is not None else {}


def raw_text(call) -> str:
    """The exact body text: Stripe's signature covers these bytes, not a re-encoding."""
    try:
        return call.raw_body().decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The body is not UTF-8 text.", {"reason": "malformed_body"}) from None


def workspace(workspace_id):
    return decode_id(WORKSPACE_PREFIX, workspace_id)


class BillingRoutes:
    # -- plans ---------------------------------------------------------------------

    @http("GET", "/v1/plans")
    @route(shapes)
    @document("List the plans: price per interval and the workspace features each grants",
              response=page(wire.PlanSchema))
    def list_plans(self, call):
        result = call.rpc("billing", "list_plans")
        # The catalogue is one short, fixed list: a single page of everything.
        return shapes.collection([plan(p) for p in result["items"]], page_from(1, max(1, result["total"])),
                                 result["total"], call)

    @http("GET", "/v1/workspaces/<string:workspace_id>/plan")
    @route(shapes)
    @document("Get the workspace's plan and subscription (owner)", response=data(wire.SubscriptionSchema),
              errors=(403,))
    def get_plan(self, call, workspace_id):
        return {"data": subscription(call.rpc("billing", "get_plan", workspace(workspace_id)))}

    @http("PUT", "/v1/workspaces/<string:workspace_id>/plan")
    @route(shapes)
    @document("Update Plan: subscribe to a paid plan or change it, prorated (owner)",
              body=data(wire.UpdatePlanSchema), response=data(wire.SubscriptionSchema), errors=(402, 403, 409),
              description="402 without a default card or when the card is declined (details.reason).")
    def update_plan(self, call, workspace_id):
        record = call.rpc("billing", "update_plan", workspace(workspace_id), request_data(call))
        return {"data": subscription(record)}

    @http("POST", "/v1/workspaces/<string:workspace_id>/plan/cancel")
    @route(shapes)
    @document("Cancel Plan: at the end of the paid period (default, resumable) or at once (owner)",
              body=data(wire.CancelPlanSchema), response=data(wire.SubscriptionSchema), errors=(403, 409),
              description="The body may be left out. 409 on the free plan.")
    def cancel_plan(self, call, workspace_id):
        record = call.rpc("billing", "cancel_plan", workspace(workspace_id), optional_data(call))
        return {"data": subscription(record)}

    @http("POST", "/v1/workspaces/<string:workspace_id>/plan/resume")
    @route(shapes)
    @document("Resume Plan: keep a plan that was set to end with its period (owner)",
              response=data(wire.SubscriptionSchema), errors=(403, 409),
              description="409 unless the plan is set to end and its period has not passed.")
    def resume_plan(self, call, workspace_id):
        return {"data": subscription(call.rpc("billing", "resume_plan", workspace(workspace_id)))}

    # -- the account ledger ----------------------------------------------------------------

    @http("GET", "/v1/workspaces/<string:workspace_id>/account")
    @route(shapes)
    @document("Get the workspace's account balance (owner)", response=data(wire.AccountSchema), errors=(403,))
    def get_account(self, call, workspace_id):
        return {"data": account(call.rpc("billing", "get_account", workspace(workspace_id)))}

    @http("GET", "/v1/workspaces/<string:workspace_id>/account/transactions")
    @route(shapes)
    @document("List the account's ledger, newest first (owner)", query=wire.TransactionListQuerySchema,
              response=page(wire.TransactionSchema), errors=(403,))
    def list_transactions(self, call, workspace_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc("billing", "list_transactions", workspace(workspace_id), page.number, page.limit,
                          call.args.get("kind") or None)
        return shapes.collection([transaction(e) for e in result["items"]], page, result["total"], call)

    @http("POST", "/v1/workspaces/<string:workspace_id>/account/credit")
    @route(shapes)
    @document("Credit Account: the owner buys credit with the default card; an admin grants it",
              status=201, body=data(wire.CreditSchema), response=data(wire.TransactionSchema),
              errors=(402, 403, 409), description="Send an Idempotency-Key: a retry charges once.")
    def credit_account(self, call, workspace_id):
        record = call.rpc("billing", "credit_account", workspace(workspace_id), request_data(call))
        return Reply({"data": transaction(record)}, status=201)

    @http("POST", "/v1/workspaces/<string:workspace_id>/account/debit")
    @route(shapes)
    @document("Debit Account: spend credit; never below zero unless an admin allows (owner)", status=201,
              body=data(wire.DebitSchema), response=data(wire.TransactionSchema), errors=(402, 403, 409),
              description="402 with details.reason insufficient_funds when the balance is too low.")
    def debit_account(self, call, workspace_id):
        record = call.rpc("billing", "debit_account", workspace(workspace_id), request_data(call))
        return Reply({"data": transaction(record)}, status=201)

    # -- cards -------------------------------------------------------------------------------

    @http("GET", "/v1/workspaces/<string:workspace_id>/cards")
    @route(shapes)
    @document("List the workspace's cards (owner)", query=PageQuerySchema, response=page(wire.CardSchema),
              errors=(403,))
    def list_cards(self, call, workspace_id):
        page = page_from(call.args.get("page"), call.args.get("limit"))
        result = call.rpc("billing", "list_cards", workspace(workspace_id), page.number, page.limit)
        return shapes.collection([card(c) for c in result["items"]], page, result["total"], call)

    @http("POST", "/v1/workspaces/<string:workspace_id>/cards/setup")
    @route(shapes)
    @document("Start collecting a card: a Stripe SetupIntent's client secret for Stripe.js (owner)", status=201,
              response=data(wire.CardSetupSchema), errors=(403,))
    def create_card_setup(self, call, workspace_id):
        record = call.rpc("billing", "create_card_setup", workspace(workspace_id))
        return Reply({"data": {"type": "card_setup", "id": record["id"], "client_secret": record["client_secret"],
                               "provider": record["provider"]}}, status=201)

    @http("POST", "/v1/workspaces/<string:workspace_id>/cards")
    @route(shapes)
    @document("Add/Update Credit Card: attach a card, by default as the one that pays (owner)", status=201,
              body=data(wire.AddCardSchema), response=data(wire.CardSchema), errors=(403, 409))
    def add_card(self, call, workspace_id):
        record = call.rpc("billing", "add_card", workspace(workspace_id), request_data(call))
        return Reply({"data": card(record)}, status=201)

    @http("DELETE", "/v1/workspaces/<string:workspace_id>/cards/<string:card_id>")
    @route(shapes)
    @document("Remove a card (owner)", response=SuccessSchema, errors=(403, 409),
              description="409 for the only card of a plan that renews.")
    def delete_card(self, call, workspace_id, card_id):
        call.rpc("billing", "delete_card", workspace(workspace_id), decode_id(CARD_PREFIX, card_id))
        return shapes.success()

    # -- Stripe ---------------------------------------------------------------------------------

    @http("POST", "/v1/billing/webhooks/stripe")
    @route(shapes, auth="none")
    @document("Stripe webhook endpoint (signed by Stripe)", auth="none", body=wire.StripeEventSchema,
              response=data(wire.WebhookReceiptSchema),
              description="Verified against the Stripe-Signature header (400 when it does not verify or is "
                          "older than 5 minutes); each event id is applied once.")
    def stripe_webhook(self, call):
        receipt = call.rpc("billing", "handle_stripe_webhook", raw_text(call),
                           call.request.headers.get(SIGNATURE_HEADER))
        return {"data": receipt}
