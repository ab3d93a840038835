"""jobs.py on the importer's real (PostgreSQL) database, without nameko: how a job ends."""

import uuid

import pytest
from sqlalchemy.orm import sessionmaker

from reelhouse.importer import jobs
from reelhouse.importer.models import Base
from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, make_engine
from reelhouse.shared.errors import BadRequest, ServiceTimeout


class Published:
    def __init__(self):
        self.envelopes = []

    def publish(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def db(database_url_for):
    engine = make_engine(database_url_for("services/import"))
    yield DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, Published())
    engine.dispose()


@pytest.fixture
def job(db):
    with db.transaction() as tx:
        return jobs.start(tx, Caller(user_id=str(uuid.uuid4()), role="admin"), "csv", "shots", None)


def test_a_timeout_leaves_the_job_unknown_not_failed(db, job):
    with db.transaction() as tx:
        ended = jobs.fail(tx, job["id"], ServiceTimeout("production_tracking did not answer within 55 s."))
    assert ended["status"] == "unknown" and "may have been written" in ended["message"]


def test_a_refused_file_fails_the_job_with_its_row_errors(db, job):
    rows = [{"row": 2, "column": "Name", "message": "Missing value."}]
    with db.transaction() as tx:
        ended = jobs.fail(tx, job["id"], BadRequest("1 row(s) cannot be imported.", {"rows": rows}))
    assert (ended["status"], ended["errors"], ended["nb_errors"]) == ("failed", rows, 1)
    assert [e["type"] for e in db.publisher.envelopes] == ["import_started", "import_finished"]
