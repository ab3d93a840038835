"""Billing accounts and the ledger.

A workspace's account is opened by the registration saga (``workspace_created``)
or, if a billing request arrives first, by that request; both ask the provider
for the customer with the same idempotency key, so there is one customer.

The ledger is append-only. ``billing_accounts.balance`` moves only in the
transaction that appends an entry, through one conditional UPDATE, so the
balance always equals the entries' sum and two debits racing for the same
money cannot both succeed.
"""

import logging
import uuid

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, Forbidden, PaymentRequired, ValidationFailed
from reelhouse.shared.events import load_event_data
from reelhouse.shared.memberships import WorkspaceCreatedSchema, caller_user_id
from reelhouse.shared.pagination import Page, paginate
from reelhouse.shared.validation import load

from .access import require_billing_access
from .models import CREDIT, DEBIT, BillingAccount, Card, LedgerEntry
from .providers import Payments, provider_key
from .schemas import CreditSchema, DebitSchema

log = logging.getLogger(__name__)


def iso(value):
    return value.isoformat(timespec="seconds") if value else None


# -- opening -----------------------------------------------------------------------

def customer_key(workspace_id) -> str:
    """The provider idempotency key of a workspace's customer: the same from every path."""
    return provider_key("customer", workspace_id)


def record_account(tx: Transaction, provider, workspace_id: uuid.UUID, customer_id: str) -> bool:
    """Insert the account unless it exists; True when this call opened it."""
    if tx.session.get(BillingAccount, workspace_id) is not None:
        return False
    tx.session.add(BillingAccount(workspace_id=workspace_id, provider=provider.name, customer_id=customer_id,
                                  currency=provider.currency, balance=0))
    tx.session.flush()
    tx.emit("customer_opened", {"workspace_id": str(workspace_id), "customer_id": customer_id,
                                "provider": provider.name})
    return True


def ensure_account(db, provider, workspace_id: uuid.UUID) -> None:
    """Open the workspace's account now if the saga has not yet."""
    with db.session() as session:
        if session.get(BillingAccount, workspace_id) is not None:
            return
    customer_id = provider.create_customer(workspace_id, customer_key(workspace_id))
    try:
        with db.transaction() as tx:
            record_account(tx, provider, workspace_id, customer_id)
    except IntegrityError:
        log.info("billing account of %s opened concurrently", workspace_id)


def open_on_workspace_created(db, provider, envelope: dict) -> None:
    """The registration saga's billing step: a customer for every new workspace."""
    workspace_id = load_event_data(WorkspaceCreatedSchema, envelope["data"])["workspace_id"]
    with db.session() as session:
        opened = session.get(BillingAccount, workspace_id) is not None
    # The provider call is outside the transaction; its idempotency key makes a redelivery harmless.
    customer_id = None if opened else provider.create_customer(workspace_id, customer_key(workspace_id))
    db.run_once(envelope, lambda tx, _data: customer_id and record_account(tx, provider, workspace_id, customer_id))


def require_account(session: Session, workspace_id: uuid.UUID, lock: bool = False) -> BillingAccount:
    """The open account; ``lock`` holds its row until commit, so the plan and card changes of one
    workspace commit one at a time, in the order of their events' ``occurred_at``."""
    account = session.get(BillingAccount, workspace_id, with_for_update=lock or None)
    if account is None:
        raise Conflict("The workspace's billing account is not open yet; try again.", {"reason": "account_not_open"})
    return account


def default_card(session: Session, workspace_id: uuid.UUID) -> Card | None:
    return session.scalar(select(Card).where(Card.workspace_id == workspace_id, Card.is_default.is_(True)))


def require_default_card(session: Session, workspace_id: uuid.UUID) -> Card:
    card = default_card(session, workspace_id)
    if card is None:
        raise PaymentRequired("Add a card first.", {"reason": "no_payment_method"})
    return card


# -- reading ---------------------------------------------------------------------------

def account_record(account: BillingAccount | None, workspace_id: uuid.UUID, provider) -> dict:
    if account is None:  # not opened yet: nothing owed, nothing held
        return {"workspace_id": str(workspace_id), "balance": 0, "currency": provider.currency,
                "provider": provider.name, "customer_id": None, "created_at": None, "updated_at": None}
    return {"workspace_id": str(account.workspace_id), "balance": account.balance, "currency": account.currency,
            "provider": account.provider, "customer_id": account.customer_id,
            "created_at": iso(account.created_at), "updated_at": iso(account.updated_at)}


def get_account(session: Session, provider, caller: Caller, workspace_id: str) -> dict:
    workspace = require_billing_access(session, caller, workspace_id)
    return account_record(session.get(BillingAccount, workspace), workspace, provider)


