"""Kitsu's roles: a table of role x action, checked on the rules and over RPC,
and what vendors and clients may see."""

import uuid

import pytest

from reelhouse.production_tracking import permissions
from reelhouse.shared.errors import Forbidden, MalformedId, NotFound, ValidationFailed

ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor")
# What each role may do, as a Kitsu user expects it.
EXPECTED = {
    #              read  settings production comment
    "admin":      (True, True,    True,      True),
    "manager":    (True, True,    True,      True),
    "supervisor": (True, False,   True,      True),
    "user":       (True, False,   False,     True),
    "client":     (True, False,   False,     True),
    "vendor":     (True, False,   False,     True),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", permissions.ACTIONS)
def test_rule_table(role, action):
    assert permissions.allowed(role, action) is EXPECTED[role][permissions.ACTIONS.index(action)]


def test_unknown_role_may_do_nothing():
    assert not any(permissions.allowed("intern", action) for action in permissions.ACTIONS)


@pytest.fixture
def setup(call, admin, studio, project, join):
    """A project with a shot, a task on it, and one member per role in the project's team."""
    workspace_id = studio[0]
    members = {role: join(workspace_id, role=role) for role in ROLES if role != "admin"}
    members["admin"] = admin
    for member in members.values():
        call("add_team_member", project["id"], member.user_id, caller=admin)
    sequence = call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "sequence_id": sequence["id"]},
                caller=admin)
    task_type = call("create_record", "task-types", {"name": "Animation", "for_entity": "Shot"}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)
    statuses = {s["short_name"]: s for s in call("list_records", "task-status", caller=admin)["items"]}
    return {"members": members, "project": project, "sequence": sequence, "task": task, "task_type": task_type,
            "statuses": statuses}


# role x route: each route with the action it needs.
ROUTES = {
    "list projects": (permissions.READ, lambda call, s, who: call("list_records", "projects", caller=who)),
    "create project": (permissions.MANAGE_SETTINGS,
                       lambda call, s, who: call("create_record", "projects", {"name": f"P {who.role}"}, caller=who)),
    "create task type": (permissions.MANAGE_SETTINGS, lambda call, s, who: call(
        "create_record", "task-types", {"name": f"T {who.role}"}, caller=who)),
    "add task type to project": (permissions.MANAGE_SETTINGS, lambda call, s, who: call(
        "add_project_setting", s["project"]["id"], "task-types", {"task_type_id": s["task_type"]["id"]},
        caller=who)),
    "create shot": (permissions.MANAGE_PRODUCTION, lambda call, s, who: call(
        "create_entity", "shots", s["project"]["id"], {"name": f"SH {who.role}", "sequence_id": s["sequence"]["id"]},
        caller=who)),
    "assign task": (permissions.MANAGE_PRODUCTION, lambda call, s, who: call(
        "assign_tasks", who.user_id, [s["task"]["id"]], caller=who)),
    "update casting": (permissions.MANAGE_PRODUCTION, lambda call, s, who: call(
        "update_casting", s["project"]["id"], s["sequence"]["id"], [], caller=who)),
    "comment on task": (permissions.COMMENT, lambda call, s, who: call(
        "comment_task", s["task"]["id"], {"task_status_id": s["statuses"]["wip"]["id"], "comment": "hi"},
        caller=who)),
}


def run_routes(call, setup, who, role_for):
    """Every route of ROUTES as ``who``: done when ``role_for(route name)`` may, else Forbidden."""
    for name, (action, run) in ROUTES.items():
        role = role_for(name)
        if permissions.allowed(role, action):
            run(call, setup, who)
        else:
            with pytest.raises(Forbidden):
                run(call, setup, who)
                pytest.fail(f"{role} could {name}")


@pytest.mark.parametrize("role", ROLES)
def test_role_by_route(call, setup, role):
    who = setup["members"][role]
    if role == "vendor":  # vendors only reach tasks assigned to them
        call("assign_tasks", who.user_id, [setup["task"]["id"]], caller=setup["members"]["admin"])
    run_routes(call, setup, who, lambda _name: role)


