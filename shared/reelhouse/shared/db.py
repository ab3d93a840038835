"""Database access for nameko services: sessions, transactions and the outbox.

One :class:`Database` dependency per service. Business code writes inside
``with self.db.transaction() as tx:`` and calls ``tx.emit(type, data)`` for
each domain event; the event row is written in the same transaction as the
change (the transactional outbox) and published with publisher confirms right
after commit. Anything not published then (broker away, process killed) is
republished by :meth:`DatabaseAccess.sweep_outbox`, which every service runs
on a timer (see ``service.OutboxSweeperMixin``). Consumers are idempotent,
so a duplicate publish is harmless.

Under eventlet, psycopg2 is green once the standard library is monkey
patched, so slow queries from concurrent workers overlap instead of
blocking the loop (shown by ``shared/tests/test_db.py``).
"""

import datetime as dt
import logging
import time
import uuid
from contextlib import contextmanager

from nameko.extensions import DependencyProvider
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Uuid,
    create_engine,
    delete,
    event,
    insert,
    select,
)
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from . import idempotency
from .context import Caller, caller_of, request_id_of
from .events import EnvelopePublisher, make_envelope

log = logging.getLogger(__name__)

OUTBOX_GRACE_SECONDS = 2  # leave fresh rows to the worker that wrote them
OUTBOX_BATCH = 200
# A pooled connection idle longer than this is pinged before use (see ping_idle_connections).
PING_AFTER_IDLE_SECONDS = 1.0
AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow():
    """Naive UTC, the one time representation stored by every service."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def make_base():
    """A declarative base whose metadata already holds the messaging and idempotency-key tables."""

    class Base(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    add_messaging_tables(Base.metadata)
    idempotency.add_idempotency_table(Base.metadata)
    return Base


def add_messaging_tables(metadata):
    Table(
        "outbox_events", metadata,
        Column("id", Uuid, primary_key=True),
        Column("event_type", String(120), nullable=False),
        Column("envelope", JSON, nullable=False),
        Column("created_at", DateTime, nullable=False, index=True),
    )
    Table(
        "processed_events", metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", DateTime, nullable=False),
    )


def make_engine(url, **options):
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # WAL lets readers and one writer work at once; foreign keys are
            # off by default in SQLite.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 20)
    engine = create_engine(url, **options)
    if not options.get("pool_pre_ping"):
        ping_idle_connections(engine)
    return engine


def ping_idle_connections(engine, idle_seconds=PING_AFTER_IDLE_SECONDS):
    """Ping a pooled connection before use only if it sat idle for ``idle_seconds``.

    ``pool_pre_ping`` pinged on every checkout: a round trip (and ~0.3 ms of
    Python) before each request's first query, twice per write (the outbox
    delete checks out again). A connection handed back moments ago is alive;
    one idle across a database restart is what the ping is for, and it is
    still replaced (DisconnectionError makes the pool retry with a fresh one).
    A connection that dies while busy fails its statement, and SQLAlchemy then
    invalidates the whole pool, as it did with pre_ping.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return  # new, or used moments ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
        except Exception as error:
            raise DisconnectionError(f"idle pooled connection is dead: {error}") from error

    return engine


def upsert(session, table, values: dict, conflict_columns: list[str], update: dict | None = None,
           only_if=None) -> None:
    """INSERT, or on a unique conflict update ``update`` (or do nothing), in one
    statement, so two concurrent writers of the same row cannot collide.

    ``only_if(excluded)``: a condition on the stored row and the proposed one
    (``excluded``) for the update to happen, e.g. that the proposal is newer.
    """
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    insert_ = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert_(table).values(**values)
    if update:
        statement = statement.on_conflict_do_update(index_elements=conflict_columns, set_=update,
                                                    where=only_if(statement.excluded) if only_if else None)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=conflict_columns)
    session.execute(statement)


