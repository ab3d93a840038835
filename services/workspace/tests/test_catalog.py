"""The catalogue: industries, template types, templates, template collections."""

import importlib.util
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from reelhouse.shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from reelhouse.shared.migrations import upgrade


def seed_id(kind, name):
    """The migration's own id rule (loaded from the file: its name starts with a digit)."""
    path = Path(__file__).parents[1] / "migrations" / "versions" / "0002_roles_and_catalogue.py"
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.seed_id(kind, name)


BLUEPRINT = {
    "production": {"title": "Customer story", "allow_public_upload": True},
    "brief": {"purpose": "trust us", "meta": {"length": 3, "tone": {"fun": True}, "videoType": "Testimonial"}},
    "descriptions": [
        {"type": "interview", "fields": {"field1": "Who are you?", "meta": {"name": "Ada", "title": "CEO"}}},
        {"type": "broll", "fields": {"field1": "Office", "field2": ""}},
    ],
}


@pytest.fixture
def industry(call, admin):
    return call("create_industry", {"name": "Film", "description": "Movies", "is_published": True}, caller=admin)


def template(call, caller, name="Story", **fields):
    return call("create_template", {"name": name, "template": BLUEPRINT, **fields}, caller=caller)


def test_migration_seeds_published_industries_and_template_types_with_stable_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    upgrade("services/workspace", url)
    engine = create_engine(url)
    with engine.connect() as connection:
        industries = dict(connection.execute(text("SELECT name, id FROM industries WHERE is_published")).all())
        types = dict(connection.execute(text("SELECT name, id FROM template_types WHERE is_published")).all())
    engine.dispose()
    assert len(industries) >= 10 and "Technology" in industries
    assert "Testimonial" in types
    assert uuid.UUID(str(industries["Technology"])) == seed_id("industry", "Technology")


def test_admin_creates_industry_unpublished_by_default_hidden_from_users(call, admin, alice, workspace_events):
    workspace_events.drain()
    draft = call("create_industry", {"name": "Aerospace"}, caller=admin)
    assert draft["is_published"] is False and draft["description"] is None
    assert workspace_events.types() == ["industry_created"]
    with pytest.raises(NotFound):
        call("get_industry", draft["id"], caller=alice)
    assert call("get_industry", draft["id"], caller=admin)["name"] == "Aerospace"
    call("update_industry", draft["id"], {"is_published": True}, caller=admin)
    assert call("get_industry", draft["id"], caller=alice)["name"] == "Aerospace"


def test_only_admins_write_industries_and_template_types(call, alice, industry):
    with pytest.raises(Forbidden):
        call("create_industry", {"name": "X"}, caller=alice)
    with pytest.raises(Forbidden):
        call("update_industry", industry["id"], {"name": "X"}, caller=alice)
    with pytest.raises(Forbidden):
        call("delete_template_type", str(uuid.uuid4()), caller=alice)


@pytest.mark.parametrize("payload,field", [
    ({}, "name"), ({"name": ""}, "name"), ({"name": "X", "is_published": "yes"}, "is_published"),
    ({"name": "X", "icon": "not a url"}, "icon"), ({"name": "X", "colour": 1}, "colour"),
])
def test_template_type_payload_is_validated(call, admin, payload, field):
    before = call("list_template_types", caller=admin)["total"]
    with pytest.raises(ValidationFailed) as error:
        call("create_template_type", payload, caller=admin)
    assert field in error.value.details
    assert call("list_template_types", caller=admin)["total"] == before


def test_list_sorts_by_whitelisted_fields_and_refuses_others(call, admin):
    names = [i["name"] for i in call("list_industries", None, None, {"sort": "name", "direction": "desc"},
                                     caller=admin)["items"]]
    assert names == sorted(names, key=str.lower, reverse=True)
    with pytest.raises(ValidationFailed) as error:
        call("list_industries", None, None, {"sort": "password"}, caller=admin)
    assert "sort" in error.value.details
    with pytest.raises(ValidationFailed):
        call("list_industries", None, None, {"direction": "sideways"}, caller=admin)


