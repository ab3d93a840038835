"""The create-admin command and the migration, outside nameko."""

import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from reelhouse.identity import cli, sessions
from reelhouse.identity.models import Base
from reelhouse.shared.migrations import upgrade

PASSWORD = "correct horse battery"


def test_create_admin_command_creates_a_confirmed_admin_who_can_log_in(db, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli.main(["create-admin", "--email", "Boss@Example.com", "--password", PASSWORD]) == 0
    assert "boss@example.com" in capsys.readouterr().out
    with db.transaction() as tx:
        user = sessions.login(tx, {"email": "boss@example.com", "password": PASSWORD})["user"]
    assert (user["role"], user["is_confirmed"], user["full_name"]) == ("admin", True, "Super Admin")


def test_create_admin_command_reports_a_conflict_for_a_taken_email(database_url, capsys):
    command = ["create-admin", "--email", "boss@example.com", "--password", PASSWORD]
    assert cli.main(command, database_url=database_url) == 0
    assert cli.main(command, database_url=database_url) == 1
    assert capsys.readouterr().err.startswith("409 ")


def test_create_admin_command_runs_as_a_module(database_url):
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run([sys.executable, "-m", "reelhouse.identity.cli", "create-admin", "--email",
                           "ops@example.com", "--password", PASSWORD, "--first-name", "Op", "--last-name", "Erator"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ops@example.com" in done.stdout


def test_migration_runs_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    upgrade("services/identity", url)
    engine = create_engine(url)
    assert {"users", "sessions", "signing_keys", "one_time_tokens", "workspace_members", "outbox_events"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()


def test_migration_matches_the_models(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_with_a_broker_the_command_publishes_the_admins_event_at_once(db, database_url, rabbit_config, event_tap):
    tap = event_tap("identity")
    assert cli.main(["create-admin", "--email", "now@example.com", "--password", PASSWORD],
                    database_url=database_url, amqp_uri=rabbit_config["AMQP_URI"]) == 0
    assert [e["data"]["email"] for e in tap.drain() if e["type"] == "user_registered"] == ["now@example.com"]
    assert db.pending_outbox_count() == 0  # nothing left for the sweeper


def test_without_a_broker_the_admins_event_waits_for_the_sweeper(db, database_url):
    assert cli.main(["create-admin", "--email", "later@example.com", "--password", PASSWORD],
                    database_url=database_url) == 0
    assert db.pending_outbox_count() == 1
