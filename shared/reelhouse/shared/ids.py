"""Identifiers: one UUID per record, shown per dialect.

Zou clients see the UUID itself; Candidio clients see a type prefix and the
same 128 bits in base62 (``wrk_3hK9...``). The mapping is pure and reversible,
so no service stores or looks up a second identifier.
"""

import string
import uuid

from .errors import MalformedId

_ALPHABET = string.digits + string.ascii_letters
_BASE = len(_ALPHABET)
_WIDTH = 22  # base62 digits needed for 128 bits


def new_id():
    return uuid.uuid4()


def to_prefixed(prefix, value):
    number = uuid.UUID(str(value)).int
    digits = []
    for _ in range(_WIDTH):
        number, remainder = divmod(number, _BASE)
        digits.append(_ALPHABET[remainder])
    return f"{prefix}_{''.join(reversed(digits))}"


def from_prefixed(prefix, text):
    """Return the UUID string behind ``prefix_xxx``; raise MalformedId otherwise."""
    if not isinstance(text, str) or not text.startswith(prefix + "_"):
        raise MalformedId(f"Expected an ID starting with '{prefix}_'.")
    body = text[len(prefix) + 1:]
    if len(body) != _WIDTH or any(ch not in _ALPHABET for ch in body):
        raise MalformedId(f"Malformed ID '{text}'.")
    number = 0
    for ch in body:
        number = number * _BASE + _ALPHABET.index(ch)
    if number >= 1 << 128:
        raise MalformedId(f"Malformed ID '{text}'.")
    return str(uuid.UUID(int=number))


def parse_uuid(text):
    """Return the canonical UUID string, or raise MalformedId (Zou's wording)."""
    try:
        return str(uuid.UUID(str(text)))
    except (ValueError, AttributeError, TypeError):
        raise MalformedId("Malformed ID.") from None
