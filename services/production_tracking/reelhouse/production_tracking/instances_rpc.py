"""nameko entrypoints for asset instances and a project's team, and the
``@Full Name`` mentions of comments (the comment actions and the generic
``/data/comments`` writes), mixed into ProductionTrackingService
(which provides ``_read``, ``_write``, ``_create`` and ``services``). Thin:
the logic modules validate and answer; persons' names come from identity
before any transaction opens.
"""

import logging

from nameko.rpc import rpc

from reelhouse.shared.errors import ServiceTimeout, ServiceUnavailable

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import asset_instances, crud, file_links, people, team

log = logging.getLogger(__name__)


class InstancesAndTeamRpc:
    # -- asset instances --------------------------------------------------------------------------

    @rpc
    def new_asset_asset_instance(self, asset_id: str, payload: dict) -> dict:
        return self._create(asset_instances.new_asset_asset_instance, asset_id, payload)

    @rpc
    def new_scene_asset_instance(self, scene_id: str, payload: dict) -> dict:
        return self._create(asset_instances.new_scene_asset_instance, scene_id, payload)

    @rpc
    def list_grouped_asset_instances(self, listing: str, owner_id: str) -> dict:
        with self._read() as (session, tenant):
            return asset_instances.grouped_instances(session, tenant, listing, owner_id)

    @rpc
    def add_asset_instance_to_shot(self, shot_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return asset_instances.add_to_shot(tx, tenant, shot_id, payload)

    @rpc
    def remove_asset_instance_from_shot(self, shot_id: str, asset_instance_id: str) -> dict:
        with self._write() as (tx, tenant):
            return asset_instances.remove_from_shot(tx, tenant, shot_id, asset_instance_id)

    @rpc
    def get_instance_file_context(self, asset_instance_id: str, temporal_entity_id: str) -> dict:
        """The asset service's output files of an asset instance in a shot or scene: may the caller add
        one, and where it belongs (the instance's asset and project)."""
        with self._read() as (session, tenant):
            return file_links.file_context(session, tenant, entity_id=temporal_entity_id,
                                           asset_instance_id=asset_instance_id)

    # -- a project's team -------------------------------------------------------------------------

    @rpc
    def list_team(self, project_id: str) -> list:
        with self._read() as (session, tenant):
            links = team.team_links(session, tenant, project_id)
        return team.team_persons(links, people.workspace_people(self.services, tenant.workspace_id))

    @rpc
    def set_team_member_role(self, project_id: str, person_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return team.set_role(tx, tenant, project_id, person_id, payload)

    # -- comments: people named in the text --------------------------------------------------------

    def _with_named_mentions(self, payload):
        """A comment payload with the workspace members its text names as ``@Full Name`` added to
        ``mentions`` (Zou parses them), so they are notified like mentions by id."""
        return self._named_in([payload])[0]

    def _with_named_mentions_in_batch(self, comments):
        """The same for a batch: a list of comments, or ``{"comments": [...]}`` (anything else is
        left for the batch's own validation)."""
        if isinstance(comments, dict) and isinstance(comments.get("comments"), list):
            return dict(comments, comments=self._named_in(comments["comments"]))
        return self._named_in(comments) if isinstance(comments, list) else comments

    def _named_in(self, payloads: list) -> list:
        members = self._mentionable_people([people.comment_text(payload) for payload in payloads])
        if members is None:
            return payloads
        return [people.with_named_mentions(payload, members) for payload in payloads]

    def _update_comment(self, comment_id: str, payload) -> dict:
        """``PUT /data/comments/<id>``: a new text re-reads its ``@Full Name`` mentions (the old text
        is read first: names it loses leave ``mentions``)."""
        members = None
        if isinstance(payload, dict) and ("text" in payload or "comment" in payload):
            with self._read() as (session, tenant):
                old_text = crud.load_row(session, tenant, crud.spec_for("comments"), comment_id).text
            members = self._mentionable_people([old_text, people.comment_text(payload)])
        with self._write() as (tx, tenant):
            return people.update_comment(tx, tenant, comment_id, payload, members)

    def _mentionable_people(self, texts: list) -> list[dict] | None:
        """The workspace's members, when one of ``texts`` may name someone (one identity call);
        None when none may or identity did not answer."""
        if not any(people.may_name_someone(text) for text in texts):
            return None
        with self._read() as (_session, tenant):
            workspace_id = tenant.workspace_id
        try:
            return people.workspace_people(self.services, workspace_id)
        except (ServiceUnavailable, ServiceTimeout) as error:
            # The comment matters more than the notification: it is posted, mentions by id still work.
            log.warning("@name mentions skipped, identity did not answer: %s", error)
            return None
