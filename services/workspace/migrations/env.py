from reelhouse.shared.alembic_env import run_migrations
from reelhouse.workspace.models import Base

run_migrations(Base.metadata)
