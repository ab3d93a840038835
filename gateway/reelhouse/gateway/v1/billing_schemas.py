"""``/v1`` wire shapes of billing and plans, for the OpenAPI document.

The billing service validates every payload (``reelhouse.billing.schemas``);
these describe the same fields as the client sends and receives them.
"""

from marshmallow import Schema, fields, validate

from .schemas import PageQuerySchema, constant, prefixed_id, timestamp

AMOUNT = "Minor units of the currency (cents), a whole number."

# Requests ----------------------------------------------------------------------


class CreditSchema(Schema):
    amount = fields.Integer(required=True, validate=validate.Range(min=1), metadata={"description": AMOUNT})
    currency = fields.String(metadata={"description": "The account's currency, lowercase (e.g. usd)."})
    description = fields.String(allow_none=True, validate=validate.Length(max=500))


class DebitSchema(CreditSchema):
    allow_overdraft = fields.Boolean(metadata={"description": "Platform administrators only."})


class AddCardSchema(Schema):
    payment_method = fields.String(required=True, metadata={
        "description": "A Stripe PaymentMethod ID (pm_…) made by Stripe.js; with the ledger provider one of "
                       "Stripe's test cards (pm_card_visa, pm_card_mastercard, pm_card_amex, "
                       "pm_card_visa_chargeDeclined)."})
    is_default = fields.Boolean(metadata={"default": True, "description": "The card pays from now on."})


class UpdatePlanSchema(Schema):
    plan = fields.String(required=True, metadata={"description": "A paid plan of GET /v1/plans."})


class CancelPlanSchema(Schema):
    at_period_end = fields.Boolean(metadata={"default": True, "description": "False ends the plan at once "
                                                                             "(it cannot be resumed then)."})


TransactionListQuerySchema = PageQuerySchema.from_dict({"kind": fields.String(
    validate=validate.OneOf(["credit", "debit"]))}, name="TransactionListQuery")


class StripeEventSchema(Schema):
    """A Stripe event as Stripe posts it (the raw body is what the signature covers)."""

    id = fields.String(required=True, metadata={"description": "evt_…; each is applied once."})
    type = fields.String(required=True)
    data = fields.Dict(required=True)


# Responses -----------------------------------------------------------------------

class PlanSchema(Schema):
    type = constant("plan")
    id = fields.String(required=True, metadata={"description": "free, starter or pro."})
    name = fields.String(required=True)
    amount = fields.Integer(required=True, metadata={"description": AMOUNT + " Per interval."})
    currency = fields.String(required=True)
    interval = fields.String(required=True)
    features = fields.Dict(required=True, metadata={"description": "The workspace features the plan grants."})


class SubscriptionSchema(Schema):
    type = constant("subscription")
    workspace_id = prefixed_id("wrk", required=True)
    plan = fields.Nested(PlanSchema, required=True)
    status = fields.String(required=True, metadata={"description": "active, past_due, … (Stripe's statuses)."})
    cancel_at_period_end = fields.Boolean(required=True)
    current_period_end = timestamp(required=True)
    canceled_at = timestamp(required=True)
    stripe_id = fields.String(allow_none=True, required=True, metadata={"description": "The subscription."})


class AccountSchema(Schema):
    type = constant("account")
    workspace_id = prefixed_id("wrk", required=True)
    balance = fields.Integer(required=True, metadata={"description": AMOUNT})
    currency = fields.String(required=True)
    stripe_id = fields.String(allow_none=True, required=True, metadata={"description": "The customer."})
    created_at = timestamp(required=True)
    updated_at = timestamp(required=True)


class TransactionSchema(Schema):
    type = constant("transaction")
    id = prefixed_id("txn", required=True)
    workspace_id = prefixed_id("wrk", required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["credit", "debit"]))
    amount = fields.Integer(required=True, metadata={"description": AMOUNT})
    currency = fields.String(required=True)
    balance_after = fields.Integer(required=True)
    description = fields.String(allow_none=True, required=True)
    reference = fields.String(allow_none=True, required=True, metadata={"description": "The charge, if any."})
    user_id = prefixed_id("usr", allow_none=True, required=True)
    created_at = timestamp(required=True)


class CardSchema(Schema):
    type = constant("card")
    id = prefixed_id("crd", required=True)
    workspace_id = prefixed_id("wrk", required=True)
    brand = fields.String(required=True)
    last_four = fields.String(required=True)
    exp_month = fields.Integer(required=True)
    exp_year = fields.Integer(required=True)
    is_default = fields.Boolean(required=True)
    stripe_id = fields.String(required=True, metadata={"description": "The PaymentMethod."})
    created_at = timestamp(required=True)


class CardSetupSchema(Schema):
    type = constant("card_setup")
    id = fields.String(required=True, metadata={"description": "The SetupIntent."})
    client_secret = fields.String(required=True, metadata={"description": "For Stripe.js confirmCardSetup."})
    provider = fields.String(required=True)


class WebhookReceiptSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True)
    handled = fields.Boolean(required=True)
    duplicate = fields.Boolean(required=True)
