"""Pure helpers: prefixed IDs, UUID parsing, input validation, pagination."""

import uuid

import pytest
from marshmallow import Schema, fields

from reelhouse.shared.errors import MalformedId, ValidationFailed
from reelhouse.shared.ids import from_prefixed, new_id, parse_uuid, to_prefixed
from reelhouse.shared.pagination import MAX_LIMIT, page_from, page_meta
from reelhouse.shared.validation import load

# ---- ids ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    uuid.UUID(int=0), uuid.UUID(int=(1 << 128) - 1), uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e"), new_id(),
])
def test_prefixed_id_round_trips_to_the_same_uuid(value):
    text = to_prefixed("wrk", value)
    assert text.startswith("wrk_") and len(text) == len("wrk_") + 22
    assert from_prefixed("wrk", text) == str(value)


def test_prefixed_id_accepts_a_uuid_string():
    value = new_id()
    assert to_prefixed("ast", str(value)) == to_prefixed("ast", value)


@pytest.mark.parametrize("text", [
    "ast_" + "0" * 22,  # wrong prefix
    "wrk" + "0" * 22,  # no separator
    "wrk_" + "0" * 21,  # too short
    "wrk_" + "0" * 23,  # too long
    "wrk_" + "0" * 21 + "-",  # not base62
    "wrk_" + "z" * 22,  # more than 128 bits
    "",
    None,
    42,
])
def test_malformed_prefixed_id_raises_malformed_id(text):
    with pytest.raises(MalformedId) as raised:
        from_prefixed("wrk", text)
    assert raised.value.status == 400


def test_parse_uuid_returns_the_canonical_form():
    value = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert parse_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E") == str(value)
    assert parse_uuid(value.hex) == str(value)
    assert parse_uuid(value) == str(value)


@pytest.mark.parametrize("text", ["", "not-a-uuid", "0f8fad5b-d9cb-469f-a165", None, 123])
def test_parse_uuid_refuses_malformed_input(text):
    with pytest.raises(MalformedId, match="Malformed ID."):
        parse_uuid(text)


# ---- validation ----------------------------------------------------------------


class NoteSchema(Schema):
    title = fields.String(required=True)
    pages = fields.Integer()


def test_load_returns_the_validated_data():
    assert load(NoteSchema, {"title": "Brief", "pages": "3"}) == {"title": "Brief", "pages": 3}


def test_load_refuses_unknown_fields_naming_them():
    with pytest.raises(ValidationFailed) as raised:
        load(NoteSchema(), {"title": "Brief", "pagez": 3})
    assert raised.value.status == 422
    assert raised.value.details == {"pagez": ["Unknown field."]}


def test_load_reports_every_invalid_field():
    with pytest.raises(ValidationFailed) as raised:
        load(NoteSchema, {"pages": "many"})
    assert raised.value.details == {"title": ["Missing data for required field."],
                                    "pages": ["Not a valid integer."]}


def test_load_partial_allows_missing_required_fields():
    assert load(NoteSchema, {"pages": 2}, partial=True) == {"pages": 2}


@pytest.mark.parametrize("data", [None, [], "title"])
def test_load_refuses_a_body_that_is_not_an_object(data):
    with pytest.raises(ValidationFailed) as raised:
        load(NoteSchema, data)
    assert raised.value.details == {"_schema": ["Expected a JSON object."]}


# ---- pagination ----------------------------------------------------------------


def test_page_defaults_to_the_first_page_of_the_default_size():
    page = page_from()
    assert (page.number, page.limit, page.offset) == (1, 100, 0)
    assert page_from("", "") == page


def test_page_accepts_strings_and_computes_the_offset():
    page = page_from("3", "20")
    assert (page.number, page.limit, page.offset) == (3, 20, 40)


def test_limit_up_to_the_maximum_is_accepted():
    assert page_from(limit=MAX_LIMIT).limit == MAX_LIMIT


@pytest.mark.parametrize("page,limit,field,message", [
    (0, None, "page", "Must be 1 or more."),
    (-1, None, "page", "Must be 1 or more."),
    ("two", None, "page", "Must be a whole number."),
    (None, 0, "limit", "Must be 1 or more."),
    (None, "1.5", "limit", "Must be a whole number."),
    (None, MAX_LIMIT + 1, "limit", f"Must be at most {MAX_LIMIT}."),
])
def test_page_out_of_bounds_is_a_validation_error_on_that_field(page, limit, field, message):
    with pytest.raises(ValidationFailed) as raised:
        page_from(page, limit)
    assert raised.value.details == {field: [message]}


def test_page_meta_counts_pages():
    assert page_meta(page_from(2, 10), total=25, count=10) == {
        "total": 25, "count": 10, "per_page": 10, "current_page": 2, "total_pages": 3,
    }
    assert page_meta(page_from(), total=0, count=0)["total_pages"] == 0