class Transaction:
    """A unit of work: a session plus the events it will publish on commit.

    ``emit`` only records an event. Its outbox row goes in with those of every
    other event of the transaction, as one multi-row INSERT (an executemany
    that SQLAlchemy sends as ``INSERT ... VALUES (...), (...)``, a statement per
    1,000 rows), just before the session commits — ``session.commit()``, as
    ``DatabaseAccess.transaction`` and tests that build a Transaction call it —
    so the rows are committed with the change. A 5,000-row import wrote one
    INSERT per event before: half of its time.

    An event emitted in a savepoint that rolls back (or in a transaction that
    rolls back) is dropped with it: no row, nothing published.
    """

    def __init__(self, session, outbox_table, request_id, actor):
        self.session = session
        self._outbox = outbox_table
        self._request_id = request_id
        self._actor = actor
        self.envelopes = []
        self._unwritten = []  # outbox rows, written at commit
        self._emitted_in = {}  # event id -> the savepoint it was emitted in (None: the outer transaction)
        event.listen(session, "before_commit", self._write_outbox_rows)
        event.listen(session, "after_commit", self._committed)
        event.listen(session, "after_soft_rollback", self._forget_rolled_back)

    def emit(self, event_type, data):
        envelope = make_envelope(event_type, data, request_id=self._request_id, actor=self._actor)
        self._unwritten.append({"id": uuid.UUID(envelope["event_id"]), "event_type": event_type,
                                "envelope": envelope, "created_at": utcnow()})
        self._emitted_in[envelope["event_id"]] = self.session.get_nested_transaction()
        self.envelopes.append(envelope)
        return envelope

    def _write_outbox_rows(self, session):
        # A savepoint's release writes nothing: its rows wait for the outer commit, so a row never sits
        # in a savepoint that could roll back without its event being dropped too.
        if self._unwritten and session.get_nested_transaction() is None:
            rows, self._unwritten = self._unwritten, []
            session.execute(insert(self._outbox), rows)

    def _committed(self, session):
        if session.get_nested_transaction() is None:  # the outer transaction: its events are for good
            self._emitted_in.clear()

    def _forget_rolled_back(self, _session, rolled_back):
        def inside(savepoint):
            while savepoint is not None:
                if savepoint is rolled_back:
                    return True
                savepoint = savepoint.parent
            return False

        gone = {event_id for event_id, savepoint in self._emitted_in.items()
                if not rolled_back.nested or inside(savepoint)}
        if gone:
            self.envelopes = [e for e in self.envelopes if e["event_id"] not in gone]
            self._unwritten = [r for r in self._unwritten if str(r["id"]) not in gone]
            for event_id in gone:
                del self._emitted_in[event_id]


class Database(DependencyProvider):
    """nameko dependency: ``self.db`` in a service is a :class:`DatabaseAccess`."""

    def __init__(self, base):
        self.base = base

    def setup(self):
        config = self.container.config
        self.engine = make_engine(config["DATABASE_URL"])
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self.publisher = EnvelopePublisher(config["AMQP_URI"], self.container.service_name, config)

    def stop(self):
        self.engine.dispose()

    def get_dependency(self, worker_ctx):
        caller = caller_of(worker_ctx)
        return DatabaseAccess(
            self.sessionmaker, self.base.metadata, self.publisher,
            request_id=request_id_of(worker_ctx), actor=caller.user_id,
            consumer=f"{worker_ctx.service_name}.{worker_ctx.entrypoint.method_name}",
            idempotency_key=worker_ctx.context_data.get(idempotency.CONTEXT_KEY),
        )


