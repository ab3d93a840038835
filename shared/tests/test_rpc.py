"""Services.call: every RPC is bounded, fails with a typed error, and carries
the caller and request id to the callee."""

import json
import time
import uuid
from urllib.parse import quote

import eventlet
import pytest
import requests
from kombu import Connection, Queue
from nameko.rpc import ReplyListener, get_rpc_exchange, rpc
from nameko.testing.services import entrypoint_hook

from reelhouse.shared import rpc as rpc_module
from reelhouse.shared.context import CallContext, Caller
from reelhouse.shared.errors import Conflict, NotFound, ServiceTimeout, ServiceUnavailable
from reelhouse.shared.rpc import EncodedResult, Services, install_reply_responder

TIMEOUT = 0.5


class CalleeService:
    name = "callee"
    context = CallContext()
    release = None  # an eventlet Event the slow method waits on; set per test
    executed = []  # arguments of every record() call that ran

    @rpc
    def record(self, label):
        CalleeService.executed.append(label)
        return label

    @rpc
    def slow(self):
        CalleeService.release.wait()
        return "late"

    @rpc
    def missing(self, record_id):
        raise NotFound("No such record.", {"id": record_id, "kind": "note", "hint": None})

    @rpc
    def conflicting(self):
        raise Conflict()

    @rpc
    def unserializable(self):
        return object()

    @rpc
    def encoded(self, rows):
        return EncodedResult.of(rows, truncated=True)

    @rpc
    def whoami(self):
        caller = self.context.caller
        return {"user_id": caller.user_id, "role": caller.role, "session_id": caller.session_id,
                "request_id": self.context.request_id}


class CallerService:
    name = "caller"
    services = Services(timeout=TIMEOUT)

    @rpc
    def call(self, service, method, *args):
        return self.services.call(service, method, *args)

    @rpc
    def call_as(self, user_id, request_id):
        self.services.set_context(Caller(user_id=user_id, role="supervisor", session_id="s-1"), request_id)
        return self.services.call("callee", "whoami")


class EncodedCallerService:
    """A caller that takes encoded results as they are (the gateway's way)."""

    name = "encoded_caller"
    services = Services(timeout=TIMEOUT, accept_encoded=True)

    @rpc
    def call_encoded(self, rows):
        result = self.services.call("callee", "encoded", rows)
        return {"class": type(result).__name__, "json": result.json.decode(), "meta": result.meta}

    @rpc
    def call_missing(self):
        try:
            self.services.call("callee", "missing", "n-1")
        except NotFound as error:
            return error.details


@pytest.fixture
def start_services(container_factory, rabbit_config):
    """Start callee and caller; returns the caller's container."""
    release = CalleeService.release = eventlet.event.Event()
    CalleeService.executed = []

    def start(callee_max_workers=10):
        container_factory(CalleeService, dict(rabbit_config, max_workers=callee_max_workers)).start()
        container = container_factory(CallerService, rabbit_config)
        container.start()
        return container

    yield start
    if not release.ready():
        release.send(None)  # let a still-waiting slow() finish


@pytest.fixture
def caller(start_services):
    return start_services()


def timed_call(container, method, *args):
    started = time.monotonic()
    try:
        with entrypoint_hook(container, method) as hook:
            return hook(*args), time.monotonic() - started
    except Exception as error:
        error.elapsed = time.monotonic() - started
        raise


def test_call_slower_than_the_timeout_raises_service_timeout_in_about_the_timeout(caller):
    with pytest.raises(ServiceTimeout) as raised:
        timed_call(caller, "call", "callee", "slow")
    assert TIMEOUT <= raised.value.elapsed < TIMEOUT + 1
    assert raised.value.status == 504


def test_a_timed_out_call_leaves_no_pending_reply_behind(caller):
    listener = next(e for e in caller.extensions if isinstance(e, ReplyListener))
    with pytest.raises(ServiceTimeout):
        timed_call(caller, "call", "callee", "slow")
    assert listener._reply_events == {}


