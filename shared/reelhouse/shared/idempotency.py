"""Idempotency keys: a retried write answers the first result instead of writing twice.

A client that did not get an answer (timeout, dropped connection, a replica
killed after commit) retries with the same ``Idempotency-Key`` header. The
gateway forwards the key in the call context; a service method that writes
through :meth:`DatabaseAccess.write` records ``(method, caller, key)`` with its
result in the same transaction as the change, so the retry finds the record
and gets the same answer without a second effect. A key reused with other
arguments is refused (as Stripe does); keys are forgotten after a day.
"""

import datetime as dt
import hashlib
import json

from sqlalchemy import JSON, Column, DateTime, String, Table, delete, select

from .context import IDEMPOTENCY_KEY
from .errors import AppError

TABLE = "idempotency_keys"
KEY_HEADER = "Idempotency-Key"
CONTEXT_KEY = IDEMPOTENCY_KEY
MAX_KEY_LENGTH = 255
RETENTION = dt.timedelta(hours=24)


class IdempotencyKeyReused(AppError):
    code = "idempotency_key_reused"
    status = 422
    default_message = "This Idempotency-Key was used with different arguments."


def add_idempotency_table(metadata):
    Table(
        TABLE, metadata,
        Column("scope", String(200), primary_key=True),  # service.method
        Column("actor", String(64), primary_key=True),  # "" for anonymous callers
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("result", JSON, nullable=True),
        Column("created_at", DateTime, nullable=False, index=True),
    )


def create_idempotency_table(op):
    """The Alembic side of :func:`add_idempotency_table`."""
    import sqlalchemy as sa

    op.create_table(
        TABLE,
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("key", sa.String(MAX_KEY_LENGTH), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "actor", "key", name=f"pk_{TABLE}"),
    )
    op.create_index(f"ix_{TABLE}_created_at", TABLE, ["created_at"])


def drop_idempotency_table(op):
    op.drop_index(f"ix_{TABLE}_created_at", table_name=TABLE)
    op.drop_table(TABLE)


def fingerprint(arguments) -> str:
    """A stable digest of the method's JSON arguments."""
    text = json.dumps(arguments, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def recorded_result(session, table, scope, actor, key, digest):
    """``(True, result)`` when this call was made before, else ``(False, None)``."""
    row = session.execute(select(table.c.fingerprint, table.c.result).where(
        table.c.scope == scope, table.c.actor == actor, table.c.key == key,
    )).first()
    if row is None:
        return False, None
    if row.fingerprint != digest:
        raise IdempotencyKeyReused(details={"key": key})
    return True, row.result


def forget_old_keys(session, table, now):
    return session.execute(delete(table).where(table.c.created_at < now - RETENTION)).rowcount
