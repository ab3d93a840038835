"""The identity service on RabbitMQ and PostgreSQL: entrypoints, validation, events."""

import pytest
from nameko.events import event_handler
from nameko.testing.services import entrypoint_waiter

from reelhouse.shared.context import SYSTEM, Caller
from reelhouse.shared.errors import Conflict, Forbidden, RateLimited, Unauthenticated, ValidationFailed
from reelhouse.shared.mail import read_mailbox
from reelhouse.shared.tokens import verify_access_token

PASSWORD = "correct horse battery"
REGISTRATION = {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com",
                "password": PASSWORD, "is_business": False}


class IdentityEvents:
    """A bystander service that records identity events as another service would see them."""

    name = "identity_events_recorder"
    seen = []

    @event_handler("identity", "user_registered")
    def user_registered(self, envelope):
        self.seen.append(envelope)

    @event_handler("identity", "session_revoked")
    def session_revoked(self, envelope):
        self.seen.append(envelope)


@pytest.fixture
def recorder(container_factory, config):
    IdentityEvents.seen = []
    container = container_factory(IdentityEvents, config)
    container.start()
    return container


def test_identity_answers_health(call):
    assert call("health") == {"service": "identity", "status": "ok", "database": "ok"}


def test_register_publishes_user_registered_and_mails_the_activation_token(call, recorder, mailbox):
    with entrypoint_waiter(recorder, "user_registered", timeout=10):
        result = call("register", REGISTRATION)
    [envelope] = IdentityEvents.seen
    assert envelope["type"] == "user_registered"
    assert envelope["data"]["user_id"] == result["user"]["id"]
    assert envelope["data"]["workspace_id"] == result["workspace_id"]
    [mail] = read_mailbox(mailbox)
    assert (mail["to"], mail["kind"]) == ("grace@example.com", "activation")
    assert mail["data"]["token"]


def test_register_refuses_a_taken_email_with_conflict(call):
    call("register", REGISTRATION)
    with pytest.raises(Conflict):
        call("register", dict(REGISTRATION, email="GRACE@example.com"))


def test_register_requires_a_company_for_a_business(call):
    with pytest.raises(ValidationFailed) as error:
        call("register", dict(REGISTRATION, is_business=True))
    assert "company" in error.value.details


def test_register_refuses_an_unknown_field(call):
    with pytest.raises(ValidationFailed) as error:
        call("register", dict(REGISTRATION, nickname="amazing"))
    assert error.value.details == {"nickname": ["Unknown field."]}


def test_register_refuses_a_short_password(call):
    with pytest.raises(ValidationFailed) as error:
        call("register", dict(REGISTRATION, password="short"))
    assert "password" in error.value.details


def test_registered_user_logs_in_only_after_activation_and_only_once_per_token(call, mailbox):
    call("register", REGISTRATION)
    credentials = {"email": "grace@example.com", "password": PASSWORD}
    with pytest.raises(Forbidden) as refused:
        call("login", credentials)
    assert refused.value.details == {"reason": "account_not_activated"}
    token = read_mailbox(mailbox)[0]["data"]["token"]
    assert call("activate", token)["is_confirmed"] is True
    with pytest.raises(ValidationFailed):
        call("activate", token)
    assert call("login", credentials)["user"]["email"] == "grace@example.com"


def test_login_with_a_wrong_password_is_unauthenticated(call):
    call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD}, caller=SYSTEM)
    with pytest.raises(Unauthenticated):
        call("login", {"email": "ada@example.com", "password": "not the password"})


def test_refresh_rotation_refuses_the_old_refresh_token(call):
    call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD}, caller=SYSTEM)
    first = call("login", {"email": "ada@example.com", "password": PASSWORD})
    second = call("refresh", first["refresh_token"])
    third = call("refresh", second["refresh_token"])
    assert third["token_type"] == "Bearer"
    with pytest.raises(Unauthenticated) as reused:
        call("refresh", second["refresh_token"])
    assert reused.value.details == {"reason": "token_reused"}
    with pytest.raises(Unauthenticated):  # the session is gone, so its newest token is too
        call("refresh", third["refresh_token"])


