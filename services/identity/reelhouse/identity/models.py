"""Tables of the identity service: users, sessions, signing keys, one-time tokens
and the workspace-membership projection. Times are naive UTC (``utcnow``)."""

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base, utcnow
from reelhouse.shared.memberships import membership_model

Base = make_base()


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # Always stored lower-cased, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(255), unique=True)
    # Null for people created without a password (they cannot log in yet).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(20), default="user")
    desktop_login: Mapped[str | None] = mapped_column(String(80), unique=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    is_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_invite: Mapped[bool] = mapped_column(Boolean, default=False)
    is_beta: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)  # bots.py: a person with an API token
    has_avatar: Mapped[bool] = mapped_column(Boolean, default=False)  # the picture is in the asset service's bucket
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    avatar_color: Mapped[str] = mapped_column(String(6), default="2B8ACA")
    registration_state: Mapped[str] = mapped_column(String(20), default="pending")
    timezone: Mapped[str | None] = mapped_column(String(50))
    locale: Mapped[str | None] = mapped_column(String(10))
    # Access tokens issued at or before this moment are revoked (cancellation);
    # feeds ``list_revocations`` for gateways that missed the event.
    tokens_revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Two-factor authentication (two_factor.py). The TOTP secret must be
    # readable to check codes; recovery codes are kept as sha256 only.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    email_otp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_two_factor: Mapped[str | None] = mapped_column(String(20))
    recovery_code_hashes: Mapped[list | None] = mapped_column(JSON)
    # The 30-second step of the last TOTP code accepted: a code (or an older
    # one) is never accepted twice, so an overheard code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Wrong second factors in a row, and the lock they earned (two_factor.py).
    second_factor_failures: Mapped[int] = mapped_column(Integer, default=0)
    second_factor_locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class UserSession(Base):
    """A login: the refresh token (hashed) and the ``sid`` claim of its access tokens."""

    __tablename__ = "sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    refresh_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token this one replaced: presenting it again means a copy of it was
    # used elsewhere (theft), so the whole session is revoked.
    previous_refresh_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)


class SigningKey(Base):
    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OneTimeToken(Base):
    """Mailed tokens (see one_time_tokens.py). Only the sha256 of the token is stored."""

    __tablename__ = "one_time_tokens"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    data: Mapped[dict | None] = mapped_column(JSON)  # e.g. the new address of an e-mail change


# Projection of workspace memberships (owned by the workspace service), kept
# by the shared handlers. No foreign key to users: events from another service
# may arrive before or after a user row changes.
Membership = membership_model(Base)


class Department(Base):
    """A Zou department (Modeling, Animation…) of one workspace."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_departments_workspace_id_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(80))
    color: Mapped[str] = mapped_column(String(7), default="#999999")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PersonDepartment(Base):
    __tablename__ = "person_departments"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"),
                                                     primary_key=True, index=True)


class Organisation(Base):
    """Zou's organisation: the studio-wide settings, one per workspace here."""

    __tablename__ = "organisations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    name: Mapped[str] = mapped_column(String(80), default="Studio")
    hours_by_day: Mapped[float] = mapped_column(Float, default=8.0)
    use_original_file_name: Mapped[bool] = mapped_column(Boolean, default=False)
    timesheets_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    format_duration_in_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    hd_by_default: Mapped[bool] = mapped_column(Boolean, default=False)
    dark_theme_by_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
