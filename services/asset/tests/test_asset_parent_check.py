"""The asset service asks production_tracking about an asset's parent before its transaction opens: while
the RPC is out, the worker holds no pooled connection (so no transaction) and the asset's row is not locked.

production_tracking runs beside the asset service; the real ``Parents`` calls are wrapped to look at the
asset service's pool (SQLAlchemy checkout/checkin events) and at the row while each call is made.
"""

import uuid

import greenlet
import pytest
from sqlalchemy import event, text

from reelhouse.asset import parents
from reelhouse.asset.dependencies import AssetDatabase
from reelhouse.shared.errors import NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope


@pytest.fixture
def production(tracking_call, alice, workspace_id):
    tracking_call("on_workspace_created", make_envelope("workspace_created", {
        "workspace_id": workspace_id, "owner_id": alice.user_id}))
    return tracking_call("create_v1_record", "production", {"workspace_id": workspace_id},
                         {"title": "Launch video", "allow_public_upload": True}, caller=alice)


@pytest.fixture
def parent_checks(container, monkeypatch):
    """Every parent RPC the asset service makes, as ``(method, connections its worker had checked out)``;
    ``parent_checks.during`` runs a function of yours while each call is out."""
    engine = next(d for d in container.dependencies if isinstance(d, AssetDatabase)).engine
    checked_out = {}  # pooled connection record -> the green thread that holds it

    def on_checkout(_dbapi_connection, record, _proxy):
        checked_out[id(record)] = greenlet.getcurrent()

    def on_checkin(_dbapi_connection, record):
        checked_out.pop(id(record), None)

    event.listen(engine, "checkout", on_checkout)
    event.listen(engine, "checkin", on_checkin)
    class Calls(list):
        during = []

    calls = Calls()
    during = calls.during = []

    def spy(name):
        real = getattr(parents.Parents, name)

        def wrapped(self, *args, **kwargs):
            held = sum(1 for holder in checked_out.values() if holder is greenlet.getcurrent())
            calls.append((name, held))
            for check in during:
                check()
            return real(self, *args, **kwargs)

        return wrapped

    monkeypatch.setattr(parents.Parents, "check", spy("check"))
    monkeypatch.setattr(parents.Parents, "check_public_production", spy("check_public_production"))
    yield calls
    event.remove(engine, "checkout", on_checkout)
    event.remove(engine, "checkin", on_checkin)


def test_creating_an_asset_asks_for_its_parent_with_no_connection_held(call, alice, workspace_id, production,
                                                                         payload, parent_checks):
    asset = call("create_asset", payload, workspace_id, production["id"], caller=alice)

    assert (asset["uploadable_type"], asset["uploadable_id"]) == ("production", production["id"])
    assert parent_checks == [("check", 0)]


def test_a_refused_parent_is_still_a_422_and_writes_nothing(call, alice, workspace_id, production, payload,
                                                            parent_checks):
    with pytest.raises(ValidationFailed) as error:
        call("create_asset", {**payload, "description_id": str(uuid.uuid4())}, workspace_id, caller=alice)
    assert "description_id" in error.value.details
    assert parent_checks == [("check", 0)]
    assert call("list_assets", {"workspace_id": workspace_id}, caller=alice)["items"] == []


def test_moving_an_asset_asks_for_the_new_parent_with_its_row_unlocked(call, tracking_call, alice, workspace_id,
                                                                       production, payload, parent_checks, engine):
    asset = call("create_asset", payload, workspace_id, caller=alice)
    second = tracking_call("create_v1_record", "production", {"workspace_id": workspace_id}, {"title": "Second"},
                           caller=alice)

    def row_is_free():
        with engine.connect() as connection:  # another client: NOWAIT fails at once on a held row lock
            connection.execute(text("SET lock_timeout = '1s'"))
            connection.execute(text("SELECT id FROM media_assets WHERE id = :id FOR UPDATE NOWAIT"),
                               {"id": uuid.UUID(asset["id"])})
            connection.rollback()

    parent_checks.during.append(row_is_free)
    moved = call("update_asset", asset["id"], {"production_id": second["id"], "file_name": "moved.mp4"},
                 workspace_id, caller=alice)

    assert (moved["uploadable_id"], moved["file_name"]) == (second["id"], "moved.mp4")
    assert parent_checks == [("check", 0)]
    parent_checks.during.clear()
    detached = call("update_asset", asset["id"], {"production_id": None}, caller=alice)  # no RPC to detach
    assert detached["uploadable_id"] is None and parent_checks == [("check", 0)]


def test_public_uploads_and_assets_ask_about_the_production_with_no_connection_held(
        call, workspace_id, production, bucket, parent_checks):
    import requests

    body = b"public bytes"
    upload = call("create_public_upload", workspace_id, production["id"],
                  {"file_name": "clip.mp4", "size": len(body), "mimetype": "video/mp4"})
    assert requests.put(upload["url"], data=body, headers=upload["headers"], timeout=10).status_code == 200
    asset = call("create_public_asset", workspace_id, production["id"], {
        "bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4", "file_type": "mp4",
        "size": len(body), "mimetype": "video/mp4"})

    assert asset["uploadable_id"] == production["id"]
    assert parent_checks == [("check_public_production", 0), ("check_public_production", 0)]
    with pytest.raises(NotFound):  # another workspace's URL: still the route's 404
        call("create_public_asset", str(uuid.uuid4()), production["id"], {
            "bucket": bucket, "object_key": upload["object_key"], "file_name": "clip.mp4", "file_type": "mp4",
            "size": len(body), "mimetype": "video/mp4"})
