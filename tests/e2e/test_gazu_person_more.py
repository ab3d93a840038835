"""gazu 1.3.1, unchanged, on the rest of gazu.person (docs/gazu/person.md): departments
and organisation, finding and updating persons, day offs, a person's time spents
and the presence log, change-password and invite, bots — with their permissions,
bad input and tenant limits."""

import csv
import datetime as dt
import io
import json

import gazu
import pytest
import requests
from gazu.exception import (
    NotAllowedException,
    NotAuthenticatedException,
    ParameterException,
)

from .conftest import eventually
from .gazu_studio import new_member

ANN_PASSWORD = "kitsu-artist-1"


@pytest.fixture
def ann(kitsu):
    """An artist of the studio, with a login."""
    return new_member(kitsu, "Ann", "ann@studio.example", password=ANN_PASSWORD)


def log_in(suite, email, password):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(email, password, client=client)
    return client


def test_row_departments_organisation_two_factor_and_url(kitsu, suite, ann):
    k = {"client": kitsu}
    modeling = gazu.person.new_department("Modeling", **k)
    added = gazu.person.add_person_to_department(ann, modeling, **k)
    assert added == {"person_id": ann["id"], "department_id": modeling["id"]}
    assert gazu.person.get_person(ann["id"], **k)["departments"] == [modeling["id"]]
    gazu.person.remove_person_from_department(ann, modeling, **k)
    assert gazu.person.get_person(ann["id"], **k)["departments"] == []
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    with pytest.raises(NotAllowedException):  # admins only
        gazu.person.add_person_to_department(ann, modeling, client=artist)

    [organisation] = gazu.person.all_organisations(**k)
    assert organisation["type"] == "Organisation" and organisation["hours_by_day"] == 8.0
    assert gazu.person.get_organisation(**k)["id"] == organisation["id"]  # from /auth/authenticated

    assert json.loads(gazu.person.disable_two_factor_authentication(ann, **k)) == {"success": True}  # gazu: text
    with pytest.raises(NotAllowedException):  # admins only
        gazu.person.disable_two_factor_authentication(ann, client=artist)
    assert gazu.person.get_person_url(ann, **k) == f"{suite.url('')}/people/{ann['id']}/"


def test_row_find_and_update_persons_within_the_tenant(kitsu, suite, ann):
    k = {"client": kitsu}
    paul = gazu.person.new_person("Paul", "Atreides", "paul@studio.example", desktop_login="paul", **k)
    assert gazu.person.get_person_by_desktop_login("paul", **k)["id"] == paul["id"]
    assert gazu.person.get_person_by_full_name("paul  ATREIDES", **k)["id"] == paul["id"]
    assert gazu.person.get_person_by_full_name("", "Paul", "Atreides", **k)["id"] == paul["id"]
    assert gazu.person.get_person_by_full_name("Nobody Here", **k) is None

    # gazu sends the whole person back: output-only keys are ignored, the change is kept.
    changed = gazu.person.update_person(dict(gazu.person.get_person(paul["id"], **k), phone="+33 1 23", role="manager"),
                                        **k)
    assert (changed["phone"], changed["role"]) == ("+33 1 23", "manager")
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    with pytest.raises(NotAllowedException):
        gazu.person.update_person(dict(paul, role="admin"), client=artist)
    with pytest.raises(ParameterException):
        gazu.person.update_person({"id": paul["id"], "role": "wizard"}, **k)
    assert gazu.person.get_person(paul["id"], **k)["role"] == "manager"

    # Someone of another workspace is found by an admin, never by the studio's artist.
    suite.register_and_login("ada@elsewhere.example")
    assert gazu.person.get_person_by_full_name("Ada Lovelace", **k)["email"] == "ada@elsewhere.example"
    assert gazu.person.get_person_by_full_name("Ada Lovelace", client=artist) is None
    assert gazu.person.get_person_by_full_name("Paul Atreides", client=artist)["id"] == paul["id"]


