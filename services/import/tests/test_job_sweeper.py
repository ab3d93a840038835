"""The job sweeper: a job left ``running`` (its importer stopped mid-request) longer than the bound becomes
``failed`` with reason ``interrupted`` and its ``import_finished`` event goes out through the outbox, once,
however many replicas sweep at the same time."""

import datetime as dt
import time
import uuid

import eventlet
import pytest
from nameko.testing.services import entrypoint_hook
from sqlalchemy import update
from sqlalchemy.orm import sessionmaker

from reelhouse.importer import jobs
from reelhouse.importer.models import Base, ImportJob
from reelhouse.importer.service import ImporterService
from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, make_engine, utcnow
from reelhouse.shared.errors import BadRequest
from reelhouse.shared.testing import eventually

BOUND = dt.timedelta(minutes=5)


class Published:
    def __init__(self):
        self.envelopes = []

    def publish(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def url(database_url_for):
    return database_url_for("services/import")


@pytest.fixture
def replica(url):
    """``replica()``: the database access of one importer replica (its own engine and pool)."""
    engines = []

    def make():
        engine = make_engine(url)
        engines.append(engine)
        return DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, Published())

    yield make
    for engine in engines:
        engine.dispose()


def start_job(db, started_ago: dt.timedelta) -> dict:
    with db.transaction() as tx:
        job = jobs.start(tx, Caller(user_id=str(uuid.uuid4()), role="admin"), "csv", "shots", None)
        tx.session.execute(update(ImportJob).where(ImportJob.id == uuid.UUID(job["id"]))
                           .values(created_at=utcnow() - started_ago))
    return job


def finished_events(db):
    return [e for e in db.publisher.envelopes if e["type"] == "import_finished"]


def test_a_job_running_past_the_bound_fails_as_interrupted_and_says_so_once(replica):
    db = replica()
    stale = start_job(db, BOUND + dt.timedelta(seconds=5))
    fresh = start_job(db, dt.timedelta(seconds=10))
    done = start_job(db, BOUND * 2)
    with db.transaction() as tx:
        jobs.fail(tx, done["id"], BadRequest("1 row(s) cannot be imported.", {"reason": "invalid_rows", "rows": []}))

    with db.transaction() as tx:
        ended = jobs.fail_interrupted(tx, BOUND)

    assert [job["id"] for job in ended] == [stale["id"]]
    with db.session() as session:
        stale_job = jobs.get(session, Caller(user_id=stale["created_by"], role="admin"), stale["id"])
        fresh_job = jobs.get(session, Caller(user_id=fresh["created_by"], role="admin"), fresh["id"])
        done_job = jobs.get(session, Caller(user_id=done["created_by"], role="admin"), done["id"])
    assert (stale_job["status"], stale_job["reason"]) == ("failed", "interrupted")
    assert stale_job["finished_at"] is not None and "send the file again" in stale_job["message"].lower()
    assert (fresh_job["status"], fresh_job["reason"]) == ("running", None)
    assert (done_job["status"], done_job["reason"]) == ("failed", "invalid_rows")

    event = finished_events(db)[-1]
    assert (event["data"]["id"], event["data"]["status"], event["data"]["reason"]) == (
        stale["id"], "failed", "interrupted")
    assert db.pending_outbox_count() == 0  # published, then its outbox row deleted

    with db.transaction() as tx:  # a second sweep finds nothing left to end
        assert jobs.fail_interrupted(tx, BOUND) == []
    assert [e["data"]["id"] for e in finished_events(db)] == [done["id"], stale["id"]]


def test_replicas_sweeping_at_once_end_each_job_once(replica):
    first, second = replica(), replica()
    stale = {start_job(first, BOUND + dt.timedelta(minutes=1))["id"] for _ in range(3)}
    first.publisher.envelopes.clear()

    results = {}

    def sweep_second():
        with second.transaction() as tx:
            results["second"] = jobs.fail_interrupted(tx, BOUND)

    with first.transaction() as tx:
        results["first"] = jobs.fail_interrupted(tx, BOUND)
        waiting = eventlet.spawn(sweep_second)
        time.sleep(0.5)  # the second replica's UPDATE now waits for the first's row locks
        assert "second" not in results
    waiting.wait()

    assert {job["id"] for job in results["first"]} == stale
    assert results["second"] == []  # re-checked after the first committed: no longer running
    assert sorted(e["data"]["id"] for e in finished_events(first)) == sorted(stale)
    assert finished_events(second) == []


@pytest.fixture
def importer(container_factory, rabbit_config, url):
    container = container_factory(ImporterService, dict(rabbit_config, DATABASE_URL=url,
                                                        IMPORT_JOB_INTERRUPTED_AFTER_SECONDS=60))
    container.start()
    return container


def test_the_importer_timer_fails_stale_jobs_and_publishes_through_the_outbox(importer, replica, event_tap):
    db = replica()
    stale = start_job(db, dt.timedelta(seconds=61))  # the container's bound is 60 s
    fresh = start_job(db, dt.timedelta(seconds=30))
    tap = event_tap("importer")

    with entrypoint_hook(importer, "fail_interrupted_jobs") as sweep:
        assert sweep() == 1

    published = eventually(tap.drain)
    assert [(e["type"], e["data"]["id"], e["data"]["reason"]) for e in published] == [
        ("import_finished", stale["id"], "interrupted")]
    assert db.pending_outbox_count() == 0
    with db.session() as session:
        assert jobs.get(session, Caller(user_id=fresh["created_by"], role="admin"), fresh["id"])["status"] == "running"
