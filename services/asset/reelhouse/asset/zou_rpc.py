"""nameko entrypoints of the Zou files (a mixin of AssetService, a module so
`nameko run` never starts it alone): validate, ask production_tracking where
a new file belongs when it must, call the logic, return."""

from nameko.rpc import rpc

from reelhouse.shared.errors import ValidationFailed
from reelhouse.shared.events import reliable_event_handler
from reelhouse.shared.ids import parse_uuid
from reelhouse.shared.pagination import page_from
from reelhouse.shared.rpc import Services

from . import zou_attachments, zou_cleanup, zou_files, zou_outputs, zou_previews
from .models import ZouAttachmentFile, ZouPreviewBackgroundFile, ZouPreviewFile

PT = "production_tracking"


def _page(page, limit):
    return page_from(page, limit) if page is not None else None


class ZouFilePlacement:
    services = Services()

    def _file_context(self, task_id=None, comment_id=None, entity_id=None) -> dict:
        """One RPC: production_tracking checks the caller may add a file there, and says where it is."""
        return self.services.call(PT, "get_file_context", task_id, comment_id, entity_id)

    def _output_context(self, target: dict) -> dict:
        """Where an output file belongs: its entity, or an asset instance (checked there) in a shot or scene."""
        if target.get("asset_instance_id"):
            return self.services.call(PT, "get_instance_file_context", parse_uuid(target["asset_instance_id"]),
                                      zou_outputs.entity_of(target))
        return self._file_context(entity_id=zou_outputs.entity_of(target))


