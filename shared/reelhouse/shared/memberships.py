"""A service's own copy of workspace memberships, fed by the workspace service's events.

Services that authorise on workspaces (identity, asset, production_tracking…)
never read the workspace service's tables. Each keeps a ``workspace_members``
table in its own database, written by the three handlers of
:class:`MembershipProjection` and read with the helpers below, so the rules
(who is a member, which workspace a caller is in) have one home.

A member whose role is custom (``role: "custom"``) holds that role's
permission strings; services that enforce them also keep
:class:`CustomRoleProjection` (which custom role each member holds, and each
role's permissions, from the ``role_*`` and member events).
"""

import datetime as dt
import uuid

from marshmallow import EXCLUDE, Schema, fields
from sqlalchemy import JSON, DateTime, String, Uuid, delete, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .context import Caller
from .db import Transaction, upsert, utcnow
from .events import load_event_data, occurred_at, reliable_event_handler
from .ids import parse_uuid

TABLE = "workspace_members"
ROLES_TABLE = "workspace_roles"
MEMBER_ROLES_TABLE = "workspace_member_roles"
CUSTOM = "custom"
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


# -- custom roles: each one's permissions, and who holds which ----------------

def custom_role_models(base):
    """Declare the two tables of :class:`CustomRoleProjection`: ``(WorkspaceRole, WorkspaceMemberRole)``."""

    class WorkspaceRole(base):
        __tablename__ = ROLES_TABLE

        role_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
        workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
        permissions: Mapped[list] = mapped_column(JSON, nullable=False)
        # When the event applied last happened: an older one, delivered late, changes nothing.
        changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    class WorkspaceMemberRole(base):
        __tablename__ = MEMBER_ROLES_TABLE

        workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
        user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
        role_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
        changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    return WorkspaceRole, WorkspaceMemberRole


def create_custom_role_tables(op):
    """The Alembic side of :func:`custom_role_models`."""
    import sqlalchemy as sa

    op.create_table(
        ROLES_TABLE,
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("permissions", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("role_id", name=f"pk_{ROLES_TABLE}"),
    )
    op.create_index(f"ix_{ROLES_TABLE}_workspace_id", ROLES_TABLE, ["workspace_id"])
    op.create_table(
        MEMBER_ROLES_TABLE,
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name=f"pk_{MEMBER_ROLES_TABLE}"),
    )
    op.create_index(f"ix_{MEMBER_ROLES_TABLE}_role_id", MEMBER_ROLES_TABLE, ["role_id"])


def add_custom_role_change_times(op):
    """The Alembic side of the ``changed_at`` columns (see :func:`apply_role_saved`)."""
    import sqlalchemy as sa

    op.add_column(ROLES_TABLE, sa.Column("changed_at", sa.DateTime(), nullable=True))
    op.add_column(MEMBER_ROLES_TABLE, sa.Column("changed_at", sa.DateTime(), nullable=True))


def drop_custom_role_change_times(op):
    op.drop_column(MEMBER_ROLES_TABLE, "changed_at")
    op.drop_column(ROLES_TABLE, "changed_at")


def drop_custom_role_tables(op):
    op.drop_table(MEMBER_ROLES_TABLE)
    op.drop_table(ROLES_TABLE)


class RoleSavedSchema(_Event):
    workspace_id = fields.UUID(required=True)
    role_id = fields.UUID(required=True)
    permissions = fields.List(fields.String(), required=True)


class RoleDeletedSchema(_Event):
    workspace_id = fields.UUID(required=True)
    role_id = fields.UUID(required=True)


class MemberRoleSchema(MemberAddedSchema):
    role_id = fields.UUID(allow_none=True, load_default=None)


def _newer(table):
    """The upsert condition: the stored row is older than the proposal (or undated)."""
    return lambda excluded: or_(table.c.changed_at.is_(None), table.c.changed_at < excluded.changed_at)


