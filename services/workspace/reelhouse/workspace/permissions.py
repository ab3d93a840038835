"""The permission catalogue and the built-in roles' permission sets (docs/permissions.md)."""

OWNER, PRODUCER, CO_PRODUCER = "owner", "producer", "co_producer"
BUILT_IN_ROLES = (OWNER, PRODUCER, CO_PRODUCER)

# The catalogue. Workspace-service permissions are enforced here; the others
# are enforced by the services owning those records, which follow roles
# through the member_role_changed / role_* events or ask get_member_access.
PERMISSIONS = {
    "workspaces.read": "See the workspace.",
    "workspaces.update": "Change the workspace's name, path, phone and industry.",
    "workspaces.delete": "Delete (cancel) the workspace.",
    "members.read": "List members and their roles.",
    "members.update": "Change a member's role.",
    "members.delete": "Remove a member from the workspace.",
    "invites.create": "Invite people to the workspace.",
    "roles.read": "List the workspace's roles.",
    "roles.create": "Create custom roles.",
    "roles.update": "Change custom roles.",
    "roles.delete": "Delete custom roles.",
    "templates.read": "See the workspace's templates.",
    "templates.create": "Create workspace templates.",
    "templates.update": "Change workspace templates.",
    "templates.delete": "Delete workspace templates.",
    "productions.read": "See productions.",
    "productions.create": "Create productions.",
    "productions.update": "Change productions, their briefs and shots.",
    "productions.delete": "Delete productions.",
    "video_series.read": "See video series.",
    "video_series.create": "Create video series.",
    "video_series.update": "Change video series.",
    "video_series.delete": "Delete video series.",
    "assets.read": "See and download assets.",
    "assets.create": "Upload assets.",
    "assets.update": "Change assets and attach them to shots.",
    "assets.delete": "Delete assets.",
    "revisions.read": "See revisions.",
    "revisions.create": "Open revisions.",
    "revisions.update": "Change and close revisions.",
    "deliverables.read": "See deliverables.",
    "deliverables.review": "Rate and review deliverables.",
    "actions.read": "See the workspace's activity log.",
    "billing.manage": "See and change the workspace's plan, cards and account (enforced by billing).",
}
# Every member may at least see the workspace they belong to.
BASELINE = frozenset({"workspaces.read"})

ALL_PERMISSIONS = frozenset(PERMISSIONS)
_READS = frozenset(name for name in PERMISSIONS if name.endswith(".read"))
BUILT_IN_PERMISSIONS = {
    OWNER: ALL_PERMISSIONS,
    # Runs the workspace day to day; only the owner deletes it, defines roles or pays
    # (billing.manage reaches others only through a custom role the owner gives them).
    PRODUCER: ALL_PERMISSIONS - {"workspaces.delete", "roles.create", "roles.update", "roles.delete",
                                 "billing.manage"},
    # Works on productions; cannot change the workspace, its people or its roles.
    CO_PRODUCER: _READS | {
        "productions.create", "productions.update", "video_series.create", "video_series.update",
        "assets.create", "assets.update", "revisions.create", "revisions.update",
    },
}
BUILT_IN_NAMES = {OWNER: "Owner", PRODUCER: "Producer", CO_PRODUCER: "Co-Producer"}
BUILT_IN_DESCRIPTIONS = {
    OWNER: "Holds every permission; one per workspace.",
    PRODUCER: "Runs the workspace: everything but deleting it, defining roles and billing.",
    CO_PRODUCER: "Collaborates on productions, video series, assets and revisions.",
}
