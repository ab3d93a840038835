"""Stripe webhooks: verified with the SDK (``stripe.Webhook.construct_event``),
applied once per Stripe event id (Stripe delivers at least once).

Handled: a subscription's changes and end (applied as Stripe has the
subscription now, fetched again), and failed invoice payments; every other type
is recorded and acknowledged, so Stripe stops redelivering it.
"""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import BadRequest

from .models import CANCELED, PAST_DUE, BillingAccount, StripeEvent, Subscription
from .providers import SubscriptionState
from .subscriptions import apply_state, emit_plan_event

log = logging.getLogger(__name__)


SUBSCRIPTION_EVENTS = ("customer.subscription.updated", "customer.subscription.deleted")


def _subscription(session, provider_id) -> Subscription | None:
    return session.scalar(select(Subscription).where(Subscription.provider_id == provider_id))


def subscription_changed(tx: Transaction, state: SubscriptionState) -> bool:
    subscription = _subscription(tx.session, state.provider_id)
    if subscription is None:
        return False
    # The account row orders this change with the owner's own plan changes (see require_account).
    tx.session.get(BillingAccount, subscription.workspace_id, with_for_update=True)
    tx.session.refresh(subscription)
    was_canceled = subscription.status == CANCELED
    apply_state(subscription, state)
    tx.session.flush()
    if subscription.status == CANCELED and not was_canceled:
        emit_plan_event(tx, "plan_cancelled", subscription, at_period_end=False, reason="provider")
    return True


def invoice_payment_failed(tx: Transaction, invoice: dict) -> bool:
    account = tx.session.scalar(select(BillingAccount).where(BillingAccount.customer_id == invoice.get("customer")))
    if account is None:
        return False
    subscription = tx.session.get(Subscription, account.workspace_id)
    if subscription is not None and subscription.status != CANCELED:
        subscription.status = PAST_DUE
        subscription.updated_at = utcnow()
    tx.emit("payment_failed", {"workspace_id": str(account.workspace_id), "purpose": "invoice",
                               "reason": "invoice_payment_failed", "invoice_id": invoice.get("id"),
                               "amount": invoice.get("amount_due"), "currency": invoice.get("currency"),
                               "message": "A subscription invoice could not be paid."})
    return True


def current_state(db, provider, event_type: str, data_object: dict) -> SubscriptionState | None:
    """For a subscription of ours, its state at Stripe now: events arrive out of order, so a late
    ``updated`` must not bring back a plan a ``deleted`` ended (Stripe's own advice: refetch)."""
    if event_type not in SUBSCRIPTION_EVENTS:
        return None
    with db.session() as session:
        if _subscription(session, data_object.get("id")) is None:
            return None
    return provider.fetch_subscription(data_object["id"])


def apply_event(tx: Transaction, event_type: str, data_object: dict, state: SubscriptionState | None) -> bool:
    if state is not None:
        return subscription_changed(tx, state)
    if event_type == "invoice.payment_failed":
        return invoice_payment_failed(tx, data_object)
    return False


def handle(db, provider, payload: str, signature: str | None) -> dict:
    event = provider.parse_webhook(payload, signature)  # 400 unless Stripe signed it, recently
    event_id, event_type = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not isinstance(event_type, str):
        raise BadRequest("A Stripe event has an id and a type.", {"reason": "malformed_event"})
    with db.session() as session:
        if session.get(StripeEvent, event_id) is not None:
            return {"id": event_id, "type": event_type, "handled": False, "duplicate": True}
    data_object = (event.get("data") or {}).get("object") or {}
    state = current_state(db, provider, event_type, data_object)
    try:
        with db.transaction() as tx:
            tx.session.add(StripeEvent(id=event_id, type=event_type))
            tx.session.flush()
            applied = apply_event(tx, event_type, data_object, state)
    except IntegrityError:  # the same event, delivered twice at once, was recorded first
        with db.session() as session:
            if session.get(StripeEvent, event_id) is None:
                raise
        log.info("stripe event %s already handled", event_id)
        return {"id": event_id, "type": event_type, "handled": False, "duplicate": True}
    return {"id": event_id, "type": event_type, "handled": applied, "duplicate": False}
