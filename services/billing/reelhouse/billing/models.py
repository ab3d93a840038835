"""Tables of the billing service: one billing account per workspace (the payment
provider's customer and the ledger balance), its ledger entries, cards,
subscription, the Stripe events already handled, and the membership and custom
role projections it authorizes with.

Money is always an integer count of the currency's minor units (cents).
"""

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base, utcnow
from reelhouse.shared.memberships import custom_role_models, membership_model

Base = make_base()

CREDIT, DEBIT = "credit", "debit"

# Subscription.status, as Stripe names them.
ACTIVE, CANCELED, PAST_DUE, INCOMPLETE = "active", "canceled", "past_due", "incomplete"

WorkspaceMember = membership_model(Base)
# Custom roles' permissions and holders, kept by BillingService's CustomRoleProjection.
CUSTOM_ROLES = custom_role_models(Base)


class BillingAccount(Base):
    """A workspace's customer at the payment provider and its ledger balance.

    ``balance`` is the sum of the workspace's ledger entries; it changes only
    in the transaction that appends an entry, by one conditional UPDATE (so
    two concurrent debits cannot both spend the same money).
    """

    __tablename__ = "billing_accounts"
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[str] = mapped_column(String(255), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    balance: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class LedgerEntry(Base):
    """One credit or debit; append-only (no code path updates or deletes one)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_ledger_entries_workspace_id_created_at", "workspace_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    balance_after: Mapped[int] = mapped_column(BigInteger, nullable=False)
    description: Mapped[str | None] = mapped_column(String(500))
    # The provider's charge (payment intent) behind a paid credit: unique, so
    # a charge is never counted twice (the route and the webhook both try).
    reference: Mapped[str | None] = mapped_column(String(255), unique=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Card(Base):
    """A card attached to the workspace's customer; never its number, only what Stripe shows."""

    __tablename__ = "cards"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    provider_id: Mapped[str] = mapped_column(String(255), nullable=False, unique=True)
    brand: Mapped[str] = mapped_column(String(40), nullable=False)
    last4: Mapped[str] = mapped_column(String(4), nullable=False)
    exp_month: Mapped[int] = mapped_column(Integer, nullable=False)
    exp_year: Mapped[int] = mapped_column(Integer, nullable=False)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Subscription(Base):
    """The workspace's paid plan (one per workspace); none means the free plan."""

    __tablename__ = "subscriptions"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    plan: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    provider_id: Mapped[str] = mapped_column(String(255), nullable=False, unique=True)
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    current_period_end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    canceled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class StripeEvent(Base):
    """A Stripe webhook event already handled: Stripe redelivers, we apply once."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(120), nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
