"""Hook implementations of the `entrepreneurship` plugin."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl

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
