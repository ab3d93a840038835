"""The importer's migrations run on SQLite (make run) as well as PostgreSQL (the other tests)."""

from alembic import command
from sqlalchemy import create_engine, inspect

from reelhouse.shared.migrations import alembic_config, upgrade

SERVICE_DIR = "services/import"


def test_migrations_upgrade_and_downgrade_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'import.db'}"
    upgrade(SERVICE_DIR, url)
    command.downgrade(alembic_config(SERVICE_DIR, url), "0002")
    upgrade(SERVICE_DIR, url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"import_jobs", "import_errors", "outbox_events"} <= tables
