"""The workspace's billing fields, following the billing service's events.

Billing owns plans, customers, cards and the ledger; the Candidio workspace
object shows their current values (``features``, ``stripe_id``, ``card_brand``,
``card_last_four``, ``account``). Each fact is set from its own events:

| fact | events | fields |
|---|---|---|
| ``plan`` | ``plan_changed``, ``plan_cancelled``, ``plan_resumed`` | ``features`` |
| ``customer`` | ``customer_opened`` | ``stripe_id`` |
| ``card`` | ``default_card_changed`` | ``card_brand``, ``card_last_four`` |
| ``account`` | ``account_credited``, ``account_debited`` | ``account`` (the balance) |

Each event is applied once (``db.run_once``: the event id is marked in the
same transaction), and in order per fact: ``workspace_billing_state`` keeps,
per workspace, the envelope ``occurred_at`` of the last event applied to each
fact, and an older one changes nothing. Billing emits these events while
holding the workspace's billing account row, so their ``occurred_at`` follows
the order in which billing committed them.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import DateTime, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.events import load_event_data, occurred_at, reliable_event_handler

from .models import Base, Workspace

log = logging.getLogger(__name__)

PLAN, CUSTOMER, CARD, ACCOUNT = "plan", "customer", "card", "account"
FACTS = (PLAN, CUSTOMER, CARD, ACCOUNT)


class WorkspaceBillingState(Base):
    """Per workspace, when (billing's ``occurred_at``) each billing fact shown last changed."""

    __tablename__ = "workspace_billing_state"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workspaces.id"), primary_key=True)
    plan: Mapped[str | None] = mapped_column(String(40))
    plan_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime)
    customer_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime)
    card_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime)
    account_as_of: Mapped[dt.datetime | None] = mapped_column(DateTime)


# -- the events' data (unknown fields ignored: billing may add some) ---------------

class _Event(Schema):
    class Meta:
        unknown = EXCLUDE

    workspace_id = fields.UUID(required=True)


class PlanEventSchema(_Event):
    plan = fields.String(required=True)
    features = fields.Dict(required=True)


class CustomerOpenedSchema(_Event):
    customer_id = fields.String(required=True)


class DefaultCardChangedSchema(_Event):
    brand = fields.String(allow_none=True, required=True)
    last_four = fields.String(allow_none=True, required=True)


class BalanceSchema(_Event):
    balance = fields.Integer(required=True, strict=True)


# -- applying one event --------------------------------------------------------------

def apply(tx: Transaction, envelope: dict, fact: str, schema: type[Schema],
          change: Callable[[Workspace, WorkspaceBillingState, dict], None]) -> bool:
    """``change(workspace, state, data)`` unless a newer event already set ``fact``; True when applied.

    The workspace row is locked first, so two events about one workspace (handled by
    two workers at once) apply one after the other and the state row is inserted once.
    """
    data = load_event_data(schema, envelope["data"])
    when = occurred_at(envelope)
    workspace = tx.session.get(Workspace, data["workspace_id"], with_for_update=True)
    if workspace is None:
        log.warning("billing %s for unknown workspace %s; ignored", envelope.get("type"), data["workspace_id"])
        return False
    state = tx.session.get(WorkspaceBillingState, workspace.id)
    if state is None:
        state = WorkspaceBillingState(workspace_id=workspace.id)
        tx.session.add(state)
    seen = getattr(state, f"{fact}_as_of")
    if seen is not None and when < seen:
        log.info("billing %s for %s is older than the %s already shown; ignored", envelope.get("type"),
                 workspace.id, fact)
        return False
    setattr(state, f"{fact}_as_of", when)
    change(workspace, state, data)
    workspace.updated_at = utcnow()
    tx.session.flush()
    tx.emit("workspace_updated", {"workspace_id": str(workspace.id)})
    return True


def _plan(workspace: Workspace, state: WorkspaceBillingState, data: dict) -> None:
    state.plan = data["plan"]
    workspace.features = dict(data["features"])  # the features in force now (free once a plan ended)


def _customer(workspace: Workspace, _state, data: dict) -> None:
    workspace.stripe_id = data["customer_id"]


def _card(workspace: Workspace, _state, data: dict) -> None:
    workspace.card_brand, workspace.card_last_four = data["brand"], data["last_four"]


def _balance(workspace: Workspace, _state, data: dict) -> None:
    workspace.account = data["balance"]


def apply_plan(tx: Transaction, envelope: dict) -> bool:
    return apply(tx, envelope, PLAN, PlanEventSchema, _plan)


def apply_customer_opened(tx: Transaction, envelope: dict) -> bool:
    return apply(tx, envelope, CUSTOMER, CustomerOpenedSchema, _customer)


def apply_default_card_changed(tx: Transaction, envelope: dict) -> bool:
    return apply(tx, envelope, CARD, DefaultCardChangedSchema, _card)


def apply_balance(tx: Transaction, envelope: dict) -> bool:
    return apply(tx, envelope, ACCOUNT, BalanceSchema, _balance)


# -- the entrypoints -----------------------------------------------------------------

class BillingProjection:
    """Mixin for the workspace service: one reliable handler per billing event,
    each applied once per event id (``db.run_once``)."""

    def _follow(self, envelope: dict, apply_event) -> None:
        self.db.run_once(envelope, lambda tx, _data: apply_event(tx, envelope))

    @reliable_event_handler("billing", "plan_changed")
    def on_plan_changed(self, envelope: dict) -> None:
        self._follow(envelope, apply_plan)

    @reliable_event_handler("billing", "plan_cancelled")
    def on_plan_cancelled(self, envelope: dict) -> None:
        self._follow(envelope, apply_plan)

    @reliable_event_handler("billing", "plan_resumed")
    def on_plan_resumed(self, envelope: dict) -> None:
        self._follow(envelope, apply_plan)

    @reliable_event_handler("billing", "customer_opened")
    def on_customer_opened(self, envelope: dict) -> None:
        self._follow(envelope, apply_customer_opened)

    @reliable_event_handler("billing", "default_card_changed")
    def on_default_card_changed(self, envelope: dict) -> None:
        self._follow(envelope, apply_default_card_changed)

    @reliable_event_handler("billing", "account_credited")
    def on_account_credited(self, envelope: dict) -> None:
        self._follow(envelope, apply_balance)

    @reliable_event_handler("billing", "account_debited")
    def on_account_debited(self, envelope: dict) -> None:
        self._follow(envelope, apply_balance)
