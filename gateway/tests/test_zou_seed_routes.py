"""Every route the Zou seed (``../shared/seeds/003_4f08620243736f4c.txt``: the
routes that must work first) names is mounted under ``/api`` by a route of the
gateway, not left to the JSON 404 fallback. gazu drives their behaviour in
tests/e2e/test_gazu_*.py."""

import re

import pytest

SEED_ROUTES = [
    ("DELETE", "/actions/persons/{person_id}/disable-two-factor-authentication"),
    ("DELETE", "/auth/email-otp"),
    ("DELETE", "/data/edits/{edit_id}"),
    ("DELETE", "/data/entities/{instance_id}"),
    ("DELETE", "/data/preview-files/{instance_id}"),
    ("DELETE", "/data/projects/{project_id}/entity-links/{entity_link_id}"),
    ("DELETE", "/import/shotgun/errors/{error_id}"),
    ("GET", "/data/asset-instances/{asset_instance_id}/output-files"),
    ("GET", "/data/comments"),
    ("GET", "/data/edits/{edit_id}/tasks"),
    ("GET", "/data/entities"),
    ("GET", "/data/entities/{entity_id}/output-files/last-revisions"),
    ("GET", "/data/entity-links/"),
    ("GET", "/data/organisations/{instance_id}"),
    ("GET", "/data/output-files/{instance_id}"),
    ("GET", "/data/projects"),
    ("GET", "/data/projects/{instance_id}"),
    ("GET", "/data/projects/{project_id}/output-files"),
    ("GET", "/data/salary-scales/{instance_id}"),
    ("GET", "/data/scenes/{scene_id}/asset-instances"),
    ("GET", "/data/search-filters/{instance_id}"),
    ("GET", "/data/status-automations/{instance_id}"),
    ("GET", "/data/tasks"),
    ("GET", "/data/time-spents/{instance_id}"),
    ("GET", "/export/csv/playlists/{playlist_id}"),
    ("POST", "/actions/projects/{project_id}/asset-types/{asset_type_id}/assets/share"),
    ("POST", "/actions/projects/{project_id}/assets/share"),
    ("POST", "/actions/tasks/{task_id}/batch-comment"),
    ("POST", "/auth/login"),
    ("POST", "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}/output-files/next-revision"),
    ("POST", "/data/assets/{asset_id}/asset-asset-instances"),
    ("POST", "/data/notifications/"),
    ("POST", "/data/preview-background-files"),
    ("POST", "/data/preview-files"),
    ("POST", "/data/projects/{project_id}/asset-types/{asset_type_id}/assets/new"),
    ("POST", "/data/salary-scales"),
    ("POST", "/data/scenes/{scene_id}/asset-instances"),
    ("POST", "/data/schedule-items/"),
    ("POST", "/data/softwares"),
    ("POST", "/data/task-types"),
    ("POST", "/import/csv/persons"),
    ("POST", "/import/csv/projects/{project_id}/assets"),
    ("POST", "/import/csv/projects/{project_id}/casting"),
    ("POST", "/import/kitsu/projects"),
    ("POST", "/import/shotgun/scenes"),
    ("PUT", "/data/assets/{asset_id}/casting"),
    ("PUT", "/data/attachment-files/{instance_id}"),
    ("PUT", "/data/departments/{instance_id}"),
    ("PUT", "/data/entity-links/{instance_id}"),
    ("PUT", "/data/events/{instance_id}"),
    ("PUT", "/data/milestones/{instance_id}"),
    ("PUT", "/data/plugins/{instance_id}"),
    ("PUT", "/data/preview-files/{instance_id}"),
]

SAMPLE_ID = "0b6a4f4e-8c1d-4e2a-bb3c-9f8e7d6c5b4a"


@pytest.mark.parametrize(("method", "path"), SEED_ROUTES, ids=[f"{m} {p}" for m, p in SEED_ROUTES])
def test_the_gateway_mounts_the_seed_route(method, path, mounted_routes):
    # The fallback's catch-all routes are not in route_table: a route missing here raises NotFound.
    endpoint, _arguments = mounted_routes.match("/api" + re.sub(r"\{[a-z_]+\}", SAMPLE_ID, path), method=method)
    assert endpoint
