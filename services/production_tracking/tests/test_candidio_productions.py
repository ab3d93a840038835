"""/v1 video series, productions, briefs and shots at the service level."""

import uuid

import pytest
from sqlalchemy import create_engine, event, select

from reelhouse.production_tracking.candidio.models import Production, Shot
from reelhouse.production_tracking.models import Entity, EntityType, Project
from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed

from .candidio_fixtures import *  # noqa: F403 - the /v1 fixtures


@pytest.fixture
def db(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def rows(db, model, **where):
    with db.connect() as connection:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return connection.execute(query).all()


def test_a_series_is_a_project_and_a_production_its_own_project(v1, workspace, db):
    workspace_id, owner = workspace()
    series = v1.create("video_series", {"workspace_id": workspace_id}, {"title": "Customer stories"}, owner)
    production = v1.create("production", {"workspace_id": workspace_id, "series_id": series["id"]},
                           {"title": "Acme"}, owner)
    assert production["project_id"] == series["id"]
    assert production["status"] == "planning" and production["status_state"] == "Planning"
    projects = {str(p.id): p for p in rows(db, Project)}
    assert projects[series["id"]].name == "Customer stories"
    assert projects[production["id"]].name == "Acme"


def test_titles_that_collide_get_distinct_project_names(v1, workspace, db):
    workspace_id, owner = workspace()
    for _ in range(3):
        v1.create("production", {"workspace_id": workspace_id}, {"title": "Promo"}, owner)
    names = sorted(p.name for p in rows(db, Project))
    assert names == ["Promo", "Promo (2)", "Promo (3)"]


def test_shots_are_shot_entities_of_the_production_project(v1, workspace, db):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    shot = v1.create("description", context, {"type": "broll", "fields": {"field1": "Wide of the office"}}, owner)
    entity = rows(db, Entity, id=uuid.UUID(shot["id"]))[0]
    shot_type = rows(db, EntityType, id=entity.entity_type_id)[0]
    assert shot_type.name == "Shot" and str(entity.project_id) == production["id"]
    assert entity.description == "Wide of the office"


def test_positions_stay_dense_on_insert_move_and_delete(v1, workspace):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    a, b, c = (v1.create("description", context, {"type": t, "fields": {}}, owner) for t in "abc")
    first = v1.create("description", context, {"type": "intro", "fields": {}, "position": 0}, owner)

    def order():
        return [s["shot_type"] for s in v1.list("description", context, owner)["items"]]

    assert order() == ["intro", "a", "b", "c"]
    v1.update("description", c["id"], context, {"position": 1}, owner)
    assert order() == ["intro", "c", "a", "b"]
    v1.delete("description", first["id"], context, owner)
    listed = v1.list("description", context, owner)["items"]
    assert [(s["shot_type"], s["position"]) for s in listed] == [("c", 0), ("a", 1), ("b", 2)]
    assert {a["id"], b["id"]} <= {s["id"] for s in listed}


def test_includes_nest_and_cost_the_same_queries_whatever_the_page_size(v1, workspace, container):
    workspace_id, owner = workspace()
    series = v1.create("video_series", {"workspace_id": workspace_id}, {"title": "S"}, owner)

    def add(n):
        for i in range(n):
            production = v1.create("production", {"workspace_id": workspace_id},
                                   {"title": f"P{i}", "project_id": series["id"]}, owner)
            context = {"workspace_id": workspace_id, "production_id": production["id"]}
            v1.create("brief", context, {"purpose": f"purpose {i}"}, owner)
            for kind in ("a", "b"):
                v1.create("description", context, {"type": kind, "fields": {}}, owner)

    # The service's own engine, to count its statements.
    database = next(d for d in container.dependencies if d.__class__.__name__ == "Database").engine
    counted = []
    event.listen(database, "before_cursor_execute", lambda *args, **kwargs: counted.append(1))

    def queries_for_listing():
        counted.clear()
        result = v1.list("production", {"workspace_id": workspace_id}, owner,
                         include=["brief", "descriptions.assets", "project.productions", "created_by"])
        return len(counted), result

    add(2)
    small, result = queries_for_listing()
    add(5)
    large, result = queries_for_listing()
    assert 0 < small == large
    item = result["items"][0]
    assert item["_relations"]["brief"]["purpose"] == "purpose 0"
    assert [s["shot_type"] for s in item["_relations"]["descriptions"]] == ["a", "b"]
    assert item["_relations"]["descriptions"][0]["_relations"]["assets"] == []
    project = item["_relations"]["project"]
    assert project["id"] == series["id"] and len(project["_relations"]["productions"]) == 7
    assert item["_relations"]["created_by"] == {"_kind": "user", "id": owner.user_id}


def test_an_unknown_include_is_refused_with_the_allowed_names(v1, workspace):
    workspace_id, owner = workspace()
    with pytest.raises(ValidationFailed) as raised:
        v1.list("production", {"workspace_id": workspace_id}, owner, include=["brief.nope"])
    assert "include" in raised.value.details


def test_scopes_filter_productions(v1, workspace):
    workspace_id, owner = workspace()
    series = v1.create("video_series", {"workspace_id": workspace_id}, {"title": "S"}, owner)
    inside = v1.create("production", {"workspace_id": workspace_id}, {"title": "in", "project_id": series["id"]},
                       owner)
    alone = v1.create("production", {"workspace_id": workspace_id},
                      {"title": "alone", "allow_public_upload": True}, owner)
    context = {"workspace_id": workspace_id}

    def ids(**filters):
        return [p["id"] for p in v1.list("production", context, owner, filters=filters)["items"]]

    assert ids(project=series["id"]) == [inside["id"]]
    assert ids(projectNull=True) == [alone["id"]]
    assert ids(projectNull=False) == [inside["id"]]
    assert ids(allowsPublicUpload=True) == [alone["id"]]
    assert ids(user=owner.user_id) == [inside["id"], alone["id"]]
    with pytest.raises(ValidationFailed):
        ids(bogus="x")


def test_sort_and_direction(v1, workspace):
    workspace_id, owner = workspace()
    for title in ("b", "a", "c"):
        v1.create("production", {"workspace_id": workspace_id}, {"title": title}, owner)
    listed = v1.list("production", {"workspace_id": workspace_id}, owner, sort="title", direction="desc")
    assert [p["title"] for p in listed["items"]] == ["c", "b", "a"]
    with pytest.raises(ValidationFailed):
        v1.list("production", {"workspace_id": workspace_id}, owner, sort="secret")


def test_creating_from_a_template_copies_its_settings_brief_and_shots(v1, workspace, lookups):
    templates, _ = lookups
    workspace_id, owner = workspace()
    template_id = str(uuid.uuid4())
    templates[template_id] = {"id": template_id, "workspace_id": workspace_id, "name": "Testimonial",
                              "template": {"production": {"allow_public_shotlist": True},
                                           "brief": {"purpose": "trust us", "meta": {"length": "2.0"}},
                                           "descriptions": [{"type": "interview", "fields": {"field1": "Q1"}},
                                                            {"type": "broll", "fields": {}}]}}
    production = v1.create("production", {"workspace_id": workspace_id}, {"template_id": template_id}, owner)
    assert production["title"] == "Testimonial" and production["allow_public_shotlist"] is True
    assert production["template_id"] == template_id
    full = v1.get("production", production["id"], {}, owner, include=["brief", "descriptions"])
    brief = full["_relations"]["brief"]
    assert brief["purpose"] == "trust us" and brief["meta"] == {"length": "2.0"}
    assert [(s["shot_type"], s["position"], s["fields"]) for s in full["_relations"]["descriptions"]] == [
        ("interview", 0, {"field1": "Q1"}), ("broll", 1, {})]


def test_a_template_of_another_workspace_is_a_field_error_and_nothing_is_written(v1, workspace, lookups, db):
    templates, _ = lookups
    workspace_id, owner = workspace()
    other_id, _ = workspace()
    template_id = str(uuid.uuid4())
    templates[template_id] = {"id": template_id, "workspace_id": other_id, "name": "Theirs", "template": {}}
    with pytest.raises(ValidationFailed) as raised:
        v1.create("production", {"workspace_id": workspace_id}, {"template_id": template_id}, owner)
    assert "template_id" in raised.value.details
    assert rows(db, Production) == [] and rows(db, Project) == []


def test_cloning_copies_brief_shots_and_series(v1, workspace):
    workspace_id, owner = workspace()
    series = v1.create("video_series", {"workspace_id": workspace_id}, {"title": "S"}, owner)
    source = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme", "project_id": series["id"]},
                       owner)
    context = {"workspace_id": workspace_id, "production_id": source["id"]}
    v1.create("brief", context, {"purpose": "sell"}, owner)
    v1.create("description", context, {"type": "broll", "fields": {"field1": "x"}}, owner)
    clone = v1.create("production", {"workspace_id": workspace_id}, {"production_id": source["id"]}, owner)
    assert clone["title"] == "Acme (copy)" and clone["project_id"] == series["id"]
    full = v1.get("production", clone["id"], {}, owner, include=["brief", "descriptions"])
    assert full["_relations"]["brief"]["purpose"] == "sell"
    assert [s["fields"] for s in full["_relations"]["descriptions"]] == [{"field1": "x"}]


