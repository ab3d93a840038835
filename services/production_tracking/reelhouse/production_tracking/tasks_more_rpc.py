"""nameko entrypoints for comment actions (acknowledge, reply, move, several at
once, the checks before a comment's file is removed), subscriptions to tasks, and the task listings
and batch task actions of ``task_listings``, mixed into
ProductionTrackingService (which provides ``_read``, ``_write``, ``_create``
and the ``@Full Name`` mention helpers). Thin: the logic modules validate and
answer.
"""

from nameko.rpc import rpc

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import comment_actions, subscriptions, task_listings


class TasksMoreRpc:
    # -- comment actions --------------------------------------------------------------------------

    @rpc
    def acknowledge_comment(self, task_id: str, comment_id: str) -> dict:
        with self._write() as (tx, tenant):
            return comment_actions.acknowledge(tx, tenant, task_id, comment_id)

    @rpc
    def reply_to_comment(self, task_id: str, comment_id: str, payload: dict) -> dict:
        if isinstance(payload, dict) and isinstance(payload.get("text"), str):
            payload = self._with_named_mentions(payload)  # @Full Name in a reply mentions like in a comment
        return self._create(comment_actions.reply, task_id, comment_id, payload)

    @rpc
    def delete_comment_reply(self, task_id: str, comment_id: str, reply_id: str) -> dict:
        with self._write() as (tx, tenant):
            return comment_actions.delete_reply(tx, tenant, task_id, comment_id, reply_id)

    @rpc
    def move_comment(self, task_id: str, comment_id: str, payload: dict) -> dict:
        with self._write() as (tx, tenant):
            return comment_actions.move(tx, tenant, task_id, comment_id, payload)

    @rpc
    def comment_many(self, project_id: str, comments) -> list:
        return self._create(comment_actions.comment_many, project_id, self._with_named_mentions_in_batch(comments))

    @rpc
    def check_comment_file_removal(self, task_id: str, comment_id: str, kind: str, file_id: str) -> dict:
        with self._read() as (session, tenant):
            return comment_actions.check_file_removal(session, tenant, task_id, comment_id, kind, file_id)

    # -- subscriptions to tasks --------------------------------------------------------------------

    @rpc
    def subscribe_to_task(self, task_id: str) -> dict:
        with self._write() as (tx, tenant):
            return subscriptions.subscribe(tx, tenant, task_id)

    @rpc
    def unsubscribe_from_task(self, task_id: str) -> dict:
        with self._write() as (tx, tenant):
            return subscriptions.unsubscribe(tx, tenant, task_id)

    @rpc
    def is_subscribed_to_task(self, task_id: str) -> bool:
        with self._read() as (session, tenant):
            return subscriptions.is_subscribed(session, tenant, task_id)

    @rpc
    def list_project_subscriptions(self, project_id: str) -> list:
        with self._read() as (session, tenant):
            return subscriptions.project_subscriptions(session, tenant, project_id)

    # -- task listings ----------------------------------------------------------------------------

    @rpc
    def list_tasks_under(self, kind: str, parent_id: str, listing: str, args: dict | None = None) -> list:
        with self._read() as (session, tenant):
            return task_listings.tasks_under(session, tenant, kind, parent_id, listing, args)

    @rpc
    def list_entity_tasks_of_type(self, entity_id: str, task_type_id: str) -> list:
        with self._read() as (session, tenant):
            return task_listings.entity_tasks_of_type(session, tenant, entity_id, task_type_id)

    @rpc
    def list_person_related_tasks(self, person_id: str, task_type_id: str) -> list:
        with self._read() as (session, tenant):
            return task_listings.person_related_tasks(session, tenant, person_id, task_type_id)

    @rpc
    def list_open_tasks(self, args: dict | None = None) -> dict:
        with self._read() as (session, tenant):
            return task_listings.open_tasks(session, tenant, args)

    @rpc
    def get_open_tasks_stats(self) -> dict:
        with self._read() as (session, tenant):
            return task_listings.open_tasks_stats(session, tenant)

    @rpc
    def list_persons_task_dates(self) -> list:
        with self._read() as (session, tenant):
            return task_listings.persons_task_dates(session, tenant)

    # -- batch task actions -----------------------------------------------------------------------

    @rpc
    def clear_assignations(self, payload: dict) -> list:
        with self._write() as (tx, tenant):
            return task_listings.clear_assignations(tx, tenant, payload)

    @rpc
    def delete_tasks(self, project_id: str, task_ids) -> list:
        with self._write() as (tx, tenant):
            return task_listings.delete_tasks(tx, tenant, project_id, task_ids)

    @rpc
    def delete_tasks_of_type(self, project_id: str, task_type_id: str) -> dict:
        with self._write() as (tx, tenant):
            return task_listings.delete_tasks_of_type(tx, tenant, project_id, task_type_id)
