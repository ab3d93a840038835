"""Kitsu's own client, gazu, logs in and reads the current user unchanged."""

import gazu
import pytest
from gazu.exception import AuthFailedException, NotAuthenticatedException


@pytest.fixture
def admin(suite):
    assert suite.create_admin("admin@studio.example", "kitsu-admin-1", "--first-name", "Super",
                              "--last-name", "Admin") == 0
    return {"email": "admin@studio.example", "password": "kitsu-admin-1"}


@pytest.fixture
def kitsu(suite):
    client = gazu.client.create_client(suite.url("/api"))
    yield client


def test_gazu_logs_in_and_gets_current_user(kitsu, admin):
    tokens = gazu.log_in(admin["email"], admin["password"], client=kitsu)
    assert tokens["login"] is True
    user = gazu.client.get_current_user(client=kitsu)
    assert user["email"] == "admin@studio.example"
    assert user["type"] == "Person" and user["role"] == "admin"


def test_gazu_wrong_password_raises_auth_failed(kitsu, admin):
    with pytest.raises(AuthFailedException):
        gazu.log_in(admin["email"], "nope-nope-nope", client=kitsu)


def test_gazu_host_is_valid(kitsu, admin):
    assert gazu.client.host_is_valid(client=kitsu)


def test_gazu_refresh_and_logout(kitsu, admin):
    gazu.log_in(admin["email"], admin["password"], client=kitsu)
    old_access = kitsu.access_token
    tokens = kitsu.refresh_access_token()
    assert tokens["access_token"] != old_access
    assert gazu.client.get_current_user(client=kitsu)["email"] == admin["email"]
    access = kitsu.access_token
    gazu.log_out(client=kitsu)
    kitsu.tokens = {"access_token": access, "refresh_token": None}
    with pytest.raises(NotAuthenticatedException):
        gazu.client.get_current_user(client=kitsu)


def test_gazu_person_crud(kitsu, admin):
    gazu.log_in(admin["email"], admin["password"], client=kitsu)
    person = gazu.person.new_person("John", "Doe", "john.doe@any-domain.test", role="user", client=kitsu)
    assert person["type"] == "Person"
    assert gazu.person.get_person(person["id"], client=kitsu)["email"] == "john.doe@any-domain.test"
    assert gazu.person.get_person_by_email("john.doe@any-domain.test", client=kitsu)["id"] == person["id"]
    emails = {p["email"] for p in gazu.person.all_persons(client=kitsu)}
    assert emails == {"admin@studio.example", "john.doe@any-domain.test"}
    gazu.person.remove_person(person, force=True, client=kitsu)
    assert {p["email"] for p in gazu.person.all_persons(client=kitsu)} == {"admin@studio.example"}


def test_desktop_login_id_logs_in(kitsu, admin):
    gazu.log_in(admin["email"], admin["password"], client=kitsu)
    gazu.person.new_person("Desk", "Top", "desk@example.com", desktop_login="dtop",
                           password="desktop-pass-1", client=kitsu)
    desktop = gazu.client.create_client(kitsu.host)
    gazu.log_in("dtop", "desktop-pass-1", client=desktop)
    assert gazu.client.get_current_user(client=desktop)["email"] == "desk@example.com"
    with pytest.raises(AuthFailedException):
        gazu.log_in("dtop", "wrong-password", client=gazu.client.create_client(kitsu.host))
