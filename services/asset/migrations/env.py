from reelhouse.asset.models import Base
from reelhouse.shared.alembic_env import run_migrations

run_migrations(Base.metadata)
