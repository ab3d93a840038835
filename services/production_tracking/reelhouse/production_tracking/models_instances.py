"""Asset instances (Zou's ``asset_instance`` and ``asset_instance_link``).

An instance is one numbered use of an asset (``asset_id``) inside another
asset (``target_asset_id``: a prop in a set) or inside a layout scene
(``scene_id``). Shots list the instances they use through
``asset_instance_links`` (Zou's ``instance_casting``).

Same conventions as ``models``: the tenant's ``workspace_id`` on every row,
and ``project_id`` copied from the asset so visibility is one equality.
"""

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, _created, _id, _updated, _workspace


class AssetInstance(Base):
    __tablename__ = "asset_instances"

    id: Mapped[uuid.UUID] = _id()
    workspace_id: Mapped[uuid.UUID] = _workspace()
    project_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("projects.id"), nullable=False, index=True)
    asset_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), nullable=False, index=True)
    target_asset_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entities.id"), index=True)
    scene_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("entities.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(80))
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    description: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = _created()
    updated_at: Mapped[dt.datetime] = _updated()


class AssetInstanceLink(Base):
    """A shot uses an asset instance (Zou's ``instance_casting``)."""

    __tablename__ = "asset_instance_links"

    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("entities.id"), primary_key=True)
    asset_instance_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("asset_instances.id"), primary_key=True,
                                                         index=True)


Index("ix_asset_instances_container_number", AssetInstance.target_asset_id, AssetInstance.scene_id,
      AssetInstance.asset_id, AssetInstance.number)
