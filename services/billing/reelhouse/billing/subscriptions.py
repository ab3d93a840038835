"""Plans of a workspace: Update Plan, Cancel Plan, Resume Plan.

A workspace without a live subscription is on the free plan. Updating to a paid
plan subscribes (or changes the subscription's price, prorated); cancelling
ends the plan at the end of the paid period by default — resumable until then —
or at once with ``at_period_end: false``, which cannot be resumed (subscribe
again instead). This is Stripe's own model.
"""

import uuid

from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict
from reelhouse.shared.validation import load

from .access import require_billing_access
from .accounts import iso, require_account, require_default_card
from .models import ACTIVE, CANCELED, BillingAccount, Subscription
from .plans import FREE, PLANS, plan_record, require_paid_plan
from .providers import Payments, SubscriptionState, provider_key
from .schemas import CancelPlanSchema, UpdatePlanSchema

LIVE = (ACTIVE, "trialing", "past_due")


def effective_status(subscription: Subscription | None) -> str | None:
    """A plan set to end is over once its period has passed, even before Stripe says so."""
    if subscription is None:
        return None
    if (subscription.status in LIVE and subscription.cancel_at_period_end and subscription.current_period_end
            and subscription.current_period_end <= utcnow()):
        return CANCELED
    return subscription.status


def is_live(subscription: Subscription | None) -> bool:
    return effective_status(subscription) in LIVE


def plan_of(subscription: Subscription | None) -> str:
    return subscription.plan if is_live(subscription) else FREE


def subscription_record(subscription: Subscription | None, workspace_id: uuid.UUID, currency: str) -> dict:
    plan = plan_of(subscription)
    live = is_live(subscription)
    return {
        "workspace_id": str(workspace_id), "plan": plan_record(plan, currency),
        "status": effective_status(subscription) if live else ACTIVE,
        "cancel_at_period_end": bool(live and subscription.cancel_at_period_end),
        "current_period_end": iso(subscription.current_period_end) if live else None,
        "canceled_at": iso(subscription.canceled_at) if subscription is not None else None,
        "provider_id": subscription.provider_id if live else None,
    }


def state_of(subscription: Subscription) -> SubscriptionState:
    return SubscriptionState(subscription.provider_id, subscription.status, subscription.cancel_at_period_end,
                             subscription.current_period_end)


def apply_state(subscription: Subscription, state: SubscriptionState) -> None:
    subscription.provider_id = state.provider_id
    subscription.status = state.status
    subscription.cancel_at_period_end = state.cancel_at_period_end
    subscription.current_period_end = state.current_period_end
    if state.status == CANCELED and subscription.canceled_at is None:
        subscription.canceled_at = utcnow()


def get_plan(session: Session, payments: Payments, caller: Caller, workspace_id: str) -> dict:
    workspace = require_billing_access(session, caller, workspace_id)
    return subscription_record(session.get(Subscription, workspace), workspace, payments.provider.currency)


def emit_plan_event(tx: Transaction, event_type: str, subscription: Subscription, **extra) -> None:
    tx.emit(event_type, {"workspace_id": str(subscription.workspace_id), "plan": subscription.plan,
                         "status": subscription.status, "features": PLANS[plan_of(subscription)]["features"],
                         "current_period_end": iso(subscription.current_period_end), **extra})


def update_plan(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, payload: dict) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    plan = require_paid_plan(load(UpdatePlanSchema, payload)["plan"])
    account = require_account(tx.session, workspace, lock=True)
    subscription = tx.session.get(Subscription, workspace)
    previous = plan_of(subscription)
    if is_live(subscription):
        if subscription.plan == plan and not subscription.cancel_at_period_end:
            return subscription_record(subscription, workspace, account.currency)  # already so: nothing to do
        state = payments.provider.change_subscription(state_of(subscription), plan,
                                                      payments.key("change", workspace, plan))
    else:
        card = require_default_card(tx.session, workspace)
        state = payments.provider.create_subscription(
            account.customer_id, plan, card.provider_id, {"workspace_id": str(workspace), "plan": plan},
            payments.key("subscribe", workspace, plan))
        if subscription is None:
            subscription = Subscription(workspace_id=workspace)
            tx.session.add(subscription)
        subscription.canceled_at = None
    subscription.plan = plan
    apply_state(subscription, state)
    tx.session.flush()
    emit_plan_event(tx, "plan_changed", subscription, previous_plan=previous)
    return subscription_record(subscription, workspace, account.currency)


def cancel_plan(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, payload: dict | None) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    at_period_end = load(CancelPlanSchema, payload or {}).get("at_period_end", True)
    account = require_account(tx.session, workspace, lock=True)
    subscription = tx.session.get(Subscription, workspace)
    if not is_live(subscription):
        raise Conflict("The workspace is on the free plan: there is nothing to cancel.", {"reason": "no_plan"})
    if at_period_end and subscription.cancel_at_period_end:
        return subscription_record(subscription, workspace, account.currency)  # already set to end
    state = payments.provider.cancel_subscription(state_of(subscription), at_period_end,
                                                  payments.key("cancel", workspace, at_period_end))
    apply_state(subscription, state)
    tx.session.flush()
    emit_plan_event(tx, "plan_cancelled", subscription, at_period_end=at_period_end)
    return subscription_record(subscription, workspace, account.currency)


def resume_plan(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    account = require_account(tx.session, workspace, lock=True)
    subscription = tx.session.get(Subscription, workspace)
    if not is_live(subscription) or not subscription.cancel_at_period_end:
        raise Conflict("Only a plan set to end with its period can be resumed; choose a plan instead.",
                       {"reason": "not_resumable"})
    state = payments.provider.resume_subscription(state_of(subscription), payments.key("resume", workspace))
    apply_state(subscription, state)
    tx.session.flush()
    emit_plan_event(tx, "plan_resumed", subscription)
    return subscription_record(subscription, workspace, account.currency)


def cancel_on_workspace_deleted(db, provider, envelope: dict) -> None:
    """Deleting a workspace ends its plan at once (the spec: it "unsubscribes")."""
    workspace_id = uuid.UUID(str(envelope["data"]["workspace_id"]))
    with db.session() as session:
        subscription = session.get(Subscription, workspace_id)
        live = is_live(subscription)
        current = state_of(subscription) if live else None
    state = provider.cancel_subscription(current, False, provider_key("deleted", workspace_id)) if live else None

    def record(tx, _data):
        tx.session.get(BillingAccount, workspace_id, with_for_update=True)  # ordered with the owner's changes
        found = tx.session.get(Subscription, workspace_id)
        if state is None or found is None or found.status == CANCELED:
            return
        apply_state(found, state)
        tx.session.flush()
        emit_plan_event(tx, "plan_cancelled", found, at_period_end=False, reason="workspace_deleted")

    db.run_once(envelope, record)
