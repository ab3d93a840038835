"""A service's own copy of workspace memberships, fed by the workspace service's events.

Services that authorise on workspaces (identity, asset, production_tracking…)
never read the workspace service's tables. Each keeps a ``workspace_members``
table in its own database, written by the three handlers of
:class:`MembershipProjection` and read with the helpers below, so the rules
(who is a member, which workspace a caller is in) have one home.
"""

import datetime as dt
import uuid

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import DateTime, String, Uuid, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .context import Caller
from .db import Transaction, upsert, utcnow
from .events import load_event_data, reliable_event_handler
from .ids import parse_uuid

TABLE = "workspace_members"
OWNER = "owner"
DEFAULT_ROLE = "member"


def membership_model(base):
    """Declare the ``workspace_members`` table on a service's declarative base."""

    class WorkspaceMember(base):
        __tablename__ = TABLE

        workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
        user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
        role: Mapped[str] = mapped_column(String(30), nullable=False, default=DEFAULT_ROLE)
        # "The workspace joined first" is a person's default workspace.
        joined_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    return WorkspaceMember


def create_membership_table(op):
    """The Alembic side of :func:`membership_model` (names follow make_base's convention)."""
    import sqlalchemy as sa

    op.create_table(
        TABLE,
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name=f"pk_{TABLE}"),
    )
    op.create_index(f"ix_{TABLE}_user_id", TABLE, ["user_id"])


# -- the events --------------------------------------------------------------

class _Event(Schema):
    class Meta:
        unknown = EXCLUDE  # later additive fields are ignored


class MemberAddedSchema(_Event):
    workspace_id = fields.UUID(required=True)
    user_id = fields.UUID(required=True)
    role = fields.String(allow_none=True, load_default=None)


class MemberRemovedSchema(_Event):
    workspace_id = fields.UUID(required=True)
    user_id = fields.UUID(required=True)


class WorkspaceCreatedSchema(_Event):
    workspace_id = fields.UUID(required=True)
    owner_id = fields.UUID(required=True)


def upsert_member(tx: Transaction, model, workspace_id: uuid.UUID, user_id: uuid.UUID, role: str) -> None:
    # One statement: ``workspace_created`` and ``member_added`` for the same
    # owner may be handled at once by two workers.
    upsert(tx.session, model.__table__, {"workspace_id": workspace_id, "user_id": user_id, "role": role,
                                         "joined_at": utcnow()},
           ["workspace_id", "user_id"], update={"role": role})


def apply_member_added(tx: Transaction, data: dict, model) -> None:
    event = load_event_data(MemberAddedSchema, data)
    upsert_member(tx, model, event["workspace_id"], event["user_id"], event["role"] or DEFAULT_ROLE)


def apply_member_role_changed(tx: Transaction, data: dict, model) -> None:
    """Only an existing membership changes: a late event never brings a removed member back."""
    event = load_event_data(MemberAddedSchema, data)
    tx.session.execute(update(model).where(model.workspace_id == event["workspace_id"],
                                           model.user_id == event["user_id"])
                       .values(role=event["role"] or DEFAULT_ROLE))


def apply_member_removed(tx: Transaction, data: dict, model) -> None:
    event = load_event_data(MemberRemovedSchema, data)
    tx.session.execute(delete(model).where(model.workspace_id == event["workspace_id"],
                                           model.user_id == event["user_id"]))


def apply_workspace_created(tx: Transaction, data: dict, model) -> None:
    event = load_event_data(WorkspaceCreatedSchema, data)
    upsert_member(tx, model, event["workspace_id"], event["owner_id"], OWNER)


class MembershipProjection:
    """Mixin for a nameko service: keeps ``membership`` (a :func:`membership_model`
    class) up to date. ``on_membership_changed(tx, workspace_id)`` is called in
    the same transaction, for services that set up per-workspace data."""

    membership = None

    def on_membership_changed(self, tx: Transaction, workspace_id: uuid.UUID) -> None:
        """Override to react inside the handler's transaction (default: nothing)."""

    def _project(self, envelope: dict, apply) -> None:
        def handle(tx, data):
            apply(tx, data, self.membership)
            self.on_membership_changed(tx, uuid.UUID(str(data["workspace_id"])))

        self.db.run_once(envelope, handle)

    @reliable_event_handler("workspace", "member_added")
    def on_member_added(self, envelope: dict) -> None:
        self._project(envelope, apply_member_added)

    @reliable_event_handler("workspace", "member_removed")
    def on_member_removed(self, envelope: dict) -> None:
        self._project(envelope, apply_member_removed)

    @reliable_event_handler("workspace", "member_role_changed")
    def on_member_role_changed(self, envelope: dict) -> None:
        self._project(envelope, apply_member_role_changed)

    @reliable_event_handler("workspace", "workspace_created")
    def on_workspace_created(self, envelope: dict) -> None:
        self._project(envelope, apply_workspace_created)


# -- reading it --------------------------------------------------------------

def caller_user_id(caller: Caller) -> uuid.UUID | None:
    return uuid.UUID(str(caller.user_id)) if caller.user_id else None


def role_in(session: Session, model, workspace_id: uuid.UUID, user_id: uuid.UUID | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(select(model.role).where(model.workspace_id == workspace_id, model.user_id == user_id))


def workspaces_of(session: Session, model, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The user's workspaces, the one joined first first."""
    return list(session.scalars(select(model.workspace_id).where(model.user_id == user_id)
                                .order_by(model.joined_at, model.workspace_id)))


def home_workspace(session: Session, model, caller: Caller) -> uuid.UUID | None:
    """The workspace the caller chose (``X-Workspace-Id``) if they belong to it,
    else the one they joined first; None for a caller in no workspace."""
    user_id = caller_user_id(caller)
    if user_id is None:
        return None
    workspaces = workspaces_of(session, model, user_id)
    chosen = uuid.UUID(parse_uuid(caller.workspace_id)) if caller.workspace_id else None
    if chosen in workspaces:
        return chosen
    return workspaces[0] if workspaces else None
