"""What the SDK's declarations add besides the worked example: kinds placed by a person,
optional money, declared defaults, mutation directives, lists on `Person`, places in ledgers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.graphql.schema import build_schema
from core.platform import Platform
from core.plugins import Plugins
from core.records.region_names import RegionIndex
from core.sdk import Record, RecordKind, field, money_field, person_field
from core.sdk.places import Places, place_columns, place_depth
from core.settings import Settings
from plugins.employment_assistance.kinds import PUSHES, SUBSIDIES
from plugins.employment_assistance.models import Subsidy
from tests.factories import TOWNSHIP_A, VILLAGE_A1, four_households


def test_a_kind_is_placed_by_its_region_its_parent_or_the_person_it_is_about() -> None:
    assert SUBSIDIES.region_spec is None and SUBSIDIES.person_spec is not None
    assert "household" in str(select(SUBSIDIES.region_column()))

    class Nowhere(Record, table=True):
        __tablename__ = "sdk_test_nowhere"
        note: str = field(header="备注", description="备注。", max_length=20)

    with pytest.raises(TypeError, match="region_field"):
        RecordKind(Nowhere, name="Nowhere", title="无处", description="无处。", plural="nowheres")


def test_optional_money_defaults_and_personal_people() -> None:
    monthly = SUBSIDIES.spec("monthly_amount")
    assert not monthly.required and Subsidy.__table__.c["monthly_amount_fen"].nullable  # type: ignore[attr-defined]
    person = SUBSIDIES.spec("person_id")
    assert person.personal and "身份证号码" in person.variants
    assert SUBSIDIES.defaults() == {"graduate": False}
    assert PUSHES.defaults() == {"households": 0, "cancelled": False}
    assert money_field(header="元", description="元。", default=None).default is None
    assert person_field(description="人", personal=False) is not None


def test_mutation_directives_leads_and_person_lists() -> None:
    schema = build_schema(Plugins(Settings(plugins="employment_assistance"))).as_str()
    create = schema.index("  createHiringSubsidy(")
    assert '@leadBy(departments: ["RSJ", "XQZF"])' in schema[create : create + 200]
    wage = schema.index("  deleteMinimumWage(")
    assert "@adminOnly" in schema[wage : wage + 200]
    assert "subsidies: [HiringSubsidy!]! @personal" in schema
    assert "villagePosts: [VillagePost!]! @personal" in schema


def test_place_columns_follow_the_level() -> None:
    assert [c.header for c in place_columns("village_code", "VILLAGE")] == [
        "县区",
        "乡镇",
        "行政村",
    ]
    township = place_columns("township_code", "TOWNSHIP")
    assert [(c.header, c.required) for c in township] == [("县区", False), ("乡镇", True)]
    assert place_depth("TOWNSHIP", None) == 2 and place_depth(True, None) == 3


async def test_places_by_name_by_code_and_blank(platform: Platform) -> None:
    await four_households(platform)
    async with platform.db.connect() as conn:
        places = Places(await RegionIndex.load(conn))
    columns = place_columns("region_code", None)
    named = {"region_code__county": "融水县", "region_code__township": "甲镇"}
    assert places.region(named, columns) == (TOWNSHIP_A, "region_code__township")
    coded = {"region_code__village": int(VILLAGE_A1)}
    assert places.region(coded, columns) == (VILLAGE_A1, "region_code__village")
    assert places.region({}, columns) == ("450200", "region_code__county")
    orphan = places.region({"region_code__township": "甲镇"}, columns)
    assert not isinstance(orphan, tuple) and orphan.field == "region_code__county"
    required = places.region(
        {"township_code__county": "融水县"}, place_columns("township_code", "TOWNSHIP")
    )
    assert not isinstance(required, tuple) and required.code == "REQUIRED"
    assert places.names(VILLAGE_A1, 3)[1:] == ["甲镇", "甲一村"]
    assert places.names("450200", 2) == ["柳州市", None]
