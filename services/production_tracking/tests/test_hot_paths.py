"""The per-request work of the hot paths (docs/performance.md): what is read once,
what is not read back, and that the fast list path answers exactly what a get does."""

import json
import re

import pytest
from sqlalchemy import event


@pytest.fixture
def statements(container):
    """The SQL statements the service sends, as ``(verb, table)`` pairs, from now on."""
    engine = next(d for d in container.dependencies if d.__class__.__name__ == "Database").engine
    seen = []

    def record(_connection, _cursor, statement, *_args):
        verb = statement.split(None, 1)[0].upper()
        table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", statement)
        seen.append((verb, table.group(1) if table else None))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def reads_of(statements, table):
    return sum(1 for verb, name in statements if verb == "SELECT" and name == table)


@pytest.fixture
def sequence(call, admin, project):
    return call("create_entity", "sequences", project["id"], {"name": "SQ01"}, caller=admin)


def test_creating_a_shot_reads_its_project_parent_and_types_once(call, admin, project, sequence, statements):
    statements.clear()
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "parent_id": sequence["id"]},
                caller=admin)
    assert shot["sequence_name"] == "SQ01" and shot["entities_out"] == [] and shot["entities_in"] == []
    assert reads_of(statements, "projects") == 1  # the route's check; the reference check reuses it
    assert reads_of(statements, "entities") == 3  # the parent, the duplicate check, the parent's name
    # built-in ids, the reference check of the type, the type's name for the record (once, not twice)
    assert reads_of(statements, "entity_types") == 3
    assert reads_of(statements, "entity_links") == 0  # a new record has no links: not read back


def test_creating_a_task_reads_its_default_status_once(call, admin, project, sequence, statements):
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "parent_id": sequence["id"]},
                caller=admin)
    task_type = call("create_record", "task-types", {"name": "Layout", "for_entity": "Shot"}, caller=admin)
    statements.clear()
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)
    assert task["assignees"] == [] and task["task_status_id"]
    assert reads_of(statements, "task_statuses") == 1
    assert reads_of(statements, "task_assignees") == 0


def test_a_record_read_by_get_reads_its_entity_types_once(call, admin, project, sequence, statements):
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "parent_id": sequence["id"]},
                caller=admin)
    statements.clear()
    call("get_record", "shots", shot["id"], caller=admin)
    assert reads_of(statements, "entity_types") == 1


def test_listed_records_equal_the_records_got_one_by_one(call, admin, project, sequence):
    """Lists are built from Core rows with text ids; gets and creates from ORM rows."""
    asset_type = call("create_record", "asset-types", {"name": "Character"}, caller=admin)
    created = [
        call("create_entity", "shots", project["id"],
             {"name": "SH010", "parent_id": sequence["id"], "data": {"frame_in": 1, "frame_out": 48}}, caller=admin),
        call("create_entity", "assets", project["id"], {"name": "Hero"}, asset_type["id"], caller=admin),
    ]
    for kind, record in zip(("shots", "assets"), created, strict=True):
        listed = call("list_records", kind, {"relations": "true"}, fixed={"project_id": project["id"]},
                      caller=admin)["items"]
        got = call("get_record", kind, record["id"], caller=admin)
        assert listed == [got] == [record]
    assert created[0]["frame_in"] == 1 and created[1]["asset_type_name"] == "Character"
    paged = call("list_records", "shots", {}, 1, 10, caller=admin)
    assert paged["total"] == 1 and paged["items"][0]["id"] == created[0]["id"]
    # The gateway's listing RPC: the same records, encoded once as Zou's answer (bare, or the page envelope).
    bare = call("zou_listing", "shots", {"relations": "true"}, fixed={"project_id": project["id"]}, caller=admin)
    assert json.loads(bare.json) == [created[0]] and bare.meta == {"truncated": False}
    envelope = call("zou_listing", "shots", {}, 1, 10, caller=admin)
    assert json.loads(envelope.json) == {
        "data": paged["items"], "total": 1, "nb_pages": 1, "limit": 10, "offset": 0, "page": 1}


def test_a_comment_changing_the_status_updates_its_task_once(call, admin, project, sequence, statements):
    shot = call("create_entity", "shots", project["id"], {"name": "SH010", "parent_id": sequence["id"]},
                caller=admin)
    task_type = call("create_record", "task-types", {"name": "Layout", "for_entity": "Shot"}, caller=admin)
    task = call("create_record", "tasks", {"project_id": project["id"], "entity_id": shot["id"],
                                           "task_type_id": task_type["id"]}, caller=admin)
    wip = call("list_records", "task-status", {"short_name": "wip"}, caller=admin)["items"][0]
    statements.clear()
    comment = call("comment_task", task["id"], {"task_status_id": wip["id"], "comment": "Started."}, caller=admin)
    assert comment["task_status"]["id"] == wip["id"]
    assert sum(1 for verb, name in statements if verb == "UPDATE" and name == "tasks") == 1
    assert reads_of(statements, "task_statuses") == 1  # the new status; the old one only matters for a retake
    full = call("get_task_full", task["id"], caller=admin)
    assert full["task_status_id"] == wip["id"] and full["real_start_date"] and full["retake_count"] == 0
