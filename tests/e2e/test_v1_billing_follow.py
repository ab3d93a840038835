"""The workspace follows billing over HTTP: the customer, the default card, the
plan's features and the balance show on GET /v1/workspaces/{w} after billing
changes them, and a custom role holding billing.manage runs billing while one
without it gets 403."""

from .conftest import eventually
from .test_v1_billing import owner
from .test_v1_roles import join


def shown(suite, workspace, token):
    record = suite.get(f"/v1/workspaces/{workspace}", token=token).json()["data"]
    return {key: record[key] for key in ("stripe_id", "card_brand", "card_last_four", "account")} | {
        "users": record["features"]["users"], "video_series": record["features"]["video_series"]}


def shows(suite, workspace, token, **expected):
    """Wait until the workspace shows ``expected`` (billing's events reach it asynchronously)."""
    return eventually(lambda: (lambda now: now if all(now[k] == v for k, v in expected.items()) else None)(
        shown(suite, workspace, token)))


def custom_role_member(suite, workspace, owner_token, email, name, permissions):
    """A member holding a new custom role with ``permissions``."""
    user_id, token = join(suite, workspace, owner_token, email, "co_producer")
    role = suite.post(f"/v1/workspaces/{workspace}/roles", token=owner_token,
                      json={"data": {"name": name, "permissions": permissions}})
    assert role.status_code == 201, role.text
    assigned = suite.put(f"/v1/workspaces/{workspace}/users/{user_id}/role", token=owner_token,
                         json={"data": {"role": role.json()["data"]["id"]}})
    assert assigned.status_code == 200, assigned.text
    return token


def test_plan_card_and_balance_show_on_the_workspace_and_billing_manage_opens_billing(suite, stripe_fake):
    token, workspace, account = owner(suite)
    w = f"/v1/workspaces/{workspace}"
    shows(suite, workspace, token, stripe_id=account["stripe_id"], card_brand=None, users=1, video_series=False,
          account=0)

    card = suite.post(f"{w}/cards", token=token, json={"data": {"payment_method": "pm_card_visa"}})
    assert card.status_code == 201, card.text
    shows(suite, workspace, token, card_brand="visa", card_last_four="4242")
    plan = suite.put(f"{w}/plan", token=token, json={"data": {"plan": "starter"}})
    assert plan.status_code == 200, plan.text
    shows(suite, workspace, token, users=3, video_series=True)
    credit = suite.post(f"{w}/account/credit", token=token, json={"data": {"amount": 5000}})
    assert credit.status_code == 201, credit.text
    shows(suite, workspace, token, account=5000)

    payer = custom_role_member(suite, workspace, token, "payer@example.com", "Payer",
                               ["billing.manage", "productions.read"])
    viewer = custom_role_member(suite, workspace, token, "viewer@example.com", "Viewer", ["productions.read"])

    # Billing learns the role and the membership from the workspace's events.
    changed = eventually(lambda: (lambda r: r if r.status_code == 200 else None)(
        suite.put(f"{w}/plan", token=payer, json={"data": {"plan": "pro"}})))
    assert changed.json()["data"]["plan"]["id"] == "pro"
    # (A refused response is falsy: wrapped in a tuple until billing knows the viewer is a member.)
    [refused] = eventually(lambda: (lambda r: (r,) if r.status_code != 404 else None)(
        suite.put(f"{w}/plan", token=viewer, json={"data": {"plan": "starter"}})))
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["details"] == {"permission": "billing.manage"}
    assert suite.get(f"{w}/plan", token=viewer).status_code == 403
    assert suite.get(f"{w}/plan", token=token).json()["data"]["plan"]["id"] == "pro"

    # The payer's change shows on the workspace, to the payer and to the viewer alike.
    shows(suite, workspace, token, users=10)
    assert shown(suite, workspace, viewer) == shown(suite, workspace, payer) == {
        "stripe_id": account["stripe_id"], "card_brand": "visa", "card_last_four": "4242", "account": 5000,
        "users": 10, "video_series": True}

    # A second card becomes the default; cancelling now returns to the free plan's features.
    master = suite.post(f"{w}/cards", token=payer, json={"data": {"payment_method": "pm_card_mastercard"}})
    assert master.status_code == 201, master.text
    cancelled = suite.post(f"{w}/plan/cancel", token=payer, json={"data": {"at_period_end": False}})
    assert cancelled.status_code == 200, cancelled.text
    shows(suite, workspace, token, card_brand="mastercard", card_last_four="4444", users=1, video_series=False)