def test_row_day_offs(kitsu, suite, ann):
    k = {"client": kitsu}
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    holidays = gazu.person.new_day_off(ann, "2026-08-03", "2026-08-07", "Holidays", client=artist)
    assert (holidays["type"], holidays["person_id"], holidays["description"]) == ("DayOff", ann["id"], "Holidays")
    assert gazu.person.get_day_off(holidays["id"], client=artist)["end_date"] == "2026-08-07"
    moved = gazu.person.update_day_off(dict(holidays, end_date="2026-08-10"), client=artist)
    assert moved["end_date"] == "2026-08-10"
    week = dt.date(2026, 8, 10).isocalendar().week
    assert [d["id"] for d in gazu.person.get_week_day_offs(ann, 2026, week, client=artist)] == [holidays["id"]]
    assert [d["id"] for d in gazu.person.get_month_day_offs(ann, 2026, 8, client=artist)] == [holidays["id"]]
    assert gazu.person.get_month_day_offs(ann, 2026, 9, client=artist) == []
    assert [d["id"] for d in gazu.person.get_year_day_offs(ann, 2026, **k)] == [holidays["id"]]  # admins see all

    # Bad input is a 400 and writes nothing: an overlap, an end before the start, a wrong week.
    with pytest.raises(ParameterException):
        gazu.person.new_day_off(ann, "2026-08-10", "2026-08-11", client=artist)
    with pytest.raises(ParameterException):
        gazu.person.new_day_off(ann, "2026-09-10", "2026-09-01", client=artist)
    with pytest.raises(ParameterException):
        gazu.person.get_week_day_offs(ann, 2026, 60, client=artist)
    assert [d["id"] for d in gazu.person.get_day_offs(ann, client=artist)] == [holidays["id"]]

    # A colleague, even a manager, neither sees nor writes another person's day offs (Zou: the person or admins).
    new_member(kitsu, "Max", "max@studio.example", role="manager", password="kitsu-manager-1")
    manager = log_in(suite, "max@studio.example", "kitsu-manager-1")
    with pytest.raises(NotAllowedException):
        gazu.person.get_day_offs(ann, client=manager)
    with pytest.raises(NotAllowedException):
        gazu.person.new_day_off(ann, "2026-10-01", "2026-10-02", client=manager)
    with pytest.raises(NotAllowedException):
        gazu.person.remove_day_off(holidays, client=manager)
    gazu.person.remove_day_off(holidays, client=artist)
    assert gazu.person.get_day_offs(ann, **k) == []


@pytest.fixture
def logged_time(kitsu, suite, ann):
    """Ann logs 90 + 30 minutes on two tasks of one shot, on two days of November 2026."""
    k = {"client": kitsu}
    project = gazu.project.new_project("Spring", **k)
    sequence = gazu.shot.new_sequence(project, "SQ01", **k)
    shot = gazu.shot.new_shot(project, sequence, "SH010", **k)
    animation = gazu.task.new_task_type("Animation", for_entity="Shot", **k)
    layout = gazu.task.new_task_type("Layout", for_entity="Shot", **k)
    tasks = [gazu.task.new_task(shot, task_type, **k) for task_type in (animation, layout)]
    gazu.project.add_person_to_team(project, ann, **k)
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    gazu.task.set_time_spent(tasks[0], ann, "2026-11-16", 90, client=artist)
    gazu.task.set_time_spent(tasks[1], ann, "2026-11-20", 30, client=artist)
    gazu.task.set_time_spent(tasks[0], ann, "2026-12-01", 15, client=artist)
    return {"tasks": tasks, "artist": artist, "project": project}


