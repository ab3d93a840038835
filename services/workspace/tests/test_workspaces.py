"""Workspace RPCs against real RabbitMQ and PostgreSQL."""

import uuid

import pytest

from reelhouse.shared.errors import Conflict, Forbidden, NotFound, Unauthenticated, ValidationFailed


def test_create_workspace_from_company_fills_names_slug_defaults_and_owner(call, alice, workspace_events):
    workspace = call("create_workspace", {"is_business": True, "company": "My Company, LLC"}, caller=alice)

    assert workspace["organization_name"] == "My Company, LLC"
    assert workspace["workspace_name"] == "My Company, LLC"
    assert workspace["workspace_path"] == "my-company-llc"
    assert workspace["owner_id"] == alice.user_id and workspace["role"] == "owner"
    assert workspace["account"] == 0 and workspace["status"] == "active"
    assert workspace["features"] == {
        "video_series": False, "users": 1, "coachingPlatform": "Limited", "templates": "Limited",
        "stockLibrary": False, "landingPage": False, "help_center": True, "in_app_chat": True,
        "priority_emails": False, "phone_support": False,
    }
    [owner] = call("list_members", workspace["id"], caller=alice)["items"]
    assert (owner["user_id"], owner["role"], owner["role_id"]) == (alice.user_id, "owner", None)
    assert "workspaces.delete" in owner["permissions"]
    assert workspace_events.types() == ["workspace_created", "member_added"]


def test_create_workspace_requires_an_authenticated_caller(call):
    with pytest.raises(Unauthenticated):
        call("create_workspace", {"name": "Nobody's", "is_business": False})


def test_create_workspace_requires_is_business(call, alice):
    with pytest.raises(ValidationFailed) as error:
        call("create_workspace", {"name": "Acme"}, caller=alice)
    assert "is_business" in error.value.details


def test_create_workspace_with_a_taken_name_is_a_conflict_regardless_of_case(create):
    create("Acme")
    with pytest.raises(Conflict) as error:
        create("ACME")
    assert "name" in error.value.details


def test_member_gets_workspace_and_non_member_gets_not_found(call, create, alice, bob):
    workspace = create("Acme")
    assert call("get_workspace", workspace["id"], caller=alice)["workspace_name"] == "Acme"
    with pytest.raises(NotFound):
        call("get_workspace", workspace["id"], caller=bob)
    with pytest.raises(NotFound):
        call("list_members", workspace["id"], caller=bob)


def test_admin_gets_any_workspace_and_sees_internal_notes(call, create, admin):
    workspace = create("Acme")
    call("update_workspace", workspace["id"], {"internal_notes": "pays late"}, caller=admin)
    assert call("get_workspace", workspace["id"], caller=admin)["internal_notes"] == "pays late"


def test_update_renames_and_the_slug_follows(call, create, alice, workspace_events):
    workspace = create("My Company, LLC")
    workspace_events.drain()
    updated = call("update_workspace", workspace["id"], {"name": "My Company Renamed, LLC", "phone": "555"},
                   caller=alice)
    assert updated["workspace_name"] == "My Company Renamed, LLC"
    assert updated["workspace_path"] == "my-company-renamed-llc"
    assert updated["phone"] == "555"
    assert workspace_events.types() == ["workspace_updated"]


def test_update_to_a_taken_name_is_a_conflict(call, create, alice):
    create("Acme")
    other = create("Other")
    with pytest.raises(Conflict):
        call("update_workspace", other["id"], {"name": "acme"}, caller=alice)


def test_producer_may_update_and_set_industry_but_co_producer_is_forbidden(call, create, join, alice, bob, admin):
    workspace = create("Acme")
    producer, co_producer = bob, type(bob)(user_id=str(uuid.uuid4()), role="user")
    join(workspace, producer, "producer")
    join(workspace, co_producer, "co_producer")
    industry = call("create_industry", {"name": "Film", "is_published": True}, caller=admin)["id"]

    updated = call("update_workspace", workspace["id"], {"industry_id": industry}, caller=producer)

    assert updated["industry_id"] == industry and updated["role"] == "producer"
    with pytest.raises(Forbidden):
        call("update_workspace", workspace["id"], {"industry_id": industry}, caller=co_producer)


def test_non_member_update_is_not_found(call, create, bob):
    workspace = create("Acme")
    with pytest.raises(NotFound):
        call("update_workspace", workspace["id"], {"phone": "1"}, caller=bob)


