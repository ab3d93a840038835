"""gazu's department and organisation calls, served by identity through /api."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException

from .conftest import eventually


@pytest.fixture
def kitsu(suite, studio_admin):
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in(studio_admin["email"], studio_admin["password"], client=client)

    def studio_ready():
        try:
            return gazu.person.all_departments(client=client) == []
        except NotAllowedException:  # the admin's studio workspace is still on its way
            return False

    eventually(studio_ready, timeout=15)
    return client


def test_gazu_department_crud_and_persons_in_departments(kitsu):
    modeling = gazu.person.new_department("Modeling", "#00ff00", client=kitsu)
    assert (modeling["type"], modeling["color"]) == ("Department", "#00ff00")
    assert gazu.person.new_department("Modeling", client=kitsu)["id"] == modeling["id"]  # gazu finds it by name
    animation = gazu.person.new_department("Animation", client=kitsu)
    assert [d["name"] for d in gazu.person.all_departments(client=kitsu)] == ["Animation", "Modeling"]
    assert gazu.person.get_department_by_name("Animation", client=kitsu)["id"] == animation["id"]

    renamed = gazu.person.update_department(dict(modeling, name="Surfacing"), client=kitsu)
    assert gazu.person.get_department(modeling["id"], client=kitsu)["name"] == renamed["name"] == "Surfacing"

    person = gazu.person.new_person("Ada", "Artist", "ada@any-domain.test", departments=[animation],
                                    client=kitsu)
    assert person["departments"] == [animation["id"]]
    gazu.person.remove_department(modeling, force=True, client=kitsu)
    assert [d["name"] for d in gazu.person.all_departments(client=kitsu)] == ["Animation"]


def test_a_duplicate_or_invalid_department_is_refused(kitsu, suite):
    gazu.person.new_department("Lighting", client=kitsu)
    token = kitsu.tokens["access_token"]
    duplicate = suite.post("/api/data/departments", token=token, json={"name": "LIGHTING"})
    assert duplicate.status_code == 409 and duplicate.json()["error"] is True
    with pytest.raises(ParameterException):
        gazu.client.post("data/departments", {"name": "FX", "color": "green"}, client=kitsu)
    assert [d["name"] for d in gazu.person.all_departments(client=kitsu)] == ["Lighting"]


def test_the_organisation_reads_and_updates(kitsu, suite):
    [organisation] = gazu.client.fetch_all("organisations", client=kitsu)
    assert organisation["type"] == "Organisation" and organisation["hours_by_day"] == 8.0
    updated = gazu.client.put(f"data/organisations/{organisation['id']}", dict(organisation, hours_by_day=7),
                              client=kitsu)
    assert updated["hours_by_day"] == 7
    deleted = suite.delete(f"/api/data/organisations/{organisation['id']}", token=kitsu.tokens["access_token"])
    assert deleted.status_code == 403
