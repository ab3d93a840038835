"""The migrations run on SQLite (make run) as well as PostgreSQL (the other tests)."""

from alembic import command
from sqlalchemy import create_engine, text

from reelhouse.shared.migrations import alembic_config, upgrade

SERVICE_DIR = "services/production_tracking"


def test_migrations_upgrade_downgrade_and_seed_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'pt.db'}"
    upgrade(SERVICE_DIR, url)
    command.downgrade(alembic_config(SERVICE_DIR, url), "0001")
    upgrade(SERVICE_DIR, url)
    engine = create_engine(url)
    with engine.connect() as connection:
        types = connection.execute(text("SELECT name FROM entity_types WHERE workspace_id IS NULL")).scalars().all()
        statuses = connection.execute(text("SELECT name FROM project_statuses")).scalars().all()
    engine.dispose()
    assert set(types) == {"Shot", "Sequence", "Episode", "Scene", "Edit", "Concept"}
    assert set(statuses) == {"Open", "Closed"}
