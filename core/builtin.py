"""The core's hook implementations: it registers its parts exactly as any plugin does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import core
from core.admin.mutations import SecurityMutation
from core.admin.probe_queries import ProbeQuery
from core.admin.queries import SecurityQuery
from core.dashboard.queries import DashboardQuery
from core.db import Database
from core.graphql.labels import LabelsQuery
from core.hookspecs import MigrationBranch, PluginInfo, hookimpl
from core.metrics.models import TABLES as METRIC_TABLES
from core.metrics.mutations import MetricsMutation
from core.metrics.queries import MetricsQuery
from core.metrics.types import TargetType
from core.records import types
from core.records.loaders import LOADERS
from core.records.models import TABLES
from core.records.mutations import CoreMutation
from core.records.queries import CoreQuery
from core.security.models import TABLES as SECURITY_TABLES

MIGRATIONS = Path(core.__file__).parent / "migrations" / "versions"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="core",
        title="核心：区划、责任单位、建档立卡户、成员与就业",
        version=core.__version__,
        department="RSJ",
        clause="二",
        requires_core=f"=={core.__version__}",
        description="区划树、责任单位、建档立卡户及成员、劳动能力与就业记录，以及核心指标。",
    )


@hookimpl
def register_models() -> Sequence[type]:
    return [*TABLES, *METRIC_TABLES, *SECURITY_TABLES]


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch("core", MIGRATIONS)


@hookimpl
def register_queries() -> Sequence[type]:
    return [CoreQuery, MetricsQuery, DashboardQuery, SecurityQuery, ProbeQuery, LabelsQuery]


@hookimpl
def register_subscriptions() -> Sequence[type]:
    from core.metrics.live import MetricsSubscription

    return [MetricsSubscription]


@hookimpl
def register_mutations() -> Sequence[type]:
    from core.importing.graphql import ImportMutation

    return [CoreMutation, MetricsMutation, SecurityMutation, ImportMutation]


@hookimpl
def register_types() -> Sequence[type]:
    return [
        types.Region,
        types.Household,
        types.Person,
        types.Employment,
        types.Department,
        TargetType,
    ]


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from core.metrics.headline import METRICS

    return METRICS


@hookimpl
def register_commands() -> Sequence[Any]:
    from core.cli import ledger
    from core.cli.commands import COMMANDS
    from core.cli.metrics import metrics_command
    from core.cli.probes import probes_command
    from core.cli.security import keys_command, token_command

    return [
        *COMMANDS,
        metrics_command,
        token_command,
        keys_command,
        probes_command,
        *ledger.COMMANDS,
    ]


@hookimpl
def register_importers() -> Sequence[Any]:
    from core.records.importers import SHEET_KINDS

    return SHEET_KINDS


@hookimpl
def register_routes() -> Sequence[Any]:
    from core.dashboard.routes import ROUTES

    return ROUTES


@hookimpl
async def seed_reference_data(conn: Any) -> None:
    from core.records.reference import ensure_reference_data

    await ensure_reference_data(conn)


@hookimpl
async def populate_demo(db: Database, seed: int, households: int) -> None:
    from core.records.demo import populate

    await populate(db, seed=seed, households=households)