class ZouAttachmentRpc(ZouFilePlacement):
    """Attachment files and preview background files."""

    # --- attachment files -------------------------------------------------------------------------

    @rpc
    def begin_attachment_upload(self, task_id: str, comment_id: str, payload: dict) -> dict:
        context = self._file_context(task_id, comment_id)
        return zou_attachments.begin_attachment(self.storage, context, payload)

    @rpc
    def finish_attachment_upload(self, task_id: str, comment_id: str, payload: dict) -> dict:
        context = self._file_context(task_id, comment_id)
        with self.db.transaction() as tx:
            return zou_attachments.finish_attachment(tx, self.storage, self.context.caller, context, payload)

    @rpc
    def abort_attachment_upload(self, task_id: str, comment_id: str, object_key: str, upload_id: str) -> None:
        context = self._file_context(task_id, comment_id)
        zou_attachments.abort_attachment(self.storage, context, object_key, upload_id)

    @rpc
    def list_attachment_files(self, filters: dict | None = None, page=None, limit=None) -> dict:
        page = _page(page, limit)
        with self.db.session() as session:
            return zou_attachments.list_attachments(session, self.context.caller, filters, page)

    @rpc
    def get_attachment_file(self, attachment_id: str) -> dict:
        with self.db.session() as session:
            return zou_files.to_zou(zou_files.find(session, self.context.caller, ZouAttachmentFile, attachment_id),
                                    zou_attachments.ATTACHMENT)

    @rpc
    def get_attachment_download(self, attachment_id: str) -> dict:
        with self.db.session() as session:
            return zou_attachments.download_attachment(session, self.storage, self.context.caller, attachment_id)

    @rpc
    def update_attachment_file(self, attachment_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_attachments.update_attachment(tx, self.context.caller, attachment_id, payload)

    @rpc
    def delete_attachment_file(self, attachment_id: str) -> dict:
        with self.db.transaction() as tx:
            return zou_attachments.delete_attachment(tx, self.context.caller, attachment_id)

    @reliable_event_handler("asset", "attachment_file_deleted")
    def on_attachment_file_deleted(self, envelope: dict) -> None:
        zou_files.purge(self.db, self.storage, envelope, ZouAttachmentFile)

    # --- preview background files -------------------------------------------------------------------

    @rpc
    def create_preview_background_file(self, payload: dict) -> dict:
        context = self._file_context()
        return self.db.write(zou_attachments.create_background, self.context.caller, context, payload)

    @rpc
    def list_preview_background_files(self, filters: dict | None = None, page=None, limit=None) -> dict:
        page = _page(page, limit)
        with self.db.session() as session:
            return zou_attachments.list_backgrounds(session, self.context.caller, filters, page)

    @rpc
    def get_preview_background_file(self, background_id: str) -> dict:
        with self.db.session() as session:
            row = zou_files.find(session, self.context.caller, ZouPreviewBackgroundFile, background_id)
            return zou_files.to_zou(row, zou_attachments.BACKGROUND)

    @rpc
    def update_preview_background_file(self, background_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_attachments.update_background(tx, self.context.caller, background_id, payload)

    @rpc
    def delete_preview_background_file(self, background_id: str) -> dict:
        with self.db.transaction() as tx:
            return zou_attachments.delete_background(tx, self.context.caller, background_id)

    @rpc
    def begin_background_upload(self, background_id: str, payload: dict) -> dict:
        with self.db.session() as session:
            return zou_attachments.begin_background(session, self.storage, self.context.caller, background_id,
                                                    payload)

    @rpc
    def finish_background_upload(self, background_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_attachments.finish_background(tx, self.storage, self.context.caller, background_id, payload)

    @rpc
    def abort_background_upload(self, background_id: str, object_key: str, upload_id: str) -> None:
        with self.db.session() as session:
            zou_attachments.abort_background(session, self.storage, self.context.caller, background_id, object_key,
                                             upload_id)

    @rpc
    def get_background_download(self, background_id: str) -> dict:
        with self.db.session() as session:
            return zou_attachments.download_background(session, self.storage, self.context.caller, background_id)

    @reliable_event_handler("asset", "preview_background_file_deleted")
    def on_preview_background_file_deleted(self, envelope: dict) -> None:
        zou_files.purge(self.db, self.storage, envelope, ZouPreviewBackgroundFile)


class ZouCleanupHandlers:
    """Files of production records production_tracking deleted (a mixin of AssetService)."""

    def _forget(self, envelope: dict, kind: str) -> None:
        self.db.run_once(envelope, lambda tx, data: zou_cleanup.forget(tx, data, kind))

    @reliable_event_handler(PT, "project_deleted")
    def on_project_deleted(self, envelope: dict) -> None:
        self._forget(envelope, "project")

    @reliable_event_handler(PT, "task_deleted")
    def on_task_deleted(self, envelope: dict) -> None:
        self._forget(envelope, "task")

    @reliable_event_handler(PT, "comment_deleted")
    def on_comment_deleted(self, envelope: dict) -> None:
        self._forget(envelope, "comment")

    @reliable_event_handler(PT, "asset_instance_deleted")
    def on_asset_instance_deleted(self, envelope: dict) -> None:
        self._forget(envelope, "asset_instance")


# One handler per entity kind (``asset_deleted``, ``shot_deleted``...), all alike.
for _kind in zou_cleanup.ENTITY_KINDS:
    def _on_entity_deleted(self, envelope: dict) -> None:
        self._forget(envelope, "entity")

    _on_entity_deleted.__name__ = f"on_{_kind}_entity_deleted"
    setattr(ZouCleanupHandlers, _on_entity_deleted.__name__,
            reliable_event_handler(PT, f"{_kind}_deleted")(_on_entity_deleted))


class ZouFileRpc(ZouAttachmentRpc, ZouCleanupHandlers):
    """Preview, output and working files, and (inherited) attachments and backgrounds: AssetService's mixin."""

    # --- preview files --------------------------------------------------------------------------

    @rpc
    def create_preview_file(self, task_id: str, comment_id: str, payload: dict | None = None) -> dict:
        context = self._file_context(task_id, comment_id)
        return self.db.write(zou_previews.create, self.context.caller, context, payload)

    @rpc
    def create_preview_record(self, payload: dict) -> dict:
        task_id, comment_id = zou_previews.record_target(payload)
        context = self._file_context(task_id, comment_id)
        return self.db.write(zou_previews.create_record, self.context.caller, context, payload)

    @rpc
    def get_preview_file(self, preview_id: str) -> dict:
        with self.db.session() as session:
            return zou_previews.get(session, self.context.caller, preview_id)

    @rpc
    def list_preview_files(self, filters: dict | None = None, page=None, limit=None) -> dict:
        page = _page(page, limit)
        with self.db.session() as session:
            return zou_previews.list_records(session, self.context.caller, filters, page)

    @rpc
    def update_preview_file(self, preview_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_previews.update(tx, self.context.caller, preview_id, payload)

    @rpc
    def delete_preview_file(self, preview_id: str) -> dict:
        with self.db.transaction() as tx:
            return zou_previews.delete(tx, self.context.caller, preview_id)

    @rpc
    def begin_preview_upload(self, preview_id: str, payload: dict) -> dict:
        with self.db.session() as session:
            return zou_previews.begin_upload(session, self.storage, self.context.caller, preview_id, payload)

    @rpc
    def finish_preview_upload(self, preview_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_previews.finish_upload(tx, self.storage, self.context.caller, preview_id, payload)

    @rpc
    def abort_preview_upload(self, preview_id: str, object_key: str, upload_id: str) -> None:
        with self.db.session() as session:
            zou_previews.abort_upload(session, self.storage, self.context.caller, preview_id, object_key, upload_id)

    @rpc
    def get_preview_download(self, preview_id: str, rendition: str) -> dict:
        with self.db.session() as session:
            return zou_previews.download(session, self.storage, self.context.caller, preview_id, rendition)

    @rpc
    def set_main_preview(self, preview_id: str, payload: dict | None = None) -> dict:
        with self.db.session() as session:
            target = zou_previews.main_preview_target(session, self.context.caller, preview_id, payload)
        return self.services.call(PT, "set_entity_preview", target["entity_id"], target["preview_file_id"])

    @reliable_event_handler("asset", "preview_file_deleted")
    def on_preview_file_deleted(self, envelope: dict) -> None:
        zou_files.purge(self.db, self.storage, envelope, ZouPreviewFile)

    # --- output and working files -----------------------------------------------------------------

    @rpc
    def next_output_revision(self, target: dict, payload: dict) -> dict:
        context = self._output_context(target)
        with self.db.session() as session:
            return zou_outputs.next_revision(session, context, target, payload)

    @rpc
    def create_output_file(self, target: dict, payload: dict) -> dict:
        context = self._output_context(target)
        return self.db.write(zou_outputs.create_output_file, self.context.caller, context, target, payload)

    @rpc
    def list_output_files(self, scope: dict, filters: dict | None = None, last_revisions: bool = False,
                          page=None, limit=None) -> list | dict:
        page = _page(page, limit)
        with self.db.session() as session:
            return zou_outputs.list_output_files(session, self.context.caller, scope, filters, last_revisions, page)

    @rpc
    def create_working_file(self, task_id: str, payload: dict) -> dict:
        context = self._file_context(task_id=task_id)
        return self.db.write(zou_outputs.create_working_file, self.context.caller, context, payload)

    @rpc
    def list_working_files(self, scope: dict, filters: dict | None = None, last_revisions: bool = False) -> list | dict:
        with self.db.session() as session:
            return zou_outputs.list_working_files(session, self.context.caller, scope, filters, last_revisions)

    @rpc
    def create_output_record(self, payload: dict) -> dict:
        target, rest = zou_outputs.split_target(payload)
        context = self._output_context(target)
        return self.db.write(zou_outputs.create_output_file, self.context.caller, context, target, rest)

    @rpc
    def create_working_record(self, payload: dict) -> dict:
        task_id = payload.get("task_id") if isinstance(payload, dict) else None
        if not task_id:
            raise ValidationFailed(details={"task_id": ["Missing data for required field."]})
        return self.create_working_file(parse_uuid(task_id), payload)

    @rpc
    def list_file_records(self, kind: str, filters: dict | None = None, page=None, limit=None) -> dict:
        page = _page(page, limit)
        with self.db.session() as session:
            return zou_outputs.list_records(session, self.context.caller, kind, filters, page)

    @rpc
    def get_file_record(self, kind: str, record_id: str) -> dict:
        with self.db.session() as session:
            return zou_outputs.get_record(session, self.context.caller, kind, record_id)

    @rpc
    def update_file_record(self, kind: str, record_id: str, payload: dict) -> dict:
        with self.db.transaction() as tx:
            return zou_outputs.update_record(tx, self.context.caller, kind, record_id, payload)

    @rpc
    def delete_file_record(self, kind: str, record_id: str) -> dict:
        with self.db.transaction() as tx:
            return zou_outputs.delete_record(tx, self.context.caller, kind, record_id)


class ZouPreviewMedia:
    """The media worker's share of Zou previews (a mixin of AssetMediaWorker)."""

    @reliable_event_handler("asset", "preview_file_uploaded")
    def on_preview_file_uploaded(self, envelope: dict) -> None:
        zou_previews.make_renditions(self.db, self.storage, self.media_tools, envelope)
