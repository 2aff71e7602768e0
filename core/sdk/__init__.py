"""The plugin SDK: everything a plugin imports from the core, and nothing else.

A plugin writes `from core.sdk import ...`; every other module of `core` is internal and may
change between releases. `jiuye plugins check` refuses a plugin that imports one, and
`PluginInfo.requires_core` versions this surface. docs/plugins.md documents each name.
"""

from __future__ import annotations

from sqlalchemy.engine import Row

from core.crypto import Encrypted, LookupHash
from core.db import Database, table_of
from core.enums import LabelledEnum
from core.graphql.context import Info
from core.graphql.cost import Cost
from core.graphql.directives import PERSONAL
from core.graphql.enums import graphql_enum
from core.graphql.errors import bad_argument
from core.graphql.loaders import Loader, many_per_key, one_per_key
from core.graphql.node import Node, from_global_id, to_global_id
from core.graphql.pagination import Connection, PageRequest, count_rows, fetch_page, make_connection
from core.graphql.results import RecordError
from core.hookspecs import MigrationBranch, Notice, PluginInfo, TypeExtension, hookimpl
from core.importing.report import RowProblem
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
    is_blank,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from core.metrics import suppression
from core.metrics.definitions import (
    Aggregate,
    MetricDefinition,
    MetricKind,
    MetricQuery,
    RuleContext,
    RuleTarget,
    TargetDefault,
)
from core.metrics.engine import MetricsEngine
from core.metrics.headline import household_status
from core.metrics.models import metric_target
from core.metrics.periods import ACTION_PERIOD, PLAN_YEAR, Period, quarter_of, year_of
from core.metrics.status import SUPPRESS_BELOW, quantize
from core.money import MoneyError, fen_to_yuan, yuan_to_fen
from core.platform import Platform
from core.problems import ErrorCode, Problem, Problems, raise_if
from core.records.enums import LABOUR_CAPABLE, LabourCapacity, RegionLevel, WorkForm, WorkPlace
from core.records.loaders import (
    EmploymentsByPersonLoader,
    HouseholdByIdLoader,
    PersonByIdLoader,
    RegionByCodeLoader,
)
from core.records.models import TABLES as CORE_TABLES
from core.records.models import employment, household, person, region
from core.records.region_names import COUNTY_LEVELS, RegionIndex, name_key
from core.records.sql import (
    CAPABLE_CODES,
    employment_active_on,
    employments_in,
    household_employed_on,
    household_has_labour,
    households_in,
    person_can_work,
    persons_in,
)
from core.records.types import Employment, Household, Person, Region
from core.regions import (
    CITY_CODE,
    RegionCodeError,
    canonical_code,
    in_subtree,
    level_of,
    subtree_prefix,
)
from core.scope import EVERYWHERE, Scope
from core.sdk.board import Standing, behind, standings
from core.sdk.fields import (
    Record,
    field,
    money_field,
    parent_field,
    person_field,
    region_field,
)
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
from core.sdk.jobs import JobFairFields, JobFairLevel, JobPushChannel, JobPushFields, held
from core.sdk.kinds import RecordKind, Rule, WriteContext
from core.sdk.plugin import Plugin
from core.sdk.runtime import request_context, run_command, send_notices
from core.sdk.schema import node_type_of
from core.sdk.sheets import SheetLinks, SheetParent, sheet_kind
from core.security import audit, probes
from core.security.caller import Caller
from core.security.permissions import ADMIN_ONLY, CHECKS_EACH_RECORD, LeadBy
from core.security.roles import Role
from core.sqltypes import UtcDateTime, utcnow

__all__ = [
    "ACTION_PERIOD",
    "ADMIN_ONLY",
    "CAPABLE_CODES",
    "CHECKS_EACH_RECORD",
    "CITY_CODE",
    "CORE_TABLES",
    "COUNTY_LEVELS",
    "EVERYWHERE",
    "LABOUR_CAPABLE",
    "MAX_KEY",
    "PERSONAL",
    "PLAN_YEAR",
    "SUPPRESS_BELOW",
    "UNSET",
    "After",
    "Aggregate",
    "Before",
    "Caller",
    "Column",
    "Connection",
    "Cost",
    "Database",
    "Employment",
    "EmploymentsByPersonLoader",
    "Encrypted",
    "ErrorCode",
    "ExportRequest",
    "First",
    "Household",
    "HouseholdByIdLoader",
    "ImportContext",
    "Info",
    "JobFairFields",
    "JobFairLevel",
    "JobPushChannel",
    "JobPushFields",
    "LabelledEnum",
    "LabourCapacity",
    "Last",
    "LeadBy",
    "Loader",
    "LookupHash",
    "MetricDefinition",
    "MetricKind",
    "MetricQuery",
    "MetricsEngine",
    "MigrationBranch",
    "MoneyError",
    "Node",
    "Notice",
    "PageRequest",
    "Period",
    "Person",
    "PersonByIdLoader",
    "Platform",
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
    "RegionIndex",
    "RegionLevel",
    "Role",
    "Row",
    "RowProblem",
    "Rule",
    "RuleContext",
    "RuleTarget",
    "Scope",
    "SheetImporter",
    "SheetKind",
    "SheetLinks",
    "SheetParent",
    "SheetRow",
    "Standing",
    "TargetDefault",
    "TypeExtension",
    "UtcDateTime",
    "WorkForm",
    "WorkPlace",
    "WriteContext",
    "audit",
    "bad_argument",
    "behind",
    "canonical_code",
    "count_rows",
    "decode_id",
    "digits_text",
    "employment",
    "employment_active_on",
    "employments_in",
    "fen_to_yuan",
    "fetch_page",
    "field",
    "from_global_id",
    "given",
    "graphql_enum",
    "held",
    "hookimpl",
    "household",
    "household_employed_on",
    "household_has_labour",
    "household_status",
    "households_in",
    "id_number_text",
    "id_problem",
    "in_subtree",
    "is_blank",
    "level_of",
    "make_connection",
    "many_per_key",
    "metric_target",
    "money_field",
    "name_key",
    "node_type_of",
    "one_per_key",
    "paginate",
    "parent_field",
    "parse_date",
    "parse_label",
    "parse_money",
    "parse_yes_no",
    "person",
    "person_can_work",
    "person_field",
    "persons_in",
    "probes",
    "quantize",
    "quarter_of",
    "raise_if",
    "region",
    "region_argument",
    "region_field",
    "request_context",
    "run_command",
    "send_notices",
    "sheet_kind",
    "standings",
    "subtree_prefix",
    "suppression",
    "table_of",
    "text",
    "to_global_id",
    "utcnow",
    "write",
    "year_of",
    "yuan_to_fen",
]
