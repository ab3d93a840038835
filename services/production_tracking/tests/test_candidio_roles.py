"""Role x operation, table-driven: what each built-in workspace role (and a
custom role, and staff) may do with /v1 production data."""

import uuid

import pytest

from reelhouse.shared.errors import Forbidden, NotFound
from reelhouse.shared.events import make_envelope

from .candidio_fixtures import *  # noqa: F403 - the /v1 fixtures

ROLES = ("owner", "producer", "co_producer", "custom", "staff")


def series(v1, w, p, caller):
    return v1.create("video_series", {"workspace_id": w}, {"title": "S"}, caller)


def update_series(v1, w, p, caller):
    return v1.update("video_series", p["series"], {"workspace_id": w}, {"audience": "a"}, caller)


def delete_series(v1, w, p, caller):
    return v1.delete("video_series", p["empty_series"], {"workspace_id": w}, caller)


def production(v1, w, p, caller):
    return v1.create("production", {"workspace_id": w}, {"title": "P"}, caller)


def update_production(v1, w, p, caller):
    return v1.update("production", p["production"], {"workspace_id": w}, {"title": "Q"}, caller)


def set_status(v1, w, p, caller):
    return v1.update("production", p["production"], {"workspace_id": w}, {"status": "submitted"}, caller)


def delete_production(v1, w, p, caller):
    return v1.delete("production", p["spare"], {"workspace_id": w}, caller)


def brief(v1, w, p, caller):
    return v1.create("brief", {"workspace_id": w, "production_id": p["production"]}, {"purpose": "x"}, caller)


def shot(v1, w, p, caller):
    return v1.create("description", {"workspace_id": w, "production_id": p["production"]},
                     {"type": "broll", "fields": {}}, caller)


def revision(v1, w, p, caller):
    return v1.create("revision", {"workspace_id": w, "production_id": p["production"]}, {}, caller)


def deliverable(v1, w, p, caller):
    return v1.create("deliverable", {"workspace_id": w}, {"production_id": p["production"]}, caller)


def rate(v1, w, p, caller):
    return v1.update("deliverable", p["accepted"], {"workspace_id": w}, {"rating": "happy"}, caller)


def read(v1, w, p, caller):
    return v1.list("production", {"workspace_id": w}, caller)


# The custom role of the table: what the workspace service's role_created event lists. The
# staff-only names in it (deliverables.create, internal_notes) grant nothing.
CUSTOM_PERMISSIONS = ["workspaces.read", "productions.read", "productions.update", "deliverables.create",
                      "internal_notes"]

# operation -> the roles allowed to do it
ALLOWED = {
    read: ROLES,
    series: ("owner", "producer", "co_producer", "staff"),
    update_series: ("owner", "producer", "co_producer", "staff"),
    delete_series: ("owner", "producer", "staff"),
    production: ("owner", "producer", "co_producer", "staff"),
    update_production: ("owner", "producer", "co_producer", "custom", "staff"),
    set_status: ("staff",),
    delete_production: ("owner", "producer", "staff"),
    brief: ("owner", "producer", "co_producer", "custom", "staff"),
    shot: ("owner", "producer", "co_producer", "custom", "staff"),
    revision: ("owner", "producer", "co_producer", "staff"),
    deliverable: ("staff",),
    rate: ("owner", "producer", "staff"),
}


def custom_member(call, member, workspace_id, permissions):
    """A member holding a custom role, as the workspace service's events announce both."""
    role_id = str(uuid.uuid4())
    call("on_role_created", make_envelope("role_created", {
        "workspace_id": workspace_id, "role_id": role_id, "name": "Editor", "permissions": permissions}))
    user = member(workspace_id, "custom")
    call("on_member_custom_role_added", make_envelope("member_added", {
        "workspace_id": workspace_id, "user_id": user.user_id, "role": "custom", "role_id": role_id}))
    return user, role_id


@pytest.mark.parametrize("role", ROLES)
def test_role_may_do_exactly_what_its_row_says(call, v1, workspace, member, staff, role):
    workspace_id, owner = workspace()
    callers = {"owner": owner, "staff": staff,
               "custom": custom_member(call, member, workspace_id, CUSTOM_PERMISSIONS)[0]}
    for name in ("producer", "co_producer"):
        callers[name] = member(workspace_id, name)
    records = {
        "series": v1.create("video_series", {"workspace_id": workspace_id}, {"title": "Mine"}, owner)["id"],
        "empty_series": v1.create("video_series", {"workspace_id": workspace_id}, {"title": "E"}, owner)["id"],
        "production": v1.create("production", {"workspace_id": workspace_id}, {"title": "Mine"}, owner)["id"],
        "spare": v1.create("production", {"workspace_id": workspace_id}, {"title": "Spare"}, owner)["id"],
    }
    accepted = v1.create("deliverable", {"workspace_id": workspace_id}, {"production_id": records["production"]},
                         staff)
    for status in ("reviewing", "accepted"):
        v1.update("deliverable", accepted["id"], {}, {"status": status}, staff)
    records["accepted"] = accepted["id"]
    outcomes = {}
    for operation in ALLOWED:
        try:
            operation(v1, workspace_id, records, callers[role])
            outcomes[operation.__name__] = True
        except Forbidden:
            outcomes[operation.__name__] = False
    assert outcomes == {operation.__name__: role in allowed for operation, allowed in ALLOWED.items()}


def test_a_custom_roles_permissions_follow_its_events(call, v1, workspace, member):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "P"}, owner)
    user, role_id = custom_member(call, member, workspace_id, ["workspaces.read", "templates.read"])
    context = {"workspace_id": workspace_id}
    with pytest.raises(Forbidden) as error:  # a role without productions.read reads no production
        v1.get("production", production["id"], context, user)
    assert error.value.details == {"permission": "productions.read"}

    call("on_role_updated", make_envelope("role_updated", {
        "workspace_id": workspace_id, "role_id": role_id, "name": "Editor",
        "permissions": ["workspaces.read", "productions.read", "productions.delete"]}))
    assert v1.get("production", production["id"], context, user)["id"] == production["id"]
    v1.delete("production", production["id"], context, user)

    # Given a built-in role, the custom role no longer counts; removed, nothing does.
    call("on_member_custom_role_changed", make_envelope("member_role_changed", {
        "workspace_id": workspace_id, "user_id": user.user_id, "role": "co_producer", "role_id": None}))
    call("on_member_role_changed", make_envelope("member_role_changed", {
        "workspace_id": workspace_id, "user_id": user.user_id, "role": "co_producer", "role_id": None}))
    spare = v1.create("production", context, {"title": "Spare"}, owner)
    with pytest.raises(Forbidden):
        v1.delete("production", spare["id"], context, user)
    call("on_member_removed", make_envelope("member_removed", {"workspace_id": workspace_id,
                                                               "user_id": user.user_id}))
    with pytest.raises(NotFound):
        v1.get("production", spare["id"], context, user)
