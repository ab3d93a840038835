"""A project's budgets, metadata descriptors, preview background files, quotas,
and the user-context listings."""

import uuid

import pytest

from reelhouse.shared.errors import Forbidden, NotFound, ValidationFailed
from reelhouse.shared.events import make_envelope


def test_budgets_take_the_next_revision_and_only_managers_see_them(call, admin, studio, project, join, events):
    first = call("create_project_record", "budgets", {"project_id": project["id"]},
                 {"name": "Main", "currency": "eur", "amount": 1000, "start_date": "2026-01-01"}, caller=admin)
    second = call("create_project_record", "budgets", {"project_id": project["id"]}, {"name": "Revised"},
                  caller=admin)
    assert (first["type"], first["revision"], first["currency"], second["revision"]) == ("Budget", 1, "EUR", 2)
    assert "budget_created" in events.types()
    artist = join(studio[0])
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    assert call("list_records", "budgets", None, None, None, {"project_id": project["id"]},
                caller=artist)["items"] == []
    with pytest.raises(Forbidden):
        call("create_project_record", "budgets", {"project_id": project["id"]}, {"name": "Mine"}, caller=artist)


def test_the_role_in_the_project_decides_who_sees_its_budgets(call, admin, studio, project, join):
    call("create_project_record", "budgets", {"project_id": project["id"]}, {"name": "Main"}, caller=admin)
    promoted, demoted = join(studio[0]), join(studio[0], role="manager")
    call("add_team_member", project["id"], promoted.user_id, "manager", caller=admin)
    call("add_team_member", project["id"], demoted.user_id, "user", caller=admin)

    def budgets_seen_by(caller):
        return [b["name"] for b in call("list_records", "budgets", None, None, None, {"project_id": project["id"]},
                                        caller=caller)["items"]]

    assert budgets_seen_by(promoted) == ["Main"]  # an artist made manager of the project
    assert budgets_seen_by(demoted) == []  # a studio manager made artist in it


def test_bad_budget_input_is_refused_and_writes_nothing(call, admin, project):
    for payload in ({"name": "X", "currency": "euros"}, {"name": "X", "amount": -1},
                    {"name": "X", "start_date": "2026-02-01", "end_date": "2026-01-01"}, {"currency": "EUR"}):
        with pytest.raises(ValidationFailed):
            call("create_project_record", "budgets", {"project_id": project["id"]}, payload, caller=admin)
    assert call("list_records", "budgets", caller=admin)["items"] == []


def test_budget_entries_price_quantities_and_stay_in_their_budget(call, admin, project, events):
    budget = call("create_project_record", "budgets", {"project_id": project["id"]}, {"name": "Main"}, caller=admin)
    fixed = {"project_id": project["id"], "budget_id": budget["id"]}
    entry = call("create_project_record", "budget-entries", fixed,
                 {"name": "Render farm", "quantity": 10, "unit_price": 12.5, "category": "hardware"}, caller=admin)
    assert (entry["amount"], entry["project_id"]) == (125.0, project["id"])
    changed = call("update_project_record", "budget-entries", entry["id"], fixed, {"quantity": 4}, caller=admin)
    assert changed["amount"] == 50.0
    assert events.types() == ["budget_created", "budget_entry_created", "budget_entry_updated"]
    other = call("create_record", "projects", {"name": "Other"}, caller=admin)
    with pytest.raises(NotFound):  # the budget is not one of that project's
        call("get_project_record", "budget-entries", entry["id"], {"project_id": other["id"],
                                                                   "budget_id": budget["id"]}, caller=admin)
    call("delete_project_record", "budgets", budget["id"], {"project_id": project["id"]}, caller=admin)
    assert call("list_records", "budget-entries", caller=admin)["items"] == []
    assert "budget_deleted" in events.types()