def test_row_time_spents_of_a_person(kitsu, suite, ann, logged_time):
    k = {"client": kitsu}
    artist, tasks = logged_time["artist"], logged_time["tasks"]
    assert [t["duration"] for t in gazu.person.get_time_spents_by_date(ann, "2026-11-16", client=artist)] == [90.0]
    week = gazu.person.get_week_time_spents(ann, 2026, 47, client=artist)  # 16–22 November
    assert sorted((line["task_id"], line["duration"]) for line in week) == \
        sorted([(tasks[0]["id"], 90.0), (tasks[1]["id"], 30.0)])
    assert {line["entity_name"] for line in week} == {"SH010"} and {line["sequence_name"] for line in week} == {"SQ01"}
    year = gazu.person.get_year_time_spents(ann, 2026, **k)
    assert {line["task_id"]: line["duration"] for line in year}[tasks[0]["id"]] == 105.0
    month = gazu.person.get_all_month_time_spents(ann["id"], dt.date(2026, 11, 5), client=artist)
    assert [(t["date"], t["duration"]) for t in month] == [("2026-11-16", 90.0), ("2026-11-20", 30.0)]
    assert [t["date"] for t in gazu.person.get_time_spents_range(ann["id"], "2026-11-17", "2026-12-31", **k)] == \
        ["2026-11-20", "2026-12-01"]

    with pytest.raises(NotAllowedException):  # the plain range is Zou's admin-only route
        gazu.person.get_time_spents_range(ann["id"], "2026-11-01", "2026-11-30", client=artist)
    with pytest.raises(ParameterException):
        gazu.client.get(f"data/persons/{ann['id']}/time-spents", params={"start_date": "2026-11-01"}, **k)
    with pytest.raises(ParameterException):
        gazu.person.get_time_spents_by_date(ann, "2026-13-45", **k)
    admin = gazu.client.get_current_user(**k)
    with pytest.raises(NotAllowedException):  # an artist reads only their own time
        gazu.person.get_week_time_spents(admin, 2026, 47, client=artist)


def test_row_presence_log(kitsu, suite, ann, logged_time):
    k = {"client": kitsu}
    rows = list(csv.reader(io.StringIO(gazu.person.get_presence_log(2026, 11, **k))))
    assert rows[0] == ["2026", *map(str, range(1, 31))]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert [day for day, mark in enumerate(by_name["Ann Artist"], start=1) if mark == "X"] == [16, 20]
    assert set(by_name["Super Admin"]) == {""}
    with pytest.raises(NotAllowedException):
        gazu.person.get_presence_log(2026, 11, client=logged_time["artist"])
    with pytest.raises(ParameterException):
        gazu.person.get_presence_log(2026, 13, **k)


def test_row_change_password_and_invite(kitsu, suite, ann):
    k = {"client": kitsu}
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    with pytest.raises(NotAllowedException):  # only admins change someone's password
        gazu.person.change_password_for_person(gazu.client.get_current_user(**k), "taken-over-1", client=artist)
    with pytest.raises(ParameterException):
        gazu.client.post(f"actions/persons/{ann['id']}/change-password",
                         {"password": "new-password-1", "password_2": "other-password"}, **k)
    assert gazu.person.change_password_for_person(ann, "new-password-1", **k) == {"success": True}
    with pytest.raises(NotAuthenticatedException):  # the artist's session ended with the change
        gazu.client.get_current_user(client=artist)
    assert log_in(suite, "ann@studio.example", "new-password-1")

    newcomer = gazu.person.new_person("Nia", "New", "nia@studio.example", **k)  # no password yet
    with pytest.raises(NotAllowedException):
        gazu.person.invite_person(newcomer, client=log_in(suite, "ann@studio.example", "new-password-1"))
    assert gazu.person.invite_person(newcomer, **k) == {"success": True, "message": "Email sent"}
    token = suite.mail_token("nia@studio.example", "invitation")
    reset = suite.post("/v1/users/reset-password", json={"data": {"token": token, "password": "chosen-password"}})
    assert reset.ok, reset.text

    # The reset revoked every token issued before it, to the microsecond: a login right after it works.
    client = log_in(suite, "nia@studio.example", "chosen-password")
    assert gazu.client.get_current_user(client=client)["id"] == newcomer["id"]


