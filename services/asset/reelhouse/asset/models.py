"""Tables of the asset service: file records (Candidio assets), upload sessions,
and the projection of workspace memberships it authorizes with.

Named ``MediaAsset`` in code: in the Zou dialect an "asset" is a breakdown
entity owned by production_tracking, not a file.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base, utcnow
from reelhouse.shared.memberships import membership_model

Base = make_base()

# MediaAsset.status: an asset being deleted is hidden at once; its row goes
# when its objects are gone, so no record points to a missing object for long
# and no object is left without a record to find it by.
ACTIVE = "active"
DELETING = "deleting"

# MediaAsset.media_state: the derived-media (thumbnail/preview) job.
MEDIA_PENDING = "pending"
MEDIA_DONE = "done"
MEDIA_FAILED = "failed"
MEDIA_NONE = "none"  # nothing to derive (audio, documents)

# Upload.status
UPLOAD_PENDING = "pending"
UPLOAD_COMPLETED = "completed"
UPLOAD_ABORTED = "aborted"


# The workspace service's memberships, fed by its events (MembershipProjection).
WorkspaceMember = membership_model(Base)


class Upload(Base):
    """An upload the service handed out: where the client may put bytes."""

    __tablename__ = "uploads"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    object_key: Mapped[str] = mapped_column(String(1024), nullable=False, unique=True)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(255), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    multipart_upload_id: Mapped[str | None] = mapped_column(String(1024))
    part_size: Mapped[int | None] = mapped_column(BigInteger)
    part_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=UPLOAD_PENDING)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class MediaAsset(Base):
    """A Candidio asset: metadata of one verified S3 object, plus its derived media."""

    __tablename__ = "media_assets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    # The single polymorphic parent (production, description, revision,
    # deliverable, video_series); those entities arrive with later issues.
    uploadable_type: Mapped[str | None] = mapped_column(String(40))
    uploadable_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    bucket: Mapped[str] = mapped_column(String(255), nullable=False)
    # One record per object: deleting an asset deletes its object.
    object_key: Mapped[str] = mapped_column(String(1024), nullable=False, unique=True)
    etag: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    file_type: Mapped[str] = mapped_column(String(50), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(255), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    asset_type: Mapped[str] = mapped_column(String(10), nullable=False, index=True)
    is_stock: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_completed_production: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_transcoded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    video_duration: Mapped[float | None] = mapped_column(Float)
    thumbnail_key: Mapped[str | None] = mapped_column(String(1024))
    preview_mp4_key: Mapped[str | None] = mapped_column(String(1024))
    media_state: Mapped[str] = mapped_column(String(20), nullable=False, default=MEDIA_PENDING, index=True)
    media_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    media_error: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=ACTIVE)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# --- Zou files (the /api dialect): previews, outputs, working files --------------------------------
# Zou's own column names, so records leave as Zou shapes them. Ids of other
# services' records (tasks, comments, entities, projects) are plain UUIDs.

# ZouPreviewFile.status, as gazu reads it ("processing" until renditions exist).
PREVIEW_PROCESSING = "processing"
PREVIEW_READY = "ready"
PREVIEW_BROKEN = "broken"


class ZouPreviewFile(Base):
    """A preview of a comment's revision: its original object and a thumbnail."""

    __tablename__ = "zou_preview_files"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    comment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    original_name: Mapped[str | None] = mapped_column(String(250))
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    extension: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(40))
    file_size: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=PREVIEW_PROCESSING)
    validation_status: Mapped[str] = mapped_column(String(20), nullable=False, default="neutral")
    annotations: Mapped[list | None] = mapped_column(JSON)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration: Mapped[float | None] = mapped_column(Float)
    data: Mapped[dict | None] = mapped_column(JSON)
    object_key: Mapped[str | None] = mapped_column(String(1024), unique=True)
    thumbnail_key: Mapped[str | None] = mapped_column(String(1024))
    low_movie_key: Mapped[str | None] = mapped_column(String(1024))  # an H.264 MP4 of a movie
    deleting: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ZouOutputFile(Base):
    """A revision of a published file of an entity (or an asset instance in a shot)."""

    __tablename__ = "zou_output_files"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    asset_instance_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    temporal_entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)  # the shot or scene
    output_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    task_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    file_status_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    source_file_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    representation: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    nb_elements: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    extension: Mapped[str | None] = mapped_column(String(10))
    size: Mapped[int | None] = mapped_column(BigInteger)
    checksum: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(String(400))
    source: Mapped[str | None] = mapped_column(String(40))
    canceled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


Index("ix_zou_output_files_instance_target", ZouOutputFile.asset_instance_id, ZouOutputFile.temporal_entity_id)


class ZouWorkingFile(Base):
    """A revision of a task's work file (the artist's scene), metadata only."""

    __tablename__ = "zou_working_files"
    __table_args__ = (UniqueConstraint("task_id", "name", "revision"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    software_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(String(400))
    size: Mapped[int | None] = mapped_column(BigInteger)
    checksum: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ZouAttachmentFile(Base):
    """A file attached to a comment (any type), kept as one object."""

    __tablename__ = "zou_attachment_files"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    comment_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    extension: Mapped[str] = mapped_column(String(10), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(255), nullable=False)
    object_key: Mapped[str] = mapped_column(String(1024), nullable=False, unique=True)
    deleting: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ZouPreviewBackgroundFile(Base):
    """A workspace's background image for previews of 3D models (Zou's HDR backgrounds)."""

    __tablename__ = "zou_preview_background_files"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(250), nullable=False)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    original_name: Mapped[str | None] = mapped_column(String(250))
    extension: Mapped[str | None] = mapped_column(String(10))
    file_size: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    object_key: Mapped[str | None] = mapped_column(String(1024), unique=True)
    deleting: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