def test_call_to_a_service_that_never_existed_raises_service_unavailable_quickly(caller):
    with pytest.raises(ServiceUnavailable) as raised:
        timed_call(caller, "call", "no_such_service", "anything")
    assert raised.value.elapsed < TIMEOUT
    assert raised.value.status == 503


def test_remote_app_error_arrives_as_the_same_class_with_message_and_details(caller):
    with pytest.raises(NotFound) as raised:
        timed_call(caller, "call", "callee", "missing", 1)
    assert raised.value.message == "No such record."
    assert raised.value.details == {"id": 1, "kind": "note", "hint": None}
    assert raised.value.to_dict() == {"code": "not_found", "message": "No such record.",
                                      "details": {"id": 1, "kind": "note", "hint": None}}


def test_remote_app_error_without_details_arrives_without_details(caller):
    with pytest.raises(Conflict) as raised:
        timed_call(caller, "call", "callee", "conflicting")
    assert raised.value.details is None
    assert raised.value.to_dict() == {"code": "conflict", "message": Conflict.default_message}


def test_caller_and_request_id_set_by_the_caller_reach_the_callee(caller):
    seen, _elapsed = timed_call(caller, "call_as", "user-42", "req-abc")
    assert seen == {"user_id": "user-42", "role": "supervisor", "session_id": "s-1", "request_id": "req-abc"}


def test_successful_call_returns_the_result(caller):
    CalleeService.release.send(None)
    result, elapsed = timed_call(caller, "call", "callee", "slow")
    assert result == "late"
    assert elapsed < TIMEOUT


def test_request_the_caller_gave_up_on_expires_instead_of_running_late(start_services, broker, poll):
    caller = start_services(callee_max_workers=1)
    with pytest.raises(ServiceTimeout):
        timed_call(caller, "call", "callee", "slow")  # holds the callee's only worker
    with pytest.raises(ServiceTimeout):
        timed_call(caller, "call", "callee", "record", "given-up")  # waits in the queue behind slow()
    # The request expires a moment after the caller gave up, and the broker drops it.
    poll(lambda: broker.depth("rpc-callee") == 0, timeout=5, message="expired request dropped")

    CalleeService.release.send(None)
    result, _elapsed = timed_call(caller, "call", "callee", "record", "fresh")
    assert result == "fresh"
    assert CalleeService.executed == ["fresh"]


def raw_call(rabbit_config, method, *args):
    """Call ``callee.<method>`` by hand and return the reply message itself, to look at how it was sent."""
    exchange = get_rpc_exchange(rabbit_config)
    reply_key = f"probe-{uuid.uuid4()}"
    with Connection(rabbit_config["AMQP_URI"]) as connection:
        replies = connection.SimpleQueue(Queue(reply_key, exchange=exchange, routing_key=reply_key, auto_delete=True),
                                         no_ack=True)
        try:
            connection.Producer(serializer="json").publish(
                {"args": list(args), "kwargs": {}}, exchange=exchange, routing_key=f"callee.{method}",
                reply_to=reply_key, correlation_id="c-1")
            return replies.get(timeout=5)
        finally:
            replies.close()


def test_a_reply_is_sent_transient_in_json_with_its_correlation_id(container_factory, rabbit_config):
    install_reply_responder()  # as every service's import of reelhouse.shared.service does
    container_factory(CalleeService, rabbit_config).start()
    reply = raw_call(rabbit_config, "record", "hello")
    assert reply.payload == {"result": "hello", "error": None}
    assert reply.properties["delivery_mode"] == 1  # not written to disk: the reply queue is not durable anyway
    assert reply.properties["correlation_id"] == "c-1"
    assert reply.content_type == "application/json"


def test_an_unserializable_result_still_answers_with_an_error(container_factory, rabbit_config):
    install_reply_responder()
    container_factory(CalleeService, rabbit_config).start()
    reply = raw_call(rabbit_config, "unserializable")
    assert reply.payload["result"] is None
    assert reply.payload["error"]["exc_type"] == "UnserializableValueError"