def test_industry_includes_its_visible_templates_and_nested_workspace(call, admin, alice, create, industry):
    acme = create("Acme")
    template(call, alice, "Acme story", workspace_id=acme["id"], industry_id=industry["id"])
    template(call, admin, "Global draft", industry_id=industry["id"])  # unpublished global: hidden from alice
    got = call("get_industry", industry["id"], ["templates.workspace"], caller=alice)
    assert [t["name"] for t in got["templates"]] == ["Acme story"]
    assert got["templates"][0]["workspace"]["workspace_name"] == "Acme"
    assert "template" not in got["templates"][0]  # embedded templates leave the blueprint out
    with pytest.raises(ValidationFailed) as error:
        call("get_industry", industry["id"], ["templates.password"], caller=alice)
    assert "include" in error.value.details


def test_industry_workspaces_include_never_shows_another_tenant(call, admin, alice, bob, create, industry):
    mine = create("Mine")
    theirs = create("Theirs", caller=bob)
    for workspace, owner in ((mine, alice), (theirs, bob)):
        call("update_workspace", workspace["id"], {"industry_id": industry["id"]}, caller=owner)
    seen = call("get_industry", industry["id"], ["workspaces"], caller=alice)["workspaces"]
    assert [w["workspace_name"] for w in seen] == ["Mine"]
    assert len(call("get_industry", industry["id"], ["workspaces"], caller=admin)["workspaces"]) == 2


def test_workspace_template_carries_the_blueprint_and_get_template_returns_it_whole(call, create, alice, industry):
    acme = create("Acme")
    created = template(call, alice, workspace_id=acme["id"], industry_id=industry["id"])
    assert created["workspace_id"] == acme["id"] and created["is_published"] is False
    whole = call("get_template", created["id"], caller=alice)
    assert whole["template"]["production"] == {"title": "Customer story", "allow_public_upload": True}
    assert whole["template"]["brief"]["meta"]["length"] == "3.0"  # the spec's decimal-as-string
    assert [s["type"] for s in whole["template"]["descriptions"]] == ["interview", "broll"]
    assert whole["template"]["descriptions"][0]["fields"]["meta"] == {"name": "Ada", "title": "CEO"}
    in_workspace = call("get_template", created["id"], acme["id"], ["industry"], caller=alice)
    assert in_workspace["industry"]["name"] == "Film"


@pytest.mark.parametrize("blob,path", [
    ({"descriptions": [{"fields": {}}]}, ("descriptions", "0", "type")),
    ({"brief": {"meta": {"tone": {"sad": True}}}}, ("brief", "meta", "tone", "sad")),
    ({"brief": {"meta": {"length": "three"}}}, ("brief", "meta", "length")),
    ({"production": {"status": "done"}}, ("production", "status")),
    ({"shots": []}, ("shots",)),
])
def test_template_blueprint_is_validated_to_the_field(call, create, alice, blob, path):
    acme = create("Acme")
    with pytest.raises(ValidationFailed) as error:
        call("create_template", {"name": "X", "template": blob, "workspace_id": acme["id"]}, caller=alice)
    details = json.loads(json.dumps(error.value.details["template"]))  # list indexes as on the wire
    for key in path:
        details = details[key]
    assert call("list_templates", {"workspace_id": acme["id"]}, caller=alice)["total"] == 0


def test_template_references_must_exist(call, create, alice):
    acme = create("Acme")
    with pytest.raises(ValidationFailed) as error:
        call("create_template", {"name": "X", "template": {}, "workspace_id": acme["id"],
                                 "industry_id": str(uuid.uuid4()), "template_type_id": str(uuid.uuid4())},
             caller=alice)
    assert set(error.value.details) == {"industry_id", "template_type_id"}
    with pytest.raises(ValidationFailed) as error:
        call("create_template", {"name": "X", "template": {}, "workspace_id": str(uuid.uuid4())}, caller=alice)
    assert "workspace_id" in error.value.details


def test_global_templates_are_for_admins_to_write(call, alice, admin):
    with pytest.raises(Forbidden) as error:
        template(call, alice)
    assert "workspace_id" in error.value.details
    assert template(call, admin, is_published=True, editor_pick=True)["editor_pick"] is True


