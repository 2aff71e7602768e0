"""Hook implementations of the `employment_assistance` plugin."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="employment_assistance",
        title="就业援助：扶贫车间、乡村公益性岗位、一岗多补、劳务输出、招聘会",
        version=VERSION,
        department="XQZF",
        clause="三(一)",
        requires_core=">=0.1,<0.2",
        description="五个一活动、一岗多补、粤桂协作劳务输出、扶贫车间、乡村公益性岗位、招聘会与岗位推送。",
    )
