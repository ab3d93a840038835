"""The importer's RPC payloads."""

from marshmallow import Schema, fields, validate

from reelhouse.shared.validation import StrictBoolean

from .csv_import import KINDS

MAX_CSV_CHARACTERS = 4 * 1024 * 1024  # the gateway refuses larger uploads (413) before they get here
PROJECT_KINDS = ("assets", "shots", "edits", "casting")
EXPORTS = ("assets", "shots", "edits", "casting")


class CsvImportSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(tuple(KINDS)))
    project_id = fields.UUID(load_default=None, allow_none=True)
    text = fields.String(required=True, validate=validate.Length(max=MAX_CSV_CHARACTERS))
    update_existing = StrictBoolean(load_default=False)
