"""The workspaces /v1 users embed (include=workspaces): a page of users in one
query, only the workspaces the caller may see."""

import uuid

import pytest

from reelhouse.identity import accounts, projections
from reelhouse.shared.context import ANONYMOUS
from reelhouse.shared.errors import Unauthenticated, ValidationFailed
from reelhouse.shared.events import make_envelope
from reelhouse.shared.testing import make_caller


def join(db, workspace_id, user_id, role="co_producer"):
    db.run_once(make_envelope("member_added", {"workspace_id": workspace_id, "user_id": user_id, "role": role}),
                projections.apply_member_added)


def test_a_member_sees_only_the_workspaces_they_share(db):
    caller, colleague = make_caller(), make_caller()
    shared, private, mine = (str(uuid.uuid4()) for _ in range(3))
    for workspace in (shared, mine):
        join(db, workspace, caller.user_id)
    for workspace in (shared, private):
        join(db, workspace, colleague.user_id)
    with db.session() as session:
        seen = accounts.workspaces_of_users(session, caller, [caller.user_id, colleague.user_id])
        by_admin = accounts.workspaces_of_users(session, make_caller("admin"), [colleague.user_id])
    assert sorted(seen[caller.user_id]) == sorted([shared, mine])
    assert seen[colleague.user_id] == [shared]
    assert sorted(by_admin[colleague.user_id]) == sorted([shared, private])


def test_bad_input_is_refused(db):
    with db.session() as session:
        with pytest.raises(ValidationFailed):
            accounts.workspaces_of_users(session, make_caller(), ["nope"])
        with pytest.raises(ValidationFailed):
            accounts.workspaces_of_users(session, make_caller(), [str(uuid.uuid4()) for _ in range(501)])
        with pytest.raises(Unauthenticated):
            accounts.workspaces_of_users(session, ANONYMOUS, [str(uuid.uuid4())])
