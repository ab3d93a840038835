"""Files of production records that production_tracking deleted: nothing is
left pointing at a task, comment, entity or project that is gone.

production_tracking announces each deleted record (``project_deleted``,
``task_deleted``, ``comment_deleted``, ``asset_deleted``, ``shot_deleted``...,
``asset_instance_deleted``;
a forced delete announces the record asked for, its dependants go with it),
so each event covers every file under that record: files with objects are
hidden and announced like a user's delete (their objects, then rows, go in
``zou_files.purge``); metadata-only records (output and working files) go at once.
"""

import uuid

from sqlalchemy import select

from reelhouse.shared.db import Transaction

from . import zou_files
from .models import ZouAttachmentFile, ZouOutputFile, ZouPreviewFile, ZouWorkingFile
from .zou_attachments import attachment_event
from .zou_previews import event_data as preview_event

# Which files hang on a production record of each kind, and by which column.
FILES_OF = {
    "project": ((ZouPreviewFile, "project_id"), (ZouAttachmentFile, "project_id"), (ZouOutputFile, "project_id"),
                (ZouWorkingFile, "project_id")),
    "task": ((ZouPreviewFile, "task_id"), (ZouAttachmentFile, "task_id"), (ZouWorkingFile, "task_id")),
    "comment": ((ZouPreviewFile, "comment_id"), (ZouAttachmentFile, "comment_id")),
    "entity": ((ZouPreviewFile, "entity_id"), (ZouOutputFile, "entity_id"), (ZouOutputFile, "temporal_entity_id"),
               (ZouWorkingFile, "entity_id")),
    "asset_instance": ((ZouOutputFile, "asset_instance_id"),),
}
# production_tracking's entity kinds: each announces ``<kind>_deleted``.
ENTITY_KINDS = ("asset", "shot", "sequence", "episode", "scene", "edit", "concept")
WITH_OBJECTS = {ZouPreviewFile: ("preview_file_deleted", preview_event),
                ZouAttachmentFile: ("attachment_file_deleted", attachment_event)}


def forget(tx: Transaction, data: dict, kind: str) -> int:
    """Delete (or hide and announce) every file under the deleted record; how many."""
    record_id, workspace_id = uuid.UUID(str(data["id"])), uuid.UUID(str(data["workspace_id"]))
    count = 0
    for model, column in FILES_OF[kind]:
        rows = tx.session.scalars(select(model).where(
            getattr(model, column) == record_id, model.workspace_id == workspace_id).with_for_update()).all()
        for row in rows:
            if model in WITH_OBJECTS:
                if not row.deleting:
                    zou_files.announce_deleted(tx, row, *WITH_OBJECTS[model])
            else:
                tx.session.delete(row)
            count += 1
    return count
