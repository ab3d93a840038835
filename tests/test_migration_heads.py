"""Every service's migration history ends in one head: revisions added side by
side (migrations upgrade to "heads" while work is in progress) are joined by a
merge revision before they land, so `alembic upgrade head` and a downgrade to
any revision stay unambiguous for operators."""

import pytest
from alembic.script import ScriptDirectory

from reelhouse.shared.migrations import alembic_config

SERVICES = ["identity", "workspace", "asset", "production_tracking", "billing", "import"]


@pytest.mark.parametrize("service", SERVICES)
def test_the_migration_history_has_one_head(service):
    script = ScriptDirectory.from_config(alembic_config(f"services/{service}", "sqlite://"))
    assert len(script.get_heads()) == 1, f"{service}: heads {script.get_heads()} need a merge revision"
