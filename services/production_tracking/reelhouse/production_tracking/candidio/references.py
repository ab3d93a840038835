"""Records of other services that /v1 payloads point to, checked over RPC.

Templates are the workspace service's, assets the asset service's; both
answer NotFound for a record the caller may not use in the workspace, which
becomes a field-level 422 here. Lookups run before the transaction writes
anything, so a refused reference leaves nothing behind.
"""

from reelhouse.shared.errors import NotFound, ValidationFailed


class References:
    def __init__(self, services):
        self.services = services

    def template(self, template_id, workspace_id, field: str = "template_id") -> dict:
        try:
            return self.services.call("workspace", "get_template", str(template_id), workspace_id=str(workspace_id))
        except NotFound:
            raise ValidationFailed(details={field: ["No such template in this workspace."]}) from None

    def asset(self, asset_id, workspace_id, field: str = "asset_id") -> dict:
        try:
            return self.services.call("asset", "get_asset", str(asset_id), workspace_id=str(workspace_id))
        except NotFound:
            raise ValidationFailed(details={field: ["No such asset in this workspace."]}) from None
