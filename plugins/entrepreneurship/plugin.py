"""Hook implementations of the `entrepreneurship` plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.sdk import Database, MigrationBranch, PluginInfo, TypeExtension, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="entrepreneurship",
        title="创业帮扶：创业担保贷款、创业实体、孵化基地",
        version=VERSION,
        department="RSJ",
        clause="三(三)",
        requires_core=">=0.1,<0.2",
        description="创业担保贷款 2 亿元、扶持创业 2,000 人、带动就业 1 万人，孵化基地与农民工创业园。",
    )


@hookimpl
def register_models() -> Sequence[type]:
    from plugins.entrepreneurship.models import TABLES

    return TABLES


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch("entrepreneurship", Path(__file__).parent / "migrations")


@hookimpl
def register_queries() -> Sequence[type]:
    from plugins.entrepreneurship.queries import EntrepreneurshipQuery

    return [EntrepreneurshipQuery]


@hookimpl
def register_mutations() -> Sequence[type]:
    from plugins.entrepreneurship.mutations import EntrepreneurshipMutation

    return [EntrepreneurshipMutation]


@hookimpl
def register_types() -> Sequence[type]:
    from plugins.entrepreneurship import types

    return [types.Loan, types.Enterprise, types.IncubationBase]


@hookimpl
def extend_types() -> Sequence[TypeExtension]:
    from plugins.entrepreneurship.extensions import EXTENSIONS

    return EXTENSIONS


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    from plugins.entrepreneurship.loaders import LOADERS

    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from plugins.entrepreneurship.metrics import METRICS

    return METRICS


@hookimpl
def register_targets() -> Sequence[Any]:
    from plugins.entrepreneurship.metrics import TARGETS

    return TARGETS


@hookimpl
def register_importers() -> Sequence[Any]:
    from plugins.entrepreneurship.importers import SHEET_KINDS

    return SHEET_KINDS


@hookimpl
async def populate_demo(db: Database, seed: int, households: int) -> None:
    from plugins.entrepreneurship.demo import populate

    await populate(db, seed=seed, households=households)
