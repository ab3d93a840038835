"""Payment providers behind one small interface.

``stripe`` talks to Stripe (or anything speaking its API at ``STRIPE_API_BASE``)
through the official SDK; ``ledger`` is a local provider with no network, the
default of ``make run``: it knows Stripe's documented test payment methods
(``pm_card_visa``…) so the same flows work offline.

Every call that changes something at the provider takes an idempotency key:
a retried request sends the same key, so Stripe answers with the object it
made the first time instead of making a second one.
"""

import dataclasses
import datetime as dt
import hashlib
import logging
import uuid

import stripe
from nameko.extensions import DependencyProvider

from reelhouse.shared.context import caller_of
from reelhouse.shared.errors import BadRequest, NotFound, PaymentRequired, ServiceUnavailable, ValidationFailed
from reelhouse.shared.idempotency import CONTEXT_KEY

from .plans import PAID_PLANS

log = logging.getLogger(__name__)

DEFAULT_CURRENCY = "usd"
STRIPE_API_BASE = "https://api.stripe.com"
LOCAL_PERIOD = dt.timedelta(days=30)


@dataclasses.dataclass(frozen=True)
class CardDetails:
    provider_id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclasses.dataclass(frozen=True)
class SubscriptionState:
    provider_id: str
    status: str
    cancel_at_period_end: bool
    current_period_end: dt.datetime | None


def provider_key(*parts) -> str:
    """A Stripe idempotency key from our own facts (Stripe allows 255 characters)."""
    return "rh-" + hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:48]


@dataclasses.dataclass(frozen=True)
class Payments:
    """The provider, as one request sees it: with the client's Idempotency-Key."""

    provider: object
    client_key: str | None = None
    actor: str | None = None

    def key(self, operation, *facts) -> str | None:
        """The provider idempotency key of one call of this request (None without a client key:
        the SDK then makes its own, which covers its own network retries)."""
        if not self.client_key:
            return None
        return provider_key(operation, self.actor, self.client_key, *facts)


def utc_from_epoch(value) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(int(value), dt.UTC).replace(tzinfo=None) if value else None


def declined(message, decline_code=None, reference=None) -> PaymentRequired:
    details = {"reason": "card_declined"}
    if decline_code:
        details["decline_code"] = decline_code
    if reference:
        details["reference"] = reference
    return PaymentRequired(message or "The card was declined.", details)


# -- Stripe --------------------------------------------------------------------------

