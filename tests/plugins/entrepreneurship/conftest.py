"""Fixtures and helpers for the entrepreneurship plugin's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from core.graphql.context import Caller
from core.metrics.registry import collect_metrics, collect_target_defaults
from core.metrics.targets import seed_defaults
from core.platform import Platform
from plugins.entrepreneurship.settings import plugin_settings
from tests.conftest import GraphQLClient, client_for
from tests.factories import four_households

LOAN_FIELDS = """id contractNumber programme sequence amount bank issuedOn termMonths dueOn status version
                 borrower { name } enterprise { name }"""
ERROR_FIELDS = "... on RecordError { code message problems { field code message } }"


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    """The four hand-made households of tests/factories.py (融水 H-A, H-B, H-C; 三江 H-D)."""
    return await four_households(platform)


@pytest.fixture
async def sanjiang_rsj_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """三江县人社局: the department that leads this plugin (RSJ), limited to 450226."""
    caller = Caller(name="三江县人社局", role="department", department="RSJ", region="450226")
    async for client in client_for(platform, caller):
        yield client


@pytest.fixture
async def plan_targets(platform: Platform) -> None:
    """The plan's targets, as `jiuye db upgrade` writes them."""
    async with platform.db.begin() as conn:
        metrics = collect_metrics(platform.plugins)
        await seed_defaults(conn, collect_target_defaults(platform.plugins, metrics))


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """Settings read again from the environment, and forgotten afterwards."""
    plugin_settings.cache_clear()
    yield
    plugin_settings.cache_clear()


async def create_loan(gql: GraphQLClient, borrower: str, contract: str, **fields: Any) -> Any:
    """Send createLoan; return the result (LoanSuccess.loan or the RecordError)."""
    values = {
        "contractNumber": contract,
        "borrowerIdNumber": borrower,
        "programme": "NATIONAL",
        "amount": "50000.00",
        "bank": "柳州银行",
        "issuedOn": "2019-03-01",
        "termMonths": 24,
        **fields,
    }
    data = await gql(
        "mutation($i: LoanCreateInput!) { createLoan(input: $i) { __typename "
        "... on LoanSuccess { loan { %s } } %s } }" % (LOAN_FIELDS, ERROR_FIELDS),
        {"i": values},
    )
    result = data["createLoan"]
    return result["loan"] if result["__typename"] == "LoanSuccess" else result


ENTERPRISE_FIELDS = """id name kind registrationNumber regionCode establishedOn jobsCreated poorJobs version
                       owner { name } workers { id } loans { contractNumber } incubationBase { name }"""


async def create_enterprise(gql: GraphQLClient, owner: str, name: str, **fields: Any) -> Any:
    """Send createEnterprise; return the enterprise or the RecordError."""
    values = {
        "ownerIdNumber": owner,
        "name": name,
        "kind": "INDIVIDUAL_BUSINESS",
        "regionCode": fields.pop("regionCode", "450225101201"),
        "establishedOn": "2019-04-01",
        "jobsCreated": 5,
        "poorJobs": 2,
        **fields,
    }
    data = await gql(
        "mutation($i: EnterpriseCreateInput!) { createEnterprise(input: $i) { __typename "
        "... on EnterpriseSuccess { enterprise { %s } } %s } }" % (ENTERPRISE_FIELDS, ERROR_FIELDS),
        {"i": values},
    )
    result = data["createEnterprise"]
    return result["enterprise"] if result["__typename"] == "EnterpriseSuccess" else result


BASE_FIELDS = """id name area areaName namedInPlan regionCode status admittedOn operator version
                 enterprisesIncubated enterprises { name }"""


async def create_base(gql: GraphQLClient, name: str, area: str, region: str, **fields: Any) -> Any:
    """Send createIncubationBase; return the base or the RecordError."""
    data = await gql(
        "mutation($i: IncubationBaseCreateInput!) { createIncubationBase(input: $i) { __typename "
        "... on IncubationBaseSuccess { incubationBase { %s } } %s } }"
        % (BASE_FIELDS, ERROR_FIELDS),
        {"i": {"name": name, "area": area, "regionCode": region, **fields}},
    )
    result = data["createIncubationBase"]
    return result["incubationBase"] if result["__typename"] == "IncubationBaseSuccess" else result


def problems(result: Any) -> list[tuple[str, str]]:
    """(field, code) of every problem of a RecordError."""
    return [(p["field"], p["code"]) for p in result["problems"]]
