"""/v1 users' includes and scopes (spec 2.3) beyond one workspace.

Includes: ``workspaces`` (the memberships the caller may see, from identity)
and ``owned_productions``, ``shared_productions``, ``owned_video_series``,
``shared_video_series`` (production_tracking's records): one RPC per service
for a whole page, whatever its size. Scopes: ``workspace:<wrk_>``, and
``production:<prd_>`` / ``project:<vds_>`` — the users who may see that
production or series, i.e. its workspace's members.
"""

from reelhouse.shared.errors import ValidationFailed

from . import production_shapes, shapes
from .shapes import WORKSPACE_PREFIX

INCLUDES = ("workspaces", "owned_productions", "shared_productions", "owned_video_series", "shared_video_series")
SCOPES = {"workspace": ("workspace_id", "wrk"), "production": ("production", "prd"), "project": ("project", "vds")}


def user_filters(call) -> dict:
    """``scope=`` as identity's ``list_users`` filters: every scope names a workspace in the end."""
    filters = shapes.scopes(call, SCOPES)
    workspaces = {filters.pop("workspace_id")} if "workspace_id" in filters else set()
    for name, kind in (("production", "production"), ("project", "video_series")):
        if name in filters:
            # 404 for a record the caller may not see, as on its own route.
            record = call.rpc("production_tracking", "get_v1_record", kind, filters.pop(name), {})
            workspaces.add(record["workspace_id"])
    if len(workspaces) > 1:
        raise ValidationFailed(details={"scope": ["The scopes name different workspaces."]})
    return {"workspace_id": workspaces.pop()} if workspaces else {}


def includes_of(call) -> list[str]:
    names = list(dict.fromkeys(shapes.includes(call)))
    unknown = [name for name in names if name not in INCLUDES]
    if unknown:
        raise ValidationFailed(details={"include": [f"Unknown include: {', '.join(unknown)}. "
                                                    f"Allowed: {', '.join(INCLUDES)}."]})
    return names


def shaped_users(call, records) -> list[dict]:
    """The users' bodies with the requested relations embedded."""
    names = includes_of(call)
    bodies = [shapes.user(record) for record in records]
    if not names or not records:
        return bodies
    user_ids = [record["id"] for record in records]
    if "workspaces" in names:
        found = call.rpc("identity", "list_user_workspaces", user_ids)
        for body, user_id in zip(bodies, user_ids, strict=True):
            body["workspaces"] = [{"type": "workspace", "id": shapes.ids.to_prefixed(WORKSPACE_PREFIX, workspace)}
                                  for workspace in found.get(user_id, [])]
    tracked = [name for name in names if name != "workspaces"]
    if tracked:
        found = call.rpc("production_tracking", "list_v1_user_relations", user_ids, tracked)
        for body, user_id in zip(bodies, user_ids, strict=True):
            for name in tracked:
                body[name] = production_shapes.record(found.get(user_id, {}).get(name, []), call.caller)
    return bodies
