"""Run a service's Alembic migrations: ``python -m reelhouse.shared.migrations services/<dir>``.

Migrations run as their own step (``make migrate``, a Kubernetes Job), never
from every replica at start. The database comes from ``DATABASE_URL``.
"""

import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_config(service_dir, database_url):
    service_dir = Path(service_dir).resolve()
    config = Config(str(service_dir / "alembic.ini"))
    config.set_main_option("script_location", str(service_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(service_dir, database_url, revision="heads"):
    # "heads": branches made side by side (two changes each adding a revision)
    # apply together until a merge revision joins them.
    command.upgrade(alembic_config(service_dir, database_url), revision)


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if len(argv) != 1:
        print("usage: python -m reelhouse.shared.migrations services/<dir>", file=sys.stderr)
        return 2
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    upgrade(argv[0], database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