ROWS = [{"id": "5c8d9bce-1f0e-4b54-a6b3-6a4e8b1b4b50", "name": "SH010", "nb_frames": 48, "data": {"é": None}}]


def test_a_caller_that_accepts_encoded_results_gets_the_services_bytes_and_meta(container_factory, rabbit_config):
    install_reply_responder()
    container_factory(CalleeService, rabbit_config).start()
    container = container_factory(EncodedCallerService, rabbit_config)
    container.start()
    with entrypoint_hook(container, "call_encoded") as call_encoded:
        answer = call_encoded(ROWS)
    assert answer["class"] == "EncodedResult"
    assert json.loads(answer["json"]) == ROWS
    assert answer["meta"] == {"truncated": True}
    with entrypoint_hook(container, "call_missing") as call_missing:  # errors are ordinary replies
        assert call_missing()["id"] == "n-1"


def test_any_other_caller_gets_an_encoded_result_as_its_plain_value(caller):
    result, _elapsed = timed_call(caller, "call", "callee", "encoded", ROWS)
    assert result == ROWS


def test_an_encoded_result_is_ordinary_json_on_the_wire_without_the_header(container_factory, rabbit_config):
    install_reply_responder()
    container_factory(CalleeService, rabbit_config).start()
    reply = raw_call(rabbit_config, "encoded", ROWS)
    assert reply.content_type == "application/json"
    assert reply.payload == {"result": ROWS, "error": None}


def test_requests_are_confirmed_until_the_services_queue_is_known_and_again_after_a_timeout(caller, rabbit_config):
    """Confirms only detect a service whose queue does not exist (nameko's RPC
    queues are durable): the first routed request proves it exists."""

    def confirms_next_call_to(service):
        return (rabbit_config["AMQP_URI"], service) not in rpc_module._ROUTABLE_SERVICES

    assert confirms_next_call_to("callee")
    assert timed_call(caller, "call", "callee", "record", "first")[0] == "first"
    assert not confirms_next_call_to("callee")
    assert timed_call(caller, "call", "callee", "record", "second")[0] == "second"  # unconfirmed, answered
    with pytest.raises(ServiceUnavailable):  # never existed: every call is confirmed and refused
        timed_call(caller, "call", "nobody", "record", "x")
    assert confirms_next_call_to("nobody")
    with pytest.raises(ServiceTimeout):
        timed_call(caller, "call", "callee", "slow")
    assert confirms_next_call_to("callee")
    CalleeService.release.send()


def close_broker_connections(rabbit_config):
    """What a broker restart does to every client of the test's vhost: its connections are closed."""
    api, vhost = "http://127.0.0.1:15672/api", rabbit_config["vhost"]
    listed = []
    for _ in range(100):  # the management API lists a new connection within seconds
        listed = requests.get(f"{api}/vhosts/{vhost}/connections", auth=("guest", "guest"), timeout=5).json()
        if len(listed) >= 2:
            break
        time.sleep(0.1)
    for connection in listed:
        requests.delete(f"{api}/connections/{quote(connection['name'], safe='')}", auth=("guest", "guest"),
                        timeout=5)
    return len(listed)


def test_calls_after_the_broker_closed_every_connection_are_answered_again(caller, rabbit_config, poll):
    """As after a broker restart: the pooled connection an unconfirmed request
    would go out on is dead; the publish notices and retries on a new one. The
    consumers reconnect meanwhile, so a call may time out until they are back
    (with or without confirms), never longer."""
    assert timed_call(caller, "call", "callee", "record", "before")[0] == "before"
    assert timed_call(caller, "call", "callee", "record", "unconfirmed")[0] == "unconfirmed"
    assert close_broker_connections(rabbit_config) >= 2

    def answered():
        try:
            return timed_call(caller, "call", "callee", "record", "after")[0] == "after"
        except ServiceTimeout:
            return False

    poll(answered, timeout=15, message="an answer after the connections were closed")
    assert CalleeService.executed[:2] == ["before", "unconfirmed"] and "after" in CalleeService.executed
