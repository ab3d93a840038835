"""Operator commands, run against ``DATABASE_URL`` directly (like ``zou create-admin``).

    python -m reelhouse.identity.cli create-admin --email E --password P [--first-name F --last-name L]

No broker is needed: creating an admin emits no event.
"""

import argparse
import os
import sys

from sqlalchemy.orm import sessionmaker

from reelhouse.shared.db import DatabaseAccess, make_engine
from reelhouse.shared.errors import AppError
from reelhouse.shared.validation import load

from . import persons
from .models import Base
from .schemas import CreateAdminSchema


class _NoPublisher:
    """create-admin emits no events; anything published here is a bug."""

    def publish(self, envelope):
        raise RuntimeError(f"unexpected event from the command line: {envelope['type']}")


def create_admin(database_url: str, email: str, password: str, first_name: str, last_name: str) -> dict:
    data = load(CreateAdminSchema, {"email": email, "password": password,
                                    "first_name": first_name, "last_name": last_name})
    engine = make_engine(database_url)
    try:
        db = DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, _NoPublisher(),
                            consumer="identity.cli")
        with db.transaction() as tx:
            return persons.create_admin(tx, data)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None, database_url: str | None = None) -> int:
    """Run a command; ``database_url`` (for tests) overrides ``DATABASE_URL``."""
    parser = argparse.ArgumentParser(prog="python -m reelhouse.identity.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--first-name", default="Super")
    admin.add_argument("--last-name", default="Admin")
    args = parser.parse_args(argv)

    database_url = database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    try:
        user = create_admin(database_url, args.email, args.password, args.first_name, args.last_name)
    except AppError as error:
        print(f"{error.status} {error.message}", file=sys.stderr)
        if error.details:
            print(error.details, file=sys.stderr)
        return 1
    print(f"Admin {user['email']} created (id {user['id']}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