def test_templates_of_another_workspace_are_invisible(call, create, alice, bob):
    theirs = template(call, bob, "Bob's", workspace_id=create("Bob's", caller=bob)["id"])
    create("Alice's")
    assert call("list_templates", caller=alice)["total"] == 0
    with pytest.raises(NotFound):
        call("get_template", theirs["id"], caller=alice)
    with pytest.raises(NotFound):
        call("update_template", theirs["id"], {"name": "Mine now"}, caller=alice)
    with pytest.raises(NotFound):
        call("delete_template", theirs["id"], caller=alice)


def test_co_producer_reads_but_may_not_write_workspace_templates(call, create, join, alice, bob):
    acme = create("Acme")
    join(acme, bob, "co_producer")
    created = template(call, alice, workspace_id=acme["id"])
    assert call("get_template", created["id"], caller=bob)["name"] == "Story"
    with pytest.raises(Forbidden):
        call("update_template", created["id"], {"name": "X"}, caller=bob)
    with pytest.raises(Forbidden):
        template(call, bob, workspace_id=acme["id"])


def test_template_listing_filters_and_published_globals(call, create, alice, admin, industry):
    acme = create("Acme")
    template(call, alice, "Own", workspace_id=acme["id"])
    template(call, admin, "Library", is_published=True, industry_id=industry["id"])
    template(call, admin, "Draft")
    assert {t["name"] for t in call("list_templates", caller=alice)["items"]} == {"Own", "Library"}
    by_industry = call("list_templates", {"industry_id": industry["id"]}, caller=alice)
    assert [t["name"] for t in by_industry["items"]] == ["Library"]
    assert call("list_templates", None, None, None, None, None, True)["total"] == 1  # public: published globals
    with pytest.raises(ValidationFailed):
        call("list_templates", {"industry_id": "nope"}, caller=alice)


def test_template_update_is_partial_and_cannot_move_workspaces(call, create, alice, workspace_events):
    acme = create("Acme")
    created = template(call, alice, workspace_id=acme["id"])
    workspace_events.drain()
    updated = call("update_template", created["id"], {"description": "New", "is_published": True}, caller=alice)
    assert updated["description"] == "New" and updated["name"] == "Story" and updated["template"]
    assert workspace_events.types() == ["template_updated"]
    with pytest.raises(ValidationFailed):
        call("update_template", created["id"], {"workspace_id": create("Other")["id"]}, caller=alice)


def test_collection_makes_unpublished_global_templates_usable_in_its_workspaces(call, create, alice, admin):
    acme = create("Acme")
    other = create("Other")
    premium = template(call, admin, "Premium")
    collection = call("create_template_collection", {"name": "Pro", "template_ids": [premium["id"]]}, caller=admin)
    assert collection["template_ids"] == [premium["id"]]
    with pytest.raises(NotFound):
        call("get_template", premium["id"], acme["id"], caller=alice)

    call("update_workspace", acme["id"], {"template_collection_id": collection["id"]}, caller=admin)

    assert call("get_template", premium["id"], acme["id"], caller=alice)["template"] == BLUEPRINT_STORED
    with pytest.raises(NotFound):
        call("get_template", premium["id"], other["id"], caller=alice)
    assert call("get_workspace_template_collection", acme["id"], ["templates"], caller=alice)["templates"][0][
        "name"] == "Premium"
    assert [c["name"] for c in call("list_template_collections", caller=alice)["items"]] == ["Pro"]
    with pytest.raises(Conflict):
        call("delete_template_collection", collection["id"], caller=admin)


BLUEPRINT_STORED = {**BLUEPRINT, "brief": {"purpose": "trust us", "meta": {
    "length": "3.0", "tone": {"fun": True}, "videoType": "Testimonial"}}}


def test_collection_accepts_only_existing_global_templates(call, create, alice, admin):
    own = template(call, alice, workspace_id=create("Acme")["id"])
    with pytest.raises(ValidationFailed) as error:
        call("create_template_collection", {"name": "Pro", "template_ids": [own["id"], str(uuid.uuid4())]},
             caller=admin)
    assert set(error.value.details["template_ids"]) == {"0", "1"}
    with pytest.raises(Forbidden):
        call("create_template_collection", {"name": "Pro"}, caller=alice)
    assert call("list_template_collections", caller=admin)["total"] == 0


