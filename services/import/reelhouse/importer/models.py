"""Tables of the importer service: one row per import job (its state, counts and row errors), and the
ShotGrid records imports refused."""

import datetime as dt
import uuid

from sqlalchemy import JSON, DateTime, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from reelhouse.shared.db import make_base

Base = make_base()


class ImportJob(Base):
    """An import request: who sent what, how it ended, and which rows were refused."""

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_status_created_at", "status", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False)  # "csv"
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # assets, shots, casting, persons
    project_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # running, succeeded, failed, unknown
    # Why a job failed or is unknown, for machines: the error's reason (invalid_rows, bad_header...),
    # "timeout", or "interrupted" (left running: the sweeper ended it).
    reason: Mapped[str | None] = mapped_column(String(40))
    rows_total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # [{"row", "column", "message"}], at most jobs.MAX_KEPT_ERRORS of them.
    errors: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    message: Mapped[str | None] = mapped_column(String(500))
    ignored_columns: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)  # the job started running
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RefusedRecord(Base):
    """A ShotGrid record an import refused (Zou's DataImportError), kept until deleted."""

    __tablename__ = "import_errors"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    job_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False)  # "shotgun"
    event_data: Mapped[dict] = mapped_column(JSON, nullable=False)  # {"kind", "row", "errors", "record"}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
