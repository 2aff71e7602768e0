"""Generated requests: no 5xx, no unexpected error, and never a row from another county.

Everything is generated from the schema itself, so every field a plugin adds is exercised
too: queries (hypothesis-graphql), then every root query and mutation field with each argument
passed as a variable holding wild values of its type — ids of every record type with keys
past 64 bits or in other scripts, cursors of every shape, dates at the ends of the calendar,
decimals too large for a column, nesting past the limit — and multipart uploads with wild
`map` paths. Bounded in examples (fixed seeds) so the suite stays quick.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    is_leaf_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import four_households

SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "Decimal": st.one_of(
        st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
        st.sampled_from(["1e30", "NaN", "-Infinity", "9" * 40, "-0.001"]),
    ).map(lambda d: nodes.String(str(d))),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat())),
}
EXAMPLES = 60
VARIABLE_EXAMPLES = 5
"""Requests per root field that takes arguments (about 90 fields with every plugin)."""


def graphql_schema(platform: Platform) -> GraphQLSchema:
    return build_schema(platform.schema.as_str())


def collect(strategy: st.SearchStrategy[Any], examples: int) -> list[Any]:
    """`examples` values drawn from `strategy` (fixed seed: the same every run)."""
    found: list[Any] = []

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    @given(strategy)
    def draw(value: Any) -> None:
        found.append(value)

    draw()
    return found


def generate(platform: Platform, fields: list[str]) -> list[str]:
    """Queries over `fields`, generated from the schema."""
    strategy = from_schema(graphql_schema(platform), fields=fields, custom_scalars=SCALARS)
    return [str(query) for query in collect(strategy, EXAMPLES)]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def record_types(schema: GraphQLSchema) -> list[str]:
    """The type names a global id may name: every `Node` type, `Node` itself, and nonsense."""
    node = schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    return [*(t.name for t in schema.get_implementations(node).objects), "Node", "Query", "Nope"]


KEYS = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.sampled_from(["²", "١٢", "-1", "0", "1", "450225", "", "1.5", "x" * 100, "9" * 30]),
    st.text(max_size=12),
)


def global_ids(schema: GraphQLSchema) -> st.SearchStrategy[str]:
    """Ids of every record type with wild keys, and strings that are no id at all."""
    made = st.builds(lambda t, k: b64(f"{t}:{k}"), st.sampled_from(record_types(schema)), KEYS)
    return st.one_of(made, made, made, st.text(max_size=20))


JSON_KEYS: st.SearchStrategy[Any] = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
JSON: st.SearchStrategy[Any] = st.recursive(
    JSON_KEYS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
CURSORS = st.one_of(
    st.builds(lambda k: b64(f"k:{k}"), KEYS),
    st.builds(lambda k: b64(json.dumps([k])), JSON_KEYS),
    st.builds(lambda k: b64(json.dumps(k)), JSON_KEYS),
    st.text(max_size=20),
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.text(min_size=65, max_size=300),  # past the length of most text columns
    st.sampled_from(["450200", "450225", "450225101", "450225101001", "9" * 40, "²", " ", ""]),
    CURSORS,
)
# Wild values, mostly ones the scalars accept: what gets past coercion reaches the resolvers,
# the SQL and the plugins' rules.
DATES = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    st.sampled_from([date(1900, 1, 1), date(2999, 12, 31), date(2019, 2, 28), date(2020, 2, 29)]),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]),  # refused by the Date scalar
).map(date.isoformat)
DECIMALS = st.one_of(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(["999999999999999.99", "-999999999999999", "0.001", "0", "-1", "1e14"]),
)
INTS = st.one_of(
    st.integers(min_value=-5, max_value=200),
    st.sampled_from([0, -1, 2**31 - 1, -(2**31), 9999, 10000]),
)


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def values_of(
    schema: GraphQLSchema, type_: GraphQLInputType, depth: int = 0
) -> st.SearchStrategy[Any]:
    """Values of an input type, with edge values at the leaves; null wherever null is allowed."""
    if isinstance(type_, GraphQLNonNull):
        return _values(schema, type_.of_type, depth)
    return st.one_of(st.none(), _values(schema, type_, depth))


def _values(schema: GraphQLSchema, type_: GraphQLInputType, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(type_, GraphQLList):
        items = st.lists(values_of(schema, type_.of_type, depth + 1), max_size=3)
        if depth == 0 and isinstance(get_named_type(type_), GraphQLScalarType):
            return st.one_of(items, st.just(_nested(40)))
        return items
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        required = {
            name: values_of(schema, field.type, depth + 1)
            for name, field in named.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
        optional = {
            name: values_of(schema, field.type, depth + 1)
            for name, field in named.fields.items()
            if name not in required and depth < 4
        }
        return st.fixed_dictionaries(required, optional=optional)
    if isinstance(named, GraphQLEnumType):
        return st.sampled_from(list(named.values))
    assert isinstance(named, GraphQLScalarType)
    by_scalar: dict[str, st.SearchStrategy[Any]] = {
        "ID": global_ids(schema),
        "String": TEXT,
        "Int": INTS,
        "Float": st.floats(allow_nan=False, allow_infinity=False),
        "Boolean": st.booleans(),
        "Date": DATES,
        "DateTime": DATES.map(lambda d: f"{d}T00:00:00+08:00"),
        "Decimal": DECIMALS,
    }
    return by_scalar.get(named.name, TEXT)


def operation(kind: str, name: str, field: GraphQLField) -> str:
    """An operation calling `field` with every argument passed as a variable."""
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    call = f"{name}({passed})" if passed else name
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"{kind}{f'({declared})' if declared else ''} {{ {call}{selection} }}"


def wild_requests(schema: GraphQLSchema) -> list[tuple[str, dict[str, Any]]]:
    """`VARIABLE_EXAMPLES` requests per root field of the schema, with wild variables."""
    requests = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            if not field.args:
                continue
            strategy = st.fixed_dictionaries(
                {arg: values_of(schema, spec.type) for arg, spec in field.args.items()}
            )
            text = operation(kind, name, field)
            requests.extend((text, variables) for variables in collect(strategy, VARIABLE_EXAMPLES))
    return requests


def plausible(type_: GraphQLInputType) -> Any:
    """A value of the type its field would likely accept (required input fields filled)."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        return []
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: plausible(field.type)
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    return {
        "ID": b64("Nope:1"),
        "String": "450225",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Date": "2019-09-30",
        "DateTime": "2019-09-30T00:00:00+08:00",
        "Decimal": "1",
    }.get(getattr(type_, "name", ""), "x")


