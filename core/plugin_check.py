"""`jiuye plugins check`: hold installed plugins to the contract without starting the server.

Each plugin is imported on its own and its hook implementations are read and called directly,
so one broken plugin neither hides the others nor stops the check from saying what is wrong
with it. Then the plugin is loaded the way the server loads it (with the core alone) and its
schema is built, which catches clashes with the core and fields without descriptions.
Messages are Chinese, like the other commands'.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlmodel import SQLModel
from strawberry.types.base import get_object_definition

from core import hookspecs
from core.graphql.loaders import Loader
from core.hookspecs import MigrationBranch, PluginInfo, TypeExtension
from core.plugins import CORE, ENTRY_POINT_GROUP, PluginError, Plugins, check_core_version
from core.settings import Settings

LOADER_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*By[A-Z][A-Za-z0-9]*Loader$")
"""`<Thing>By<Key>Loader`, e.g. `MembersByHouseholdLoader`."""
IMPL_MARK = f"{hookspecs.PROJECT}_impl"


def hook_specs() -> dict[str, list[str]]:
    """Every hook of the contract with the argument names it is called with."""
    return {
        name: list(inspect.signature(function).parameters)
        for name, function in vars(hookspecs).items()
        if callable(function) and hasattr(function, f"{hookspecs.PROJECT}_spec")
    }


@dataclass
class PluginCheck:
    """What the check found for one installed plugin."""

    name: str
    distribution: str | None
    version: str | None = None
    table_prefix: str | None = None
    """`PluginInfo.table_prefix`, where the plugin declares one."""
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    """The checks that ran (for the report)."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Installed:
    name: str
    value: str
    distribution: str | None
    module: ModuleType | None
    error: str | None


def _installed() -> list[_Installed]:
    found: list[_Installed] = []
    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    ):
        dist = entry_point.dist.name if entry_point.dist else None
        if any(f.name == entry_point.name and f.distribution == dist for f in found):
            continue  # the same distribution seen twice on sys.path
        try:
            module = entry_point.load()
            error = None if isinstance(module, ModuleType) else "入口点必须指向一个模块"
        except Exception as exc:
            module, error = None, f"无法导入 {entry_point.value}：{type(exc).__name__}: {exc}"
        found.append(
            _Installed(
                entry_point.name,
                entry_point.value,
                dist,
                module if isinstance(module, ModuleType) else None,
                error,
            )
        )
    return found