def test_assigning_an_unknown_collection_or_industry_is_refused(call, create, admin):
    acme = create("Acme")
    with pytest.raises(ValidationFailed) as error:
        call("update_workspace", acme["id"], {"template_collection_id": str(uuid.uuid4()),
                                              "industry_id": str(uuid.uuid4())}, caller=admin)
    assert set(error.value.details) == {"template_collection_id", "industry_id"}


def test_industry_in_use_cannot_be_deleted(call, create, alice, admin, industry):
    template(call, alice, workspace_id=create("Acme")["id"], industry_id=industry["id"])
    with pytest.raises(Conflict) as error:
        call("delete_industry", industry["id"], caller=admin)
    assert error.value.details == {"templates": 1, "workspaces": 0}
    unused = call("create_industry", {"name": "Unused"}, caller=admin)
    assert call("delete_industry", unused["id"], caller=admin) == {"id": unused["id"]}


def test_deleting_a_template_drops_it_from_collections(call, admin):
    premium = template(call, admin, "Premium")
    collection = call("create_template_collection", {"name": "Pro", "template_ids": [premium["id"]]}, caller=admin)
    call("delete_template", premium["id"], caller=admin)
    assert call("get_template_collection", collection["id"], caller=admin)["template_ids"] == []


def test_migration_0002_downgrades_and_upgrades_again_on_sqlite(tmp_path):
    from alembic import command

    from reelhouse.shared.migrations import alembic_config

    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    upgrade("services/workspace", url)
    command.downgrade(alembic_config("services/workspace", url), "0001")
    engine = create_engine(url)
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(memberships)"))]
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars().all()
    engine.dispose()
    assert "role_id" not in columns and "templates" not in tables
    upgrade("services/workspace", url)


def test_catalogue_and_roles_work_on_sqlite_as_under_make_run(tmp_path):
    """The plain logic over make run's SQLite: nothing here may need PostgreSQL."""
    from sqlalchemy.orm import Session

    from reelhouse.shared.context import Caller
    from reelhouse.shared.db import Transaction
    from reelhouse.shared.pagination import Page
    from reelhouse.workspace import catalog, roles, workspaces
    from reelhouse.workspace.models import Base

    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    upgrade("services/workspace", url)
    engine = create_engine(url)
    owner, admin = Caller(user_id=str(uuid.uuid4()), role="user"), Caller(user_id=str(uuid.uuid4()), role="admin")
    outbox = Base.metadata.tables["outbox_events"]

    def write(function, *args, caller):
        with Session(engine) as session:
            result = function(Transaction(session, outbox, None, caller.user_id), caller, *args)
            session.commit()
            return result

    acme = write(workspaces.create_workspace, {"name": "Acme", "is_business": True}, caller=owner)
    industry = write(catalog.create_global, "industry", {"name": "Film", "is_published": True}, caller=admin)
    premium = write(catalog.create_template, {"name": "Premium", "template": BLUEPRINT}, caller=admin)
    write(catalog.create_template, {"name": "Own", "template": {}, "workspace_id": acme["id"],
                                    "industry_id": industry["id"]}, caller=owner)
    collection = write(catalog.create_collection, {"name": "Pro", "template_ids": [premium["id"]]}, caller=admin)
    write(workspaces.update_workspace, acme["id"], {"template_collection_id": collection["id"]}, caller=admin)
    write(roles.create_role, acme["id"], {"name": "Editor", "permissions": ["templates.read"]}, caller=owner)
    with Session(engine) as session:
        listed = catalog.list_templates(session, owner, None, Page(1, 10), {"include": ["industry", "workspace"]})
        assert [(t["name"], (t["industry"] or {}).get("name")) for t in listed["items"]] == [
            ("Own", "Film"), ("Premium", None)]
        assert catalog.get_template(session, owner, premium["id"], acme["id"])["template"]["production"]
        assert len(roles.list_roles(session, owner, acme["id"])["items"]) == 4
        assert len(catalog.list_global(session, owner, "industry", Page(1, 100), None)["items"]) == 12
    engine.dispose()