def test_artists_see_only_their_team_projects(call, setup, admin):
    other = call("create_record", "projects", {"name": "Elsewhere"}, caller=admin)
    artist = setup["members"]["user"]
    assert [p["name"] for p in call("list_records", "projects", caller=artist)["items"]] == ["Big Buck Bunny"]
    with pytest.raises(NotFound):
        call("get_record", "projects", other["id"], caller=artist)


def test_vendors_see_only_tasks_assigned_to_them(call, setup, admin):
    vendor = setup["members"]["vendor"]
    assert call("list_records", "tasks", caller=vendor)["items"] == []
    with pytest.raises(NotFound):
        call("comment_task", setup["task"]["id"], {"task_status_id": setup["statuses"]["wip"]["id"]}, caller=vendor)
    call("assign_tasks", vendor.user_id, [setup["task"]["id"]], caller=admin)
    assert [t["id"] for t in call("list_records", "tasks", caller=vendor)["items"]] == [setup["task"]["id"]]


def test_clients_see_only_client_allowed_statuses_and_client_comments(call, setup, admin):
    client = setup["members"]["client"]
    call("update_record", "task-status", setup["statuses"]["wfa"]["id"], {"is_client_allowed": False}, caller=admin)
    visible = {s["short_name"] for s in call("list_records", "task-status", caller=client)["items"]}
    assert "wfa" not in visible and "wip" in visible
    task_id = setup["task"]["id"]
    call("comment_task", task_id, {"task_status_id": setup["statuses"]["wip"]["id"], "comment": "internal"},
         caller=admin)
    call("comment_task", task_id, {"task_status_id": setup["statuses"]["wip"]["id"], "comment": "for you",
                                   "for_client": True}, caller=admin)
    assert [c["text"] for c in call("list_task_comments", task_id, caller=client)] == ["for you"]
    with pytest.raises(NotFound):  # a status hidden from clients cannot be set by them
        call("comment_task", task_id, {"task_status_id": setup["statuses"]["wfa"]["id"]}, caller=client)


def test_assignees_must_be_workspace_members(call, setup, admin):
    with pytest.raises(ValidationFailed) as error:
        call("assign_tasks", str(uuid.uuid4()), [setup["task"]["id"]], caller=admin)
    assert "person_id" in error.value.details


def test_only_the_author_or_a_manager_changes_or_deletes_a_comment(call, setup, admin):
    artist, other = setup["members"]["user"], setup["members"]["supervisor"]
    comment = call("comment_task", setup["task"]["id"], {"task_status_id": setup["statuses"]["wip"]["id"],
                                                         "comment": "mine"}, caller=artist)
    with pytest.raises(Forbidden):
        call("update_record", "comments", comment["id"], {"text": "not yours"}, caller=other)
    with pytest.raises(Forbidden):
        call("delete_record", "comments", comment["id"], caller=other)
    assert call("update_record", "comments", comment["id"], {"text": "edited"}, caller=artist)["text"] == "edited"
    call("delete_record", "comments", comment["id"], caller=admin)


def test_the_events_feed_is_read_only(call, setup, admin):
    [event] = call("list_records", "events", {"page": None}, 1, 1, caller=admin)["items"]
    with pytest.raises(Forbidden):
        call("delete_record", "events", event["id"], caller=admin)


# -- per-project roles: a team member's role in one project overrides their workspace role there -----

PROJECT_ROUTES = ("add task type to project", "create shot", "assign task", "update casting", "comment on task")


@pytest.mark.parametrize("role, project_role", [
    ("user", "supervisor"), ("user", "manager"), ("supervisor", "user"), ("manager", "user"),
    ("client", "supervisor"), ("supervisor", "client"), ("admin", "user"),  # an admin stays an admin
])
def test_role_overridden_in_a_project_decides_there(call, setup, studio, join, role, project_role):
    admin = setup["members"]["admin"]
    who = admin if role == "admin" else join(studio[0], role=role)
    call("add_team_member", setup["project"]["id"], who.user_id, project_role, caller=admin)
    in_project = role if role == "admin" else project_role
    # Workspace-wide routes keep the workspace role.
    run_routes(call, setup, who, lambda name: in_project if name in PROJECT_ROUTES else role)


