"""nameko entrypoints for day offs, bots and the admin actions on persons, mixed
into IdentityService (which provides ``db``, ``context`` and ``mailer``).
Thin: the logic modules validate and answer; mails leave after commit."""

from nameko.rpc import rpc

# Modules, not functions, are imported so tests can monkeypatch the logic.
from . import bots, day_offs, persons_more


class PersonsMoreRpc:
    # -- day offs -----------------------------------------------------------------------------

    @rpc
    def create_day_off(self, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return day_offs.create_day_off(tx, self.context.caller, payload)

    @rpc
    def get_day_off(self, day_off_id: str) -> dict:
        with self.db.session() as session:
            return day_offs.get_day_off(session, self.context.caller, day_off_id)

    @rpc
    def update_day_off(self, day_off_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return day_offs.update_day_off(tx, self.context.caller, day_off_id, payload)

    @rpc
    def delete_day_off(self, day_off_id: str) -> dict:
        with self.db.transaction() as tx:
            return day_offs.delete_day_off(tx, self.context.caller, day_off_id)

    @rpc
    def list_day_offs(self, person_id: str, kind: str | None = None, year=None, number=None) -> list:
        with self.db.session() as session:
            return day_offs.list_day_offs(session, self.context.caller, person_id, kind, year, number)

    # -- bots -----------------------------------------------------------------------------------

    @rpc
    def create_bot(self, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return bots.create_bot(tx, self.context.caller, payload)

    # -- an administrator acting on a person ----------------------------------------------------

    @rpc
    def change_password_for_person(self, user_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            result, mail = persons_more.change_password_for_person(tx, self.context.caller, user_id, payload)
        mail.send(self.mailer)
        return result

    @rpc
    def invite_person(self, user_id: str) -> dict:
        with self.db.transaction() as tx:
            result, mail = persons_more.invite_person(tx, self.context.caller, user_id)
        mail.send(self.mailer)  # after commit: never a token that was rolled back
        return result

    @rpc
    def person_names(self, user_ids: list) -> dict:
        with self.db.session() as session:
            return persons_more.person_names(session, self.context.caller, user_ids)

    @rpc
    def set_person_avatar(self, user_id: str) -> dict:
        with self.db.transaction() as tx:
            return persons_more.set_person_avatar(tx, self.context.caller, user_id)

    @rpc
    def clear_person_avatar(self, user_id: str) -> dict:
        with self.db.transaction() as tx:
            return persons_more.clear_person_avatar(tx, self.context.caller, user_id)
