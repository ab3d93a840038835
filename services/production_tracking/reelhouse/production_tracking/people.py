"""Persons are identity's: their names come from there, over RPC, when a
request needs them (a project's team as persons, ``@Full Name`` mentions).

Fetched before the request's transaction opens, page by page, bounded like
a bare list.
"""

import re
import uuid

from reelhouse.shared.db import Transaction

from . import crud
from .crud import BARE_LIST_MAX
from .tenancy import Tenant

IDENTITY_PAGE = 500  # identity's largest page
# "@" starting a word (not inside an e-mail address) and followed by a letter.
MENTION_START = re.compile(r"(?<!\w)@[^\W\d_]")


def workspace_people(services, workspace_id) -> list[dict]:
    """The workspace's members as identity records (id, first_name, last_name, full_name, email, ...)."""
    people, page = [], 1
    while len(people) < BARE_LIST_MAX:
        result = services.call("identity", "list_users", {"workspace_id": str(workspace_id)}, page, IDENTITY_PAGE)
        people += result["items"]
        if not result["items"] or len(people) >= result["total"]:
            break
        page += 1
    return people[:BARE_LIST_MAX]


def may_name_someone(text: str) -> bool:
    return bool(MENTION_START.search(text or ""))


def named_mentions(text: str, people: list[dict]) -> set[uuid.UUID]:
    """The people a comment names as ``@First Last`` (Zou's mentions in the text), case-insensitive.

    Longer names are tried first so ``@Ann Lee Smith`` is not also ``@Ann Lee``; a name must end
    at a word boundary (``@Ann Leeway`` names nobody called Ann Lee).
    """
    if not may_name_someone(text):
        return set()
    found, remaining = set(), text
    for person in sorted(people, key=lambda p: -len(_full_name(p))):
        name = _full_name(person)
        if not name:
            continue
        pattern = re.compile(rf"(?<!\w)@{re.escape(name)}(?!\w)", re.IGNORECASE)
        if pattern.search(remaining):
            found.add(uuid.UUID(str(person["id"])))
            remaining = pattern.sub(" ", remaining)
    return found


def _full_name(person: dict) -> str:
    name = person.get("full_name") or f"{person.get('first_name') or ''} {person.get('last_name') or ''}"
    return " ".join(name.split())


def comment_text(payload) -> str:
    """The text of a comment payload (Zou's ``comment``, or ``text``); "" when there is none."""
    text = payload.get("comment", payload.get("text")) if isinstance(payload, dict) else None
    return text if isinstance(text, str) else ""


def with_named_mentions(payload, members: list[dict]):
    """``payload`` with the members its text names added to its ``mentions`` (ids, after the given ones)."""
    named = named_mentions(comment_text(payload), members)
    if not named:
        return payload
    given = payload.get("mentions") if isinstance(payload.get("mentions"), list) else []
    return dict(payload, mentions=given + sorted(str(person) for person in named))


def _ids(mentions) -> list[str]:
    """Mention ids as strings, in order, once each; malformed ones dropped (they name nobody)."""
    found = []
    for value in mentions if isinstance(mentions, list) else []:
        try:
            person = str(uuid.UUID(str(value.get("id") if isinstance(value, dict) else value)))
        except (ValueError, AttributeError):
            continue
        if person not in found:
            found.append(person)
    return found


def rewritten_mentions(before, old_text: str, new_text: str, members: list[dict], given=None) -> list[str]:
    """A comment's ``mentions`` once its text changes: the people named in the old text and not in
    the new one leave, those the new text names join; mentions by id (given now, else kept from
    ``before``) stay. Echoing the record back (``given`` == ``before``) changes nothing more."""
    kept = _ids(before if given is None else given)
    dropped = {str(person) for person in named_mentions(old_text, members)}
    named = sorted(str(person) for person in named_mentions(new_text, members))
    result = [person for person in kept if person not in dropped or person in named]
    return result + [person for person in named if person not in result]


def update_comment(tx: Transaction, tenant: Tenant, comment_id, payload, members: list[dict] | None) -> dict:
    """``PUT /data/comments/<id>``: when the text changes and ``members`` (the workspace's people)
    are known, ``mentions`` follow the names in the text; then the generic update, whose hook
    notifies only the people newly mentioned."""
    if members is not None and isinstance(payload, dict) and ("text" in payload or "comment" in payload):
        row = crud.load_row(tx.session, tenant, crud.spec_for("comments"), comment_id, for_update=True)
        payload = dict(payload, mentions=rewritten_mentions(row.mentions, row.text or "", comment_text(payload),
                                                            members, payload.get("mentions")))
    return crud.update_record(tx, tenant, "comments", comment_id, payload)