def test_admin_only_fields_are_forbidden_to_the_owner_with_field_details(call, create, alice):
    workspace = create("Acme")
    payload = {"internal_notes": "x", "features": {"users": 5}, "template_collection_id": str(uuid.uuid4())}
    with pytest.raises(Forbidden) as error:
        call("update_workspace", workspace["id"], payload, caller=alice)
    assert set(error.value.details) == {"internal_notes", "features", "template_collection_id"}
    with pytest.raises(Forbidden) as error:
        call("create_workspace", {"name": "Other", "is_business": True, "internal_notes": "x"}, caller=alice)
    assert set(error.value.details) == {"internal_notes"}


def test_admin_updates_a_subset_of_features_and_the_rest_keeps_its_value(call, create, admin):
    workspace = create("Acme")
    updated = call("update_workspace", workspace["id"], {"features": {"users": 5, "stockLibrary": True}},
                   caller=admin)
    assert updated["features"]["users"] == 5 and updated["features"]["stockLibrary"] is True
    assert updated["features"]["help_center"] is True and updated["features"]["templates"] == "Limited"


@pytest.mark.parametrize("features,field", [
    ({"unknown_feature": True}, "unknown_feature"),
    ({"users": "5"}, "users"),
    ({"video_series": "yes"}, "video_series"),
    ({"coachingPlatform": 3}, "coachingPlatform"),
])
def test_features_update_refuses_unknown_keys_and_wrong_types(call, create, admin, features, field):
    workspace = create("Acme")
    with pytest.raises(ValidationFailed) as error:
        call("update_workspace", workspace["id"], {"features": features}, caller=admin)
    assert field in error.value.details["features"]


def test_owner_deletes_workspace_which_then_disappears(call, create, alice, workspace_events):
    workspace = create("Acme")
    workspace_events.drain()

    assert call("delete_workspace", workspace["id"], caller=alice) == {"id": workspace["id"]}

    assert workspace_events.types() == ["workspace_deleted"]
    with pytest.raises(NotFound):
        call("get_workspace", workspace["id"], caller=alice)
    assert call("list_workspaces", caller=alice) == {"items": [], "total": 0}


def test_deleted_workspace_frees_its_name(call, create, alice):
    workspace = create("Acme")
    call("delete_workspace", workspace["id"], caller=alice)
    assert create("Acme")["workspace_path"] == "acme"


def test_producer_may_not_delete_but_admin_may(call, create, join, bob, admin):
    workspace = create("Acme")
    join(workspace, bob, "producer")
    with pytest.raises(Forbidden):
        call("delete_workspace", workspace["id"], caller=bob)
    assert call("delete_workspace", workspace["id"], caller=admin) == {"id": workspace["id"]}


def test_list_workspaces_shows_only_the_callers_memberships_with_their_role(call, create, alice, bob):
    create("Alice's")
    create("Bob's", caller=bob)
    listing = call("list_workspaces", caller=bob)
    assert listing["total"] == 1
    assert [(w["workspace_name"], w["role"]) for w in listing["items"]] == [("Bob's", "owner")]


def test_list_workspaces_pages_with_a_total(call, create, alice):
    for number in range(5):
        create(f"Workspace {number}")
    page = call("list_workspaces", {}, 2, 2, caller=alice)
    assert page["total"] == 5
    assert [w["workspace_name"] for w in page["items"]] == ["Workspace 2", "Workspace 3"]


def test_admin_lists_everything_or_filters_by_user(call, create, alice, bob, admin):
    create("Alice's")
    create("Bob's", caller=bob)
    assert call("list_workspaces", caller=admin)["total"] == 2
    only_bob = call("list_workspaces", {"user_id": bob.user_id}, caller=admin)
    assert [w["workspace_name"] for w in only_bob["items"]] == ["Bob's"]


def test_non_admin_may_not_list_another_users_workspaces(call, alice, bob):
    with pytest.raises(Forbidden):
        call("list_workspaces", {"user_id": bob.user_id}, caller=alice)


def test_list_limit_above_500_is_refused(call, alice):
    with pytest.raises(ValidationFailed):
        call("list_workspaces", {}, 1, 501, caller=alice)


def test_health_reports_database_ok(call):
    assert call("health") == {"service": "workspace", "status": "ok", "database": "ok"}