class DatabaseAccess:
    """What a service method sees. Plain object, usable without nameko in tests."""

    def __init__(self, sessionmaker_, metadata, publisher, request_id=None, actor=None, consumer=None,
                 idempotency_key=None):
        self.sessionmaker = sessionmaker_
        self.outbox = metadata.tables["outbox_events"]
        self.processed = metadata.tables["processed_events"]
        # Every make_base() has it; a hand-made metadata (tests) may not.
        self.idempotency_keys = metadata.tables.get(idempotency.TABLE)
        self.idempotency_key = idempotency_key
        self.publisher = publisher
        self.request_id = request_id
        self.actor = actor
        self.consumer = consumer

    @contextmanager
    def session(self):
        """A read-only session: nothing is committed."""
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def transaction(self):
        """Commit the change and its outbox rows together, then publish."""
        session = self.sessionmaker()
        tx = Transaction(session, self.outbox, self.request_id, self.actor)
        try:
            yield tx
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if tx.envelopes:
            self.publish_committed(tx.envelopes)

    def write(self, function, *args):
        """``function(tx, *args)`` in a transaction, applied once per Idempotency-Key.

        Without a key this is ``with self.transaction() as tx``. With one, the
        result is recorded in the same transaction as the change, and a retry
        of the same call (same method, caller, key and JSON arguments) gets the
        recorded result back without running again.
        """
        if not self.idempotency_key or self.idempotency_keys is None:
            with self.transaction() as tx:
                return function(tx, *args)
        scope, actor, key = self.consumer or "", str(self.actor or ""), self.idempotency_key
        digest = idempotency.fingerprint([a for a in args if not isinstance(a, Caller)])
        with self.session() as session:
            done, result = idempotency.recorded_result(session, self.idempotency_keys, scope, actor, key, digest)
        if done:
            return result
        try:
            with self.transaction() as tx:
                result = function(tx, *args)
                tx.session.execute(insert(self.idempotency_keys).values(
                    scope=scope, actor=actor, key=key, fingerprint=digest, result=result, created_at=utcnow()))
        except IntegrityError:
            # The same call, running concurrently, committed first: answer its result.
            with self.session() as session:
                done, result = idempotency.recorded_result(session, self.idempotency_keys, scope, actor, key,
                                                           digest)
            if not done:
                raise
        return result

    def forget_old_idempotency_keys(self):
        if self.idempotency_keys is None:
            return 0
        with self.transaction() as tx:
            return idempotency.forget_old_keys(tx.session, self.idempotency_keys, utcnow())

    def run_once(self, envelope, handler):
        """Apply ``handler(tx, data)`` for an event at most once per consumer.

        The ``(consumer, event_id)`` mark is inserted in the same transaction
        as the effect; a redelivered or duplicated event hits the primary key
        and is skipped. Returns False when the event had been handled before.
        """
        event_id = uuid.UUID(str(envelope["event_id"]))
        try:
            with self.transaction() as tx:
                tx.session.execute(insert(self.processed).values(
                    consumer=self.consumer, event_id=event_id, processed_at=utcnow(),
                ))
                tx.session.flush()
                handler(tx, envelope["data"])
        except IntegrityError as error:
            if self._already_processed(event_id):
                log.info("skipping duplicate event %s for %s", event_id, self.consumer)
                return False
            raise error
        return True

    def _already_processed(self, event_id):
        with self.session() as session:
            return session.execute(select(self.processed.c.event_id).where(
                self.processed.c.consumer == self.consumer, self.processed.c.event_id == event_id,
            )).first() is not None

    def publish_committed(self, envelopes):
        """Publish freshly committed events; leave failures to the sweeper.

        Without a publisher (an operator command outside nameko) every event
        is left to the sweeper of the running service.
        """
        if self.publisher is None:
            return
        published = []
        try:
            for envelope in envelopes:
                self.publisher.publish(envelope)
                published.append(uuid.UUID(envelope["event_id"]))
        except Exception:  # broker away: the rows stay in the outbox
            log.warning("outbox: publish failed, %d event(s) left for the sweeper",
                        len(envelopes) - len(published), exc_info=True)
        if published:
            self._delete_outbox_rows(published)

    def sweep_outbox(self, grace_seconds=OUTBOX_GRACE_SECONDS):
        """Republish outbox rows older than the grace period. Returns the count."""
        cutoff = utcnow() - dt.timedelta(seconds=grace_seconds)
        session = self.sessionmaker()
        try:
            # SKIP LOCKED lets several replicas sweep without publishing the
            # same row twice in the common case (ignored by SQLite).
            rows = session.execute(
                select(self.outbox.c.id, self.outbox.c.envelope)
                .where(self.outbox.c.created_at <= cutoff)
                .order_by(self.outbox.c.created_at)
                .limit(OUTBOX_BATCH)
                .with_for_update(skip_locked=True)
            ).all()
            published = []
            for row in rows:
                try:
                    self.publisher.publish(row.envelope)
                except Exception:
                    log.warning("outbox sweep: broker unavailable, will retry", exc_info=True)
                    break
                published.append(row.id)
            if published:
                session.execute(delete(self.outbox).where(self.outbox.c.id.in_(published)))
            session.commit()
            return len(published)
        finally:
            session.close()

    def pending_outbox_count(self):
        with self.session() as session:
            from sqlalchemy import func

            return session.scalar(select(func.count()).select_from(self.outbox))

    def _delete_outbox_rows(self, ids):
        session = self.sessionmaker()
        try:
            # One statement needs no transaction: in autocommit it is one round
            # trip instead of three (psycopg2 sends BEGIN and COMMIT separately).
            session.connection(execution_options=AUTOCOMMIT).execute(
                delete(self.outbox).where(self.outbox.c.id.in_(ids)))
            session.commit()
        except Exception:  # the sweeper will republish; consumers dedupe
            log.warning("outbox: could not delete published rows", exc_info=True)
            session.rollback()
        finally:
            session.close()

    def ping(self):
        with self.session() as session:  # autocommit: SELECT 1 alone, no BEGIN/ROLLBACK round trips
            session.connection(execution_options=AUTOCOMMIT).execute(select(1))
        return True
