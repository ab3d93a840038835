"""Cards ("Add/Update Credit Card"): Stripe PaymentMethods attached to the
workspace's customer. Card numbers never reach us: the client collects the card
with Stripe.js against a SetupIntent and sends the PaymentMethod's ID.

One card is the default (it pays plans and credit); adding a card makes it the
default unless told otherwise, as the spec's "Add/Update" heading suggests.
"""

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import Conflict, NotFound
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from .access import require_billing_access
from .accounts import iso, require_account
from .models import ACTIVE, Card, Subscription
from .providers import Payments
from .schemas import AddCardSchema

MAX_CARDS = 20  # a workspace's cards stay a short, bounded list


def card_record(card: Card) -> dict:
    return {"id": str(card.id), "workspace_id": str(card.workspace_id), "provider_id": card.provider_id,
            "brand": card.brand, "last4": card.last4, "exp_month": card.exp_month, "exp_year": card.exp_year,
            "is_default": card.is_default, "created_at": iso(card.created_at)}


def create_setup(session: Session, payments: Payments, caller: Caller, workspace_id: str) -> dict:
    """A SetupIntent whose client secret lets Stripe.js collect a card for this customer."""
    workspace = require_billing_access(session, caller, workspace_id)
    account = require_account(session, workspace)
    intent = payments.provider.create_setup_intent(account.customer_id, payments.key("setup", workspace))
    return {"workspace_id": str(workspace), "provider": account.provider, **intent}


def list_cards(session: Session, caller: Caller, workspace_id: str, page: Page) -> dict:
    workspace = require_billing_access(session, caller, workspace_id)
    query = select(Card).where(Card.workspace_id == workspace).order_by(Card.created_at, Card.id)
    rows, total = paginate(query, page, session)
    return {"items": [card_record(c) for c in rows], "total": total}


def emit_default_card(tx: Transaction, workspace_id: uuid.UUID, card: Card | None) -> None:
    """``default_card_changed``: the card that pays now (nulls when none is left)."""
    tx.emit("default_card_changed", {
        "workspace_id": str(workspace_id), "card_id": str(card.id) if card else None,
        "brand": card.brand if card else None, "last_four": card.last4 if card else None,
        "exp_month": card.exp_month if card else None, "exp_year": card.exp_year if card else None})


def _make_default(tx: Transaction, payments: Payments, account, card: Card | None) -> None:
    tx.session.execute(update(Card).where(Card.workspace_id == account.workspace_id).values(is_default=False))
    if card is not None:
        card.is_default = True
    payments.provider.set_default_card(account.customer_id, card.provider_id if card else None,
                                       payments.key("default", account.workspace_id, card.id if card else ""))
    emit_default_card(tx, account.workspace_id, card)


def add_card(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, payload: dict) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    data = load(AddCardSchema, payload)
    account = require_account(tx.session, workspace, lock=True)
    if tx.session.scalar(select(func.count()).where(Card.workspace_id == workspace)) >= MAX_CARDS:
        raise Conflict(f"A workspace keeps at most {MAX_CARDS} cards; remove one first.",
                       {"reason": "too_many_cards", "limit": MAX_CARDS})
    details = payments.provider.attach_card(account.customer_id, data["payment_method"],
                                            payments.key("attach", workspace, data["payment_method"]))
    card = tx.session.scalar(select(Card).where(Card.provider_id == details.provider_id))
    if card is not None and card.workspace_id != workspace:
        raise Conflict("This card belongs to another customer.", {"reason": "card_in_use"})
    if card is None:  # attaching an attached card again is not a second card
        card = Card(id=uuid.uuid4(), workspace_id=workspace, provider_id=details.provider_id, brand=details.brand,
                    last4=details.last4, exp_month=details.exp_month, exp_year=details.exp_year, is_default=False)
        tx.session.add(card)
        tx.session.flush()
    has_default = tx.session.scalar(select(Card.id).where(Card.workspace_id == workspace,
                                                          Card.is_default.is_(True), Card.id != card.id))
    if data.get("is_default", True) or not has_default:
        _make_default(tx, payments, account, card)
    tx.session.flush()
    return card_record(card)


def delete_card(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, card_id: str) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    card = tx.session.get(Card, uuid.UUID(parse_uuid(card_id)))
    if card is None or card.workspace_id != workspace:
        raise NotFound("Card not found.")
    account = require_account(tx.session, workspace, lock=True)
    others = tx.session.scalars(select(Card).where(Card.workspace_id == workspace, Card.id != card.id)
                                .order_by(Card.created_at.desc(), Card.id)).all()
    subscription = tx.session.get(Subscription, workspace)
    renews = subscription is not None and subscription.status == ACTIVE and not subscription.cancel_at_period_end
    if card.is_default and not others and renews:
        raise Conflict("The plan renews with this card: add another card or cancel the plan first.",
                       {"reason": "card_pays_plan"})
    payments.provider.detach_card(card.provider_id, payments.key("detach", card.provider_id))
    tx.session.delete(card)
    tx.session.flush()
    if card.is_default and others:
        _make_default(tx, payments, account, others[0])  # the newest remaining card
    elif card.is_default:
        emit_default_card(tx, workspace, None)  # no card pays any more
    return {"id": str(card.id), "workspace_id": str(workspace)}
