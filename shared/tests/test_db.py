"""Database access: psycopg2 stays green under eventlet; transactions are all or nothing."""

import time
from contextlib import contextmanager

import eventlet
import pytest
from sqlalchemy import String, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from reelhouse.shared.db import PING_AFTER_IDLE_SECONDS, make_base, make_engine

Base = make_base()


class Note(Base):
    __tablename__ = "probe_db_notes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)


def test_slow_queries_from_ten_green_threads_overlap(asset_db_url):
    engine = make_engine(asset_db_url)
    make_session = sessionmaker(engine)

    def slow_query():
        with make_session() as session:
            return session.execute(text("SELECT pg_sleep(0.5)")).scalar_one_or_none()

    try:
        started = time.monotonic()
        threads = [eventlet.spawn(slow_query) for _ in range(10)]
        for thread in threads:
            thread.wait()  # re-raises a failed query
        elapsed = time.monotonic() - started
    finally:
        engine.dispose()
    # Serially this is 10 x 0.5 s = 5 s; overlapping, about 0.5 s plus connecting.
    assert 0.5 <= elapsed < 2.5


def test_transaction_commits_the_change(probe_tables, db_access):
    probe_tables(Base)
    db = db_access(Base)
    with db.transaction() as tx:
        tx.session.add(Note(id="kept"))
    with db.session() as session:
        assert session.scalars(select(Note.id)).all() == ["kept"]


def test_exception_inside_transaction_rolls_back_and_propagates(probe_tables, db_access):
    probe_tables(Base)
    db = db_access(Base)
    with pytest.raises(RuntimeError, match="boom"):
        with db.transaction() as tx:
            tx.session.add(Note(id="lost"))
            tx.session.flush()
            raise RuntimeError("boom")
    with db.session() as session:
        assert session.scalars(select(Note.id)).all() == []


def test_read_only_session_never_commits(probe_tables, db_access):
    probe_tables(Base)
    db = db_access(Base)
    with db.session() as session:
        session.add(Note(id="not-saved"))
        session.flush()
    with db.session() as session:
        assert session.scalars(select(Note.id)).all() == []


def test_ping_answers_true_when_the_database_answers(db_access):
    assert db_access(Base).ping() is True


@contextmanager
def pool_whose_connection_died(database_url):
    """An engine with one pooled connection, whose backend has just been terminated
    (as a database restart would); yields the engine and the dead backend's pid."""
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    other = make_engine(database_url)
    try:
        with engine.connect() as connection:
            dead_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with other.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead_pid}).scalar_one()
        yield engine, dead_pid
    finally:
        engine.dispose()
        other.dispose()


def backend_pid(engine):
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_pooled_connection_killed_while_idle_is_replaced_before_use(asset_db_url):
    """pool_pre_ping is replaced by a ping of connections idle past PING_AFTER_IDLE_SECONDS:
    a database restart (here: the backend terminated) still never reaches a request."""
    with pool_whose_connection_died(asset_db_url) as (engine, dead_pid):
        time.sleep(PING_AFTER_IDLE_SECONDS + 0.2)
        assert backend_pid(engine) != dead_pid  # the only pooled connection was dead: replaced, no error


def test_a_connection_used_moments_ago_is_handed_out_without_a_ping(asset_db_url):
    """The trade made for speed, shown: within the idle window there is no ping, so a
    connection that died meanwhile fails its first statement, and the pool then
    replaces it (as SQLAlchemy does for any disconnect)."""
    with pool_whose_connection_died(asset_db_url) as (engine, dead_pid):
        with pytest.raises(OperationalError):
            backend_pid(engine)
        assert backend_pid(engine) != dead_pid
