"""gazu 1.3.1, unchanged, on per-project roles deciding what one sees: an admin puts a
workspace manager into a project with another role there, and gazu as that person sees
that project as the role shows it, and every other project as a manager
(docs/permissions.md, per-project roles). ``kitsu`` and ``k`` come from conftest."""

import gazu
import pytest
from gazu.exception import NotAllowedException, RouteNotFoundException

from .gazu_studio import new_member


def log_in(suite, email, password):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(email, password, client=client)
    return {"client": client}


def names(records):
    return sorted(r["name"] for r in records)


def ids(records):
    return sorted(r["id"] for r in records)


@pytest.fixture
def studio(k, kitsu):
    """Two projects, each with a shot, an animation task, an internal and a client comment; 'wfa'
    is hidden from clients and both projects use 'wip' and 'wfa'."""
    wip = gazu.task.get_task_status_by_short_name("wip", **k)
    wfa = gazu.task.get_task_status_by_short_name("wfa", **k)
    gazu.client.put(f"data/task-status/{wfa['id']}", {"is_client_allowed": False}, client=kitsu)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    places = {}
    for key, name in (("P", "Forest Tales"), ("Q", "Sea Tales")):
        project = gazu.project.new_project(name, **k)
        for status in (wip, wfa):
            gazu.project.add_task_status(project, status, **k)
        sequence = gazu.shot.new_sequence(project, "SQ01", **k)
        shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
        task = gazu.task.new_task(shot, animation, **k)
        gazu.task.add_comment(task, wip, "internal", **k)
        gazu.task.add_comment(task, wip, "for you", for_client=True, **k)
        places[key] = {"project": project, "sequence": sequence, "task": task}
    return {"wip": wip, "wfa": wfa, **places}


@pytest.fixture
def max_and_ann(kitsu, suite, studio):
    """Max, a workspace manager, and Ann, an artist on P's team: each with gazu logged in as them."""
    new_member(kitsu, "Max", "max@studio.example", role="manager", password="kitsu-manager-1")
    ann = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    gazu.project.add_person_to_team(studio["P"]["project"], ann, client=kitsu)
    return (gazu.person.get_person_by_email("max@studio.example", client=kitsu), ann,
            log_in(suite, "max@studio.example", "kitsu-manager-1"), log_in(suite, "ann@studio.example",
                                                                            "kitsu-artist-1"))


def test_a_manager_put_in_a_project_as_artist_sees_it_as_an_artist_does(kitsu, k, studio, max_and_ann):
    max_, ann, m, a = max_and_ann
    p, q = studio["P"], studio["Q"]
    gazu.project.add_person_to_team(p["project"], max_, role="user", **k)

    # Projects: P as a team member, every other one as the manager he is elsewhere.
    assert names(gazu.project.all_projects(**m)) == ["Forest Tales", "Sea Tales"]
    assert names(gazu.project.all_projects(**a)) == ["Forest Tales"]
    assert names(gazu.context.all_open_projects(user_context=True, **m)) == ["Forest Tales"]

    # In P he sees what Ann, an artist there, sees: its tasks and every comment.
    assert ids(gazu.task.all_tasks_for_project(p["project"], **m)) == \
        ids(gazu.task.all_tasks_for_project(p["project"], **a)) == [p["task"]["id"]]
    assert sorted(c["text"] for c in gazu.task.all_comments_for_task(p["task"], **m)) == ["for you", "internal"]

    # Others' notifications: an artist's view in P (none), a manager's in Q.
    gazu.task.assign_task(p["task"], ann, **k)
    gazu.task.assign_task(q["task"], ann, **k)
    seen = {n["project_id"] for n in gazu.client.fetch_all("notifications", client=m["client"])}
    assert seen == {q["project"]["id"]}
    assert {n["project_id"] for n in gazu.client.fetch_all("notifications", client=a["client"])} == {
        p["project"]["id"]}  # her own, in the projects she sees

    # An artist changes only their own comments, and manages nothing, in P; he still does in Q.
    internal = {key: next(c for c in gazu.task.all_comments_for_task(place["task"], **k) if c["text"] == "internal")
                for key, place in (("P", p), ("Q", q))}
    with pytest.raises(NotAllowedException):
        gazu.client.put(f"data/comments/{internal['P']['id']}", {"text": "edited"}, client=m["client"])
    assert gazu.client.put(f"data/comments/{internal['Q']['id']}", {"text": "edited"},
                           client=m["client"])["text"] == "edited"
    with pytest.raises(NotAllowedException):
        gazu.shot.new_shot(p["project"], p["sequence"], "SH020", **m)
    assert gazu.shot.new_shot(q["project"], q["sequence"], "SH020", **m)["name"] == "SH020"

    # Back to his workspace role in P: a manager's view there too.
    gazu.project.update_team_member_role(p["project"], max_, None, **k)
    seen = {n["project_id"] for n in gazu.client.fetch_all("notifications", client=m["client"])}
    assert seen == {p["project"]["id"], q["project"]["id"]}


def test_a_manager_put_in_a_project_as_vendor_then_client_sees_what_those_roles_see(kitsu, k, studio,
                                                                                    max_and_ann):
    max_, _ann, m, _a = max_and_ann
    p, q = studio["P"], studio["Q"]
    gazu.project.add_person_to_team(p["project"], max_, role="vendor", **k)
    assert gazu.task.all_tasks_for_project(p["project"], **m) == []  # nothing assigned to him there
    with pytest.raises(RouteNotFoundException):
        gazu.task.get_task(p["task"], **m)
    assert ids(gazu.task.all_tasks_for_project(q["project"], **m)) == [q["task"]["id"]]
    gazu.task.assign_task(p["task"], max_, **k)
    assert gazu.task.get_task(p["task"], **m)["id"] == p["task"]["id"]

    gazu.project.update_team_member_role(p["project"], max_, "client", **k)
    assert sorted(c["text"] for c in gazu.task.all_comments_for_task(p["task"], **m)) == ["for you"]
    assert sorted(c["text"] for c in gazu.task.all_comments_for_task(q["task"], **m)) == ["for you", "internal"]
    assert [s["short_name"] for s in gazu.task.all_task_statuses_for_project(p["project"], **m)] == ["wip"]
    assert sorted(s["short_name"] for s in gazu.task.all_task_statuses_for_project(q["project"], **m)) == [
        "wfa", "wip"]
    with pytest.raises(RouteNotFoundException):  # a status hidden from clients, in P
        gazu.task.add_comment(p["task"], studio["wfa"], "ready?", **m)
    assert gazu.task.add_comment(q["task"], studio["wfa"], "ready?", **m)["task_status_id"] == studio["wfa"]["id"]