def _leaves(
    type_: GraphQLInputType, path: tuple[str, ...], depth: int = 0
) -> list[tuple[tuple[str, ...], str]]:
    """(path, kind) of every argument or input field a wild value is tried in."""
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        if depth >= 3 or isinstance(type_, GraphQLList):
            return []
        return [
            leaf
            for name, field in named.fields.items()
            for leaf in _leaves(field.type, (*path, name), depth + 1)
        ]
    if isinstance(type_, GraphQLList) or (
        isinstance(type_, GraphQLNonNull) and isinstance(type_.of_type, GraphQLList)
    ):
        return [(path, f"[{named.name}]")] if named.name in ("ID", "Date") else []
    if path[-1] in ("after", "before") and named.name == "String":
        return [(path, "cursor")]
    return [(path, named.name)] if named.name in ("ID", "Date", "Decimal") else []


def _id_type(names: str, types: list[str]) -> str:
    """The record type an id argument most likely names (`incubationBaseId` → IncubationBase)."""
    found = [t for t in types if t.lower() in names.lower()]
    return max(found, key=len) if found else "Person"


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copied = json.loads(json.dumps(values))
    target = copied
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[path[-1]] = value
    return copied


def one_wild_value_each(schema: GraphQLSchema) -> list[tuple[str, dict[str, Any]]]:
    """Every id, cursor, date and decimal argument (and input field) of every root field, each
    given each wild value in turn while the others hold plausible values."""
    types = record_types(schema)[:-3]
    requests = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            text = operation(kind, name, field)
            base = {
                arg: plausible(spec.type)
                for arg, spec in field.args.items()
                if isinstance(spec.type, GraphQLNonNull)
            }
            for arg, spec in field.args.items():
                for path, leaf in _leaves(spec.type, (arg,)):
                    record = _id_type(name + "".join(path), types)
                    wild: list[Any] = {
                        "ID": [b64(f"{record}:{'9' * 30}"), b64(f"{record}:²"), b64("Node:1")],
                        "[ID]": [[b64(f"{record}:{'9' * 30}")]],
                        "cursor": [
                            b64("k:" + "9" * 30),
                            b64("k:²"),
                            b64(json.dumps([10**30])),
                            b64(json.dumps([{"a": 1}])),
                            b64(json.dumps(["x"])),
                        ],
                        "Date": ["0001-01-01", "9999-12-31"],
                        "[Date]": [["0001-01-01"]],
                        "Decimal": ["1e30", "NaN"],
                    }[leaf]
                    requests.extend((text, _set(base, path, value)) for value in wild)
    return requests


