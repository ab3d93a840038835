"""The same logic on SQLite, the database `make run` uses: no broker, plain functions."""

import uuid

import pytest
from sqlalchemy.orm import sessionmaker

from reelhouse.production_tracking import crud, production, tenancy
from reelhouse.production_tracking.models import Base
from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, make_engine
from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.migrations import upgrade


class NoBroker:
    def publish(self, envelope):
        raise ConnectionError("no broker in this test: the rows stay in the outbox")


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'pt.db'}"
    upgrade("services/production_tracking", url)
    engine = make_engine(url)
    yield DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, NoBroker())
    engine.dispose()


def test_workflow_runs_on_sqlite(db):
    workspace_id, admin = uuid.uuid4(), Caller(user_id=str(uuid.uuid4()), role="admin")
    with db.transaction() as tx:
        tenancy.handle_workspace_created(tx, {"workspace_id": str(workspace_id), "owner_id": admin.user_id})
    with db.transaction() as tx:  # a redelivered creation event changes nothing
        tenancy.handle_workspace_created(tx, {"workspace_id": str(workspace_id), "owner_id": admin.user_id})
    with db.transaction() as tx:
        tenant = tenancy.resolve(tx.session, admin)
        project = crud.create_record(tx, tenant, "projects", {"name": "Spring"})
        sequence = production.create_entity(tx, tenant, "sequences", project["id"], {"name": "SQ01"})
        shot = production.create_entity(tx, tenant, "shots", project["id"],
                                        {"name": "SH010", "sequence_id": sequence["id"]})
        task_type = crud.create_record(tx, tenant, "task-types", {"name": "Animation", "for_entity": "Shot"})
        [task] = production.create_entity_tasks(tx, tenant, shot["id"], [task_type["id"]])
    with db.transaction() as tx, pytest.raises(ValidationFailed):
        crud.create_record(tx, tenancy.resolve(tx.session, admin), "projects", {"name": "SPRING"})
    with db.session() as session:
        tenant = tenancy.resolve(session, admin)
        statuses = crud.list_records(session, tenant, "task-status")["items"]
        assert len(statuses) == 5
        assert [t["id"] for t in crud.list_records(session, tenant, "tasks", {"entity_id": shot["id"]})["items"]] \
            == [task["id"]]
    with db.transaction() as tx:
        crud.delete_record(tx, tenancy.resolve(tx.session, admin), "projects", project["id"], force=True)
    with db.session() as session:
        assert crud.list_records(session, tenancy.resolve(session, admin), "entities")["items"] == []
    assert db.pending_outbox_count() > 0
