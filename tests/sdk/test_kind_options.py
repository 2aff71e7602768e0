"""SDK options a record kind and its ledger may declare: computed columns, defaults filled on
create, optional money, the plugins' settings in rules, a parent named by ledger columns."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.sdk import WriteContext, sheet_kind
from core.sdk.sheets import _parse
from plugins.relocation_sites.kinds import FACILITIES, FAIRS, POSTS, SITES, STATIONS
from plugins.relocation_sites.sheets.common import SITE_PARENT


def test_computed_columns_follow_the_values_given() -> None:
    stored = SITES.stored({"name": " 甲 ", "township_code": "450225101000"})
    assert stored == {"name": "甲", "township_code": "450225101", "county_code": "450225"}
    assert "county_code" not in SITES.stored({"name": "甲"})  # an update that leaves it alone
    assert FACILITIES.stored({"business_registration": "91350100m000100y43"}) == {
        "business_registration": "91350100M000100Y43"
    }


def test_declared_defaults_fill_what_a_create_leaves_out() -> None:
    filled = FAIRS.with_defaults({"title": "春风行动", "intentions": None})
    assert filled["cancelled"] is False and filled["intentions"] == 0
    assert "place" not in filled or filled["place"] is None  # a None default stays None
    assert FAIRS.with_defaults({"intentions": 5})["intentions"] == 5


def test_optional_money_is_a_nullable_column() -> None:
    assert POSTS.table.c.monthly_pay_fen.nullable is True
    assert STATIONS.table.c.subsidy_fen.nullable is True
    assert POSTS.spec("monthly_pay").required is False


class _Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JIUYE_SDK_TEST_", extra="ignore")
    limit: int = Field(default=3, description="x")


class _Plugins:
    def settings_of(self, cls: type[_Settings]) -> _Settings:
        return cls(limit=9)


def test_rules_read_the_settings_the_platform_read() -> None:
    alone = WriteContext(conn=None, today=date(2019, 1, 1))  # type: ignore[arg-type]
    assert alone.settings_of(_Settings).limit == 3
    loaded = WriteContext(conn=None, today=date(2019, 1, 1), plugins=_Plugins())  # type: ignore[arg-type]
    assert loaded.settings_of(_Settings).limit == 9


def test_a_child_ledger_names_its_parent_by_columns() -> None:
    sheet = sheet_kind(FACILITIES, parent=SITE_PARENT, name="x_facilities", after=("x_sites",))
    fields = [c.field for c in sheet.columns]
    assert fields[:2] == ["county", "site"] and "site_id" not in fields
    assert sheet.after == ("regions", "x_sites")
    assert sheet.name == "x_facilities" and sheet.title == FACILITIES.sheet_title


def test_integer_cells_may_carry_thousands_separators() -> None:
    assert _parse(FAIRS, FAIRS.spec("postings"), "2,500") == 2_500
    assert _parse(FAIRS, FAIRS.spec("postings"), 2_500.0) == 2_500


def test_a_field_with_a_default_is_never_null_in_answers() -> None:
    from plugins.relocation_sites.plugin import plugin

    answers = plugin.schema(FAIRS).node_type.__annotations__
    assert answers["cancelled"] is bool and answers["intentions"] is int
    assert answers["place"] == str | None
