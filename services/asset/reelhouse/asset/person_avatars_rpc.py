"""nameko entrypoints of persons' avatars (a mixin of AssetService, which
provides ``storage`` and ``context``; a module so `nameko run` never starts it alone)."""

from nameko.rpc import rpc

from . import person_avatars


class PersonAvatarRpc:
    @rpc
    def begin_avatar_upload(self, person_id: str, payload: dict) -> dict:
        return person_avatars.begin(self.storage, self.context.caller, person_id, payload)

    @rpc
    def finish_avatar_upload(self, person_id: str, payload: dict) -> dict:
        return person_avatars.finish(self.storage, self.context.caller, person_id, payload)

    @rpc
    def abort_avatar_upload(self, person_id: str, object_key: str, upload_id: str) -> None:
        person_avatars.abort(self.storage, self.context.caller, person_id, object_key, upload_id)

    @rpc
    def delete_avatar(self, person_id: str) -> dict:
        return person_avatars.delete(self.storage, self.context.caller, person_id)

    @rpc
    def get_avatar_download(self, person_id: str) -> dict:
        return person_avatars.download(self.storage, self.context.caller, person_id)
