"""A person's subscription to a task (Zou's ``subscriptions``): they are notified of its comments
as its assignees are. Same conventions as ``models``; person ids (identity's) carry no foreign key."""

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, _created, _id, _updated, _workspace


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.id"), nullable=False)
    # Zou's sequence subscriptions (an entity and a task type) are not served; kept for its shape.
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("uq_subscriptions_task_person", Subscription.task_id, Subscription.person_id, unique=True)
