"""Small numbers withheld from viewers, with their complements, on hand-made data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert

from core.metrics import suppression
from core.platform import Platform
from core.records.enums import WorkForm
from core.records.models import region
from tests.conftest import GraphQLClient
from tests.factories import add_household, add_job, member

TOWN = "450225109"
V1, V2, V3, V4, V5 = (f"{TOWN}2{n:02d}" for n in range(1, 6))
LABOUR = "core.labor_households"
HEADLINE = "core.households_with_employment"
WORKERS = "core.employed_workers"
EARLY, LATE = "2019-04-30", "2019-09-30"


@pytest.fixture
async def town(platform: Platform) -> None:
    """Five villages of one township, one labourer per household.

    On 2019-04-30 (labour households / at work): 甲 12/7, 乙 9/9 (3 of them in flexible work),
    丙 3/0, 丁 5/5, 戊 10/5 (all 5 in flexible work). From 2019-06-01 two more are at work in
    丙 (2 of 3) and three more in 戊 (8 of 10, 2 not), in wage work.
    """
    rows = [
        {
            "code": code,
            "name": name,
            "short_name": name,
            "level": level,
            "parent_code": parent,
            "urban_district": False,
            "poor_village": False,
            "key_poor_township": False,
            "urban_rural_class": "220" if level == "VILLAGE" else None,
        }
        for code, name, parent, level in [
            (TOWN, "试验镇", "450225", "TOWNSHIP"),
            *(
                (code, f"{n}村", TOWN, "VILLAGE")
                for code, n in zip((V1, V2, V3, V4, V5), "甲乙丙丁戊", strict=True)
            ),
        ]
    ]
    async with platform.db.begin() as conn:
        await conn.execute(insert(region), rows)
    plan = {
        V1: (12, 7, 0, 0),
        V2: (9, 9, 3, 0),
        V3: (3, 0, 0, 2),
        V4: (5, 5, 0, 0),
        V5: (10, 5, 5, 3),
    }
    person = 0
    for village, (households, working, flexible, later) in plan.items():
        for n in range(households):
            person += 1
            born = date(1970, 1, 1) + timedelta(days=person)
            data = member(f"户主{person}", born, 11)
            await add_household(platform, f"S-{person:03d}", village, [data])
            if n < working:
                form = WorkForm.FLEXIBLE if n < flexible else WorkForm.WAGE_WORK
                await add_job(platform, data.id_number, date(2019, 3, 1), form=form)
            elif n < working + later:
                await add_job(platform, data.id_number, date(2019, 6, 1))


RESULT = "regionCode value base status statusReason"


async def result(
    client: GraphQLClient, key: str, where: str, as_of: str, extra: str = ""
) -> dict[str, Any]:
    found = await client(
        "query($k: String!, $r: String!, $d: Date!) { metric(key: $k, region: $r, asOf: $d) { %s %s breakdown { %s } } }"
        % (RESULT, extra, RESULT),
        {"k": key, "r": where, "d": as_of},
    )
    return dict(found["metric"])


def hidden(found: dict[str, Any]) -> set[str]:
    return {child["regionCode"] for child in found["breakdown"] if child["status"] == "SUPPRESSED"}


@pytest.mark.usefixtures("town")
async def test_a_withheld_village_is_not_the_township_minus_the_others(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    seen = await result(viewer_gql, LABOUR, TOWN, EARLY)
    assert seen["value"] == "39"
    # 丙村 rests on 3 households; 丁村, the next smallest, is withheld with it.
    assert hidden(seen) == {V3, V4}
    reasons = {c["regionCode"]: c["statusReason"] for c in seen["breakdown"]}
    assert reasons[V3] == suppression.SMALL and reasons[V4] == suppression.COMPLEMENT
    shown = sum(Decimal(c["value"]) for c in seen["breakdown"] if c["value"] is not None)
    assert Decimal(seen["value"]) - shown == 8  # 丙 and 丁 together, neither alone
    # Asking for 丁村 itself, or for its figure at the township's level, gives nothing either.
    alone = await result(viewer_gql, LABOUR, V4, EARLY)
    assert alone["status"] == "SUPPRESSED" and alone["value"] is None
    assert alone["statusReason"] == suppression.COMPLEMENT
    # Metrics on the same rows are withheld together: the labour households of 丁村 are not
    # recoverable from its share at work and the households with nobody at work either.
    for key in (HEADLINE, "core.zero_employment_households"):
        assert hidden(await result(viewer_gql, key, TOWN, EARLY)) == {V3, V4}, key
    # The administrator sees every figure.
    full = await result(gql, LABOUR, TOWN, EARLY)
    assert hidden(full) == set()
    assert [c["value"] for c in full["breakdown"]] == ["12", "9", "3", "5", "10"]


@pytest.mark.usefixtures("town")
async def test_a_share_whose_numerator_or_rest_is_small(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    # On 2019-09-30 8 of 戊村's 10 households are at work: the 2 that are not would follow
    # from the share and its base, so 戊村's share is withheld although it rests on 10.
    seen = await result(viewer_gql, HEADLINE, TOWN, LATE)
    by_code = {c["regionCode"]: c for c in seen["breakdown"]}
    assert by_code[V5]["status"] == "SUPPRESSED" and by_code[V5]["base"] is None
    assert by_code[V5]["statusReason"] == suppression.SMALL_PART
    assert hidden(seen) == {V3, V5}
    full = await result(gql, HEADLINE, TOWN, LATE)
    assert {c["regionCode"]: c["value"] for c in full["breakdown"]}[V5] == "80.00"


SPLIT = 'split(dimension: "form") { category value suppressed }'


@pytest.mark.usefixtures("town")
async def test_small_split_parts_are_withheld_with_a_complement(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    values = await result(
        viewer_gql, WORKERS, V2, EARLY, 'split(dimension: "form") { category value }'
    )
    assert {p["category"]: p["value"] for p in values["split"]}["FLEXIBLE"] is None
    # 乙村: 3 in flexible work would point at them, and its 6 in wage work are its figure
    # minus the rest, so both are withheld.
    seen = await result(viewer_gql, WORKERS, V2, EARLY, SPLIT)
    assert seen["value"] == "9"
    parts = {p["category"]: p for p in seen["split"]}
    assert parts["FLEXIBLE"] == {"category": "FLEXIBLE", "value": None, "suppressed": True}
    assert parts["WAGE_WORK"]["value"] is None and parts["WAGE_WORK"]["suppressed"]
    assert {p["value"] for c, p in parts.items() if c not in {"FLEXIBLE", "WAGE_WORK"}} == {"0"}
    # The township's 8 in flexible work are shown; 戊村's 5 are withheld, or the township's
    # 8 minus them would give 乙村's 3.
    township = await result(viewer_gql, WORKERS, TOWN, EARLY, SPLIT)
    assert {p["category"]: p["value"] for p in township["split"]}["FLEXIBLE"] == "8"
    other = await result(viewer_gql, WORKERS, V5, EARLY, SPLIT)
    assert other["value"] == "5"
    assert {p["category"]: p["suppressed"] for p in other["split"]}["FLEXIBLE"] is True
    # A withheld village's split is withheld whole (else its parts would add up to it).
    village = await result(viewer_gql, WORKERS, V3, LATE, SPLIT)
    assert village["status"] == "SUPPRESSED"
    assert all(p["value"] is None and p["suppressed"] for p in village["split"])
    full = await result(gql, WORKERS, V2, EARLY, SPLIT)
    assert {p["category"]: p["value"] for p in full["split"]}["FLEXIBLE"] == "3"
    assert not any(p["suppressed"] for p in full["split"])


BOARD = """query($r: String!, $d: Date!) { dashboard(region: $r, asOf: $d) {
  rows { regionCode cells { key result { value status } } }
  behind { result { key regionCode value status } } } }"""


@pytest.mark.usefixtures("town")
async def test_the_board_applies_the_same_rule(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    seen = (await viewer_gql(BOARD, {"r": TOWN, "d": EARLY}))["dashboard"]
    cells = {
        (row["regionCode"], cell["key"]): cell["result"]
        for row in seen["rows"]
        for cell in row["cells"]
    }
    for key in (LABOUR, HEADLINE):
        assert {code for code in (V1, V2, V3, V4, V5) if cells[(code, key)]["value"] is None} == {
            V3,
            V4,
        }
        assert cells[(V4, key)]["status"] == "SUPPRESSED"
    full = (await gql(BOARD, {"r": TOWN, "d": EARLY}))["dashboard"]
    late = {(b["result"]["key"], b["result"]["regionCode"]) for b in full["behind"]}
    listed = {(b["result"]["key"], b["result"]["regionCode"]) for b in seen["behind"]}
    # What is behind in a withheld cell is on the administrator's list, not on the viewer's.
    withheld = {
        (key, code)
        for key, code in late
        if cells.get((code, key), {}).get("status") == "SUPPRESSED"
    }
    assert withheld and not withheld & listed
    # Only a region with nothing to count (未报送) is listed without a value.
    assert all(
        b["result"]["value"] is not None or b["result"]["status"] == "NO_DATA"
        for b in seen["behind"]
    )
    assert listed and listed <= late


@pytest.mark.usefixtures("town")
async def test_a_snapshot_is_withheld_the_same_way(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    made = await gql(
        'mutation { createMetricSnapshot(input: {label: "四月", asOf: "%s"}) { __typename } }'
        % EARLY
    )
    assert made["createMetricSnapshot"]["__typename"] == "SnapshotSuccess"
    found = await viewer_gql(
        '{ metric(key: "%s", region: "%s", snapshot: "四月") { value breakdown { regionCode status } } }'
        % (LABOUR, TOWN)
    )
    assert hidden(found["metric"]) == {V3, V4}
    village = await viewer_gql(
        '{ metric(key: "%s", region: "%s", snapshot: "四月") { value status } }' % (LABOUR, V4)
    )
    assert village["metric"] == {"value": None, "status": "SUPPRESSED"}


@pytest.mark.usefixtures("town")
async def test_a_metric_at_a_level_it_is_not_broken_down_to(
    viewer_gql: GraphQLClient, gql: GraphQLClient
) -> None:
    # Counted by county only: asking township by township would be a breakdown without
    # protection, so a viewer gets nothing below the county.
    key = "entrepreneurship.incubation_bases_admitted"
    county = await result(viewer_gql, key, "450225", EARLY)
    assert county["status"] != "SUPPRESSED"
    township = await result(viewer_gql, key, TOWN, EARLY)
    assert township["status"] == "SUPPRESSED"
    assert township["statusReason"] == suppression.NOT_REPORTED
    assert (await result(gql, key, TOWN, EARLY))["value"] == "0"


@pytest.mark.parametrize(
    "query",
    [
        "{ povertyWorkshops { nodes { poorWorkers } } }",
        "{ jobPushes { nodes { households } } }",
        "{ trainingClasses { nodes { enrolledTrainees } } }",
        "{ trainingClasses { nodes { otherTrainees } } }",
    ],
)
async def test_counts_on_single_records_are_refused_to_viewers(
    viewer_gql: GraphQLClient, gql: GraphQLClient, query: str
) -> None:
    response = await viewer_gql.post(query)
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN_FIELD"
    assert "errors" not in (await gql.post(query)).json()


def test_secondary_suppression_leaves_no_line_with_one_hidden_cell() -> None:
    rows = [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    columns = [list(cells) for cells in zip(*rows, strict=True)]
    weight = {"a1": 3, "a2": 40, "a3": 7, "b1": 9, "b2": 0, "b3": 12}
    hidden = suppression.complete([*rows, *columns], {"a1": suppression.SMALL}, weight)
    for line in (*rows, *columns):
        assert sum(cell in hidden for cell in line) != 1
    # The next smallest with records is chosen, never an empty cell while others remain.
    assert hidden["a3"] == suppression.COMPLEMENT and "b2" not in hidden


def test_rows_of_a_region_itself_count_as_a_withheld_part() -> None:
    # 试验镇 has 20 records: 10 in 甲村, 7 in 乙村 and 3 registered at the township itself.
    # Those 3 are the township minus its villages, so one village is withheld with them.
    tables = {
        TOWN: {
            TOWN: [suppression.Figure(20)],
            V1: [suppression.Figure(10)],
            V2: [suppression.Figure(7)],
            TOWN + suppression.OWN_ROWS: [suppression.Figure(3)],
        }
    }
    decided = suppression.along([TOWN], tables)
    assert decided == {TOWN + suppression.OWN_ROWS: suppression.OWN, V2: suppression.COMPLEMENT}