def entry_record(entry: LedgerEntry) -> dict:
    return {"id": str(entry.id), "workspace_id": str(entry.workspace_id), "kind": entry.kind,
            "amount": entry.amount, "currency": entry.currency, "balance_after": entry.balance_after,
            "description": entry.description, "reference": entry.reference,
            "actor_id": str(entry.actor_id) if entry.actor_id else None, "created_at": iso(entry.created_at)}


def list_entries(session: Session, caller: Caller, workspace_id: str, page: Page, kind: str | None = None) -> dict:
    workspace = require_billing_access(session, caller, workspace_id)
    if kind not in (None, CREDIT, DEBIT):
        raise ValidationFailed(details={"kind": [f"Must be {CREDIT} or {DEBIT}."]})
    query = select(LedgerEntry).where(LedgerEntry.workspace_id == workspace)
    if kind:
        query = query.where(LedgerEntry.kind == kind)
    rows, total = paginate(query.order_by(LedgerEntry.created_at.desc(), LedgerEntry.id), page, session)
    return {"items": [entry_record(e) for e in rows], "total": total}


# -- writing -----------------------------------------------------------------------------

def _currency(account: BillingAccount, data: dict) -> str:
    if data.get("currency", account.currency) != account.currency:
        raise ValidationFailed(details={"currency": [f"The account is kept in {account.currency}."]})
    return account.currency


def append_entry(tx: Transaction, account: BillingAccount, kind: str, amount: int, description, reference,
                 caller: Caller, allow_overdraft=False) -> LedgerEntry:
    table = BillingAccount.__table__
    statement = update(table).where(table.c.workspace_id == account.workspace_id)
    if kind == DEBIT and not allow_overdraft:
        statement = statement.where(table.c.balance >= amount)
    delta = amount if kind == CREDIT else -amount
    balance = tx.session.execute(statement.values(balance=table.c.balance + delta, updated_at=utcnow())
                                 .returning(table.c.balance)).scalar_one_or_none()
    if balance is None:
        current = tx.session.scalar(select(table.c.balance).where(table.c.workspace_id == account.workspace_id))
        raise PaymentRequired("The account's balance is too low for this debit.",
                              {"reason": "insufficient_funds", "balance": current, "amount": amount})
    entry = LedgerEntry(workspace_id=account.workspace_id, kind=kind, amount=amount, currency=account.currency,
                        balance_after=balance, description=description, reference=reference,
                        actor_id=caller_user_id(caller))
    tx.session.add(entry)
    tx.session.flush()
    tx.emit(f"account_{kind}ed", {
        "workspace_id": str(account.workspace_id), "entry_id": str(entry.id), "amount": amount,
        "currency": account.currency, "balance": balance, "reference": reference})
    return entry


def credit(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, payload: dict) -> dict:
    """Owners buy credit with their default card; platform admins grant it (no charge)."""
    workspace = require_billing_access(tx.session, caller, workspace_id)
    data = load(CreditSchema, payload)
    account = require_account(tx.session, workspace)
    currency = _currency(account, data)
    reference = None
    if not caller.is_admin:
        card = require_default_card(tx.session, workspace)
        reference = payments.provider.charge(
            account.customer_id, card.provider_id, data["amount"], currency, data.get("description"),
            {"workspace_id": str(workspace), "purpose": "account_credit"}, payments.key("credit", workspace))
    entry = append_entry(tx, account, CREDIT, data["amount"], data.get("description"), reference, caller)
    return entry_record(entry)


def debit(tx: Transaction, payments: Payments, caller: Caller, workspace_id: str, payload: dict) -> dict:
    workspace = require_billing_access(tx.session, caller, workspace_id)
    data = load(DebitSchema, payload)
    if data.get("allow_overdraft") and not caller.is_admin:
        raise Forbidden("Only platform administrators may overdraw an account.",
                        {"permission": "billing.overdraw"})
    account = require_account(tx.session, workspace)
    _currency(account, data)
    entry = append_entry(tx, account, DEBIT, data["amount"], data.get("description"), None, caller,
                         allow_overdraft=bool(data.get("allow_overdraft")))
    return entry_record(entry)


def record_payment_failure(db, workspace_id, error: PaymentRequired, purpose: str) -> None:
    """``payment_failed`` in a transaction of its own: the failed write rolled back."""
    with db.transaction() as tx:
        tx.emit("payment_failed", {"workspace_id": str(workspace_id), "purpose": purpose,
                                   "reason": (error.details or {}).get("reason"), "message": error.message,
                                   "decline_code": (error.details or {}).get("decline_code")})