def test_only_administrators_set_the_status_and_each_change_takes_a_snapshot(v1, workspace, staff):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    with pytest.raises(Forbidden):
        v1.update("production", production["id"], {}, {"status": "submitted"}, owner)
    with pytest.raises(Forbidden):
        v1.create("production", {"workspace_id": workspace_id}, {"title": "x", "status": "submitted"}, owner)
    submitted = v1.update("production", production["id"], {}, {"status": "submitted"}, staff)
    assert submitted["status_state"] == "Submitted" and submitted["first_submitted_at"]
    with pytest.raises(ValidationFailed) as raised:
        v1.update("production", production["id"], {}, {"status": "completed"}, staff)
    assert "status" in raised.value.details
    full = v1.get("production", production["id"], {}, owner, include=["snapshots"])
    assert [(s["from_status"], s["to_status"]) for s in full["_relations"]["snapshots"]] == [("planning", "submitted")]
    assert full["_relations"]["snapshots"][0]["state"]["status"] == "submitted"


def test_roles_decide_who_writes(v1, workspace, member):
    workspace_id, owner = workspace()
    co_producer = member(workspace_id, "co_producer")
    reader = member(workspace_id, "viewer")  # a custom role: read only until roles are projected
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, co_producer)
    with pytest.raises(Forbidden):
        v1.delete("production", production["id"], {}, co_producer)
    with pytest.raises(Forbidden):
        v1.create("production", {"workspace_id": workspace_id}, {"title": "no"}, reader)
    assert v1.get("production", production["id"], {}, reader)["id"] == production["id"]
    v1.delete("production", production["id"], {}, owner)


