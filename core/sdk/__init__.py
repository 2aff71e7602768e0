"""The plugin SDK: everything a plugin imports from the core, and nothing else.

A plugin writes `from core.sdk import ...`; every other module of `core` is internal and may
change between releases. `jiuye plugins check` refuses a plugin that imports one, and
`PluginInfo.requires_core` versions this surface. docs/plugins.md documents each name.
"""

from __future__ import annotations

from sqlalchemy.engine import Row

from core.db import Database, table_of
from core.enums import LabelledEnum
from core.graphql.context import Caller, Info
from core.graphql.directives import PERSONAL
from core.graphql.enums import graphql_enum
from core.graphql.errors import bad_argument
from core.graphql.loaders import Loader, many_per_key, one_per_key
from core.graphql.node import Node, from_global_id, to_global_id
from core.graphql.pagination import Connection
from core.hookspecs import MigrationBranch, PluginInfo, TypeExtension, hookimpl
from core.importing.sheets import (
    Column,
    ExportRequest,
    ImportContext,
    SheetImporter,
    SheetKind,
    SheetRow,
)
from core.importing.values import (
    digits_text,
    id_number_text,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from core.metrics.definitions import (
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
    TargetDefault,
)
from core.metrics.periods import PLAN_YEAR
from core.money import fen_to_yuan, yuan_to_fen
from core.problems import ErrorCode, Problem, Problems, raise_if
from core.records.loaders import RegionByCodeLoader
from core.records.models import employment, household, person, region
from core.records.mutations import RecordError
from core.records.types import Household, Person, Region
from core.regions import RegionCodeError, canonical_code, in_subtree, level_of, subtree_prefix
from core.scope import EVERYWHERE, Scope
from core.sdk.fields import Record, field, money_field, parent_field, region_field
from core.sdk.helpers import (
    MAX_KEY,
    UNSET,
    After,
    Before,
    First,
    Last,
    decode_id,
    given,
    id_problem,
    paginate,
    region_argument,
    write,
)
from core.sdk.kinds import RecordKind, Rule, WriteContext
from core.sdk.plugin import Plugin
from core.security import audit
from core.sqltypes import UtcDateTime, utcnow

__all__ = [
    "EVERYWHERE",
    "MAX_KEY",
    "PERSONAL",
    "PLAN_YEAR",
    "UNSET",
    "After",
    "Aggregate",
    "Before",
    "Caller",
    "Column",
    "Connection",
    "Database",
    "ErrorCode",
    "ExportRequest",
    "First",
    "Household",
    "ImportContext",
    "Info",
    "LabelledEnum",
    "Last",
    "Loader",
    "MetricDefinition",
    "MetricKind",
    "MetricQuery",
    "MigrationBranch",
    "Node",
    "Person",
    "Plugin",
    "PluginInfo",
    "Problem",
    "Problems",
    "Record",
    "RecordError",
    "RecordKind",
    "Region",
    "RegionByCodeLoader",
    "RegionCodeError",
    "Row",
    "Rule",
    "RuleContext",
    "RuleTarget",
    "Scope",
    "SheetImporter",
    "SheetKind",
    "SheetRow",
    "TargetDefault",
    "TypeExtension",
    "UtcDateTime",
    "WriteContext",
    "audit",
    "bad_argument",
    "canonical_code",
    "decode_id",
    "digits_text",
    "employment",
    "fen_to_yuan",
    "field",
    "from_global_id",
    "given",
    "graphql_enum",
    "hookimpl",
    "household",
    "id_number_text",
    "id_problem",
    "in_subtree",
    "level_of",
    "many_per_key",
    "money_field",
    "one_per_key",
    "paginate",
    "parent_field",
    "parse_date",
    "parse_label",
    "parse_money",
    "parse_yes_no",
    "person",
    "raise_if",
    "region",
    "region_argument",
    "region_field",
    "subtree_prefix",
    "table_of",
    "text",
    "to_global_id",
    "utcnow",
    "write",
    "yuan_to_fen",
]
