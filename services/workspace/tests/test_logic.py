"""Plain logic, no broker or database: slugs, names, schemas, the migration on SQLite."""

import pytest
from sqlalchemy import create_engine, inspect

from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.migrations import upgrade
from reelhouse.shared.validation import load
from reelhouse.workspace.registration import default_name
from reelhouse.workspace.schemas import FeaturesSchema, UpdateWorkspaceSchema
from reelhouse.workspace.workspaces import slugify


@pytest.mark.parametrize("name,slug", [
    ("My Company, LLC", "my-company-llc"),
    ("My Company Renamed, LLC", "my-company-renamed-llc"),
    ("  Café  Crème ", "cafe-creme"),
    ("!!!", "workspace"),
])
def test_slugify_makes_lowercase_ascii_dash_separated_paths(name, slug):
    assert slugify(name) == slug


def test_default_name_uses_the_persons_name_or_a_fallback():
    assert default_name("Ada", "Lovelace") == "Ada Lovelace's workspace"
    assert default_name(None, " ") == "My workspace"


def test_features_schema_accepts_any_subset_with_the_spec_spelling():
    assert load(FeaturesSchema, {"coachingPlatform": "Full", "users": 3}) == {"coachingPlatform": "Full", "users": 3}


@pytest.mark.parametrize("value", [True, 1.5, "3", -1])
def test_features_users_must_be_a_non_negative_integer(value):
    with pytest.raises(ValidationFailed):
        load(FeaturesSchema, {"users": value})


def test_update_schema_refuses_unknown_fields():
    with pytest.raises(ValidationFailed) as error:
        load(UpdateWorkspaceSchema, {"is_business": True})
    assert "is_business" in error.value.details


def test_migration_runs_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'workspace.db'}"
    upgrade("services/workspace", url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"workspaces", "memberships", "invites", "outbox_events", "processed_events"} <= tables