def assert_expected(response: Any, request: object) -> None:
    assert response.status_code < 500, (request, response.text)
    # By code, not by text: generated strings may hold any text, and errors echo arguments.
    codes = [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
    assert "INTERNAL_ERROR" not in codes, (request, response.text)


async def test_generated_queries_never_fail_unexpectedly(
    gql: GraphQLClient, platform: Platform
) -> None:
    await four_households(platform)
    schema = graphql_schema(platform)
    assert schema.query_type is not None
    for query in generate(platform, list(schema.query_type.fields)):
        assert_expected(await gql.post(query), query)


async def test_each_wild_id_cursor_date_and_decimal_never_fails_unexpectedly(
    gql: GraphQLClient, platform: Platform
) -> None:
    """One wild value at a time, so that no other argument stops the request first."""
    await four_households(platform)
    for query, variables in one_wild_value_each(graphql_schema(platform)):
        assert_expected(await gql.post(query, variables), (query, variables))


async def test_wild_variables_never_fail_unexpectedly(
    gql: GraphQLClient, platform: Platform
) -> None:
    """Every argument of every root query and mutation field, as a variable holding wild values."""
    await four_households(platform)
    for query, variables in wild_requests(graphql_schema(platform)):
        assert_expected(await gql.post(query, variables), (query, variables))


MAP_STEPS = st.sampled_from(["file", "dryRun", "0", "1", "-1", "x", "", "99999999999999999999"])


@pytest.mark.parametrize(
    "upload_variables", [{"file": None, "dryRun": True}, {"file": [None], "dryRun": "x"}]
)
async def test_wild_multipart_maps_never_fail_unexpectedly(
    gql: GraphQLClient, upload_variables: dict[str, Any]
) -> None:
    operations = {
        "query": "mutation($file: Upload!, $dryRun: Boolean!) "
        "{ importLedger(file: $file, dryRun: $dryRun) { committed } }",
        "variables": upload_variables,
    }
    paths = st.one_of(
        st.lists(MAP_STEPS, min_size=0, max_size=5).map(lambda s: ".".join(["variables", *s])),
        st.text(max_size=20),
    )
    maps = st.one_of(
        st.dictionaries(st.sampled_from(["0", "1"]), st.lists(paths, max_size=3), max_size=2),
        JSON,
    )
    for mapping in collect(maps, 40):
        response = await gql.http.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
            files={"0": ("a.csv", b"x\r\n", "text/csv")},
            headers={"X-Jiuye-Upload": "1"},
        )
        assert_expected(response, mapping)


async def test_no_row_from_another_county(county_gql: GraphQLClient, platform: Platform) -> None:
    await four_households(platform)
    others = re.compile(r"H-[ABC]\b|450225\d{3}\*")
    for query in generate(platform, ["households", "persons", "household", "personByIdNumber"]):
        response = await county_gql.post(query)
        assert response.status_code < 500, (query, response.text)
        assert not others.search(response.text), (query, response.text)
