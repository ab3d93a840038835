"""gazu 1.3.1, unchanged, writing comments through the generic routes
(``client.create("comments", …)``, ``client.update("comments", …)``) with
``@Full Name`` mentions, against the whole suite in this process: the names
come from identity, the mentions are stored, the people named are notified
once, and a name taken out of the text leaves the comment's mentions. A row of
the gazu compatibility table in docs/api-zou.md; ``kitsu`` and ``k`` come from
conftest."""

import gazu
import pytest
from gazu.exception import ParameterException

from .gazu_studio import new_member


def logged_in(suite, email, password):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(email, password, client=client)
    return client


def mentions_of(notifications, comment):
    return [n for n in notifications if n["notification_type"] == "mention" and n["comment_id"] == comment["id"]]


@pytest.fixture
def task(k):
    project = gazu.project.new_project("Spring", **k)
    prop = gazu.asset.new_asset_type("Prop", **k)
    seed = gazu.asset.new_asset(project, prop, "Seed", **k)
    modeling = gazu.task.new_task_type("Modeling", **k)
    return gazu.task.new_task(seed, modeling, **k)


def test_row_generic_comment_writes_parse_full_name_mentions(kitsu, k, suite, task):
    ann = new_member(kitsu, "Ann", "ann@studio.example", password="kitsu-artist-1")
    bob = new_member(kitsu, "Bob", "bob@studio.example", password="kitsu-artist-2")
    for person in (ann, bob):  # a person sees the notifications of their team's projects
        gazu.project.add_person_to_team(task["project_id"], person, **k)
    as_ann = logged_in(suite, "ann@studio.example", "kitsu-artist-1")
    as_bob = logged_in(suite, "bob@studio.example", "kitsu-artist-2")

    comment = gazu.client.create("comments", {
        "object_id": task["id"], "task_status_id": task["task_status_id"],
        "text": "@Ann Artist please look (cc bob@studio.example, @Nobody Here)"}, client=kitsu)
    assert comment["mentions"] == [ann["id"]]
    assert gazu.task.get_comment(comment["id"], **k)["mentions"] == [ann["id"]]
    [mention] = mentions_of(gazu.user.all_notifications(client=as_ann), comment)
    assert mention["comment_text"] == comment["text"]
    assert gazu.user.all_notifications(client=as_bob) == []
    events = [e["name"] for e in gazu.client.fetch_all("events/last", params={"limit": 5}, client=kitsu)]
    assert "comment:new" in events and "notification:new" in events

    # Bob is named too: only he is notified.
    edited = gazu.client.update("comments", comment["id"], {"text": "@Ann Artist and @bob artist please look"},
                                client=kitsu)
    assert edited["mentions"] == [ann["id"], bob["id"]]
    assert len(mentions_of(gazu.user.all_notifications(client=as_ann), comment)) == 1
    assert len(mentions_of(gazu.user.all_notifications(client=as_bob), comment)) == 1

    # Ann taken out of the text leaves the mentions; named again, she is not notified a second time.
    edited = gazu.client.update("comments", comment["id"], {"text": "only @Bob Artist now"}, client=kitsu)
    assert edited["mentions"] == [bob["id"]]
    assert gazu.task.get_comment(comment["id"], **k)["mentions"] == [bob["id"]]
    read_back = gazu.task.get_comment(comment["id"], **k)
    echoed = gazu.client.update("comments", comment["id"], {**read_back, "text": "@Ann Artist, @Bob Artist"},
                                client=kitsu)
    assert set(echoed["mentions"]) == {ann["id"], bob["id"]}
    assert len(mentions_of(gazu.user.all_notifications(client=as_ann), comment)) == 1

    with pytest.raises(ParameterException):  # the generic route's own checks still answer 400
        gazu.client.update("comments", comment["id"], {"text": 12}, client=kitsu)
