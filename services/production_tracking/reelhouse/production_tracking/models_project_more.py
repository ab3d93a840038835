"""Tables for a project's budgets, its metadata descriptors and the preview
background files its settings name.

Same conventions as ``models``: every row carries its tenant's
``workspace_id``; department and preview background file ids (identity's and
the asset service's) carry no foreign key.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, _created, _id, _updated, _workspace


class Budget(Base):
    """A project's budget; each new one of a project takes the next revision, as in Zou."""

    __tablename__ = "budgets"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    amount: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class BudgetEntry(Base):
    """A line of a budget: an amount, or a quantity at a unit price."""

    __tablename__ = "budget_entries"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    # Denormalised from the budget so visibility and the tenant filter stay one equality.
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    budget_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("budgets.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))
    date: Mapped[dt.date | None] = mapped_column(Date)
    quantity: Mapped[float | None] = mapped_column(Float)
    unit_price: Mapped[float | None] = mapped_column(Float)
    amount: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class MetadataDescriptor(Base):
    """A custom field of a project's assets, shots, ... (Zou's metadata descriptor): entities keep
    its values in ``data[field_name]``."""

    __tablename__ = "metadata_descriptors"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    entity_type: Mapped[str] = mapped_column(String(60), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    field_name: Mapped[str] = mapped_column(String(120), nullable=False)
    data_type: Mapped[str] = mapped_column(String(20), nullable=False, default="string")
    choices: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    for_client: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    departments: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    task_type_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("task_types.id"), index=True)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


Index("ix_metadata_descriptors_project_entity_type", MetadataDescriptor.project_id, MetadataDescriptor.entity_type)


class ProjectPreviewBackgroundFile(Base):
    """A preview background file (the asset service's) offered in a project's settings."""

    __tablename__ = "project_preview_background_files"

    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), primary_key=True)
    preview_background_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, index=True)
    workspace_id: Mapped[uuid.UUID] = _workspace()
