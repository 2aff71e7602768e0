"""Collect metric definitions and default targets from the plugins, checking the contract."""

from __future__ import annotations

import re

from core.metrics.definitions import LEVELS, UNITS, MetricDefinition, TargetDefault
from core.plugins import Claims, PluginError, Plugins
from core.records.reference import DEPARTMENTS

_KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_DEPARTMENT_CODES = frozenset(code for code, *_ in DEPARTMENTS)


def collect_metrics(plugins: Plugins) -> list[MetricDefinition]:
    """Every registered metric; a bad or clashing definition stops start-up naming its plugin."""
    claims = Claims("metric key")
    found = []
    for contribution in plugins.flat("register_metrics"):
        definition = contribution.value
        plugin = contribution.plugin
        if not isinstance(definition, MetricDefinition):
            raise PluginError(
                f"plugin {plugin!r}: register_metrics must return MetricDefinition items"
            )
        problems = []
        if not _KEY.fullmatch(definition.key) or definition.plugin != plugin:
            problems.append(f"key must be '{plugin}.<name>' in lower case")
        if definition.unit not in UNITS:
            problems.append(f"unit {definition.unit!r} is not one of {''.join(sorted(UNITS))}")
        if definition.lead_department not in _DEPARTMENT_CODES:
            problems.append(
                f"lead department {definition.lead_department!r} is not a department code"
            )
        if not set(definition.levels) <= set(LEVELS):
            problems.append(f"levels must be among {', '.join(LEVELS)}")
        if definition.ratio and definition.unit != "%":
            problems.append("a ratio metric is reported in %")
        if problems:
            raise PluginError(
                f"plugin {plugin!r}, metric {definition.key!r}: " + "; ".join(problems)
            )
        claims.claim(definition.key, plugin)
        found.append(definition)
    return found


def collect_target_defaults(
    plugins: Plugins, metrics: list[MetricDefinition]
) -> list[TargetDefault]:
    """The plan's targets every plugin ships; each must name a registered metric."""
    keys = {m.key for m in metrics}
    defaults = []
    for contribution in plugins.flat("register_targets"):
        default = contribution.value
        if not isinstance(default, TargetDefault) or default.metric_key not in keys:
            raise PluginError(
                f"plugin {contribution.plugin!r}: register_targets returned a target for "
                f"{getattr(default, 'metric_key', default)!r}, which is not a registered metric"
            )
        defaults.append(default)
    return defaults
