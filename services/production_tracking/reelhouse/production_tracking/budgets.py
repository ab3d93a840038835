"""A project's budgets and their entries (Zou's ``/data/projects/<p>/budgets``).

Both are models of the generic engine (``/data/budgets``, ``/data/budget-entries``),
written by the project's managers and read by them only: salaries and costs are
not for artists, as in Zou. A new budget takes the project's next revision; an
entry given a quantity and a unit price but no amount costs their product.
"""

import re

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from reelhouse.shared.errors import ValidationFailed

from .crud import REGISTRY, Spec, register
from .models_project_more import Budget, BudgetEntry
from .permissions import MANAGE_SETTINGS, unless_managing
from .tenancy import Tenant

CURRENCY = re.compile(r"^[A-Z]{3}$")
def manager_scope(model):
    """Rows of the projects the caller manages (permissions.unless_managing: the
    studio's managers everywhere but where demoted, others where made manager)."""

    def scope(tenant: Tenant) -> list:
        return unless_managing(tenant, model.project_id, [false()])

    return scope


def _check_amounts(values: dict, errors: dict) -> None:
    for key in ("amount", "quantity", "unit_price"):
        if values.get(key) is not None and values[key] < 0:
            errors[key] = ["Must not be negative."]


def _check_dates(values: dict, row, errors: dict) -> None:
    start = values.get("start_date", getattr(row, "start_date", None))
    end = values.get("end_date", getattr(row, "end_date", None))
    if start is not None and end is not None and end < start:
        errors["end_date"] = ["Must not be before start_date."]


def prepare_budget(session: Session, tenant: Tenant, values: dict, row) -> None:
    errors = {}
    if values.get("currency") is not None:
        values["currency"] = values["currency"].upper()
        if not CURRENCY.match(values["currency"]):
            errors["currency"] = ["Must be a three-letter ISO 4217 code."]
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = ["Must not be empty."]
    _check_amounts(values, errors)
    _check_dates(values, row, errors)
    if errors:
        raise ValidationFailed(details=errors)
    if row is None:
        values.pop("revision", None)
        if values.get("project_id") is not None:
            last = session.scalar(select(func.max(Budget.revision)).where(
                Budget.workspace_id == tenant.workspace_id, Budget.project_id == values["project_id"]))
            values["revision"] = (last or 0) + 1
    else:
        values.pop("revision", None)  # revisions are given, not chosen


def prepare_entry(session: Session, tenant: Tenant, values: dict, row) -> None:
    errors = {}
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = ["Must not be empty."]
    _check_amounts(values, errors)
    if errors:
        raise ValidationFailed(details=errors)
    if row is None:
        budget = session.scalar(select(Budget).where(
            Budget.id == values.get("budget_id"), Budget.workspace_id == tenant.workspace_id)) \
            if values.get("budget_id") is not None else None
        if budget is not None:
            values.setdefault("project_id", budget.project_id)
    else:
        values.pop("budget_id", None)  # an entry stays in its budget
    quantity = values.get("quantity", getattr(row, "quantity", None))
    unit_price = values.get("unit_price", getattr(row, "unit_price", None))
    priced = "quantity" in values or "unit_price" in values
    if "amount" not in values and priced and quantity is not None and unit_price is not None:
        values["amount"] = quantity * unit_price


register(Spec(name="budgets", model=Budget, zou_type="Budget", event="budget", action=MANAGE_SETTINGS,
              required=("project_id", "name"), owned=((BudgetEntry, "budget_id"),),
              scope=manager_scope(Budget), prepare=prepare_budget, order=("revision", "created_at", "id")))

register(Spec(name="budget-entries", model=BudgetEntry, zou_type="BudgetEntry", event="budget_entry",
              action=MANAGE_SETTINGS, required=("project_id", "budget_id", "name"),
              scope=manager_scope(BudgetEntry), prepare=prepare_entry, order=("date", "created_at", "id")))

REGISTRY["projects"].dependants += (("budgets", "project_id"),)