def test_descriptor_field_names_positions_and_uniqueness(call, admin, project, events):
    fixed = {"project_id": project["id"]}
    first = call("create_project_record", "metadata-descriptors", fixed,
                 {"name": "Render Layer", "entity_type": "Shot", "choices": ["bg", "fg"]}, caller=admin)
    second = call("create_project_record", "metadata-descriptors", fixed,
                  {"name": "Difficulté", "entity_type": "Shot"}, caller=admin)
    assert (first["field_name"], first["position"], second["field_name"], second["position"]) == (
        "render_layer", 0, "difficulte", 1)
    with pytest.raises(ValidationFailed):  # same field on the same entity type
        call("create_project_record", "metadata-descriptors", fixed,
             {"name": "render layer", "entity_type": "Shot"}, caller=admin)
    for payload in ({"name": "A", "entity_type": "Planet"}, {"name": "A", "entity_type": "Shot", "data_type": "x"},
                    {"name": "A", "entity_type": "Shot", "choices": "bg"}, {"name": "!!", "entity_type": "Shot"}):
        with pytest.raises(ValidationFailed):
            call("create_project_record", "metadata-descriptors", fixed, payload, caller=admin)
    ordered = call("reorder_metadata_descriptors", project["id"],
                   {"entity_type": "Shot", "descriptor_ids": [second["id"], first["id"]]}, caller=admin)
    assert [(d["id"], d["position"]) for d in ordered] == [(second["id"], 0), (first["id"], 1)]
    published = events.types()
    assert (published.count("metadata_descriptor_created"), published.count("metadata_descriptor_updated")) == (
        2, 2)  # both moved
    with pytest.raises(ValidationFailed):
        call("reorder_metadata_descriptors", project["id"],
             {"entity_type": "Asset", "descriptor_ids": [first["id"]]}, caller=admin)


def test_renaming_and_removing_a_descriptor_follows_the_entities_data(call, admin, project):
    fixed = {"project_id": project["id"]}
    descriptor = call("create_project_record", "metadata-descriptors", fixed,
                      {"name": "Layer", "entity_type": "Shot"}, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH01", "parent_id": sequence["id"],
                                                          "data": {"layer": "bg", "other": 1}}, caller=admin)
    renamed = call("update_project_record", "metadata-descriptors", descriptor["id"], fixed,
                   {"name": "Render Layer"}, caller=admin)
    assert renamed["field_name"] == "render_layer"
    assert call("get_record", "shots", shot["id"], caller=admin)["data"] == {"render_layer": "bg", "other": 1}
    call("delete_project_record", "metadata-descriptors", descriptor["id"], fixed, caller=admin)
    assert call("get_record", "shots", shot["id"], caller=admin)["data"] == {"other": 1}


def test_preview_backgrounds_of_a_project_and_their_deletion(call, admin, project, studio, join, events):
    background = str(uuid.uuid4())
    answer = call("add_project_preview_background", project["id"], {"preview_background_file_id": background},
                  caller=admin)
    assert answer["preview_background_files"] == [background]
    assert call("list_project_preview_background_ids", project["id"], caller=admin) == [background]
    artist = join(studio[0])
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    with pytest.raises(Forbidden):
        call("add_project_preview_background", project["id"], {"preview_background_file_id": background},
             caller=artist)
    with pytest.raises(ValidationFailed):
        call("add_project_preview_background", project["id"], {}, caller=admin)
    call("remove_project_preview_background", project["id"], background, caller=admin)
    assert call("list_project_preview_background_ids", project["id"], caller=admin) == []
    assert events.types().count("project_updated") == 2
    # The asset service deletes a file: no project offers it any more.
    call("add_project_preview_background", project["id"], {"preview_background_file_id": background}, caller=admin)
    call("on_preview_background_file_deleted", make_envelope("preview_background_file_deleted", {
        "id": background, "workspace_id": studio[0]}))
    assert call("get_record", "projects", project["id"], caller=admin)["preview_background_files"] == []


def test_quotas_share_done_shots_by_time_spent(call, admin, project, studio, join):
    artist, other = join(studio[0]), join(studio[0])
    for person in (artist, other):
        call("add_team_member", project["id"], person.user_id, caller=admin)
    statuses = {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}
    animation = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH01", "parent_id": sequence["id"],
                                                          "nb_frames": 100}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": animation["id"]}, caller=admin)
    call("set_time_spent", task["id"], "2026-03-02", artist.user_id, {"duration": 180}, caller=admin)
    call("set_time_spent", task["id"], "2026-03-03", other.user_id, {"duration": 60}, caller=admin)
    assert call("get_project_quotas", project["id"], animation["id"], caller=admin) == {}  # not done yet
    call("update_record", "tasks", task["id"], {"task_status_id": statuses["done"]["id"]}, caller=admin)
    quotas = call("get_project_quotas", project["id"], animation["id"], caller=admin)
    assert quotas[artist.user_id]["frames"]["day"] == {"2026-03-02": 75.0}
    assert quotas[other.user_id]["count"]["month"] == {"2026-03": 0.25}
    assert quotas[artist.user_id]["seconds"]["week"] == {"2026-10": 3.0}
    mine = call("get_project_quotas", project["id"], animation["id"], caller=artist)
    assert list(mine) == [artist.user_id]
    person = call("get_project_person_quotas", project["id"], artist.user_id, caller=artist)
    assert person["frames"]["month"] == {"2026-03": 75.0} and list(person["task_types"]) == [animation["id"]]
    with pytest.raises(Forbidden):
        call("get_project_person_quotas", project["id"], other.user_id, caller=artist)


