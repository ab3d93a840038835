"""Two-factor authentication through /api, with gazu's log_in as Kitsu users call it."""

import time

import gazu
import pyotp
import pytest
from gazu.exception import AuthFailedException


@pytest.fixture
def artist(suite, studio_admin):
    admin = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(studio_admin["email"], studio_admin["password"], client=admin)
    person = gazu.person.new_person("Ada", "Artist", "ada@any-domain.test", password="ada password 1",
                                    client=admin)
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("ada@any-domain.test", "ada password 1", client=client)
    return {"client": client, "person": person, "admin": admin}


def test_totp_then_login_needs_a_code_and_a_recovery_code_works_once(suite, artist):
    client = artist["client"]
    setup = gazu.client.put("auth/totp", {}, client=client)
    codes = gazu.client.post("auth/totp", {"totp": pyotp.TOTP(setup["otp_secret"]).now()},
                             client=client)["otp_recovery_codes"]
    assert len(codes) == 10

    missing = suite.post("/api/auth/login", json={"email": "ada@any-domain.test", "password": "ada password 1"})
    assert missing.status_code == 400
    assert missing.json()["missing_OTP"] is True and missing.json()["preferred_two_factor_authentication"] == "totp"
    wrong = suite.post("/api/auth/login", json={"email": "ada@any-domain.test", "password": "ada password 1",
                                                "totp": "abcdef"})
    assert wrong.status_code == 400 and wrong.json()["wrong_OTP"] is True
    with pytest.raises(AuthFailedException):
        gazu.log_in("ada@any-domain.test", "ada password 1", client=gazu.client.create_client(suite.url("/api")))

    fresh = gazu.client.create_client(suite.url("/api"))
    # The next 30-second step's code: the enabling code is spent, and a used code never works twice.
    next_code = pyotp.TOTP(setup["otp_secret"]).at(time.time() + 30)
    tokens = gazu.log_in("ada@any-domain.test", "ada password 1", totp=next_code, client=fresh)
    assert tokens["user"]["totp_enabled"] is True
    replayed = suite.post("/api/auth/login", json={"email": "ada@any-domain.test", "password": "ada password 1",
                                                   "totp": next_code})
    assert replayed.status_code == 400 and replayed.json()["wrong_OTP"] is True
    gazu.log_in("ada@any-domain.test", "ada password 1", recovery_code=codes[0],
                client=gazu.client.create_client(suite.url("/api")))
    with pytest.raises(AuthFailedException):
        gazu.log_in("ada@any-domain.test", "ada password 1", recovery_code=codes[0],
                    client=gazu.client.create_client(suite.url("/api")))


def test_email_otp_login_and_disable_with_a_code(suite, artist):
    client = artist["client"]
    gazu.client.put("auth/email-otp", {}, client=client)
    enabling = suite.mail_token("ada@any-domain.test", "email_otp")
    assert gazu.client.post("auth/email-otp", {"email_otp": enabling}, client=client)["otp_recovery_codes"]

    assert suite.get("/api/auth/email-otp", params={"email": "ada@any-domain.test"}).json() == {"success": True}
    code = suite.mail_token("ada@any-domain.test", "email_otp")
    gazu.log_in("ada@any-domain.test", "ada password 1", email_otp=code,
                client=gazu.client.create_client(suite.url("/api")))

    suite.get("/api/auth/email-otp", params={"email": "ada@any-domain.test"})
    disable_code = suite.mail_token("ada@any-domain.test", "email_otp")
    refused = suite.delete("/api/auth/email-otp", token=client.tokens["access_token"])
    assert refused.status_code == 401  # a second factor is needed to switch it off
    done = suite.delete("/api/auth/email-otp", token=client.tokens["access_token"],
                        json={"email_otp": disable_code})
    assert done.status_code == 200
    gazu.log_in("ada@any-domain.test", "ada password 1", client=gazu.client.create_client(suite.url("/api")))


def test_an_admin_disables_a_persons_two_factor(suite, artist):
    setup = gazu.client.put("auth/totp", {}, client=artist["client"])
    gazu.client.post("auth/totp", {"totp": pyotp.TOTP(setup["otp_secret"]).now()}, client=artist["client"])
    person_id = artist["person"]["id"]
    refused = suite.delete(f"/api/actions/persons/{person_id}/disable-two-factor-authentication",
                           token=artist["client"].tokens["access_token"])
    assert refused.status_code == 403
    done = suite.delete(f"/api/actions/persons/{person_id}/disable-two-factor-authentication",
                        token=artist["admin"].tokens["access_token"])
    assert done.status_code == 200 and done.json() == {"success": True}
    gazu.log_in("ada@any-domain.test", "ada password 1", client=gazu.client.create_client(suite.url("/api")))