def test_another_workspace_records_are_not_found_nor_listed(v1, workspace):
    workspace_id, owner = workspace()
    other_id, stranger = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    v1.create("production", {"workspace_id": other_id}, {"title": "Theirs"}, stranger)
    with pytest.raises(NotFound):
        v1.get("production", production["id"], {}, stranger)
    with pytest.raises(NotFound):
        v1.list("production", {"workspace_id": workspace_id}, stranger)
    with pytest.raises(NotFound):  # the right workspace in the URL, the record elsewhere
        v1.get("production", production["id"], {"workspace_id": other_id}, stranger)
    flat = v1.list("production", {}, stranger)["items"]
    assert [p["title"] for p in flat] == ["Theirs"]
    scoped = v1.list("production", {}, stranger, filters={"workspace": workspace_id})
    assert scoped["items"] == []


def test_bad_input_names_each_field_and_writes_nothing(v1, workspace, db):
    workspace_id, owner = workspace()
    with pytest.raises(ValidationFailed) as raised:
        v1.create("production", {"workspace_id": workspace_id},
                  {"title": "", "allow_public_upload": "yes", "goal_date": "tomorrow", "colour": "red"}, owner)
    assert set(raised.value.details) == {"title", "allow_public_upload", "goal_date", "colour"}
    with pytest.raises(ValidationFailed) as raised:
        v1.create("production", {}, {"title": "no workspace"}, owner)
    assert "workspace_id" in raised.value.details
    assert rows(db, Production) == [] and rows(db, Project) == []


def test_deleting_a_production_removes_its_shots_and_project(v1, workspace, db):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    v1.create("description", context, {"type": "broll", "fields": {}}, owner)
    v1.create("brief", context, {"purpose": "x"}, owner)
    v1.delete("production", production["id"], {"workspace_id": workspace_id}, owner)
    assert rows(db, Production) == [] and rows(db, Shot) == [] and rows(db, Project) == []
    assert rows(db, Entity) == []


