"""Role x operation, table-driven: what each built-in workspace role (and a
custom role, and staff) may do with /v1 production data."""

import pytest

from reelhouse.shared.errors import Forbidden

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


# operation -> the roles allowed to do it
ALLOWED = {
    read: ROLES,
    series: ("owner", "producer", "co_producer", "staff"),
    update_series: ("owner", "producer", "co_producer", "staff"),
    delete_series: ("owner", "producer", "staff"),
    production: ("owner", "producer", "co_producer", "staff"),
    update_production: ("owner", "producer", "co_producer", "staff"),
    set_status: ("staff",),
    delete_production: ("owner", "producer", "staff"),
    brief: ("owner", "producer", "co_producer", "staff"),
    shot: ("owner", "producer", "co_producer", "staff"),
    revision: ("owner", "producer", "co_producer", "staff"),
    deliverable: ("staff",),
    rate: ("owner", "producer", "staff"),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_may_do_exactly_what_its_row_says(v1, workspace, member, staff, role):
    workspace_id, owner = workspace()
    callers = {"owner": owner, "staff": staff, "custom": member(workspace_id, "custom")}
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
