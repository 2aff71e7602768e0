"""`jiuye plugins new`: write a separate, installable plugin package that passes its own tests.

The files come from `template/` beside this module; `{{key}}` in a path or a file is replaced
by the plugin's names (`{{name}}`, `{{package}}`, `{{Pascal}}` …) and `.tmpl` is dropped.
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import core
from core.plugins import CORE, ENTRY_POINT_GROUP
from core.records.reference import DEPARTMENTS

TEMPLATE = Path(__file__).parent / "template"
NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class ScaffoldError(ValueError):
    """The plugin cannot be written as asked; the message is Chinese."""


@dataclass(frozen=True)
class Names:
    """Every spelling of a new plugin's name the templates use."""

    name: str
    department: str
    clause: str
    title: str

    @property
    def values(self) -> dict[str, str]:
        pascal = "".join(part.capitalize() for part in self.name.split("_"))
        major, minor, *_ = core.__version__.split(".")
        return {
            "name": self.name,
            "package": f"jiuye_{self.name}",
            "distribution": f"jiuye-{self.name.replace('_', '-')}",
            "Pascal": pascal,
            "camel": pascal[0].lower() + pascal[1:],
            "department": self.department,
            "clause": self.clause,
            "title": self.title,
            "requires_core": f">={major}.{minor},<{major}.{int(minor) + 1}",
            "today": date.today().isoformat(),
        }


def validate(name: str, department: str) -> None:
    """Raise when the name or department cannot make a plugin."""
    if not NAME.match(name) or len(name) > 40:
        raise ScaffoldError(
            f"插件名 {name!r} 不合适：只用小写字母、数字和单个下划线，以字母开头，不超过 40 个字符"
            "（如 public_services）"
        )
    installed = {ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}
    if name == CORE or name in installed:
        raise ScaffoldError(
            f"已有名为 {name!r} 的插件（jiuye plugins 列出已安装的插件）；请换一个名字"
        )
    codes = [code for code, *_ in DEPARTMENTS]
    if department not in codes:
        raise ScaffoldError(f"没有责任单位 {department!r}；可用的代码：{', '.join(codes)}")


def render(text: str, values: dict[str, str]) -> str:
    """Replace every `{{key}}` in `text`."""
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def write_plugin(names: Names, target: Path) -> list[Path]:
    """Write the package into `target` (absent or empty); return the files written."""
    validate(names.name, names.department)
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} 已存在且不是空目录")
    values = names.values
    written = []
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = render(str(source.relative_to(TEMPLATE)), values).removesuffix(".tmpl")
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(source.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(path)
    return written
