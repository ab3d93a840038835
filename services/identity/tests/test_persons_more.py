"""Day offs, bots, and an administrator's change-password and invite actions (identity)."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from reelhouse.identity import accounts, bots, day_offs, persons_more, sessions
from reelhouse.identity.models import Membership, UserSession
from reelhouse.identity.models_persons import DayOff, RevokedBotToken
from reelhouse.shared.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from reelhouse.shared.pagination import page_from
from reelhouse.shared.tokens import verify_access_token

from .conftest import PASSWORD


@pytest.fixture
def admin(make_person, caller_for):
    return caller_for(make_person(email="root@example.com", role="admin"))


def join(db, user, workspace_id):
    with db.transaction() as tx:
        tx.session.add(Membership(user_id=uuid.UUID(user["id"]), workspace_id=workspace_id, role="co_producer",
                                  joined_at=dt.datetime(2026, 1, 1)))


def day_off(person, date, end_date, **extra):
    return {"person_id": person["id"], "date": date, "end_date": end_date, **extra}


def count_day_offs(db):
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(DayOff))


# -- day offs ----------------------------------------------------------------------------------------


def test_a_person_records_reads_and_changes_their_own_day_off(db, make_person, caller_for, publisher):
    ada = make_person()
    with db.transaction() as tx:
        made = day_offs.create_day_off(tx, caller_for(ada), day_off(ada, "2026-08-03", "2026-08-07",
                                                                     description="Holidays"))
    assert (made["type"], made["date"], made["end_date"], made["description"]) == \
        ("DayOff", "2026-08-03", "2026-08-07", "Holidays")
    assert publisher.of_type("day_off_created")[0]["id"] == made["id"]
    with db.transaction() as tx:
        changed = day_offs.update_day_off(tx, caller_for(ada), made["id"], {"end_date": "2026-08-10"})
    assert changed["end_date"] == "2026-08-10"
    with db.session() as session:
        assert [d["id"] for d in day_offs.list_day_offs(session, caller_for(ada), ada["id"], "week", 2026, 33)] == \
            [made["id"]]  # overlaps the week of Aug 10 by its last day
        assert day_offs.list_day_offs(session, caller_for(ada), ada["id"], "month", 2026, 9) == []
    with db.transaction() as tx:
        day_offs.delete_day_off(tx, caller_for(ada), made["id"])
    assert count_day_offs(db) == 0 and publisher.of_type("day_off_deleted")[0]["id"] == made["id"]


def test_only_the_person_and_admins_see_or_touch_a_day_off(db, make_person, caller_for, admin):
    studio = uuid.uuid4()
    ada, bob = make_person(), make_person(email="bob@example.com", first_name="Bob", role="manager")
    eve = make_person(email="eve@example.com", first_name="Eve")
    join(db, ada, studio)
    join(db, bob, studio)
    with db.transaction() as tx:
        made = day_offs.create_day_off(tx, admin, day_off(ada, "2026-08-03", "2026-08-03"))
    with db.session() as session, pytest.raises(Forbidden):  # a colleague, even a manager: 403
        day_offs.list_day_offs(session, caller_for(bob), ada["id"])
    with db.session() as session, pytest.raises(NotFound):  # someone of another tenant does not exist
        day_offs.get_day_off(session, caller_for(eve), made["id"])
    with db.transaction() as tx, pytest.raises(Forbidden):
        day_offs.create_day_off(tx, caller_for(bob), day_off(ada, "2026-09-01", "2026-09-02"))
    with db.session() as session:
        assert day_offs.get_day_off(session, admin, made["id"])["id"] == made["id"]
    assert count_day_offs(db) == 1


def test_bad_or_overlapping_day_offs_are_refused_and_nothing_is_written(db, make_person, caller_for):
    ada = make_person()
    me = caller_for(ada)
    with db.transaction() as tx:
        made = day_offs.create_day_off(tx, me, day_off(ada, "2026-08-03", "2026-08-07"))
    for bad in (day_off(ada, "2026-08-07", "2026-08-09"),  # overlaps by one day
                day_off(ada, "2026-08-12", "2026-08-10"),  # ends before it starts
                day_off(ada, "not a date", "2026-08-10"),
                dict(day_off(ada, "2026-10-01", "2026-10-02"), colour="red"),
                {"date": "2026-10-01", "end_date": "2026-10-02"}):
        with db.transaction() as tx, pytest.raises(ValidationFailed):
            day_offs.create_day_off(tx, me, bad)
    with db.transaction() as tx, pytest.raises(ValidationFailed):
        day_offs.update_day_off(tx, me, made["id"], {"date": "2026-08-09"})  # after its end
    with db.session() as session, pytest.raises(ValidationFailed):
        day_offs.list_day_offs(session, me, ada["id"], "week", 2026, 54)
    assert count_day_offs(db) == 1


# -- bots ----------------------------------------------------------------------------------------------


def bot_payload(**extra):
    return {"first_name": "Render Bot", "last_name": "", "email": "bot@example.com", "role": "user",
            "departments": [], "active": True, "expiration_date": None, "is_bot": True, **extra}


def test_an_admin_creates_a_bot_with_a_long_lived_token(db, admin, publisher):
    with db.transaction() as tx:
        bot = bots.create_bot(tx, admin, bot_payload(expiration_date="2099-12-31"))
    assert bot["is_bot"] is True and bot["expiration_date"] == "2099-12-31"
    with db.transaction() as tx:
        key = sessions.current_signing_key(tx.session)
    claims = verify_access_token(bot["access_token"], key.public_pem)
    assert claims["sub"] == bot["id"] and claims["exp"] > dt.datetime(2099, 12, 31, tzinfo=dt.UTC).timestamp()
    with db.transaction() as tx, pytest.raises(Unauthenticated):  # a bot never logs in with a password
        sessions.login(tx, {"email": "bot@example.com", "password": PASSWORD})
    assert publisher.of_type("bot_created")[0]["user_id"] == bot["id"]


def test_only_admins_create_bots_and_bad_ones_write_nothing(db, make_person, caller_for, admin):
    with db.transaction() as tx, pytest.raises(Forbidden):
        bots.create_bot(tx, caller_for(make_person(role="manager")), bot_payload())
    for bad in (bot_payload(expiration_date="2020-01-01"), bot_payload(role="wizard"), bot_payload(email="nope")):
        with db.transaction() as tx, pytest.raises(ValidationFailed):
            bots.create_bot(tx, admin, bad)
    with db.session() as session:
        from reelhouse.identity import persons
        assert persons.list_persons(session, admin, {"is_bot": True}, page_from())["total"] == 0


def test_removing_or_disabling_a_bot_revokes_its_token_until_it_expires(db, admin, publisher):
    with db.transaction() as tx:
        first = bots.create_bot(tx, admin, bot_payload())
        second = bots.create_bot(tx, admin, bot_payload(email="bot2@example.com"))
    with db.transaction() as tx:
        bots.update_person(tx, admin, second["id"], {"active": False})
    with db.transaction() as tx:
        bots.delete_person(tx, admin, first["id"])
    with db.session() as session:
        revoked = bots.revoked_tokens(session)
        sids = set(session.scalars(select(RevokedBotToken.session_id)))
    assert len(revoked) == 2 and {uuid.UUID(s) for s in revoked} == sids
    assert min(revoked.values()) > sessions.epoch(dt.datetime.utcnow() + dt.timedelta(days=300))
    events = publisher.of_type("session_revoked")
    assert {e["session_id"] for e in events} >= set(revoked)


def test_a_bots_role_change_issues_a_new_token_and_revokes_the_old(db, admin):
    with db.transaction() as tx:
        bot = bots.create_bot(tx, admin, bot_payload())
    with db.transaction() as tx:
        changed = bots.update_person(tx, admin, bot["id"], {"role": "manager", "first_name": "Renamed"})
    assert changed["role"] == "manager" and changed["access_token"] != bot["access_token"]
    with db.transaction() as tx:
        renamed = bots.update_person(tx, admin, bot["id"], {"first_name": "Again"})
        assert "access_token" not in renamed  # the token stays
        with pytest.raises(ValidationFailed):
            bots.update_person(tx, admin, bot["id"], {"password": "a new password"})
    with db.session() as session:
        assert len(bots.revoked_tokens(session)) == 1
        live = session.scalars(select(UserSession).where(UserSession.user_id == uuid.UUID(bot["id"]),
                                                         UserSession.revoked_at.is_(None))).all()
    assert len(live) == 1


# -- change password, invite ---------------------------------------------------------------------------


def test_an_admin_changes_a_persons_password_and_ends_their_sessions(db, make_person, caller_for, admin):
    ada = make_person()
    with db.transaction() as tx:
        sessions.login(tx, {"email": "ada@example.com", "password": PASSWORD})
    with db.transaction() as tx:
        result, mail = persons_more.change_password_for_person(
            tx, admin, ada["id"], {"password": "new password 1", "password_2": "new password 1"})
    assert result == {"success": True} and mail.to == "ada@example.com"
    with db.transaction() as tx:
        assert sessions.login(tx, {"email": "ada@example.com", "password": "new password 1"})["user"]["id"] == \
            ada["id"]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(UserSession).where(
            UserSession.user_id == uuid.UUID(ada["id"]), UserSession.revoked_at.is_not(None))) == 1


def test_change_password_is_for_admins_and_checks_the_two_passwords(db, make_person, caller_for, admin):
    ada, bob = make_person(), make_person(email="bob@example.com", role="manager")
    with db.transaction() as tx, pytest.raises(Forbidden):
        persons_more.change_password_for_person(tx, caller_for(bob), ada["id"],
                                                {"password": "new password 1", "password_2": "new password 1"})
    for bad in ({"password": "new password 1", "password_2": "other password"},
                {"password": "short", "password_2": "short"}, {"password": "new password 1"}):
        with db.transaction() as tx, pytest.raises(ValidationFailed):
            persons_more.change_password_for_person(tx, admin, ada["id"], bad)
    with db.transaction() as tx:  # the old password still works: nothing was written
        assert sessions.login(tx, {"email": "ada@example.com", "password": PASSWORD})


def test_invite_mails_a_code_that_sets_the_password(db, make_person, caller_for, admin):
    from reelhouse.identity import recovery

    ada = make_person(password=None)
    with db.transaction() as tx, pytest.raises(Forbidden):
        persons_more.invite_person(tx, caller_for(make_person(email="x@example.com")), ada["id"])
    with db.transaction() as tx:
        result, mail = persons_more.invite_person(tx, admin, ada["id"])
    assert result == {"success": True, "message": "Email sent"} and mail.kind == "invitation"
    with db.transaction() as tx:
        recovery.reset_password(tx, mail.token, "chosen password")
    with db.transaction() as tx:
        assert sessions.login(tx, {"email": "ada@example.com", "password": "chosen password"})


def test_the_rpcs_answer_over_the_broker(call, make_person, caller_for, admin, mailbox):
    from reelhouse.shared.mail import read_mailbox

    ada = make_person()
    made = call("create_day_off", day_off(ada, "2026-12-24", "2026-12-26"), caller=caller_for(ada))
    assert call("list_day_offs", ada["id"], "year", "2026", caller=caller_for(ada))[0]["id"] == made["id"]
    assert call("invite_person", ada["id"], caller=admin)["success"] is True
    assert [m["kind"] for m in read_mailbox(mailbox)] == ["invitation"]
    bot = call("create_bot", bot_payload(), caller=admin)
    assert bot["id"] in call("person_names", [bot["id"], ada["id"]], caller=admin)
    call("delete_person", bot["id"], caller=admin)
    assert call("list_revocations")["sessions"]  # the bot's token is refused by every gateway from now on


def test_has_avatar_is_set_by_the_person_or_an_admin_and_cleared_by_admins(db, make_person, caller_for, admin,
                                                                            publisher):
    ada, bob = make_person(), make_person(email="bob@example.com", first_name="Bob")
    studio = uuid.uuid4()
    join(db, ada, studio)
    join(db, bob, studio)
    with db.transaction() as tx:
        assert persons_more.set_person_avatar(tx, caller_for(ada), ada["id"]) == \
            {"thumbnail_path": f"pictures/thumbnails/persons/{ada['id']}.png"}
    with db.transaction() as tx, pytest.raises(Forbidden):
        persons_more.set_person_avatar(tx, caller_for(bob), ada["id"])
    with db.transaction() as tx, pytest.raises(Forbidden):
        persons_more.clear_person_avatar(tx, caller_for(ada), ada["id"])
    with db.session() as session:
        assert accounts.get_user(session, admin, ada["id"])["has_avatar"] is True
    with db.transaction() as tx:
        persons_more.clear_person_avatar(tx, admin, ada["id"])
    with db.session() as session:
        assert accounts.get_user(session, admin, ada["id"])["has_avatar"] is False
    assert [e["has_avatar"] for e in publisher.of_type("person_avatar_changed")] == [True, False]