def test_the_project_role_decides_which_statuses_may_be_set(call, setup, studio, join):
    admin = setup["members"]["admin"]
    call("update_record", "task-status", setup["statuses"]["done"]["id"], {"is_artist_allowed": False}, caller=admin)
    artist, lead = join(studio[0], role="user"), join(studio[0], role="user")
    call("add_team_member", setup["project"]["id"], artist.user_id, caller=admin)
    call("add_team_member", setup["project"]["id"], lead.user_id, "supervisor", caller=admin)
    done = {"task_status_id": setup["statuses"]["done"]["id"]}
    with pytest.raises(Forbidden):
        call("comment_task", setup["task"]["id"], done, caller=artist)
    assert call("comment_task", setup["task"]["id"], done, caller=lead)["task_status_id"] == done["task_status_id"]
    call("set_team_member_role", setup["project"]["id"], lead.user_id, {"role": None}, caller=admin)  # back to user
    with pytest.raises(Forbidden):
        call("comment_task", setup["task"]["id"], done, caller=lead)


def test_setting_a_team_members_role(call, setup, studio, join, events):
    admin, project = setup["members"]["admin"], setup["project"]
    artist = setup["members"]["user"]
    events.drain()
    link = call("set_team_member_role", project["id"], artist.user_id, {"role": "supervisor"}, caller=admin)
    assert link == {"project_id": project["id"], "person_id": artist.user_id, "role": "supervisor",
                    "type": "ProjectPersonLink"}
    assert "project_team_changed" in events.types()
    assert call("list_last_events", {"limit": "1"}, caller=admin)[0]["data"]["role"] == "supervisor"
    call("create_entity", "shots", project["id"], {"name": "SH999", "sequence_id": setup["sequence"]["id"]},
         caller=artist)  # a supervisor in this project
    with pytest.raises(Forbidden):  # ... but not a manager of its team
        call("set_team_member_role", project["id"], artist.user_id, {"role": "manager"}, caller=artist)


@pytest.mark.parametrize("payload, error", [
    ({"role": "admin"}, ValidationFailed),  # admins are admins everywhere, not per project
    ({"role": "boss"}, ValidationFailed),
    ({}, ValidationFailed),
    ({"role": "user", "extra": 1}, ValidationFailed),
    (["user"], ValidationFailed),
])
def test_bad_team_roles_are_refused(call, setup, payload, error):
    admin, project = setup["members"]["admin"], setup["project"]
    with pytest.raises(error):
        call("set_team_member_role", project["id"], setup["members"]["user"].user_id, payload, caller=admin)


def test_team_roles_need_a_team_member_and_a_known_role(call, setup, studio, join):
    admin, project = setup["members"]["admin"], setup["project"]
    outsider = join(studio[0], role="user")
    with pytest.raises(NotFound):
        call("set_team_member_role", project["id"], outsider.user_id, {"role": "user"}, caller=admin)
    with pytest.raises(ValidationFailed):
        call("add_team_member", project["id"], outsider.user_id, "director", caller=admin)
    with pytest.raises(MalformedId):
        call("set_team_member_role", project["id"], "not-an-id", {"role": "user"}, caller=admin)


def test_team_changes_publish_their_event_and_feed_row(call, admin, studio, project, join, events):
    artist = join(studio[0], role="user")
    events.drain()
    call("add_team_member", project["id"], artist.user_id, "vendor", caller=admin)
    call("remove_team_member", project["id"], artist.user_id, caller=admin)
    assert events.types().count("project_team_changed") == 2
    feed = call("list_last_events", {"limit": "2", "project_id": project["id"]}, caller=admin)
    assert [(e["name"], e["data"]["person_id"]) for e in feed] == [("project:update", artist.user_id)] * 2


