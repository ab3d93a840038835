"""The plan catalogue: what each plan costs and which workspace ``features`` it
grants (the spec lists the features but not the plans; docs/billing.md).

Plans are code, not rows: a price change is a deploy (and a new Stripe price),
never an edit that silently reprices running subscriptions.
"""

from reelhouse.shared.errors import ValidationFailed

FREE = "free"

# The keys and value types of the spec's workspace ``features`` object.
_FREE_FEATURES = {
    "video_series": False, "users": 1, "coachingPlatform": "Limited", "templates": "Limited",
    "stockLibrary": False, "landingPage": False, "help_center": True, "in_app_chat": True,
    "priority_emails": False, "phone_support": False,
}

PLANS = {
    FREE: {"name": "Free", "amount": 0, "interval": "month", "features": _FREE_FEATURES},
    "starter": {"name": "Starter", "amount": 4900, "interval": "month", "features": {
        **_FREE_FEATURES, "video_series": True, "users": 3, "templates": "Full", "stockLibrary": True}},
    "pro": {"name": "Pro", "amount": 14900, "interval": "month", "features": {
        **_FREE_FEATURES, "video_series": True, "users": 10, "coachingPlatform": "Full", "templates": "Full",
        "stockLibrary": True, "landingPage": True, "priority_emails": True, "phone_support": True}},
}
PAID_PLANS = tuple(code for code, plan in PLANS.items() if plan["amount"] > 0)


def plan_record(code: str, currency: str) -> dict:
    plan = PLANS[code]
    return {"id": code, "name": plan["name"], "amount": plan["amount"], "currency": currency,
            "interval": plan["interval"], "features": dict(plan["features"])}


def list_plans(currency: str) -> dict:
    items = [plan_record(code, currency) for code in PLANS]
    return {"items": items, "total": len(items)}


def require_paid_plan(code: str) -> str:
    if code not in PLANS:
        raise ValidationFailed(details={"plan": [f"Must be one of: {', '.join(PLANS)}."]})
    if code == FREE:
        raise ValidationFailed(details={"plan": ["Cancel the plan to return to the free plan."]})
    return code
