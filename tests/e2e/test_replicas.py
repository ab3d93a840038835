"""Two replicas of a service share its RPC queue; killing one mid-load loses no request.

RPC queues are competing consumers: a request a killed replica had taken but
not acknowledged goes back to the queue and the other replica answers it,
within the gateway's timeout.
"""

import threading
import time

import requests

from reelhouse.workspace.service import WorkspaceService

from .conftest import eventually

LOAD_SECONDS = 3.0


def read_my_workspace_until(stop, url, token, outcomes):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    while not stop.is_set():
        response = session.get(url, timeout=10)
        outcomes.append(response.status_code)


def test_killing_one_of_two_replicas_mid_load_fails_no_request(suite):
    registered, tokens = suite.register_and_login("replicas@example.com")
    workspace_id = registered["meta"]["workspace_id"]
    url = suite.url(f"/v1/workspaces/{workspace_id}")
    eventually(lambda: suite.get(f"/v1/workspaces/{workspace_id}", token=tokens["access_token"]).ok)
    second = suite.container_factory(WorkspaceService, suite.configs[WorkspaceService])
    second.start()

    stop, outcomes = threading.Event(), []
    readers = [threading.Thread(target=read_my_workspace_until, args=(stop, url, tokens["access_token"], outcomes))
               for _ in range(4)]
    for reader in readers:
        reader.start()
    time.sleep(LOAD_SECONDS / 2)
    served_before_kill = len(outcomes)
    suite.containers[WorkspaceService].kill()
    time.sleep(LOAD_SECONDS / 2)
    stop.set()
    for reader in readers:
        reader.join(timeout=15)

    assert served_before_kill > 0 and len(outcomes) > served_before_kill  # load ran on both sides of the kill
    assert set(outcomes) == {200}, {code: outcomes.count(code) for code in set(outcomes)}
