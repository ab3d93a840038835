"""Per-project roles decide reads too: in a project, what one sees follows one's role there
(the team's override), in every other project one's workspace role; admins are never limited.
The rule table is in docs/permissions.md."""

import dataclasses
import re
import uuid

import pytest
from sqlalchemy import event

from reelhouse.shared.errors import Forbidden, NotFound
from reelhouse.shared.events import make_envelope


@pytest.fixture
def world(call, admin, studio, project):
    """Two projects, P (``project``) and Q, each with a shot, a task, an internal and a client comment;
    the 'wfa' status is hidden from clients and both projects use 'wip' and 'wfa'."""
    statuses = {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}
    call("update_record", "task-status", statuses["wfa"]["id"], {"is_client_allowed": False}, caller=admin)
    task_type = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    other = call("create_record", "projects", {"name": "Elsewhere"}, caller=admin)
    places = {}
    for key, place in (("P", project), ("Q", other)):
        for short_name in ("wip", "wfa"):
            call("add_project_setting", place["id"], "task-status", {"task_status_id": statuses[short_name]["id"]},
                 caller=admin)
        sequence = call("create_entity", "sequences", place["id"], {"name": "SQ01"}, caller=admin)
        shot = call("create_entity", "shots", place["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                    caller=admin)
        task = call("create_record", "tasks", {"project_id": place["id"], "entity_id": shot["id"],
                                               "task_type_id": task_type["id"]}, caller=admin)
        for text, for_client in (("internal", False), ("for you", True)):
            call("comment_task", task["id"], {"task_status_id": statuses["wip"]["id"], "comment": text,
                                              "for_client": for_client}, caller=admin)
        places[key] = {"project": place, "shot": shot, "task": task}
    return {"statuses": statuses, **places}


@pytest.fixture
def person(call, admin, studio, join):
    """``person(role, **project_roles)``: a new member with that workspace role, put on the teams of
    the projects named (``P="user"``; ``None``: on the team with no override)."""

    def make(role, **project_roles):
        who = admin if role == "admin" else join(studio[0], role=role)
        for key, project_role in project_roles.items():
            project_id = call("list_records", "projects", {"name": "Elsewhere" if key == "Q" else "Big Buck Bunny"},
                              caller=admin)["items"][0]["id"]
            call("add_team_member", project_id, who.user_id, project_role, caller=admin)
        return who

    return make


def names(call, model, who, **fixed):
    return [row["name"] for row in call("list_records", model, fixed=fixed or None, caller=who)["items"]]


def texts(call, task_id, who):
    return sorted(c["text"] for c in call("list_task_comments", task_id, caller=who))


# -- projects: an override is a team row, so it never hides nor reveals a project -------------------

def test_a_manager_made_an_artist_in_a_project_still_sees_it_and_the_others(call, world, person):
    manager = person("manager", P="user")
    assert sorted(p["name"] for p in call("list_records", "projects", caller=manager)["items"]) == [
        "Big Buck Bunny", "Elsewhere"]
    assert sorted(p["name"] for p in call("list_open_projects", True, caller=manager)) == ["Big Buck Bunny"]
    assert call("get_record", "projects", world["Q"]["project"]["id"], caller=manager)["name"] == "Elsewhere"


def test_an_artist_made_a_manager_in_a_project_sees_only_that_one(call, world, person):
    artist = person("user", P="manager")
    assert [p["name"] for p in call("list_records", "projects", caller=artist)["items"]] == ["Big Buck Bunny"]
    assert [p["name"] for p in call("list_open_projects", False, caller=artist)] == ["Big Buck Bunny"]
    for model, key in (("projects", "project"), ("shots", "shot"), ("tasks", "task")):
        with pytest.raises(NotFound):
            call("get_record", model, world["Q"][key]["id"], caller=artist)
    assert call("list_records", "tasks", fixed={"project_id": world["Q"]["project"]["id"]},
                caller=artist)["items"] == []


def test_admins_are_never_limited_by_a_team_role(call, world, person, admin):
    person("admin", P="vendor")
    assert texts(call, world["P"]["task"]["id"], admin) == ["for you", "internal"]
    assert [t["id"] for t in call("list_records", "tasks", fixed={"project_id": world["P"]["project"]["id"]},
                                  caller=admin)["items"]] == [world["P"]["task"]["id"]]


# -- vendors: only what they are assigned to, in the projects where they are vendors -------------

def test_a_manager_made_a_vendor_sees_only_assigned_tasks_there(call, world, person, admin):
    manager = person("manager", P="vendor")
    p_task, q_task = world["P"]["task"], world["Q"]["task"]
    assert [t["id"] for t in call("list_records", "tasks", caller=manager)["items"]] == [q_task["id"]]
    for read in (lambda: call("get_record", "tasks", p_task["id"], caller=manager),
                 lambda: call("get_task_full", p_task["id"], caller=manager),
                 lambda: call("list_task_comments", p_task["id"], caller=manager)):
        with pytest.raises(NotFound):
            read()
    assert {c["text"] for c in call("list_records", "comments", caller=manager)["items"]} == {
        "internal", "for you"}  # Q's comments only
    assert {c["project_id"] for c in call("list_records", "comments", caller=manager)["items"]} == {
        world["Q"]["project"]["id"]}
    assert names(call, "shots", manager, project_id=world["P"]["project"]["id"]) == ["SH010"]  # entities stay
    call("assign_tasks", manager.user_id, [p_task["id"]], caller=admin)
    assert call("get_record", "tasks", p_task["id"], caller=manager)["id"] == p_task["id"]
    assert texts(call, p_task["id"], manager) == ["for you", "internal"]


# -- clients: client comments, shared playlists and client-allowed statuses where they are clients --

def test_a_manager_made_a_client_sees_client_comments_and_statuses_there(call, world, person):
    manager = person("manager", P="client")
    p, q = world["P"], world["Q"]
    assert texts(call, p["task"]["id"], manager) == ["for you"]
    assert texts(call, q["task"]["id"], manager) == ["for you", "internal"]
    in_p = [s["short_name"] for s in call("list_project_setting", p["project"]["id"], "task-status", caller=manager)]
    in_q = [s["short_name"] for s in call("list_project_setting", q["project"]["id"], "task-status", caller=manager)]
    assert "wfa" not in in_p and "wip" in in_p and "wfa" in in_q
    # The workspace's own status list follows the workspace role (a manager's).
    assert "wfa" in names_of_statuses(call, manager)
    wfa = {"task_status_id": world["statuses"]["wfa"]["id"]}
    with pytest.raises(NotFound):  # hidden in P, as for a workspace client
        call("comment_task", p["task"]["id"], wfa, caller=manager)
    assert call("comment_task", q["task"]["id"], wfa, caller=manager)["task_status_id"] == wfa["task_status_id"]


def names_of_statuses(call, who):
    return [s["short_name"] for s in call("list_records", "task-status", caller=who)["items"]]


def test_a_client_made_a_supervisor_sees_and_sets_every_status_there(call, world, person):
    client = person("client", P="supervisor", Q=None)
    p, q = world["P"], world["Q"]
    assert "wfa" not in names_of_statuses(call, client)  # the workspace list: a client's
    in_p = [s["short_name"] for s in call("list_project_setting", p["project"]["id"], "task-status", caller=client)]
    assert "wfa" in in_p
    wfa = {"task_status_id": world["statuses"]["wfa"]["id"]}
    assert call("comment_task", p["task"]["id"], wfa, caller=client)["task_status_id"] == wfa["task_status_id"]
    with pytest.raises(NotFound):
        call("comment_task", q["task"]["id"], wfa, caller=client)
    assert texts(call, p["task"]["id"], client) == ["", "for you", "internal"]
    assert texts(call, q["task"]["id"], client) == ["for you"]


def test_playlists_shared_with_clients_follow_the_role_in_the_project(call, world, person, admin):
    for key in ("P", "Q"):
        for name, for_client in (("Dailies", False), ("Client review", True)):
            call("create_record", "playlists", {"name": name, "project_id": world[key]["project"]["id"],
                                                "for_client": for_client}, caller=admin)
    manager = person("manager", P="client")
    p_id, q_id = world["P"]["project"]["id"], world["Q"]["project"]["id"]
    assert [pl["name"] for pl in call("list_project_playlists", p_id, caller=manager)] == ["Client review"]
    assert sorted(pl["name"] for pl in call("list_project_playlists", q_id, caller=manager)) == [
        "Client review", "Dailies"]
    hidden = next(pl for pl in call("list_project_playlists", p_id, caller=admin) if pl["name"] == "Dailies")
    with pytest.raises(NotFound):
        call("get_record", "playlists", hidden["id"], caller=manager)
    with pytest.raises(NotFound):
        call("get_project_playlist", p_id, hidden["id"], caller=manager)
    assert sorted(names(call, "playlists", manager)) == ["Client review", "Client review", "Dailies"]
    client = person("client", P="user")
    assert sorted(pl["name"] for pl in call("list_project_playlists", p_id, caller=client)) == [
        "Client review", "Dailies"]


# -- what managers alone see: others' notifications and unshared filters, per project ------------

def test_notifications_of_others_follow_the_role_in_the_project(call, world, person, admin):
    artist = person("user", P=None, Q=None)
    call("assign_tasks", artist.user_id, [world["P"]["task"]["id"], world["Q"]["task"]["id"]], caller=admin)
    manager = person("manager", P="user")
    seen = {n["project_id"] for n in call("list_records", "notifications", caller=manager)["items"]}
    assert seen == {world["Q"]["project"]["id"]}
    lead = person("user", P="manager", Q=None)
    seen = {n["project_id"] for n in call("list_records", "notifications", caller=lead)["items"]}
    assert seen == {world["P"]["project"]["id"]}
    call("set_team_member_role", world["P"]["project"]["id"], manager.user_id, {"role": None}, caller=admin)
    seen = {n["project_id"] for n in call("list_records", "notifications", caller=manager)["items"]}
    assert seen == {world["P"]["project"]["id"], world["Q"]["project"]["id"]}


def test_unshared_filters_of_others_follow_the_role_in_the_project(call, world, person):
    artist = person("user", P=None, Q=None)
    for key in ("P", "Q"):
        call("create_user_filter", {"list_type": "shots", "name": f"mine in {key}", "query": "SH",
                                    "project_id": world[key]["project"]["id"]}, caller=artist)
    call("create_user_filter", {"list_type": "shots", "name": "mine anywhere", "query": "SH"}, caller=artist)
    manager = person("manager", P="user")
    assert sorted(names(call, "search-filters", manager)) == ["mine anywhere", "mine in Q"]
    lead = person("user", P="manager", Q=None)
    assert names(call, "search-filters", lead) == ["mine in P"]


# -- writes that hinge on managing: the author rule, time for others -------------------------------

def test_a_manager_made_an_artist_changes_only_their_own_comments_there(call, world, person, admin):
    manager = person("manager", P="user")
    wip = {"task_status_id": world["statuses"]["wip"]["id"]}
    theirs = {key: call("comment_task", world[key]["task"]["id"], dict(wip, comment="by admin"), caller=admin)
              for key in ("P", "Q")}
    with pytest.raises(Forbidden):
        call("update_record", "comments", theirs["P"]["id"], {"text": "not yours"}, caller=manager)
    assert call("update_record", "comments", theirs["Q"]["id"], {"text": "edited"}, caller=manager)["text"] == \
        "edited"
    artist = person("user", P=None)
    with pytest.raises(Forbidden):
        call("set_time_spent", world["P"]["task"]["id"], "2026-12-01", artist.user_id, {"duration": 60},
             caller=manager)
    assert call("set_time_spent", world["Q"]["task"]["id"], "2026-12-01", artist.user_id, {"duration": 60},
                caller=manager)["duration"] == 60


# -- the events feed: the projects one sees -----------------------------------------------------

def test_the_events_feed_shows_only_the_projects_one_sees(call, world, person):
    artist = person("user", P="supervisor")
    projects = {e["project_id"] for e in call("list_last_events", {"limit": "200"}, caller=artist)}
    assert projects == {world["P"]["project"]["id"]}
    projects = {e["project_id"] for e in call("list_records", "events", caller=artist)["items"]}
    assert projects == {world["P"]["project"]["id"]}


# -- never another workspace's data ---------------------------------------------------------------

def test_an_override_in_one_workspace_reveals_nothing_in_another(call, world, person):
    manager = person("manager", P="supervisor")
    other_workspace = str(uuid.uuid4())
    call("on_workspace_created", make_envelope("workspace_created", {
        "workspace_id": other_workspace, "owner_id": str(uuid.uuid4())}))
    call("on_member_added", make_envelope("member_added", {
        "workspace_id": other_workspace, "user_id": manager.user_id, "role": "co_producer"}))
    there = dataclasses.replace(manager, workspace_id=other_workspace)
    assert call("list_records", "projects", caller=there)["items"] == []
    assert call("list_records", "tasks", caller=there)["items"] == []
    with pytest.raises(NotFound):
        call("get_record", "tasks", world["P"]["task"]["id"], caller=there)
    with pytest.raises(NotFound):
        call("list_task_comments", world["P"]["task"]["id"], caller=there)


# -- bounded SQL: the overrides are clauses of one statement, not a query per project or row -------

@pytest.fixture
def statements(container):
    engine = next(d for d in container.dependencies if d.__class__.__name__ == "Database").engine
    seen = []

    def record(_connection, _cursor, statement, *_args):
        table = re.search(r"\bFROM\s+(\w+)", statement)
        seen.append(table.group(1) if table else None)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_reads_cost_the_same_statements_whatever_the_number_of_overrides(call, world, person, admin, statements):
    manager = person("manager", P="vendor")
    counts = []
    for extra in range(3):
        statements.clear()
        items = call("list_records", "comments", caller=manager)["items"]
        assert {c["project_id"] for c in items} >= {world["Q"]["project"]["id"]}
        call("list_records", "tasks", caller=manager)
        counts.append(len(statements))
        project = call("create_record", "projects", {"name": f"More {extra}"}, caller=admin)
        call("add_team_member", project["id"], manager.user_id, ["client", "user", "supervisor"][extra],
             caller=admin)
    assert counts[0] == counts[1] == counts[2]


def test_descriptors_shared_with_clients_follow_the_role_in_the_project(call, world, person, admin):
    for key in ("P", "Q"):
        for name, for_client in (("Layer", False), ("Look", True)):
            call("create_project_record", "metadata-descriptors", {"project_id": world[key]["project"]["id"]},
                 {"name": name, "entity_type": "Shot", "for_client": for_client}, caller=admin)
    manager = person("manager", P="client")
    seen = sorted((d["project_id"] == world["P"]["project"]["id"], d["name"])
                  for d in call("list_records", "metadata-descriptors", caller=manager)["items"])
    assert seen == [(False, "Layer"), (False, "Look"), (True, "Look")]
    client = person("client", P="supervisor")
    assert sorted(d["name"] for d in call("list_records", "metadata-descriptors", caller=client)["items"]) == [
        "Layer", "Look"]
