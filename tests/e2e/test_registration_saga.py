"""Registration spans identity and workspace: it never ends half-done.

Each test breaks the second step (the workspace service) in a different
way and shows the saga still finishes: no user is left without a workspace.
"""

from reelhouse.workspace import registration
from reelhouse.workspace.service import WorkspaceService

from .conftest import eventually


def register(suite, email):
    response = suite.post("/v1/register", json={"data": {
        "first_name": "Saga", "last_name": "Test", "email": email, "password": "saga-password-1",
        "is_business": False,
    }})
    assert response.status_code == 201, response.text
    return response.json()


def login(suite, email):
    suite.post("/v1/activate", json={"data": {"token": suite.mail_token(email, "activation")}})
    return suite.post("/v1/auth/login", json={"data": {"email": email, "password": "saga-password-1"}}
                      ).json()["data"]["access_token"]


def my_workspace_ids(suite, token):
    response = suite.get("/v1/workspaces", token=token)
    return [w["id"] for w in response.json().get("data", [])] if response.ok else []


def test_workspace_created_after_workspace_service_was_down(suite):
    suite.containers[WorkspaceService].stop()
    body = register(suite, "down@example.com")
    token = login(suite, "down@example.com")

    suite.container_factory(WorkspaceService, suite.configs[WorkspaceService]).start()
    assert eventually(lambda: my_workspace_ids(suite, token)) == [body["meta"]["workspace_id"]]


def test_workspace_created_when_the_handler_fails_first(suite, monkeypatch):
    calls = {"n": 0}
    original = registration.handle_user_registered

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database hiccup")
        return original(*args, **kwargs)

    monkeypatch.setattr(registration, "handle_user_registered", flaky)
    body = register(suite, "flaky@example.com")
    token = login(suite, "flaky@example.com")
    assert eventually(lambda: my_workspace_ids(suite, token)) == [body["meta"]["workspace_id"]]
    assert calls["n"] == 2