@pytest.mark.parametrize("role, project_role, sees_unassigned", [
    ("supervisor", "vendor", False), ("manager", "vendor", False), ("vendor", "supervisor", True),
    ("vendor", None, False), ("admin", "vendor", True),
])
def test_vendor_limits_follow_the_role_in_the_project(call, setup, studio, join, role, project_role,
                                                      sees_unassigned):
    admin, task = setup["members"]["admin"], setup["task"]
    who = admin if role == "admin" else join(studio[0], role=role)
    call("add_team_member", setup["project"]["id"], who.user_id, project_role, caller=admin)
    other = call("create_record", "projects", {"name": "Elsewhere"}, caller=admin)
    call("add_team_member", other["id"], who.user_id, caller=admin)
    visible = [t["id"] for t in call("list_records", "tasks", caller=who)["items"]]
    assert visible == ([task["id"]] if sees_unassigned else [])
    wip = {"task_status_id": setup["statuses"]["wip"]["id"]}
    if not sees_unassigned:
        with pytest.raises(NotFound):
            call("comment_task", task["id"], wip, caller=who)
        call("assign_tasks", who.user_id, [task["id"]], caller=admin)
        assert [t["id"] for t in call("list_records", "tasks", caller=who)["items"]] == [task["id"]]
    call("comment_task", task["id"], wip, caller=who)
    assert other["id"] in [p["id"] for p in call("list_records", "projects", caller=who)["items"]]


@pytest.mark.parametrize("role, project_role, sees_internal", [
    ("supervisor", "client", False), ("client", "supervisor", True), ("client", None, False),
])
def test_client_comment_limits_follow_the_role_in_the_project(call, setup, studio, join, role, project_role,
                                                              sees_internal):
    admin, task_id = setup["members"]["admin"], setup["task"]["id"]
    who = join(studio[0], role=role)
    call("add_team_member", setup["project"]["id"], who.user_id, project_role, caller=admin)
    wip = setup["statuses"]["wip"]["id"]
    call("comment_task", task_id, {"task_status_id": wip, "comment": "internal"}, caller=admin)
    call("comment_task", task_id, {"task_status_id": wip, "comment": "for you", "for_client": True}, caller=admin)
    expected = ["for you", "internal"] if sees_internal else ["for you"]
    assert [c["text"] for c in call("list_task_comments", task_id, caller=who)] == expected


# -- per-project roles decide reads: role x read route, with every override --------------------------

@pytest.fixture
def sights(call, setup, admin):
    """``setup`` plus: 'wfa' hidden from clients, the project's statuses 'wip' and 'wfa', an internal and
    a client comment on its task, and another project with a task nobody of the table is on the team of."""
    statuses, project, task = setup["statuses"], setup["project"], setup["task"]
    call("update_record", "task-status", statuses["wfa"]["id"], {"is_client_allowed": False}, caller=admin)
    for short_name in ("wip", "wfa"):
        call("add_project_setting", project["id"], "task-status", {"task_status_id": statuses[short_name]["id"]},
             caller=admin)
    for text, for_client in (("internal", False), ("for you", True)):
        call("comment_task", task["id"], {"task_status_id": statuses["wip"]["id"], "comment": text,
                                          "for_client": for_client}, caller=admin)
    other = call("create_record", "projects", {"name": "Elsewhere"}, caller=admin)
    sequence = call("create_entity", "sequences", other["id"], {"name": "SQ99"}, caller=admin)
    other_shot = call("create_entity", "shots", other["id"], {"name": "SH990", "sequence_id": sequence["id"]},
                      caller=admin)
    other_task = call("create_record", "tasks", {"project_id": other["id"], "entity_id": other_shot["id"],
                                                 "task_type_id": setup["task_type"]["id"]}, caller=admin)
    return dict(setup, other=other, other_task=other_task)


def seen(run):
    """What a read answers, or 404 when it answers NotFound (Zou's answer for what one may not see)."""
    try:
        return run()
    except NotFound:
        return 404


def _ids(result):
    return [row["id"] for row in (result["items"] if isinstance(result, dict) else result)]


