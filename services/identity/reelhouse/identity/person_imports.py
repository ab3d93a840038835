"""Persons from a CSV import (the import service parses the file): every row
written in one transaction, or none. A row whose e-mail is already a person of
the caller's studio updates them (``update_existing``) or leaves them as they
are; an e-mail used outside the studio is a row error (no takeover)."""

from marshmallow import ValidationError
from sqlalchemy import select

from reelhouse.shared import memberships
from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction
from reelhouse.shared.errors import BadRequest
from reelhouse.shared.row_errors import invalid_rows

from . import departments, persons
from .models import Membership, User
from .schemas import PersonSchema
from .users import normalize_email, require_admin

MAX_ROWS = 5000
COLUMNS = {"first_name": "First Name", "last_name": "Last Name", "email": "Email", "phone": "Phone", "role": "Role"}
UPDATED_FIELDS = ("first_name", "last_name", "phone", "role")


def import_persons(tx: Transaction, caller: Caller, rows, update_existing: bool = False) -> dict:
    require_admin(caller)
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise BadRequest(f"Send a list of at most {MAX_ROWS} rows.", {"reason": "too_many_rows"})
    errors, loaded, seen = [], [], {}
    for index, row in enumerate(rows):
        number = row.get("row", index + 1) if isinstance(row, dict) else index + 1
        data = {key: row.get(key) for key in COLUMNS if isinstance(row, dict) and row.get(key) is not None}
        try:
            data = PersonSchema().load(data)
        except ValidationError as error:
            errors += [{"row": number, "column": COLUMNS.get(field, field), "message": " ".join(map(str, messages))}
                       for field, messages in error.normalized_messages().items()]
            continue
        email = normalize_email(data["email"])
        if email in seen:
            errors.append({"row": number, "column": "Email", "message": f"Same e-mail as row {seen[email]}."})
        seen.setdefault(email, number)
        loaded.append((number, email, data))
    session = tx.session
    users = {user.email: user for user in session.scalars(select(User).where(User.email.in_(list(seen))))} \
        if seen else {}
    workspace_id = memberships.home_workspace(session, Membership, caller)
    members = set(session.scalars(select(Membership.user_id).where(
        Membership.workspace_id == workspace_id, Membership.user_id.in_([u.id for u in users.values()])))) \
        if users and workspace_id else set()
    for number, email, _data in loaded:
        if email in users and users[email].id not in members:
            errors.append({"row": number, "column": "Email",
                           "message": "This e-mail belongs to a person of another studio."})
    if errors:
        raise invalid_rows(errors)
    records, counts = [], {"created": 0, "updated": 0, "unchanged": 0}
    for _number, email, data in loaded:
        user = users.get(email)
        if user is None:
            records.append(persons.create_person(tx, caller, data))
            counts["created"] += 1
        elif update_existing and any(getattr(user, key) != data.get(key) for key in UPDATED_FIELDS if key in data):
            records.append(persons.update_person(tx, caller, str(user.id),
                                                 {key: data[key] for key in UPDATED_FIELDS if key in data}))
            counts["updated"] += 1
        else:
            records.append(departments.persons_to_dicts(session, [user])[0])
            counts["unchanged"] += 1
    return {"records": records, **counts}
