"""Tables of the asset service: file records (Candidio assets), upload sessions,
and the projection of workspace memberships it authorizes with.

Named ``MediaAsset`` in code: in the Zou dialect an "asset" is a breakdown
entity owned by production_tracking, not a file.
"""

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, String, Text, Uuid
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