def test_row_bots(kitsu, suite, ann):
    k = {"client": kitsu}
    bot = gazu.person.new_bot("Render Bot", "render-bot@studio.example", role="manager", expiration_date="2099-01-01",
                              **k)
    assert bot["is_bot"] is True and bot["access_token"]
    assert gazu.person.get_person_by_email("render-bot@studio.example", is_bot=True, **k)["id"] == bot["id"]
    assert gazu.person.get_person_by_email("render-bot@studio.example", **k) is None  # gazu looks for persons

    robot = gazu.client.create_client(suite.url("/api"))
    robot.access_token = bot["access_token"]
    assert gazu.client.get_current_user(client=robot)["is_bot"] is True
    eventually(lambda: gazu.project.new_project("Bot made", client=robot)["name"] == "Bot made", timeout=20)

    renamed = gazu.person.update_bot(dict(bot, first_name="Renderer"), **k)
    assert renamed["first_name"] == "Renderer" and "access_token" not in renamed  # the token stays
    assert gazu.client.get_current_user(client=robot)["first_name"] == "Renderer"

    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    with pytest.raises(NotAllowedException):  # only admins make bots
        gazu.person.new_bot("Mine", "mine@studio.example", client=artist)
    with pytest.raises(ParameterException):
        gazu.person.new_bot("Late", "late@studio.example", expiration_date="2020-01-01", **k)
    assert gazu.person.get_person_by_email("late@studio.example", is_bot=True, **k) is None

    gazu.person.remove_bot(bot, **k)
    with pytest.raises(NotAuthenticatedException):  # removing the bot revokes its token at once
        gazu.client.get_current_user(client=robot)


def test_row_avatars(kitsu, suite, ann, tmp_path):
    k = {"client": kitsu}
    picture = tmp_path / "avatar.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    artist = log_in(suite, "ann@studio.example", ANN_PASSWORD)
    answer = gazu.person.set_avatar(ann, str(picture), client=artist)  # one's own
    assert answer == {"thumbnail_path": f"pictures/thumbnails/persons/{ann['id']}.png"}
    assert gazu.person.get_person(ann["id"], **k)["has_avatar"] is True
    shown = suite.get(f"/api/pictures/thumbnails/persons/{ann['id']}.png", token=kitsu.tokens["access_token"],
                      allow_redirects=False)
    assert shown.status_code == 302
    assert requests.get(shown.headers["Location"], timeout=10).content == picture.read_bytes()

    admin = gazu.client.get_current_user(**k)
    with pytest.raises(NotAllowedException):  # someone else's: admins only
        gazu.person.set_avatar(admin, str(picture), client=artist)
    with pytest.raises(NotAllowedException):  # Zou: clearing is for admins
        gazu.person.clear_person_avatar(ann, client=artist)
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    with pytest.raises(ParameterException):
        gazu.person.set_avatar(admin, str(text), **k)
    assert gazu.person.get_person(admin["id"], **k)["has_avatar"] is False

    gazu.person.clear_person_avatar(ann, **k)
    assert gazu.person.get_person(ann["id"], **k)["has_avatar"] is False
    gone = suite.get(f"/api/pictures/thumbnails/persons/{ann['id']}.png", token=kitsu.tokens["access_token"],
                     allow_redirects=False)
    assert gone.status_code == 404


def test_row_a_day_off_removes_the_time_logged_inside_it(kitsu, suite, ann, logged_time):
    k = {"client": kitsu}
    artist, tasks = logged_time["artist"], logged_time["tasks"]
    gazu.person.new_day_off(ann, "2026-11-19", "2026-11-21", client=artist)  # Zou removes the 30 minutes of the 20th

    def cleared():
        return [t["date"] for t in gazu.person.get_time_spents_range(ann["id"], "2026-11-01", "2026-12-31", **k)] == \
            ["2026-11-16", "2026-12-01"]

    eventually(cleared, timeout=20)
    assert gazu.task.get_task(tasks[1], **k)["duration"] == 0
    assert gazu.task.get_task(tasks[0], **k)["duration"] == 105.0  # outside the day off: kept
