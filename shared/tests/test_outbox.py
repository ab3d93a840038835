"""The transactional outbox: events leave after commit, never after a rollback,
and survive a broker outage until the sweeper delivers them."""

import time

import pytest
from nameko.events import event_handler
from nameko.rpc import rpc
from nameko.standalone.events import get_event_exchange
from nameko.testing.services import entrypoint_hook, entrypoint_waiter
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Database, make_base
from reelhouse.shared.errors import Conflict
from reelhouse.shared.events import EnvelopePublisher, EnvelopeSchema

Base = make_base()

CLOSED_PORT_AMQP_URI = "amqp://guest:guest@127.0.0.1:1/"


class Note(Base):
    __tablename__ = "probe_outbox_notes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)


class EmitterService:
    name = "emitter"
    db = Database(Base)

    @rpc
    def add_note(self, note_id, fail=False):
        with self.db.transaction() as tx:
            tx.session.add(Note(id=note_id))
            tx.emit("note_added", {"note_id": note_id})
            if fail:
                raise Conflict("Rolled back on purpose.")
        return note_id


class ListenerService:
    name = "listener"
    received = []  # every envelope, in arrival order; reset by the fixture

    @event_handler("emitter", "note_added")
    def on_note_added(self, envelope):
        ListenerService.received.append(envelope)
        return envelope


@pytest.fixture
def services(container_factory, rabbit_config, asset_db_url, probe_tables):
    probe_tables(Base)
    ListenerService.received = []
    config = dict(rabbit_config, DATABASE_URL=asset_db_url)
    listener = container_factory(ListenerService, config)
    listener.start()  # its queue exists before anything is emitted
    emitter = container_factory(EmitterService, config)
    emitter.start()
    return emitter, listener


def note_ids(db):
    with db.session() as session:
        return session.scalars(select(Note.id)).all()


def test_event_emitted_in_a_transaction_reaches_an_event_handler_after_commit(services, db_access):
    emitter, listener = services
    context = {"request_id": "req-1", "caller": Caller(user_id="user-7", role="manager").to_header()}
    with entrypoint_waiter(listener, "on_note_added", timeout=5) as result:
        with entrypoint_hook(emitter, "add_note", context_data=context) as add_note:
            add_note("n1")

    envelope = result.get()
    assert EnvelopeSchema().validate(envelope) == {}
    assert envelope["type"] == "note_added"
    assert envelope["data"] == {"note_id": "n1"}
    assert (envelope["request_id"], envelope["actor"]) == ("req-1", "user-7")
    db = db_access(Base)
    assert note_ids(db) == ["n1"]
    assert db.pending_outbox_count() == 0  # published, so its row is gone


def test_rolled_back_transaction_publishes_nothing_and_leaves_no_outbox_row(services, db_access):
    emitter, listener = services
    db = db_access(Base)
    with entrypoint_hook(emitter, "add_note") as add_note:
        with pytest.raises(Conflict):
            add_note("rolled-back", fail=True)
    assert note_ids(db) == []
    assert db.pending_outbox_count() == 0

    # A later event arrives alone: nothing was published ahead of it.
    with entrypoint_waiter(listener, "on_note_added", timeout=5):
        with entrypoint_hook(emitter, "add_note") as add_note:
            add_note("committed")
    assert [e["data"]["note_id"] for e in ListenerService.received] == ["committed"]


def test_sweeper_leaves_rows_younger_than_the_grace_period(probe_tables, db_access, rabbit_config):
    probe_tables(Base)
    down = db_access(Base, publisher=EnvelopePublisher(CLOSED_PORT_AMQP_URI, "asset", {}))
    with down.transaction() as tx:
        tx.emit("note_added", {"note_id": "fresh"})

    up = db_access(Base, publisher=EnvelopePublisher(rabbit_config["AMQP_URI"], "asset", rabbit_config))
    assert up.sweep_outbox(grace_seconds=60) == 0
    assert up.pending_outbox_count() == 1


def test_events_committed_while_the_broker_is_down_are_delivered_by_the_sweeper(
        probe_tables, db_access, rabbit_config, broker):
    probe_tables(Base)

    # The broker is away: the request commits and returns promptly.
    down = db_access(Base, publisher=EnvelopePublisher(CLOSED_PORT_AMQP_URI, "asset", {}))
    started = time.monotonic()
    with down.transaction() as tx:
        tx.session.add(Note(id="during-outage"))
        envelope = tx.emit("note_added", {"note_id": "during-outage"})
    assert time.monotonic() - started < 10
    assert note_ids(down) == ["during-outage"]
    assert down.pending_outbox_count() == 1

    # The broker is back: the sweeper publishes the row and empties the outbox.
    exchange = get_event_exchange("asset", rabbit_config)
    queue = broker.bind("probe-asset-note-added", exchange, routing_key="note_added")
    up = db_access(Base, publisher=EnvelopePublisher(rabbit_config["AMQP_URI"], "asset", rabbit_config))
    assert up.sweep_outbox(grace_seconds=0) == 1
    assert up.pending_outbox_count() == 0

    message = broker.wait_for_message(queue.name, timeout=5)
    assert message.payload == envelope
    assert broker.get(queue.name) is None  # delivered once
