"""A UI reads every enum's Chinese labels, and every number in its unit's form, from the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.metrics.types import in_unit, whole
from core.records.enums import Relation
from tests.conftest import GraphQLClient


async def test_enum_labels_come_from_the_labelled_enum(gql: GraphQLClient) -> None:
    found = (await gql('{ enumLabels(name: "Relation") { value label aliases } }'))["enumLabels"]
    assert found == [
        {"value": m.code, "label": m.label, "aliases": list(m.aliases)} for m in Relation
    ]
    assert {"value": "HEAD", "label": "户主", "aliases": found[0]["aliases"]} == found[0]


@pytest.mark.parametrize("name", ["Nope", "Household", "DrillWhich"])
async def test_only_labelled_enums_have_labels(gql: GraphQLClient, name: str) -> None:
    response = await gql.post('{ enumLabels(name: "%s") { value } }' % name)
    (error,) = response.json()["errors"]
    assert error["extensions"] == {
        "code": "BAD_ARGUMENT",
        "field": "enumLabels",
        "argument": "name",
    }
    assert error["message"].endswith(f"没有带中文名称的枚举 {name}")


@pytest.mark.parametrize(
    ("unit", "number", "shown"),
    [
        ("元", Decimal("6000"), "6000.00"),
        ("元", Decimal("3500.5"), "3500.50"),
        ("%", Decimal("66.666"), "66.67"),
        ("户", Decimal("83.5"), "84"),
        ("人", Decimal("12.00"), "12"),
        ("人", None, None),
    ],
)
def test_figures_in_their_units_form(unit: str, number: Decimal | None, shown: str | None) -> None:
    found = in_unit(unit, number)
    assert (None if found is None else str(found)) == shown


def test_a_denominator_is_whole() -> None:
    assert str(whole(Decimal("3.0"))) == "3"
