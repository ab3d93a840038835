"""Input validation with marshmallow, turned into the catalogue's error."""

from marshmallow import ValidationError

from .errors import ValidationFailed


def load(schema, data, partial=False):
    """Validate ``data`` with ``schema`` (a Schema instance or class).

    Unknown fields are refused (marshmallow's default), so a typo in a field
    name is an error the client sees rather than a silently ignored value.
    """
    if isinstance(schema, type):
        schema = schema()
    if not isinstance(data, dict):
        raise ValidationFailed("Expected a JSON object.", {"_schema": ["Expected a JSON object."]})
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise ValidationFailed(details=error.normalized_messages()) from None