def test_a_series_with_productions_cannot_be_deleted(v1, workspace):
    from reelhouse.shared.errors import Conflict

    workspace_id, owner = workspace()
    series = v1.create("video_series", {"workspace_id": workspace_id}, {"title": "S"}, owner)
    production = v1.create("production", {"workspace_id": workspace_id, "series_id": series["id"]},
                           {"title": "P"}, owner)
    with pytest.raises(Conflict):
        v1.delete("video_series", series["id"], {}, owner)
    v1.update("production", production["id"], {}, {"project_id": None}, owner)
    v1.delete("video_series", series["id"], {}, owner)


def test_brief_meta_updates_merge_one_level(v1, workspace):
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    brief = v1.create("brief", context, {"meta": {"tone": {"fun": True}, "videoType": "Other"}}, owner)
    updated = v1.update("brief", brief["id"], context, {"meta": {"tone": {"happy": True}}}, owner)
    assert updated["meta"] == {"tone": {"fun": True, "happy": True}, "videoType": "Other"}


def test_attach_and_detach_an_asset_of_the_workspace(v1, workspace, lookups, call):
    _, assets = lookups
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    shot = v1.create("description", context, {"type": "broll", "fields": {}}, owner)
    asset_id = str(uuid.uuid4())
    assets[asset_id] = {"id": asset_id, "workspace_id": workspace_id}
    call("attach_shot_asset", workspace_id, asset_id, shot["id"], caller=owner)
    listed = v1.list("description", context, owner, filters={"asset": asset_id}, include=["assets"])["items"]
    assert listed[0]["_relations"]["assets"] == [{"_kind": "asset", "id": asset_id}]
    by_asset = v1.list("production", {"workspace_id": workspace_id}, owner, filters={"asset": asset_id})
    assert [p["id"] for p in by_asset["items"]] == [production["id"]]
    with pytest.raises(ValidationFailed):
        call("attach_shot_asset", workspace_id, str(uuid.uuid4()), shot["id"], caller=owner)
    call("detach_shot_asset", workspace_id, asset_id, shot["id"], caller=owner)
    assert v1.list("description", context, owner, filters={"asset": asset_id})["items"] == []


def test_public_routes_show_only_what_the_production_allows(v1, workspace, call, staff):
    workspace_id, owner = workspace()
    closed = v1.create("production", {"workspace_id": workspace_id}, {"title": "closed"}, owner)
    open_ = v1.create("production", {"workspace_id": workspace_id},
                      {"title": "open", "allow_public_upload": True, "allow_public_shotlist": True}, owner)
    v1.create("description", {"workspace_id": workspace_id, "production_id": open_["id"]},
              {"type": "broll", "fields": {}}, owner)
    with pytest.raises(NotFound):
        call("get_public_production", closed["id"])
    assert call("get_public_production", open_["id"])["title"] == "open"
    with pytest.raises(NotFound):
        call("list_public_shots", workspace_id, closed["id"])
    assert call("list_public_shots", workspace_id, open_["id"])["total"] == 1
    v1.update("production", open_["id"], {}, {"status": "submitted"}, staff)
    with pytest.raises(NotFound):  # planning only
        call("list_public_shots", workspace_id, open_["id"])


def test_a_deleted_v1_shot_is_announced_like_a_deleted_zou_shot(v1, workspace, events):
    """shot_deleted carries ``id`` as crud.emit's does, so consumers such as the
    asset service's file cleanup read one shape whichever dialect deleted it."""
    workspace_id, owner = workspace()
    production = v1.create("production", {"workspace_id": workspace_id}, {"title": "Acme"}, owner)
    context = {"workspace_id": workspace_id, "production_id": production["id"]}
    shot = v1.create("description", context, {"type": "broll", "fields": {}}, owner)
    events.drain()
    v1.delete("description", shot["id"], context, owner)
    deleted = [e["data"] for e in events.drain() if e["type"] == "shot_deleted"]
    assert deleted == [{**deleted[0], "id": shot["id"], "shot_id": shot["id"], "workspace_id": workspace_id}]
