"""nameko entrypoints of the billing service: validate, call the logic, return.

Writes go through ``self.db.write`` (one transaction with their outbox events,
applied once per Idempotency-Key); the same key, hashed with the operation,
is the idempotency key of every call to the payment provider. Workspace
membership and custom roles come from the workspace service's events (local
projections).
"""

from nameko.rpc import rpc

# Imported as modules: `nameko run` starts every service class it finds here.
from reelhouse.shared import memberships
from reelhouse.shared import service as base
from reelhouse.shared.context import CallContext
from reelhouse.shared.db import Database
from reelhouse.shared.errors import PaymentRequired
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.pagination import page_from

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import accounts, cards, plans, subscriptions, webhooks
from .access import require_authenticated, require_billing_access
from .models import CUSTOM_ROLES, Base, WorkspaceMember
from .providers import PaymentProvider


class BillingService(memberships.MembershipProjection, memberships.CustomRoleProjection, base.ServiceBase):
    name = "billing"
    membership = WorkspaceMember  # kept by MembershipProjection's event handlers
    custom_roles = CUSTOM_ROLES  # kept by CustomRoleProjection's

    db = Database(Base)
    context = CallContext()
    payments = PaymentProvider()

    def _write(self, function, workspace_id, *args, purpose=None):
        """``function(tx, payments, caller, workspace_id, *args)`` once per Idempotency-Key, on an open
        account; a declined payment is published as ``payment_failed`` before the error goes back."""
        with self.db.session() as session:
            workspace = require_billing_access(session, self.context.caller, workspace_id)
        accounts.ensure_account(self.db, self.payments.provider, workspace)
        try:
            return self.db.write(lambda tx, *rest: function(tx, self.payments, *rest),
                                 self.context.caller, workspace_id, *args)
        except PaymentRequired as error:
            if purpose and (error.details or {}).get("reason") == "card_declined":
                accounts.record_payment_failure(self.db, workspace, error, purpose)
            raise

    # --- plans ----------------------------------------------------------------------

    @rpc
    def list_plans(self) -> dict:
        require_authenticated(self.context.caller)
        return plans.list_plans(self.payments.provider.currency)

    @rpc
    def get_plan(self, workspace_id: str) -> dict:
        with self.db.session() as session:
            return subscriptions.get_plan(session, self.payments, self.context.caller, workspace_id)

    @rpc
    def update_plan(self, workspace_id: str, payload: dict) -> dict:
        return self._write(subscriptions.update_plan, workspace_id, payload, purpose="subscription")

    @rpc
    def cancel_plan(self, workspace_id: str, payload: dict | None = None) -> dict:
        return self._write(subscriptions.cancel_plan, workspace_id, payload)

    @rpc
    def resume_plan(self, workspace_id: str) -> dict:
        return self._write(subscriptions.resume_plan, workspace_id)

    # --- the account ledger ------------------------------------------------------------

    @rpc
    def get_account(self, workspace_id: str) -> dict:
        with self.db.session() as session:
            return accounts.get_account(session, self.payments.provider, self.context.caller, workspace_id)

    @rpc
    def list_transactions(self, workspace_id: str, page=None, limit=None, kind: str | None = None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return accounts.list_entries(session, self.context.caller, workspace_id, page, kind)

    @rpc
    def credit_account(self, workspace_id: str, payload: dict) -> dict:
        return self._write(accounts.credit, workspace_id, payload, purpose="account_credit")

    @rpc
    def debit_account(self, workspace_id: str, payload: dict) -> dict:
        return self._write(accounts.debit, workspace_id, payload)

    # --- cards ----------------------------------------------------------------------------

    @rpc
    def create_card_setup(self, workspace_id: str) -> dict:
        with self.db.session() as session:
            workspace = require_billing_access(session, self.context.caller, workspace_id)
        accounts.ensure_account(self.db, self.payments.provider, workspace)
        with self.db.session() as session:
            return cards.create_setup(session, self.payments, self.context.caller, workspace_id)

    @rpc
    def list_cards(self, workspace_id: str, page=None, limit=None) -> dict:
        page = page_from(page, limit)
        with self.db.session() as session:
            return cards.list_cards(session, self.context.caller, workspace_id, page)

    @rpc
    def add_card(self, workspace_id: str, payload: dict) -> dict:
        return self._write(cards.add_card, workspace_id, payload)

    @rpc
    def delete_card(self, workspace_id: str, card_id: str) -> dict:
        return self._write(cards.delete_card, workspace_id, card_id)

    # --- Stripe and the saga ----------------------------------------------------------------

    @rpc
    def handle_stripe_webhook(self, payload: str, signature: str | None) -> dict:
        """Called by the gateway with the raw body: the signature covers its exact bytes."""
        return webhooks.handle(self.db, self.payments.provider, payload, signature)

    @reliable_event_handler("workspace", "workspace_created")
    def open_customer_on_workspace_created(self, envelope: dict) -> None:
        accounts.open_on_workspace_created(self.db, self.payments.provider, envelope)

    @reliable_event_handler("workspace", "workspace_deleted")
    def cancel_plan_on_workspace_deleted(self, envelope: dict) -> None:
        subscriptions.cancel_on_workspace_deleted(self.db, self.payments.provider, envelope)
