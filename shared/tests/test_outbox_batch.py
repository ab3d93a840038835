"""A transaction's outbox rows go in with one multi-row INSERT at commit, not one per ``emit``,
and keep the outbox's guarantees: committed with the change, published after commit, deleted once
published, left to the sweeper when the broker is away, gone with a rollback."""

import pytest
from kombu import Exchange
from sqlalchemy import String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from reelhouse.shared.db import Transaction, make_base
from reelhouse.shared.errors import Conflict
from reelhouse.shared.events import EnvelopePublisher

Base = make_base()
CLOSED_PORT_AMQP_URI = "amqp://guest:guest@127.0.0.1:1/"
N = 250


class BatchNote(Base):
    __tablename__ = "probe_outbox_batch_notes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)


@pytest.fixture
def outbox_inserts():
    """``outbox_inserts(db)``: a list that collects the outbox INSERT statements db's engine sends."""

    def watch(db):
        statements = []
        engine = db.sessionmaker.kw["bind"]

        @event.listens_for(engine, "before_cursor_execute")
        def _count(_conn, _cursor, statement, _parameters, _context, _executemany):
            if statement.lstrip().upper().startswith("INSERT INTO OUTBOX_EVENTS"):
                statements.append(statement)

        return statements

    return watch


@pytest.fixture
def tap(broker):
    """A queue bound to every event of the ``asset`` exchange (the publisher's service name here)."""
    return broker.bind("probe-outbox-batch", Exchange("asset.events", type="topic", durable=True), "#")


def drain(broker, queue):
    envelopes = []
    while (message := broker.get(queue.name)) is not None:
        envelopes.append(message.payload)
    return envelopes


def live(db_access, rabbit_config):
    return db_access(Base, publisher=EnvelopePublisher(rabbit_config["AMQP_URI"], "asset", rabbit_config))


def note_ids(db):
    with db.session() as session:
        return sorted(session.scalars(select(BatchNote.id)).all())


def test_many_emits_are_one_insert_committed_with_the_change_and_all_published(
        probe_tables, db_access, rabbit_config, broker, tap, outbox_inserts, poll):
    probe_tables(Base)
    db = live(db_access, rabbit_config)
    inserts = outbox_inserts(db)

    with db.transaction() as tx:
        tx.session.add(BatchNote(id="batch"))
        sent = [tx.emit("note_added", {"n": n}) for n in range(N)]
        assert inserts == []  # nothing written per emit

    assert len(inserts) == 1
    assert "VALUES" in inserts[0].upper()
    assert note_ids(db) == ["batch"]
    received = []
    poll(lambda: received.extend(drain(broker, tap)) or len(received) >= N, timeout=15)
    assert sorted(e["event_id"] for e in received) == sorted(e["event_id"] for e in sent)
    assert db.pending_outbox_count() == 0  # deleted once published


def test_a_rollback_writes_no_row_and_publishes_nothing(
        probe_tables, db_access, rabbit_config, broker, tap, outbox_inserts):
    probe_tables(Base)
    db = live(db_access, rabbit_config)
    inserts = outbox_inserts(db)

    with pytest.raises(Conflict):
        with db.transaction() as tx:
            tx.session.add(BatchNote(id="rolled-back"))
            for n in range(N):
                tx.emit("note_added", {"n": n})
            raise Conflict("Rolled back on purpose.")

    assert inserts == []
    assert note_ids(db) == []
    assert db.pending_outbox_count() == 0
    assert drain(broker, tap) == []


def test_events_of_a_rolled_back_savepoint_are_dropped_with_it(
        probe_tables, db_access, rabbit_config, broker, tap, poll):
    probe_tables(Base)
    db = live(db_access, rabbit_config)

    with db.transaction() as tx:
        kept = tx.emit("note_added", {"note_id": "outer"})
        with pytest.raises(Conflict), tx.session.begin_nested():
            tx.session.add(BatchNote(id="inner"))
            tx.emit("note_added", {"note_id": "inner"})
            with tx.session.begin_nested():  # released, but inside the savepoint that rolls back
                tx.emit("note_added", {"note_id": "released-inner"})
            raise Conflict("Savepoint rolled back on purpose.")
        released = tx.emit("note_added", {"note_id": "after"})
        with tx.session.begin_nested():
            tx.session.add(BatchNote(id="released"))
            kept_inner = tx.emit("note_added", {"note_id": "released"})

    expected = sorted(e["event_id"] for e in (kept, released, kept_inner))
    assert sorted(e["event_id"] for e in tx.envelopes) == expected
    received = []
    poll(lambda: received.extend(drain(broker, tap)) or len(received) >= 3, timeout=15)
    assert sorted(e["event_id"] for e in received) == expected
    assert note_ids(db) == ["released"]
    assert db.pending_outbox_count() == 0


def test_rows_left_by_a_failed_publish_are_swept(probe_tables, db_access, rabbit_config, broker, tap, poll):
    probe_tables(Base)
    down = db_access(Base, publisher=EnvelopePublisher(CLOSED_PORT_AMQP_URI, "asset", {}))
    with down.transaction() as tx:
        sent = [tx.emit("note_added", {"n": n}) for n in range(5)]
    assert down.pending_outbox_count() == 5

    assert live(db_access, rabbit_config).sweep_outbox(grace_seconds=0) == 5
    received = []
    poll(lambda: received.extend(drain(broker, tap)) or len(received) >= 5, timeout=15)
    assert sorted(e["event_id"] for e in received) == sorted(e["event_id"] for e in sent)
    assert down.pending_outbox_count() == 0


def test_a_transaction_over_a_session_its_caller_commits_still_writes_its_rows(probe_tables, db_access,
                                                                                outbox_inserts):
    """Tests build ``Transaction(session, ...)`` and call ``session.commit()`` themselves."""
    probe_tables(Base)
    db = db_access(Base)
    inserts = outbox_inserts(db)
    with Session(db.sessionmaker.kw["bind"]) as session:
        tx = Transaction(session, db.outbox, None, None)
        session.add(BatchNote(id="direct"))
        for n in range(3):
            tx.emit("note_added", {"n": n})
        session.commit()
    assert len(inserts) == 1
    assert note_ids(db) == ["direct"]
    assert db.pending_outbox_count() == 3