class StripeProvider:
    name = "stripe"

    def __init__(self, api_key, api_base=STRIPE_API_BASE, webhook_secret=None, prices=None, timeout=20.0,
                 currency=DEFAULT_CURRENCY):
        missing = [plan for plan in PAID_PLANS if not (prices or {}).get(plan)]
        if not api_key or missing:
            raise ValueError(f"the stripe provider needs STRIPE_API_KEY and a price for {', '.join(PAID_PLANS)} "
                             f"in STRIPE_PRICE_IDS (missing: {', '.join(missing) or 'the key'})")
        self.client = stripe.StripeClient(
            api_key, base_addresses={"api": api_base.rstrip("/")}, max_network_retries=2,
            http_client=stripe.RequestsClient(timeout=timeout))
        self.webhook_secret = webhook_secret
        self.prices = dict(prices)
        self.currency = currency

    def _call(self, function, *args, params=None, key=None):
        """One SDK call, its failures mapped to our error catalogue."""
        options = {"idempotency_key": key} if key else {}
        try:
            return function(*args, params=params or {}, options=options)
        except stripe.CardError as error:
            raise declined(error.user_message or str(error), getattr(error.error, "decline_code", None)) from None
        except stripe.InvalidRequestError as error:
            field = error.param or "request"
            raise ValidationFailed(details={field: [error.user_message or str(error)]}) from None
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
            log.warning("stripe unreachable or failing: %s", error)
            raise ServiceUnavailable("The payment provider is unavailable; try again.") from None
        except stripe.StripeError as error:  # authentication, permissions: our configuration
            log.error("stripe refused the call: %s", error)
            raise ServiceUnavailable("The payment provider refused the request.") from None

    def create_customer(self, workspace_id, key):
        customer = self._call(self.client.v1.customers.create, key=key,
                              params={"metadata": {"workspace_id": str(workspace_id)}})
        return customer.id

    def create_setup_intent(self, customer_id, key):
        intent = self._call(self.client.v1.setup_intents.create, key=key, params={
            "customer": customer_id, "usage": "off_session", "payment_method_types": ["card"]})
        return {"id": intent.id, "client_secret": intent.client_secret}

    def attach_card(self, customer_id, payment_method, key):
        method = self._call(self.client.v1.payment_methods.attach, payment_method, key=key,
                            params={"customer": customer_id})
        if method.type != "card" or not method.card:
            raise ValidationFailed(details={"payment_method": ["Must be a card."]})
        card = method.card
        return CardDetails(method.id, card.brand, str(card.last4), int(card.exp_month), int(card.exp_year))

    def detach_card(self, provider_id, key):
        self._call(self.client.v1.payment_methods.detach, provider_id, key=key)

    def set_default_card(self, customer_id, provider_id, key):
        # "" clears the default (Stripe's way of unsetting a field).
        self._call(self.client.v1.customers.update, customer_id, key=key,
                   params={"invoice_settings": {"default_payment_method": provider_id or ""}})

    def charge(self, customer_id, provider_id, amount, currency, description, metadata, key):
        intent = self._call(self.client.v1.payment_intents.create, key=key, params={
            "amount": amount, "currency": currency, "customer": customer_id, "payment_method": provider_id,
            "confirm": True, "off_session": True, "description": description or "Account credit",
            "metadata": metadata})
        if intent.status != "succeeded":
            raise declined(f"The payment is {intent.status.replace('_', ' ')}.", reference=intent.id)
        return intent.id

    def create_subscription(self, customer_id, plan, provider_card_id, metadata, key):
        subscription = self._call(self.client.v1.subscriptions.create, key=key, params={
            "customer": customer_id, "items": [{"price": self.prices[plan]}],
            "default_payment_method": provider_card_id,
            # A first payment that fails is an error now, not an "incomplete" subscription.
            "payment_behavior": "error_if_incomplete", "metadata": metadata})
        return self.subscription_state(subscription)

    def change_subscription(self, current: SubscriptionState, plan, key):
        subscription = self._call(self.client.v1.subscriptions.retrieve, current.provider_id)
        item = subscription["items"]["data"][0]
        subscription = self._call(self.client.v1.subscriptions.update, current.provider_id, key=key, params={
            "items": [{"id": item["id"], "price": self.prices[plan]}], "proration_behavior": "create_prorations",
            "cancel_at_period_end": False, "metadata": {"plan": plan}})
        return self.subscription_state(subscription)

    def cancel_subscription(self, current: SubscriptionState, at_period_end, key):
        if at_period_end:
            subscription = self._call(self.client.v1.subscriptions.update, current.provider_id, key=key,
                                      params={"cancel_at_period_end": True})
        else:
            subscription = self._call(self.client.v1.subscriptions.cancel, current.provider_id, key=key)
        return self.subscription_state(subscription)

    def resume_subscription(self, current: SubscriptionState, key):
        # Stripe's /resume is for paused subscriptions; one set to end is resumed by unsetting the end.
        subscription = self._call(self.client.v1.subscriptions.update, current.provider_id, key=key,
                                  params={"cancel_at_period_end": False})
        return self.subscription_state(subscription)

    def fetch_subscription(self, provider_id) -> SubscriptionState:
        return self.subscription_state(self._call(self.client.v1.subscriptions.retrieve, provider_id))

    @staticmethod
    def subscription_state(subscription) -> SubscriptionState:
        data = subscription if isinstance(subscription, dict) else subscription.to_dict()
        # Since API version 2025-03-31 the period belongs to the subscription's items.
        items = (data.get("items") or {}).get("data") or [{}]
        period_end = data.get("current_period_end") or items[0].get("current_period_end")
        return SubscriptionState(data["id"], data["status"], bool(data.get("cancel_at_period_end")),
                                 utc_from_epoch(period_end))

    def parse_webhook(self, payload: str, signature: str | None) -> dict:
        if not self.webhook_secret:
            raise NotFound("Stripe webhooks are not enabled here (no STRIPE_WEBHOOK_SECRET).")
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except stripe.SignatureVerificationError as error:
            raise BadRequest("The Stripe-Signature does not verify.",
                             {"reason": "bad_signature", "error": str(error)}) from None
        except ValueError:
            raise BadRequest("The webhook body is not JSON.", {"reason": "malformed_json"}) from None
        except (AttributeError, TypeError):  # signed, but JSON that is no object: the SDK trips on it
            raise BadRequest("A Stripe event is a JSON object.", {"reason": "malformed_event"}) from None
        return event.to_dict()


# -- local ledger provider ---------------------------------------------------------------

