"""What the billing RPCs accept (marshmallow; unknown fields are refused)."""

from marshmallow import Schema, fields, validate

from reelhouse.shared.validation import StrictBoolean, StrictInteger

# Stripe's own ceiling for one amount (99,999,999.99 in a two-decimal currency).
MAX_AMOUNT = 99_999_999_99


class LedgerEntryInputSchema(Schema):
    amount = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_AMOUNT),
                           metadata={"description": "Minor units of the currency (cents)."})
    currency = fields.String(validate=validate.Regexp(r"^[a-z]{3}$", error="A lowercase ISO 4217 code."),
                             metadata={"description": "Must be the account's currency when given."})
    description = fields.String(allow_none=True, validate=validate.Length(max=500))


class CreditSchema(LedgerEntryInputSchema):
    pass


class DebitSchema(LedgerEntryInputSchema):
    allow_overdraft = StrictBoolean(metadata={"description": "Platform administrators only."})


class AddCardSchema(Schema):
    payment_method = fields.String(required=True, validate=validate.Regexp(r"^pm_[A-Za-z0-9_]{1,250}$",
                                                                           error="A Stripe PaymentMethod ID (pm_…)."))
    is_default = StrictBoolean(metadata={"description": "Default true: the new card pays from now on."})


class UpdatePlanSchema(Schema):
    plan = fields.String(required=True, validate=validate.Length(min=1, max=40))


class CancelPlanSchema(Schema):
    at_period_end = StrictBoolean(metadata={"description": "Default true: the plan runs to the end of the "
                                                           "paid period and can be resumed until then."})
