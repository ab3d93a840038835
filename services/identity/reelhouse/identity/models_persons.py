"""Tables of the person extras (migration 0012): day offs and revoked bot tokens."""

import datetime as dt
import uuid

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import utcnow

from .models import Base


class DayOff(Base):
    """Zou's day off: a person is away from ``date`` to ``end_date`` (both included).

    Kept by identity, the person's home: a day off belongs to a person, not to a
    project, and must outlive any project's deletion.
    """

    __tablename__ = "day_offs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


Index("ix_day_offs_person_id_date", DayOff.person_id, DayOff.date)


class RevokedBotToken(Base):
    """The session of a removed or disabled bot: its access token lives until
    ``expires_at``, so gateways must keep refusing it that long (no foreign
    key: the row outlives the bot)."""

    __tablename__ = "revoked_bot_tokens"

    session_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
