"""gazu against the in-process suite: a logged-in studio admin, and artists."""

import gazu
from gazu.exception import NotAllowedException, ParameterException

from .conftest import eventually


def admin_client(suite):
    """A gazu client logged in as the studio's first admin, once their workspace exists."""
    assert suite.create_admin("admin@studio.example", "kitsu-admin-1") == 0
    client = gazu.client.create_client(suite.url("/api"))
    gazu.log_in("admin@studio.example", "kitsu-admin-1", client=client)

    def has_workspace():
        try:
            return gazu.project.all_projects(client=client) == []
        except NotAllowedException:  # the registration saga has not reached production_tracking yet
            return False

    eventually(has_workspace, timeout=20)
    return client


def new_member(kitsu, first, email, role="user", password=None):
    """A person made by the admin; usable once production_tracking has their membership."""
    person = gazu.person.new_person(first, "Artist", email, role=role, password=password, client=kitsu)

    def joined():
        try:
            project = gazu.project.new_project(f"probe-{first}", client=kitsu)
            gazu.project.add_person_to_team(project, person, client=kitsu)
            gazu.project.remove_project(project, force=True, client=kitsu)
            return True
        except ParameterException:
            gazu.project.remove_project(gazu.project.get_project_by_name(f"probe-{first}", client=kitsu),
                                        force=True, client=kitsu)
            return False

    eventually(joined, timeout=20)
    return person
