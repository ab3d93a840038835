"""Invites: a workspace manager invites an email address with a role; whoever
holds the token joins with that role (by ``accept_invite`` or by registering
with ``invite_token``). Only the token's sha256 is stored."""

import datetime as dt
import hashlib
import secrets
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reelhouse.shared.context import Caller
from reelhouse.shared.db import Transaction, utcnow
from reelhouse.shared.errors import Conflict, NotFound, ValidationFailed
from reelhouse.shared.validation import load

from .members import add_member, require_user, role_of
from .models import ACTIVE, CUSTOM_ROLE, Invite, Role, Workspace
from .permissions import BUILT_IN_PERMISSIONS
from .roles import no_escalation, require_permission, role_permissions
from .schemas import CreateInviteSchema
from .workspaces import workspace_to_dict

INVITE_LIFETIME = dt.timedelta(days=14)
NOT_FOUND = "Invite not found, expired or already used."
ALREADY_MEMBER = "You are already a member of this workspace."


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_to_dict(invite: Invite, token: str | None = None) -> dict:
    data = {
        "id": str(invite.id),
        "workspace_id": str(invite.workspace_id),
        "email": invite.email,
        "role": invite.role,
        "role_id": str(invite.role_id) if invite.role_id else None,
        "expires_at": invite.expires_at.isoformat(timespec="seconds"),
        "accepted_at": invite.accepted_at.isoformat(timespec="seconds") if invite.accepted_at else None,
    }
    if token is not None:
        data["token"] = token
    return data


def create_invite(tx: Transaction, caller: Caller, workspace_id: str, payload: dict) -> tuple[dict, Workspace]:
    """Store the invite; return it with the raw token (the inviter may share the link)."""
    workspace, access = require_permission(tx.session, caller, workspace_id, "invites.create")
    data = load(CreateInviteSchema, payload)
    role, custom = data["role"], None
    if role not in BUILT_IN_PERMISSIONS:  # a custom role's id: it must be this workspace's
        custom = tx.session.get(Role, uuid.UUID(role))
        if custom is None or custom.workspace_id != workspace.id:
            raise ValidationFailed(details={"role": ["No such role in this workspace."]})
        role = CUSTOM_ROLE
    # An invite hands out its role: nobody invites someone above themselves.
    no_escalation(caller, access, role_permissions(role, custom), "role")
    token = secrets.token_urlsafe(24)
    now = utcnow()
    invite = Invite(
        id=uuid.uuid4(), token_hash=hash_token(token), workspace_id=workspace.id, email=data["email"].lower(),
        role=role, role_id=custom.id if custom else None,
        invited_by=uuid.UUID(str(caller.user_id)) if caller.user_id else None,
        created_at=now, expires_at=now + INVITE_LIFETIME,
    )
    tx.session.add(invite)
    tx.session.flush()
    event = {"workspace_id": str(workspace.id), "email": invite.email, "role": invite.role}
    if invite.role_id is not None:
        event["role_id"] = str(invite.role_id)
    tx.emit("member_invited", event)
    return {**invite_to_dict(invite, token), "role_name": custom.name if custom else role}, workspace


def mail_invite(mailer, invite: dict, workspace: Workspace) -> None:
    """Sent after commit: a failed transaction must not mail a dead token."""
    mailer.send(
        to=invite["email"],
        subject=f"You are invited to join {workspace.workspace_name} on Reelhouse",
        body=(f"You have been invited to join the workspace {workspace.workspace_name} as {invite['role_name']}.\n"
              f"Your invite token: {invite['token']}\nIt expires at {invite['expires_at']} UTC.\n"),
        kind="invite",
        data={"token": invite["token"], "workspace_id": invite["workspace_id"]},
    )


def find_open_invite(session: Session, token: str, for_update: bool = False) -> tuple[Invite, Workspace]:
    """The unexpired, unaccepted invite of an active workspace, or NotFound."""
    if not isinstance(token, str) or not token:
        raise NotFound(NOT_FOUND)
    query = select(Invite).where(Invite.token_hash == hash_token(token))
    invite = session.scalar(query.with_for_update() if for_update else query)
    if invite is None or invite.accepted_at is not None or invite.expires_at <= utcnow():
        raise NotFound(NOT_FOUND)
    workspace = session.get(Workspace, invite.workspace_id)
    if workspace is None or workspace.status != ACTIVE:
        raise NotFound(NOT_FOUND)
    return invite, workspace


def get_invite(session: Session, token: str) -> dict:
    """Public: only what an invitee needs to decide, never the full workspace record."""
    invite, workspace = find_open_invite(session, token)
    return {
        "invite": invite_to_dict(invite),
        "workspace": {"id": str(workspace.id), "workspace_name": workspace.workspace_name,
                      "organization_name": workspace.organization_name, "workspace_path": workspace.workspace_path},
    }


def _join(tx: Transaction, invite: Invite, user_id: uuid.UUID) -> None:
    # The conditional update makes two concurrent acceptances of one token
    # race safely: only one sees a row to change.
    now = utcnow()
    changed = tx.session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.accepted_at.is_(None))
        .values(accepted_at=now, accepted_by=user_id)
    ).rowcount
    if changed != 1:
        raise NotFound(NOT_FOUND)
    invite.accepted_at, invite.accepted_by = now, user_id
    add_member(tx, invite.workspace_id, user_id, invite.role, invite.role_id)


def accept_invite(tx: Transaction, caller: Caller, token: str) -> dict:
    user_id = require_user(caller)
    invite, workspace = find_open_invite(tx.session, token, for_update=True)
    if role_of(tx.session, workspace.id, user_id) is not None:
        raise Conflict(ALREADY_MEMBER)
    _join(tx, invite, user_id)
    _workspace, access = require_permission(tx.session, caller, workspace.id, None)
    return workspace_to_dict(workspace, access.role, caller, access)


def accept_for_registration(tx: Transaction, token: str, user_id: uuid.UUID) -> bool:
    """Join a newly registered user through their invite. False when the token is unusable."""
    used = tx.session.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
    if used is not None and used.accepted_by == user_id:
        return True  # a replay of this registration: already joined
    try:
        invite, workspace = find_open_invite(tx.session, token, for_update=True)
    except NotFound:
        return False
    if role_of(tx.session, workspace.id, user_id) is None:
        _join(tx, invite, user_id)
    return True
