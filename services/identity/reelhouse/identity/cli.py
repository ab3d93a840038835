"""Operator commands, run against ``DATABASE_URL`` directly (like ``zou create-admin``).

    python -m reelhouse.identity.cli create-admin --email E --password P [--first-name F --last-name L]

    [--studio NAME]

No broker is needed: the admin's ``user_registered`` event (which gives them
a studio workspace) waits in the outbox, and the identity service's sweeper
publishes it within seconds of the suite running. With ``AMQP_URI`` set, the
command publishes it itself right after the commit (the studio is ready at
once); if the broker does not answer, the event stays for the sweeper.
"""

import argparse
import os
import sys

from sqlalchemy.orm import sessionmaker

from reelhouse.shared.db import DatabaseAccess, make_engine
from reelhouse.shared.errors import AppError
from reelhouse.shared.events import EnvelopePublisher
from reelhouse.shared.validation import load

from . import persons
from .models import Base
from .schemas import CreateAdminSchema

SERVICE_NAME = "identity"  # whose event exchange the command publishes on


def create_admin(database_url: str, email: str, password: str, first_name: str, last_name: str,
                 studio: str = persons.DEFAULT_STUDIO_NAME, amqp_uri: str | None = None) -> dict:
    data = load(CreateAdminSchema, {"email": email, "password": password,
                                    "first_name": first_name, "last_name": last_name})
    engine = make_engine(database_url)
    try:
        # Without a broker the events stay in the outbox for the service's sweeper.
        publisher = EnvelopePublisher(amqp_uri, SERVICE_NAME, {}) if amqp_uri else None
        db = DatabaseAccess(sessionmaker(engine, expire_on_commit=False), Base.metadata, publisher,
                            consumer="identity.cli")
        with db.transaction() as tx:
            return persons.create_admin(tx, data, studio)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None, database_url: str | None = None, amqp_uri: str | None = None) -> int:
    """Run a command; ``database_url`` and ``amqp_uri`` (for tests) override ``DATABASE_URL`` and ``AMQP_URI``."""
    parser = argparse.ArgumentParser(prog="python -m reelhouse.identity.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--first-name", default="Super")
    admin.add_argument("--last-name", default="Admin")
    admin.add_argument("--studio", default=persons.DEFAULT_STUDIO_NAME, help="name of the admin's workspace")
    args = parser.parse_args(argv)

    database_url = database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    try:
        user = create_admin(database_url, args.email, args.password, args.first_name, args.last_name,
                            args.studio, amqp_uri or os.environ.get("AMQP_URI"))
    except AppError as error:
        print(f"{error.status} {error.message}", file=sys.stderr)
        if error.details:
            print(error.details, file=sys.stderr)
        return 1
    print(f"Admin {user['email']} created (id {user['id']}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