def _impls(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The module's functions marked with `@hookimpl`, by hook name."""
    return {
        name: value
        for name, value in vars(module).items()
        if callable(value) and hasattr(value, IMPL_MARK)
    }


def _call(
    check: PluginCheck, impls: dict[str, Callable[..., Any]], hook: str, **kwargs: Any
) -> Any:
    function = impls.get(hook)
    if function is None:
        return None
    wanted = inspect.signature(function).parameters
    try:
        return function(**{k: v for k, v in kwargs.items() if k in wanted})
    except Exception as exc:
        check.problems.append(f"钩子 {hook} 出错：{type(exc).__name__}: {exc}")
        return None


def _signatures(check: PluginCheck, module: ModuleType, specs: dict[str, list[str]]) -> None:
    check.checked.append("钩子签名")
    impls = _impls(module)
    for name, function in sorted(impls.items()):
        if name not in specs:
            close = [s for s in specs if s.rstrip("s") == name.rstrip("s")] or sorted(specs)
            check.problems.append(
                f"{name} 不是钩子（core/hookspecs.py 里没有）；是不是 {', '.join(close[:3])}？"
            )
            continue
        unknown = [p for p in inspect.signature(function).parameters if p not in specs[name]]
        if unknown:
            check.problems.append(
                f"钩子 {name} 的参数 {', '.join(unknown)} 不存在；"
                f"它只接受 {', '.join(specs[name]) or '（无参数）'}"
            )
    for name, value in sorted(vars(module).items()):
        if name in specs and inspect.isfunction(value) and name not in impls:
            check.problems.append(f"函数 {name} 与钩子同名，却没有 @hookimpl 标记，不会被调用")


def _info(check: PluginCheck, impls: dict[str, Callable[..., Any]]) -> PluginInfo | None:
    check.checked.append("plugin_info 与核心版本")
    if "plugin_info" not in impls:
        check.problems.append("没有实现 plugin_info（必需）")
        return None
    info = _call(check, impls, "plugin_info")
    if not isinstance(info, PluginInfo):
        if info is not None:
            check.problems.append("plugin_info 必须返回 PluginInfo")
        return None
    check.version = info.version
    check.table_prefix = info.table_prefix
    if info.name != check.name:
        check.problems.append(
            f"入口点名 {check.name!r} 与 plugin_info().name {info.name!r} 不一致；两者必须相同"
        )
    try:
        check_core_version(info)
    except PluginError as exc:
        check.problems.append(f"核心版本不符：{exc}")
    return info


def _naming(
    check: PluginCheck, impls: dict[str, Callable[..., Any]], kinds: dict[str, list[str]]
) -> list[type]:
    check.checked.append("命名（表、指标键、台账种类、加载器）")
    name = check.name
    models = list(_call(check, impls, "register_models") or ())
    for model in models:
        table = getattr(model, "__tablename__", None)
        if not (isinstance(model, type) and issubclass(model, SQLModel) and table):
            check.problems.append(f"register_models 返回的 {model!r} 不是 SQLModel 表类")
        elif check.table_prefix and not str(table).startswith(check.table_prefix):
            check.problems.append(f"表 {table} 应以声明的前缀（{check.table_prefix}）开头")
        elif not check.table_prefix and not str(table).startswith(f"{name}_"):
            check.problems.append(f"表 {table} 应以插件名加下划线（{name}_）开头")
    for metric in _call(check, impls, "register_metrics") or ():
        key = getattr(metric, "key", repr(metric))
        if not str(key).startswith(f"{name}."):
            check.problems.append(f"指标键 {key} 应为 {name}.<名称>")
    for target in _call(check, impls, "register_targets") or ():
        key = getattr(target, "metric_key", repr(target))
        if not str(key).startswith(f"{name}."):
            check.problems.append(f"目标默认值的指标键 {key} 不属于本插件（应为 {name}.<名称>）")
    for kind in _call(check, impls, "register_importers") or ():
        kind_name = getattr(kind, "name", repr(kind))
        others = [p for p in kinds.get(kind_name, []) if p != name]
        if others:
            check.problems.append(f"台账种类 {kind_name} 与插件 {', '.join(others)} 重名")
    for loader in _call(check, impls, "register_loaders") or ():
        if not (isinstance(loader, type) and issubclass(loader, Loader)):
            check.problems.append(f"register_loaders 返回的 {loader!r} 不是 Loader 子类")
        elif not LOADER_NAME.match(loader.__name__):
            check.problems.append(
                f"加载器 {loader.__name__} 应按 <Thing>By<Key>Loader 命名（如 StaffByStationLoader）"
            )
    return models


def _migrations(
    check: PluginCheck,
    impls: dict[str, Callable[..., Any]],
    has_tables: bool,
    installed: Iterable[str],
) -> None:
    from alembic.script import ScriptDirectory

    from core.migrate import alembic_config

    check.checked.append("迁移分支")
    if "register_migrations" not in impls:
        if has_tables:
            check.problems.append("注册了表却没有迁移分支（register_migrations）")
        return
    branch = _call(check, impls, "register_migrations")
    if not isinstance(branch, MigrationBranch):
        if branch is not None:
            check.problems.append("register_migrations 必须返回 MigrationBranch")
        return
    if branch.name != check.name:
        check.problems.append(f"迁移分支名 {branch.name!r} 应与插件名 {check.name!r} 相同")
    missing = sorted(set(branch.depends_on) - set(installed) - {CORE})
    if missing:
        check.problems.append(f"迁移分支依赖的 {', '.join(missing)} 没有安装")
    if not branch.versions.is_dir():
        check.problems.append(f"迁移目录 {branch.versions} 不存在")
        return
    try:
        script = ScriptDirectory.from_config(alembic_config(branch))
        heads = script.get_heads()
        revisions = list(script.walk_revisions())
    except Exception as exc:
        check.problems.append(f"迁移分支 {branch.name} 读不出来：{type(exc).__name__}: {exc}")
        return
    if not revisions:
        check.problems.append(f"迁移目录 {branch.versions} 里没有迁移")
    elif len(heads) != 1:
        check.problems.append(f"迁移分支有 {len(heads)} 个 head（{', '.join(heads)}）；应只有一个")
    bases = [r for r in revisions if r.down_revision is None]
    if any(check.name not in r.branch_labels for r in bases):
        check.problems.append(f"第一个迁移应带 branch_labels = ({check.name!r},)")


def _described(check: PluginCheck, impls: dict[str, Callable[..., Any]]) -> None:
    """Every field and argument the plugin adds has a description (types are checked in the
    schema, where strawberry has resolved them)."""
    check.checked.append("字段说明")
    classes: list[type] = []
    for hook in ("register_queries", "register_mutations"):
        classes.extend(_call(check, impls, hook) or ())
    classes.extend(
        e.fields for e in _call(check, impls, "extend_types") or () if isinstance(e, TypeExtension)
    )
    for cls in classes:
        definition = get_object_definition(cls)
        if definition is None:
            check.problems.append(f"{cls!r} 不是 strawberry 类型")
            continue
        for item in definition.fields:
            if not item.description:
                check.problems.append(f"字段 {definition.name}.{item.python_name} 没有中文说明")
            for argument in item.arguments:
                if not argument.description:
                    check.problems.append(
                        f"字段 {definition.name}.{item.python_name} 的参数 {argument.python_name} 没有说明"
                    )


PUBLIC = ("core.sdk",)
"""The core modules a plugin's package may import; everything else in `core` is internal."""


def core_imports(module: ModuleType) -> list[tuple[str, int, str]]:
    """(file, line, module) of every import of a core module in the package of `module`."""
    import ast

    package = module.__name__.rpartition(".")[0] or module.__name__
    root = sys.modules[package].__file__ if package in sys.modules else module.__file__
    if root is None:
        return []
    folder = Path(root).parent
    found = []
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.relative_to(folder).parts:
            continue  # Alembic revisions use SQLAlchemy and Alembic, never the core
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
                if node.module == "core":
                    names = [f"core.{alias.name}" for alias in node.names]
            for name in names:
                if name == "core" or name.startswith("core."):
                    found.append((str(path.relative_to(folder)), getattr(node, "lineno", 0), name))
    return found


def _surface(check: PluginCheck, module: ModuleType) -> None:
    check.checked.append("只引用核心的公开接口（core.sdk）")
    for file, line, name in core_imports(module):
        if name not in PUBLIC:
            check.problems.append(
                f"{file}:{line} 引用了核心内部模块 {name}；插件只能引用 core.sdk（见 docs/plugins.md）"
            )


def _loads(check: PluginCheck, settings: Settings) -> None:
    from core.graphql.schema import build_schema

    check.checked.append("与核心一起加载并生成 schema")
    try:
        plugins = Plugins(settings.model_copy(update={"plugins": check.name}))
        schema = build_schema(plugins)
    except Exception as exc:
        check.problems.append(f"与核心一起加载失败：{exc}")
        return
    check.problems.extend(_undescribed(schema, plugins, check.name))


def _undescribed(schema: Any, plugins: Plugins, name: str) -> list[str]:
    """The plugin's own GraphQL types, fields, arguments and enum values without a description."""
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

    found = []
    for type_name, graphql_type in schema._schema.type_map.items():
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        origin = getattr(definition, "origin", None) or getattr(definition, "wrapped_cls", None)
        if type_name.startswith("__") or origin is None or plugins.owner_of(origin) != name:
            continue
        if not graphql_type.description:
            found.append(f"类型 {type_name} 没有中文说明")
        if isinstance(graphql_type, GraphQLEnumType):
            found.extend(
                f"枚举值 {type_name}.{value} 没有说明"
                for value, item in graphql_type.values.items()
                if not item.description
            )
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, item in graphql_type.fields.items():
                if not item.description:
                    found.append(f"字段 {type_name}.{field_name} 没有中文说明")
                for arg_name, arg in getattr(item, "args", {}).items():
                    if not arg.description:
                        found.append(f"字段 {type_name}.{field_name} 的参数 {arg_name} 没有说明")
    return found


def check_plugins(settings: Settings, *only: str) -> list[PluginCheck]:
    """Check every installed plugin, or only the ones named."""
    specs = hook_specs()
    installed = _installed()
    names = {i.name for i in installed}
    missing = [name for name in only if name not in names]
    if missing:
        raise PluginError(
            f"没有安装名为 {', '.join(map(repr, missing))} 的插件；"
            f"已安装：{', '.join(sorted(names)) or '（无）'}"
        )
    kinds: dict[str, list[str]] = {}
    from core.plugins import _core_module

    for name, module in [(CORE, _core_module()), *((i.name, i.module) for i in installed)]:
        if module is None or "register_importers" not in _impls(module):
            continue
        try:
            for kind in module.register_importers() or ():
                kinds.setdefault(kind.name, []).append(name)
        except Exception:  # reported when that plugin itself is checked
            continue
    results = []
    for item in installed:
        if only and item.name not in only:
            continue
        check = PluginCheck(item.name, item.distribution)
        results.append(check)
        if item.module is None:
            check.problems.append(item.error or "无法导入")
            continue
        _signatures(check, item.module, specs)
        _surface(check, item.module)
        impls = {k: v for k, v in _impls(item.module).items() if k in specs}
        info = _info(check, impls)
        models = _naming(check, impls, kinds)
        _migrations(check, impls, bool(models), names)
        _described(check, impls)
        if info is not None and check.ok:
            _loads(check, settings)
    return results
