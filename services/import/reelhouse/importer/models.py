"""Tables of the importer service. Its domain tables arrive with its feature issue."""

from reelhouse.shared.db import make_base

Base = make_base()
