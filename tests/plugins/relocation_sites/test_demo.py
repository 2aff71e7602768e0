"""Demo data: every band, every relocated household at a site of its county, counties ahead and behind."""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import func, select

from core.platform import Platform
from core.records.models import household, person
from core.testing.kit import GraphQLClient, StatementCounter
from plugins.relocation_sites import demo, rules
from plugins.relocation_sites.enums import SitePopulationBand
from plugins.relocation_sites.models import service_station, site, site_household, site_post

TOWNSHIPS = {county: [f"{county}101", f"{county}102"] for county in demo.SITES}


def test_same_seed_same_sites() -> None:
    def build(seed: int) -> tuple[object, ...]:
        rng = random.Random(seed)
        sites = demo._sites(rng, TOWNSHIPS, 1)
        return (
            sites,
            demo._facilities(rng, sites, 1),
            demo._fairs_and_pushes(rng, sites, 1, 1),
            demo._stations(rng, sites, 1),
        )

    assert build(7) == build(7)
    assert build(7) != build(8)


def test_populations_cover_every_band() -> None:
    populations = [p for planned in demo.SITES.values() for _, p, _, _ in planned]
    bands = Counter(rules.population_band(p) for p in populations)
    assert set(bands) == set(SitePopulationBand)
    assert bands[SitePopulationBand.FROM_3001_TO_4999] >= 3
    assert {999, 1_000, 1_001, 3_000, 5_000} <= set(populations)
    per_county = {county: len(planned) for county, planned in demo.SITES.items()}
    # the mountain counties have the most sites
    assert sorted(per_county, key=per_county.__getitem__, reverse=True)[:3] == [
        "450225",
        "450226",
        "450224",
    ]


async def test_written_demo_is_consistent(demo_platform: Platform, demo_gql: GraphQLClient) -> None:
    issues = await demo_gql("{ relocationLinkIssues { totalCount } }")
    assert issues["relocationLinkIssues"]["totalCount"] == 0
    async with demo_platform.db.connect() as conn:
        relocated = (
            await conn.execute(select(func.count()).where(household.c.relocated.is_(True)))
        ).scalar_one()
        linked = (await conn.execute(select(func.count()).select_from(site_household))).scalar_one()
        assert relocated == linked > 0
        # every post holder lives at the post's site
        holders = (
            await conn.execute(
                select(site_post.c.site_id, site_household.c.site_id)
                .join(person, person.c.id == site_post.c.holder_id)
                .join(site_household, site_household.c.household_id == person.c.household_id)
            )
        ).all()
        assert holders and all(a == b for a, b in holders)
        stations = (await conn.execute(select(service_station))).all()
        assert stations and all(1 <= s.staff <= 3 for s in stations)
        assert all(
            s.subsidy_fen is None or 5_000_000 <= s.subsidy_fen <= 10_000_000 for s in stations
        )
        set_by_admin = (
            await conn.execute(select(func.count()).where(site.c.post_requirement.is_not(None)))
        ).scalar_one()
        assert set_by_admin == len(demo.SET_POSTS)


async def test_some_counties_ahead_and_some_behind(demo_gql: GraphQLClient) -> None:
    data = await demo_gql(
        """{ metrics(asOf: "2019-12-31", keys: ["relocation.sites_with_workshop", "relocation.site_postings",
             "relocation.site_posts_filled"]) { key status breakdown { regionCode status } } }"""
    )
    found = {m["key"]: m for m in data["metrics"]}
    for key in ("relocation.sites_with_workshop", "relocation.site_postings"):
        mountain = {
            b["status"]
            for b in found[key]["breakdown"]
            if b["regionCode"] in ("450224", "450225", "450226")
        }
        assert "MET" in mountain or "ON_TRACK" in mountain, (key, mountain)
        assert "BEHIND" in mountain, (key, mountain)
    # sites in the no-rule band without an administrator's figure: NO_RULE, named
    posts = found["relocation.site_posts_filled"]
    assert posts["status"] == "NO_RULE"
    counties = {b["regionCode"]: b["status"] for b in posts["breakdown"]}
    assert counties["450225"] != "NO_RULE" and counties["450226"] == "NO_RULE"


async def test_scorecards_on_the_demo(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter
) -> None:
    data = await demo_gql(
        '{ siteScorecards(first: 100, asOf: "2019-09-30") { totalCount nodes { households workshops postsFilled postRule { status } station { id } } } }'
    )
    cards = data["siteScorecards"]["nodes"]
    assert (
        len(cards)
        == data["siteScorecards"]["totalCount"]
        == sum(len(p) for p in demo.SITES.values())
    )
    assert sum(c["households"] for c in cards) > 0
    assert {c["postRule"]["status"] for c in cards} == {"PLAN_RULE", "ADMINISTRATOR", "NO_RULE"}
    assert any(c["postsFilled"] for c in cards) and any(c["workshops"] for c in cards)
    # page, households, figures, stations, totalCount — for 24 sites as for one
    assert demo_sql_counter.count == 5, demo_sql_counter.statements