def test_a_password_change_ends_the_users_other_sessions(call, recorder):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD},
                  caller=SYSTEM)
    here = call("login", {"email": "ada@example.com", "password": PASSWORD})
    elsewhere = call("login", {"email": "ada@example.com", "password": PASSWORD})
    public_key = call("get_public_keys")["keys"][0]["public_key"]
    here_sid = verify_access_token(here["access_token"], public_key)["sid"]
    elsewhere_sid = verify_access_token(elsewhere["access_token"], public_key)["sid"]
    caller = Caller(user_id=person["id"], role="user", session_id=here_sid)
    with entrypoint_waiter(recorder, "session_revoked"):
        call("update_user", person["id"], {"password": PASSWORD, "new_password": "a brand new secret"},
             caller=caller)
    assert {e["data"]["session_id"] for e in IdentityEvents.seen if e["type"] == "session_revoked"} == \
        {elsewhere_sid}
    with pytest.raises(Unauthenticated):
        call("refresh", elsewhere["refresh_token"])
    assert call("refresh", here["refresh_token"])["token_type"] == "Bearer"


def test_logout_publishes_session_revoked(call, recorder):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD},
                  caller=SYSTEM)
    tokens = call("login", {"email": "ada@example.com", "password": PASSWORD})
    public_key = call("get_public_keys")["keys"][0]["public_key"]
    sid = verify_access_token(tokens["access_token"], public_key)["sid"]
    caller = Caller(user_id=person["id"], role="user", session_id=sid)
    with entrypoint_waiter(recorder, "session_revoked", timeout=10):
        assert call("logout", caller=caller)["session_id"] == sid
    assert IdentityEvents.seen[0]["data"]["session_id"] == sid
    assert sid in call("list_revocations")["sessions"]


def test_cancelled_account_can_no_longer_log_in(call):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD},
                  caller=SYSTEM)
    me = Caller(user_id=person["id"], role="user")
    assert call("cancel_account", person["id"], caller=me)["active"] is False
    with pytest.raises(Unauthenticated):
        call("login", {"email": "ada@example.com", "password": PASSWORD})
    assert person["id"] in call("list_revocations")["users"]


def test_update_user_refuses_is_beta_from_a_non_admin(call):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada"}, caller=SYSTEM)
    with pytest.raises(Forbidden):
        call("update_user", person["id"], {"is_beta": True}, caller=Caller(user_id=person["id"], role="user"))


def test_person_writes_are_admin_only(call):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada"}, caller=SYSTEM)
    artist = Caller(user_id=person["id"], role="user")
    with pytest.raises(Forbidden):
        call("create_person", {"email": "bob@example.com", "first_name": "Bob"}, caller=artist)
    with pytest.raises(Forbidden):
        call("update_person", person["id"], {"role": "admin"}, caller=artist)
    with pytest.raises(Forbidden):
        call("delete_person", person["id"], caller=artist)
    with pytest.raises(Forbidden):
        call("create_admin", {"email": "evil@example.com", "password": PASSWORD}, caller=artist)


def test_persons_crud_for_an_admin(call):
    admin = Caller(user_id=None, is_service=True)
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada", "role": "vendor"}, caller=admin)
    assert call("update_person", person["id"], {"last_name": "King"}, caller=admin)["full_name"] == "Ada King"
    listed = call("list_persons", {"role": "vendor"}, caller=admin)
    assert [p["id"] for p in listed["items"]] == [person["id"]] and listed["total"] == 1
    assert call("get_user", person["id"], caller=admin)["email"] == "ada@example.com"
    assert call("delete_person", person["id"], caller=admin) == {"id": person["id"]}
    assert call("list_persons", {}, caller=admin) == {"items": [], "total": 0}


def test_create_person_refuses_an_unknown_role(call):
    with pytest.raises(ValidationFailed) as error:
        call("create_person", {"email": "ada@example.com", "first_name": "Ada", "role": "boss"}, caller=SYSTEM)
    assert "role" in error.value.details


def test_list_persons_refuses_an_unknown_filter(call):
    with pytest.raises(ValidationFailed):
        call("list_persons", {"password_hash": "x"}, caller=SYSTEM)



def test_wrong_second_factors_at_login_are_counted_until_checks_lock(call, mailbox):
    person = call("create_person", {"email": "ada@example.com", "first_name": "Ada", "password": PASSWORD},
                  caller=SYSTEM)
    ada = Caller(user_id=person["id"], role="user")
    call("pre_enable_email_otp", caller=ada)
    call("enable_email_otp", {"email_otp": read_mailbox(mailbox)[-1]["data"]["token"]}, caller=ada)
    credentials = {"email": "ada@example.com", "password": PASSWORD}
    for _ in range(5):
        with pytest.raises(Unauthenticated) as wrong:
            call("login", {**credentials, "email_otp": "000000"})
        assert wrong.value.details == {"reason": "wrong_otp"}
    call("send_email_otp", "ada@example.com")
    with pytest.raises(RateLimited):  # a right code too, until the lock ends
        call("login", {**credentials, "email_otp": read_mailbox(mailbox)[-1]["data"]["token"]})