def apply_role_saved(tx: Transaction, data: dict, models, changed_at: dt.datetime) -> None:
    """``role_created`` / ``role_updated``: the role's effective permissions.

    Events may arrive out of order (a retried handler, several replicas): an
    event older than the one applied last changes nothing.
    """
    role, _member = models
    event = load_event_data(RoleSavedSchema, data)
    values = {"workspace_id": event["workspace_id"], "permissions": sorted(set(event["permissions"])),
              "changed_at": changed_at}
    upsert(tx.session, role.__table__, {"role_id": event["role_id"], **values}, ["role_id"], update=values,
           only_if=_newer(role.__table__))


def apply_role_deleted(tx: Transaction, data: dict, models, changed_at: dt.datetime) -> None:
    """A deleted role stays as a row without permissions, so a late save cannot bring it back."""
    role, _member = models
    event = load_event_data(RoleDeletedSchema, data)
    values = {"workspace_id": event["workspace_id"], "permissions": [], "changed_at": changed_at}
    upsert(tx.session, role.__table__, {"role_id": event["role_id"], **values}, ["role_id"], update=values,
           only_if=_newer(role.__table__))


def apply_member_role(tx: Transaction, data: dict, models, changed_at: dt.datetime) -> None:
    """``member_added`` / ``member_role_changed``: remember a custom role, forget it for a built-in one."""
    _role, member = models
    event = load_event_data(MemberRoleSchema, data)
    key = {"workspace_id": event["workspace_id"], "user_id": event["user_id"]}
    if event["role"] == CUSTOM and event["role_id"] is not None:
        values = {"role_id": event["role_id"], "changed_at": changed_at}
        upsert(tx.session, member.__table__, {**key, **values}, list(key), update=values,
               only_if=_newer(member.__table__))
    else:
        _forget_member_role(tx, member, key, changed_at)


def apply_member_role_removed(tx: Transaction, data: dict, models, changed_at: dt.datetime) -> None:
    _role, member = models
    event = load_event_data(MemberRemovedSchema, data)
    _forget_member_role(tx, member, {"workspace_id": event["workspace_id"], "user_id": event["user_id"]},
                        changed_at)


def _forget_member_role(tx, member, key, changed_at):
    # Only a custom role given before this event: a later one stays.
    tx.session.execute(delete(member).where(
        member.workspace_id == key["workspace_id"], member.user_id == key["user_id"],
        or_(member.changed_at.is_(None), member.changed_at < changed_at)))


class CustomRoleProjection:
    """Mixin for a nameko service: keeps ``custom_roles`` (the pair
    :func:`custom_role_models` returns) up to date. Its handlers are entrypoints
    of their own, apart from :class:`MembershipProjection`'s."""

    custom_roles = None

    def _project_roles(self, envelope: dict, apply) -> None:
        self.db.run_once(envelope, lambda tx, data: apply(tx, data, self.custom_roles, occurred_at(envelope)))

    @reliable_event_handler("workspace", "role_created")
    def on_role_created(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_role_saved)

    @reliable_event_handler("workspace", "role_updated")
    def on_role_updated(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_role_saved)

    @reliable_event_handler("workspace", "role_deleted")
    def on_role_deleted(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_role_deleted)

    @reliable_event_handler("workspace", "member_added")
    def on_member_custom_role_added(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_member_role)

    @reliable_event_handler("workspace", "member_role_changed")
    def on_member_custom_role_changed(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_member_role)

    @reliable_event_handler("workspace", "member_removed")
    def on_member_custom_role_removed(self, envelope: dict) -> None:
        self._project_roles(envelope, apply_member_role_removed)


def custom_role_permissions(session: Session, models, workspace_id: uuid.UUID, user_id: uuid.UUID | None) -> frozenset:
    """The permission strings of the custom role the user holds there (empty when unknown yet)."""
    role, member = models
    if user_id is None:
        return frozenset()
    found = session.scalar(select(role.permissions).join(member, member.role_id == role.role_id)
                           .where(member.workspace_id == workspace_id, member.user_id == user_id))
    return frozenset(found or ())
