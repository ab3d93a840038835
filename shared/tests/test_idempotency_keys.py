"""DatabaseAccess.write with an Idempotency-Key: one effect, the same answer to a retry."""

import datetime as dt
import uuid

import eventlet
import pytest
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from reelhouse.shared import idempotency
from reelhouse.shared.context import Caller
from reelhouse.shared.db import DatabaseAccess, make_base, make_engine, utcnow
from reelhouse.shared.idempotency import IdempotencyKeyReused
from reelhouse.shared.testing import create_database, drop_database

Base = make_base()


class Order(Base):
    __tablename__ = "probe_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item: Mapped[str] = mapped_column(String(40))


def place_order(tx, caller, payload):
    order = Order(item=payload["item"])
    tx.session.add(order)
    tx.session.flush()
    tx.emit("order_placed", {"id": order.id})
    return {"id": order.id, "item": order.item}


@pytest.fixture(params=["sqlite", "postgresql"])
def access(request, tmp_path):
    """``access(key, actor)``: what a service method sees for one call."""
    if request.param == "sqlite":
        url, name = f"sqlite:///{tmp_path / 'keys.db'}", None
    else:
        name = f"rh_test_idempotency_{uuid.uuid4().hex[:8]}"
        url = create_database(name)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    make = sessionmaker(engine, expire_on_commit=False)
    yield lambda key=None, actor="u1", consumer="shop.place_order": DatabaseAccess(
        make, Base.metadata, None, actor=actor, consumer=consumer, idempotency_key=key)
    engine.dispose()
    if name:
        drop_database(name)


def orders(access):
    with access().session() as session:
        return session.scalar(select(func.count()).select_from(Order))


ALICE = Caller(user_id="u1", session_id="s1")


def test_a_retry_with_the_same_key_gets_the_first_result_and_writes_nothing(access):
    first = access("key-1").write(place_order, ALICE, {"item": "lamp"})
    # A retry after a token refresh: another session, same person, same arguments.
    again = access("key-1").write(place_order, Caller(user_id="u1", session_id="s2"), {"item": "lamp"})
    assert again == first and orders(access) == 1


def test_without_a_key_every_call_writes(access):
    access().write(place_order, ALICE, {"item": "lamp"})
    access().write(place_order, ALICE, {"item": "lamp"})
    assert orders(access) == 2


def test_a_key_is_scoped_by_caller_and_method(access):
    access("key-1").write(place_order, ALICE, {"item": "lamp"})
    access("key-1", actor="u2").write(place_order, ALICE, {"item": "lamp"})
    access("key-1", consumer="shop.other").write(place_order, ALICE, {"item": "lamp"})
    assert orders(access) == 3


def test_a_key_reused_with_other_arguments_is_refused(access):
    access("key-1").write(place_order, ALICE, {"item": "lamp"})
    with pytest.raises(IdempotencyKeyReused) as raised:
        access("key-1").write(place_order, ALICE, {"item": "chair"})
    assert raised.value.status == 422 and orders(access) == 1


def test_a_failed_call_records_nothing_and_may_be_retried(access):
    def fail(tx, caller, payload):
        place_order(tx, caller, payload)
        raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        access("key-1").write(fail, ALICE, {"item": "lamp"})
    assert access("key-1").write(place_order, ALICE, {"item": "lamp"})["item"] == "lamp"
    assert orders(access) == 1


@pytest.mark.parametrize("access", ["postgresql"], indirect=True)  # SQLite has one writer at a time
def test_two_concurrent_calls_with_one_key_write_once_and_agree(access):
    def slow_order(tx, caller, payload):
        result = place_order(tx, caller, payload)
        eventlet.sleep(0.3)  # both calls are inside their transaction now
        return result

    first = eventlet.spawn(access("key-1").write, slow_order, ALICE, {"item": "lamp"})
    second = eventlet.spawn(access("key-1").write, slow_order, ALICE, {"item": "lamp"})
    assert first.wait() == second.wait()
    assert orders(access) == 1


def test_keys_older_than_a_day_are_forgotten(access):
    access("old").write(place_order, ALICE, {"item": "lamp"})
    table = Base.metadata.tables[idempotency.TABLE]
    with access().transaction() as tx:
        tx.session.execute(table.update().values(created_at=utcnow() - dt.timedelta(hours=25)))
    access("new").write(place_order, ALICE, {"item": "lamp"})
    assert access().forget_old_idempotency_keys() == 1
    access("old").write(place_order, ALICE, {"item": "lamp"})  # a new call now
    assert orders(access) == 3
