"""An asset's uploadable parent (production, shot, revision, deliverable, video
series): production_tracking's records, checked over RPC before anything is
written.

The caller's context travels with the call, so production_tracking answers
only for a record the caller may see in that workspace; NotFound becomes a
field-level 422 here, as production_tracking does for the assets it is given.
"""

import uuid

from reelhouse.shared.errors import NotFound, ValidationFailed

# Payload field -> the kind production_tracking and the asset rows name it by.
UPLOADABLE_KINDS = {
    "production_id": "production",
    "description_id": "description",
    "deliverable_id": "deliverable",
    "revision_id": "revision",
    "video_series_id": "video_series",
}
SERVICE = "production_tracking"
PRODUCTION_NOT_FOUND = "Production not found."


def chosen_parent(data: dict) -> tuple[str, uuid.UUID] | None:
    """The one parent a payload names (the spec allows one): ``(field, id)``, or None."""
    named = [(field, data[field]) for field in UPLOADABLE_KINDS if data.get(field) is not None]
    if len(named) > 1:
        message = "An asset has one parent: send at most one of these."
        raise ValidationFailed(details={field: [message] for field, _ in named})
    return named[0] if named else None


class Parents:
    def __init__(self, services):
        self.services = services

    def check(self, field: str, record_id: uuid.UUID, workspace_id: uuid.UUID, in_url: bool = False) -> str:
        """The parent's kind, once production_tracking confirmed it is in ``workspace_id``.

        A parent named by the URL that is not there is the route's 404; one named by the body, a 422.
        """
        kind = UPLOADABLE_KINDS[field]
        try:
            self.services.call(SERVICE, "get_v1_record", kind, str(record_id), {"workspace_id": str(workspace_id)})
        except NotFound:
            if in_url:
                raise
            raise ValidationFailed(details={field: [f"No such {kind} in this workspace."]}) from None
        return kind

    def check_public_production(self, production_id: uuid.UUID, workspace_id: uuid.UUID) -> None:
        """No token: only a production of ``workspace_id`` that allows public uploads; else NotFound."""
        record = self.services.call(SERVICE, "get_public_production", str(production_id))
        if record.get("workspace_id") != str(workspace_id):
            raise NotFound(PRODUCTION_NOT_FOUND)