# Stripe's documented test payment methods: brand, last four digits, and
# whether charges to the card are declined.
TEST_CARDS = {
    "pm_card_visa": ("visa", "4242", False),
    "pm_card_mastercard": ("mastercard", "4444", False),
    "pm_card_amex": ("amex", "8431", False),
    "pm_card_visa_chargeDeclined": ("visa", "0341", True),
}
DECLINING = "_chargeDeclined"


class LedgerProvider:
    """No network: customers, cards and subscriptions are local records only;
    charges succeed except to Stripe's declining test card."""

    name = "ledger"

    def __init__(self, currency=DEFAULT_CURRENCY):
        self.currency = currency

    @staticmethod
    def _local_id(prefix, key):
        # Same key, same id: a retried call answers the first call's object, as at Stripe.
        seed = key or uuid.uuid4().hex
        return f"{prefix}_local_{hashlib.sha256(seed.encode()).hexdigest()[:24]}"

    def create_customer(self, workspace_id, key):
        return self._local_id("cus", key or str(workspace_id))

    def create_setup_intent(self, customer_id, key):
        intent_id = self._local_id("seti", key)
        return {"id": intent_id, "client_secret": f"{intent_id}_secret_{uuid.uuid4().hex[:16]}"}

    def attach_card(self, customer_id, payment_method, key):
        if payment_method not in TEST_CARDS:
            raise ValidationFailed(details={"payment_method": [
                f"The ledger provider knows Stripe's test cards only: {', '.join(TEST_CARDS)}."]})
        brand, last4, declines = TEST_CARDS[payment_method]
        # Like Stripe, attaching a test card makes a new payment method each time.
        provider_id = self._local_id("pm", key) + (DECLINING if declines else "")
        return CardDetails(provider_id, brand, last4, 12, dt.date.today().year + 3)

    def detach_card(self, provider_id, key):
        """Nothing to tell anyone: the card record is ours alone."""

    def set_default_card(self, customer_id, provider_id, key):
        """The default card is our own record's flag."""

    def charge(self, customer_id, provider_id, amount, currency, description, metadata, key):
        if provider_id.endswith(DECLINING):
            raise declined("Your card was declined.", "generic_decline")
        return self._local_id("pi", key)

    def create_subscription(self, customer_id, plan, provider_card_id, metadata, key):
        if provider_card_id.endswith(DECLINING):
            raise declined("Your card was declined.", "generic_decline")
        return SubscriptionState(self._local_id("sub", key), "active", False, _now() + LOCAL_PERIOD)

    def change_subscription(self, current: SubscriptionState, plan, key):
        return dataclasses.replace(current, status="active", cancel_at_period_end=False)

    def cancel_subscription(self, current: SubscriptionState, at_period_end, key):
        if at_period_end:
            return dataclasses.replace(current, cancel_at_period_end=True)
        return dataclasses.replace(current, status="canceled", cancel_at_period_end=False)

    def resume_subscription(self, current: SubscriptionState, key):
        return dataclasses.replace(current, cancel_at_period_end=False)

    def parse_webhook(self, payload, signature):
        raise NotFound("Stripe webhooks are not enabled here (the payment provider is the local ledger).")


def _now():
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def parse_prices(text: str | dict | None) -> dict:
    """``"starter=price_1,pro=price_2"`` (an environment variable) or a mapping."""
    if isinstance(text, dict):
        return dict(text)
    pairs = [item.split("=", 1) for item in (text or "").split(",") if "=" in item]
    return {plan.strip(): price.strip() for plan, price in pairs}


def provider_from_config(config: dict):
    currency = str(config.get("BILLING_CURRENCY") or DEFAULT_CURRENCY).lower()
    kind = config.get("PAYMENT_PROVIDER") or "ledger"
    if kind == "ledger":
        return LedgerProvider(currency)
    if kind == "stripe":
        return StripeProvider(
            config.get("STRIPE_API_KEY"), config.get("STRIPE_API_BASE") or STRIPE_API_BASE,
            config.get("STRIPE_WEBHOOK_SECRET") or None, parse_prices(config.get("STRIPE_PRICE_IDS")),
            float(config.get("STRIPE_TIMEOUT_SECONDS") or 20), currency)
    raise ValueError(f"PAYMENT_PROVIDER must be 'ledger' or 'stripe', not {kind!r}")


class PaymentProvider(DependencyProvider):
    """``self.payments``: the configured provider (one per container) and the request's key."""

    def setup(self):
        self.provider = provider_from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return Payments(self.provider, worker_ctx.context_data.get(CONTEXT_KEY), caller_of(worker_ctx).user_id)