# Each read route: (what it answers as ``who``, what it should answer for a workspace role and the
# role in the project). In a project one sees what one's role there shows; which projects one sees
# follows the workspace role (an override is a team row: the project is always seen).
WHOLE = permissions.SEES_WHOLE_WORKSPACE
READ_ROUTES = {
    "list projects": (
        lambda call, s, who: sorted(p["name"] for p in call("list_records", "projects", caller=who)["items"]),
        lambda s, workspace_role, role: ["Big Buck Bunny", "Elsewhere"] if workspace_role in WHOLE
        else ["Big Buck Bunny"]),
    "list my open projects": (
        lambda call, s, who: [p["name"] for p in call("list_open_projects", True, caller=who)],
        lambda s, workspace_role, role: ["Big Buck Bunny"]),
    "get the project": (
        lambda call, s, who: seen(lambda: call("get_record", "projects", s["project"]["id"], caller=who)["id"]),
        lambda s, workspace_role, role: s["project"]["id"]),
    "get another project": (
        lambda call, s, who: seen(lambda: call("get_record", "projects", s["other"]["id"], caller=who)["id"]),
        lambda s, workspace_role, role: s["other"]["id"] if workspace_role in WHOLE else 404),
    "list the project's shots": (
        lambda call, s, who: [e["name"] for e in call("list_records", "shots", fixed={
            "project_id": s["project"]["id"]}, caller=who)["items"]],
        lambda s, workspace_role, role: ["SH010"]),
    "get a sequence": (
        lambda call, s, who: seen(lambda: call("get_record", "sequences", s["sequence"]["id"], caller=who)["id"]),
        lambda s, workspace_role, role: s["sequence"]["id"]),
    "list the project's tasks": (
        lambda call, s, who: _ids(call("list_records", "tasks", fixed={"project_id": s["project"]["id"]},
                                       caller=who)),
        lambda s, workspace_role, role: [] if role == "vendor" else [s["task"]["id"]]),
    "get a task": (
        lambda call, s, who: seen(lambda: call("get_task_full", s["task"]["id"], caller=who)["id"]),
        lambda s, workspace_role, role: 404 if role == "vendor" else s["task"]["id"]),
    "list another project's tasks": (
        lambda call, s, who: _ids(call("list_records", "tasks", fixed={"project_id": s["other"]["id"]},
                                       caller=who)),
        lambda s, workspace_role, role: [s["other_task"]["id"]] if workspace_role in WHOLE else []),
    "list a task's comments": (
        lambda call, s, who: seen(lambda: sorted(c["text"] for c in call("list_task_comments", s["task"]["id"],
                                                                         caller=who))),
        lambda s, workspace_role, role: 404 if role == "vendor" else ["for you"] if role == "client"
        else ["for you", "internal"]),
    "list the project's comments": (
        lambda call, s, who: sorted(c["text"] for c in call("list_records", "comments", fixed={
            "project_id": s["project"]["id"]}, caller=who)["items"]),
        lambda s, workspace_role, role: [] if role == "vendor" else ["for you"] if role == "client"
        else ["for you", "internal"]),
    "list the project's statuses": (
        lambda call, s, who: sorted(st["short_name"] for st in call(
            "list_project_setting", s["project"]["id"], "task-status", caller=who)),
        lambda s, workspace_role, role: ["wip"] if role == "client" else ["wfa", "wip"]),
    "get a status hidden from clients": (
        lambda call, s, who: seen(lambda: call("get_record", "task-status", s["statuses"]["wfa"]["id"],
                                               caller=who)["id"]),
        # The workspace's status list is not a project's: the workspace role decides it.
        lambda s, workspace_role, role: 404 if workspace_role == "client" else s["statuses"]["wfa"]["id"]),
}


@pytest.mark.parametrize("role, project_role", [
    (role, project_role) for role in ROLES for project_role in (None, *ROLES) if project_role != "admin"])
def test_read_routes_follow_the_role_in_the_project(call, sights, studio, join, role, project_role):
    """Every workspace role, overridden in the project by every role (None: on its team, no override)."""
    admin = sights["members"]["admin"]
    who = join(studio[0], role=role)
    call("add_team_member", sights["project"]["id"], who.user_id, project_role, caller=admin)
    role_there = role if role == "admin" or project_role is None else project_role  # admins stay admins
    for name, (run, expected) in READ_ROUTES.items():
        assert run(call, sights, who) == expected(sights, role, role_there), name
