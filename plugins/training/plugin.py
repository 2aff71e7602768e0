"""Hook implementations of the `training` plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.sdk import Database, MigrationBranch, PluginInfo, TypeExtension, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="training",
        title="精准培训与务工带头人培训",
        version=VERSION,
        department="RSJ",
        clause="三(二)",
        requires_core=">=0.1,<0.2",
        description="精准培训 3,100 人与每县每季度务工带头人培训班。",
    )


@hookimpl
def register_settings() -> type[Any]:
    from plugins.training.settings import TrainingSettings

    return TrainingSettings


@hookimpl
def register_models() -> Sequence[type]:
    from plugins.training.models import TABLES

    return TABLES


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch("training", Path(__file__).parent / "migrations" / "versions")


@hookimpl
def register_queries() -> Sequence[type]:
    from plugins.training.queries import TrainingQuery

    return [TrainingQuery]


@hookimpl
def register_mutations() -> Sequence[type]:
    from plugins.training.mutations import TrainingMutation

    return [TrainingMutation]


@hookimpl
def register_types() -> Sequence[type]:
    from plugins.training import types

    return [types.TrainingClass, types.Enrolment, types.LeaderClassCompliance]


@hookimpl
def extend_types() -> Sequence[TypeExtension]:
    from plugins.training.extensions import EXTENSIONS

    return EXTENSIONS


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    from plugins.training.loaders import LOADERS

    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from plugins.training.metrics import METRICS

    return METRICS


@hookimpl
def register_targets() -> Sequence[Any]:
    from plugins.training.metrics import TARGETS

    return TARGETS


@hookimpl
def register_importers() -> Sequence[Any]:
    from plugins.training.sheets import sheet_kinds

    return sheet_kinds()


@hookimpl
async def populate_demo(db: Database, seed: int, households: int) -> None:
    from plugins.training.demo import populate

    await populate(db, seed=seed, households=households)
