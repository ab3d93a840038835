"""The documented /v1 production payloads name the same fields as production_tracking validates."""

import pytest

from reelhouse.gateway.v1 import production_schemas as documented
from reelhouse.production_tracking.candidio import schemas as validated

PAIRS = [
    (documented.CreateVideoSeriesSchema, validated.CreateSeriesSchema),
    (documented.UpdateVideoSeriesSchema, validated.UpdateSeriesSchema),
    (documented.CreateProductionSchema, validated.CreateProductionSchema),
    (documented.UpdateProductionSchema, validated.UpdateProductionSchema),
    (documented.BriefInputSchema, validated.BriefSchema),
    (documented.CreateDescriptionSchema, validated.CreateShotSchema),
    (documented.UpdateDescriptionSchema, validated.UpdateShotSchema),
    (documented.CreateRevisionSchema, validated.CreateRevisionSchema),
    (documented.UpdateRevisionSchema, validated.UpdateRevisionSchema),
    (documented.CreateDeliverableSchema, validated.CreateDeliverableSchema),
    (documented.UpdateDeliverableSchema, validated.UpdateDeliverableSchema),
]


def wire_fields(schema):
    return {field.data_key or name: field.required for name, field in schema().fields.items()}


@pytest.mark.parametrize(("documented_schema", "validated_schema"), PAIRS, ids=lambda s: s.__name__)
def test_documented_fields_match_the_service_schema(documented_schema, validated_schema):
    assert wire_fields(documented_schema) == wire_fields(validated_schema)
