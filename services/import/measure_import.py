"""Time a 5,000-row CSV import in one process, without the broker (docs/imports.md, Limits).

The importer's own code (`imports.run_csv_import`: job record, CSV parsing) runs against its migrated
PostgreSQL database, and its call to ``production_tracking.import_rows`` runs production_tracking's
``bulk.import_rows`` in-process in a transaction on that service's migrated database, as the RPC would.
Events stay in the outbox (no publisher): what is timed is the work inside the transactions.

    .venv/bin/python services/import/measure_import.py [--rows 5000] [--kind shots] [--per-emit-insert]

``--per-emit-insert`` puts back the outbox write of before the batching (one INSERT per ``emit``) to
compare on the same machine.
"""

import argparse
import time
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.orm import sessionmaker

from reelhouse.importer import imports
from reelhouse.importer.models import Base as ImporterBase
from reelhouse.production_tracking import bulk, crud, tenancy
from reelhouse.production_tracking import service as _registers_models  # noqa: F401 (the generic engine's specs)
from reelhouse.production_tracking.models import Base as TrackingBase
from reelhouse.shared import db as shared_db
from reelhouse.shared.context import Caller
from reelhouse.shared.events import make_envelope
from reelhouse.shared.migrations import upgrade
from reelhouse.shared.testing import create_database, drop_database


def per_emit_insert(self, event_type, data):
    """``Transaction.emit`` as it was: one outbox INSERT per event."""
    envelope = make_envelope(event_type, data, request_id=self._request_id, actor=self._actor)
    self.session.execute(insert(self._outbox).values(
        id=uuid.UUID(envelope["event_id"]), event_type=event_type, envelope=envelope, created_at=shared_db.utcnow()))
    self.envelopes.append(envelope)
    return envelope


def database(folder, base, run_id):
    name = f"rh_measure_{folder.rsplit('/', 1)[-1]}_{run_id}"
    url = create_database(name)
    upgrade(folder, url)
    engine = shared_db.make_engine(url)
    return name, engine, shared_db.DatabaseAccess(sessionmaker(engine, expire_on_commit=False), base.metadata, None)


def csv_text(kind, rows):
    if kind == "assets":
        return "Type,Name,Description\n" + "".join(f"Character,Asset {n:05d},measured\n" for n in range(rows))
    return "Sequence,Name,Nb Frames\n" + "".join(f"SQ{n // 100:03d},SH{n:05d},24\n" for n in range(rows))


class InProcessServices:
    """The importer's ``services.call`` for production_tracking.import_rows, run here instead of over RPC."""

    def __init__(self, tracking, caller):
        self.tracking, self.caller = tracking, caller

    def call(self, service, method, kind, project_id, rows, update_existing, timeout=None):
        assert (service, method) == ("production_tracking", "import_rows")

        def run(tx, *args):
            return bulk.import_rows(tx, tenancy.resolve(tx.session, self.caller), *args)

        return self.tracking.write(run, kind, project_id, rows, update_existing)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--kind", choices=("shots", "assets"), default="shots")
    parser.add_argument("--per-emit-insert", action="store_true")
    options = parser.parse_args()
    if options.per_emit_insert:
        shared_db.Transaction.emit = per_emit_insert
        shared_db.Transaction._write_outbox_rows = lambda self, session: None

    run_id = uuid.uuid4().hex[:8]
    made = []
    try:
        made.append(database("services/production_tracking", TrackingBase, run_id))
        made.append(database("services/import", ImporterBase, run_id))
        (_, _, tracking), (_, _, importer) = made
        workspace_id, admin = str(uuid.uuid4()), Caller(user_id=str(uuid.uuid4()), role="admin")
        tracking.consumer = "measure.on_workspace_created"
        tracking.run_once(make_envelope("workspace_created", {"workspace_id": workspace_id, "owner_id": admin.user_id}),
                          tenancy.handle_workspace_created)
        tracking.consumer = "measure.on_member_added"
        tracking.run_once(make_envelope("member_added", {"workspace_id": workspace_id, "user_id": admin.user_id,
                                                         "role": "co_producer"}), tenancy.handle_member_added)
        project = tracking.write(lambda tx: crud.create_record(tx, tenancy.resolve(tx.session, admin), "projects",
                                                               {"name": "Measured"}))
        payload = {"kind": options.kind, "project_id": project["id"], "text": csv_text(options.kind, options.rows),
                   "update_existing": False}
        started = time.perf_counter()
        result = imports.run_csv_import(importer, InProcessServices(tracking, admin), admin, payload)
        seconds = time.perf_counter() - started
        with tracking.session() as session:
            events = session.scalar(select(func.count()).select_from(tracking.outbox))
        print(f"{options.rows} {options.kind}, outbox {'per emit' if options.per_emit_insert else 'batched'}: "
              f"{seconds:.2f} s (job {result['job']['status']}, {result['job']['created']} created, "
              f"{events} events in production_tracking's outbox)")
    finally:
        for name, engine, _access in made:
            engine.dispose()
            drop_database(name)


if __name__ == "__main__":
    main()
