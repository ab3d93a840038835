"""The error catalogue survives nameko's exception serialisation; the caller survives its header."""

import pytest
from nameko.exceptions import RemoteError, deserialize, serialize

from reelhouse.shared.context import ANONYMOUS, SYSTEM, Caller
from reelhouse.shared.errors import AppError, Forbidden, NotFound, ValidationFailed, http_status


@pytest.mark.parametrize("error", [
    NotFound("No such note.", {"id": 7, "archived": False, "parent": None}),
    ValidationFailed(details={"title": ["Missing data for required field."]}),
    Forbidden(),
])
def test_app_error_survives_the_rpc_wire_format_unchanged(error):
    received = deserialize(serialize(error))
    assert type(received) is type(error)
    assert (received.message, received.details) == (error.message, error.details)
    assert received.to_dict() == error.to_dict()


def test_app_error_reads_as_its_message():
    assert str(NotFound("No such note.", {"id": 7})) == "No such note."
    assert str(Forbidden()) == Forbidden.default_message


def test_error_without_details_has_none_in_its_body():
    assert Forbidden().to_dict() == {"code": "forbidden", "message": Forbidden.default_message}


def test_http_status_maps_app_errors_and_anything_else_is_500():
    assert [http_status(NotFound()), http_status(ValidationFailed()), http_status(AppError())] == [404, 422, 500]
    assert http_status(RuntimeError()) == 500


def test_unregistered_exception_arrives_as_remote_error():
    received = deserialize(serialize(KeyError("secret")))
    assert isinstance(received, RemoteError) and received.exc_type == "KeyError"


def test_caller_round_trips_through_its_header():
    caller = Caller(user_id="u-1", role="vendor", session_id="s-1", scopes=("assets:read",))
    assert Caller.from_header(caller.to_header()) == caller
    assert Caller.from_header(None) is ANONYMOUS
    assert not ANONYMOUS.is_authenticated
    assert SYSTEM.is_authenticated and SYSTEM.is_admin