def test_user_context_lists_what_holds_the_callers_tasks(call, admin, project, studio, join):
    artist = join(studio[0])
    call("add_team_member", project["id"], artist.user_id, caller=admin)
    layout = call("create_record", "task-types", {"name": "Layout", "for_entity": "Shot"}, caller=admin)
    episode = call("create_entity", "episodes", project["id"], {"name": "E01"}, caller=admin)
    mine_seq = call("create_entity", "sequences", project["id"], {"name": "SQ01", "parent_id": episode["id"]},
                    caller=admin)
    call("create_entity", "sequences", project["id"], {"name": "SQ02"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH01", "parent_id": mine_seq["id"]}, caller=admin)
    call("create_entity", "shots", project["id"], {"name": "SH02", "parent_id": mine_seq["id"]}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": layout["id"]}, caller=admin)
    call("assign_tasks", artist.user_id, [task["id"]], caller=admin)

    def names(listing, owner):
        return [r["name"] for r in call("list_user_context", listing, owner, caller=artist)]

    assert names("project-sequences", project["id"]) == ["SQ01"]
    assert names("project-episodes", project["id"]) == ["E01"]
    assert names("sequence-shots", mine_seq["id"]) == ["SH01"]
    assert names("entity-task-types", shot["id"]) == ["Layout"]
    assert names("project-asset-types", project["id"]) == []
    assert [r["name"] for r in call("list_user_context", "project-sequences", project["id"], caller=admin)] == []


def test_descriptors_quotas_and_user_context_run_on_sqlite(tmp_path):
    """The database `make run` uses: plain functions, no broker."""
    from sqlalchemy.orm import sessionmaker

    from reelhouse.production_tracking import crud, production, quotas, tenancy, timesheets, user_context
    from reelhouse.production_tracking.models import Base
    from reelhouse.shared.context import Caller
    from reelhouse.shared.db import DatabaseAccess, make_engine
    from reelhouse.shared.migrations import upgrade

    class NoBroker:
        def publish(self, envelope):
            raise ConnectionError("no broker in this test: the rows stay in the outbox")

    url = f"sqlite:///{tmp_path / 'pt.db'}"
    upgrade("services/production_tracking", url)
    engine = make_engine(url)
    db = DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, NoBroker())
    workspace_id, admin = uuid.uuid4(), Caller(user_id=str(uuid.uuid4()), role="admin")
    with db.transaction() as tx:
        tenancy.handle_workspace_created(tx, {"workspace_id": str(workspace_id), "owner_id": admin.user_id})
    with db.transaction() as tx:
        tenant = tenancy.resolve(tx.session, admin)
        project = crud.create_record(tx, tenant, "projects", {"name": "Spring", "fps": "24"})
        assert crud.create_record(tx, tenant, "budgets", {"project_id": project["id"], "name": "Main"})["revision"] == 1
        sequence = production.create_entity(tx, tenant, "sequences", project["id"], {"name": "SQ01"})
        shot = production.create_entity(tx, tenant, "shots", project["id"], {
            "name": "SH010", "sequence_id": sequence["id"], "nb_frames": 48, "data": {"layer": "bg"}})
        layer = crud.create_record(tx, tenant, "metadata-descriptors", {
            "project_id": project["id"], "entity_type": "Shot", "name": "Layer"})
        crud.update_record(tx, tenant, "metadata-descriptors", layer["id"], {"name": "Render Layer"})
        task_type = crud.create_record(tx, tenant, "task-types", {"name": "Animation", "for_entity": "Shot"})
        [task] = production.create_entity_tasks(tx, tenant, shot["id"], [task_type["id"]])
        production.assign_tasks(tx, tenant, admin.user_id, [task["id"]])
        timesheets.set_time_spent(tx, tenant, task["id"], "2026-03-02", admin.user_id, {"duration": 60})
        done = next(s for s in crud.list_records(tx.session, tenant, "task-status")["items"] if s["is_done"])
        crud.update_record(tx, tenant, "tasks", task["id"], {"task_status_id": done["id"]})
    with db.session() as session:
        tenant = tenancy.resolve(session, admin)
        assert crud.get_record(session, tenant, "shots", shot["id"])["data"] == {"render_layer": "bg"}
        quota = quotas.project_quotas(session, tenant, project["id"], task_type["id"])[admin.user_id]
        assert (quota["frames"]["day"], quota["seconds"]["month"]) == ({"2026-03-02": 48.0}, {"2026-03": 2.0})
        assert [s["name"] for s in user_context.listing(session, tenant, "project-sequences", project["id"])] == [
            "SQ01"]
    engine.dispose()
