"""Plugin discovery and hook calls with attribution.

Every plugin is found through the `jiuye.plugins` entry-point group; the core registers its
own parts through the same hooks under the name `core`. Hooks are called one plugin at a time
so that every result, every error and every clash names the plugin it came from.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.metadata
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, TypeVar

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import core
from core import hookspecs
from core.hookspecs import PluginInfo
from core.settings import Settings

ENTRY_POINT_GROUP = "jiuye.plugins"
CORE = "core"

log = logging.getLogger("jiuye.plugins")
T = TypeVar("T")


class PluginError(RuntimeError):
    """A plugin cannot be loaded or used; the message names the plugin and what went wrong."""


@dataclass(frozen=True)
class LoadedPlugin:
    """A plugin that passed discovery: its module, its info and where it came from."""

    name: str
    module: ModuleType
    info: PluginInfo
    distribution: str | None

    @property
    def package(self) -> str:
        """The Python package the plugin's code lives in (used to attribute types)."""
        return self.module.__name__.rpartition(".")[0] or self.module.__name__


@dataclass(frozen=True)
class Contribution(Generic[T]):
    """One plugin's answer to one hook."""

    plugin: str
    value: T


class Claims:
    """Names handed out to plugins; a second claim on a name stops start-up, naming both."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._owners: dict[str, str] = {}

    def claim(self, name: str, plugin: str) -> None:
        """Record that `plugin` provides `name`, or raise if another part already does."""
        owner = self._owners.get(name)
        if owner is not None:
            raise PluginError(
                f"{self.kind} {name!r} is contributed by both {owner!r} and {plugin!r}; "
                "rename one of them (nothing overrides silently)"
            )
        self._owners[name] = plugin

    def owner(self, name: str) -> str | None:
        """Return which plugin claimed `name`, if any."""
        return self._owners.get(name)


def _core_module() -> ModuleType:
    # Loaded by name, as an entry point loads any plugin: the core's own parts sit above
    # the plugin machinery, which imports none of them.
    return importlib.import_module("core.builtin")


def _resolve_awaitable(value: Awaitable[T]) -> T:
    async def wait() -> T:
        return await value

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(wait())
    # Called from inside a running loop (a uvicorn worker building its app): finish the
    # awaitable on a private loop in a helper thread instead of re-entering this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, wait()).result()


S = TypeVar("S")


class Plugins:
    """The loaded plugins and the means to call their hooks."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.loaded: dict[str, LoadedPlugin] = {}
        self._register(CORE, _core_module(), distribution="jiuye")
        self._discover(settings.plugin_allow_list())
        self._settings: dict[type[Any], Any] = {}
        self._read_settings()

    # -- plugin settings ---------------------------------------------------------

    def _read_settings(self) -> None:
        from pydantic import ValidationError
        from pydantic_settings import BaseSettings

        for contribution in self.call("register_settings"):
            cls = contribution.value
            if not (isinstance(cls, type) and issubclass(cls, BaseSettings)):
                raise PluginError(
                    f"plugin {contribution.plugin!r}: register_settings must return a "
                    "pydantic-settings BaseSettings class"
                )
            prefix = str(cls.model_config.get("env_prefix") or "")
            try:
                self._settings[cls] = cls()
            except ValidationError as exc:
                wrong = "; ".join(
                    f"{prefix}{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}"
                    for e in exc.errors()
                )
                raise PluginError(
                    f"plugin {contribution.plugin!r} settings are invalid: {wrong}"
                ) from None

    def settings_of(self, cls: type[S]) -> S:
        """A plugin's settings, read once when the plugins were loaded."""
        found = self._settings.get(cls)
        if found is None:
            raise LookupError(
                f"{cls.__qualname__} is not registered; return it from register_settings"
            )
        return found  # type: ignore[no-any-return]

    # -- discovery ---------------------------------------------------------------

    def _discover(self, allow: frozenset[str] | None) -> None:
        seen: dict[str, str] = {}
        for entry_point in sorted(
            importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
        ):
            dist = entry_point.dist.name if entry_point.dist else None
            if allow is not None and entry_point.name not in allow:
                continue
            if entry_point.name in seen:
                if seen[entry_point.name] == dist:
                    continue  # the same distribution seen twice on sys.path
                raise PluginError(
                    f"plugin name {entry_point.name!r} is declared by both distribution "
                    f"{seen[entry_point.name]!r} and {dist!r}"
                )
            seen[entry_point.name] = dist or "?"
            try:
                module = entry_point.load()
            except Exception as exc:
                raise PluginError(
                    f"plugin {entry_point.name!r} (distribution {dist!r}) failed to import "
                    f"{entry_point.value!r}: {type(exc).__name__}: {exc}"
                ) from exc
            if not isinstance(module, ModuleType):
                raise PluginError(
                    f"plugin {entry_point.name!r} entry point must name a module, "
                    f"got {entry_point.value!r}"
                )
            self._register(entry_point.name, module, distribution=dist)
        if allow is not None:
            missing = sorted(allow - set(self.loaded))
            if missing:
                raise PluginError(
                    f"JIUYE_PLUGINS names {', '.join(missing)}, but no installed plugin has "
                    "that name; `jiuye plugins` lists the installed ones"
                )

    def _register(self, name: str, module: ModuleType, *, distribution: str | None) -> None:
        info_impl = getattr(module, "plugin_info", None)
        if info_impl is None:
            raise PluginError(f"plugin {name!r} ({module.__name__}) does not implement plugin_info")
        try:
            info = info_impl()
        except Exception as exc:
            raise PluginError(f"plugin {name!r} raised in plugin_info: {exc}") from exc
        if not isinstance(info, PluginInfo):
            raise PluginError(f"plugin {name!r}: plugin_info must return a PluginInfo")
        if info.name != name:
            raise PluginError(
                f"plugin entry point {name!r} returns plugin_info().name {info.name!r}; "
                "they must be the same"
            )
        check_core_version(info)
        try:
            self.manager.register(module, name=name)
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            self.manager.unregister(name=name)
            raise PluginError(f"plugin {name!r} does not fit the hook contract: {exc}") from exc
        self.loaded[name] = LoadedPlugin(name, module, info, distribution)

    # -- calling hooks -----------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """Plugin names in call order: the core first, then the others by name."""
        return [CORE, *sorted(n for n in self.loaded if n != CORE)]

    def implementations(self, hook: str) -> list[tuple[str, Callable[..., Any]]]:
        """Return (plugin, function) for every implementation of `hook`, in call order."""
        caller = getattr(self.manager.hook, hook)
        by_plugin = {impl.plugin_name: impl.function for impl in caller.get_hookimpls()}
        return [(name, by_plugin[name]) for name in self.names if name in by_plugin]

    def _invoke(
        self, plugin: str, hook: str, function: Callable[..., Any], kwargs: dict[str, Any]
    ) -> Any:
        wanted = inspect.signature(function).parameters
        args = {key: value for key, value in kwargs.items() if key in wanted}
        started = time.perf_counter()
        try:
            return function(**args)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                f"plugin {plugin!r} raised in hook {hook}: {type(exc).__name__}: {exc}"
            ) from exc
        finally:
            if self.settings.trace_plugins:
                log.info(
                    "hook %s plugin %s %.3f ms",
                    hook,
                    plugin,
                    (time.perf_counter() - started) * 1000,
                )

    def call(self, hook: str, **kwargs: Any) -> list[Contribution[Any]]:
        """Call `hook` on every plugin that implements it; awaitable results are awaited."""
        results = []
        for plugin, function in self.implementations(hook):
            value = self._invoke(plugin, hook, function, kwargs)
            if inspect.isawaitable(value):
                try:
                    value = _resolve_awaitable(value)
                except Exception as exc:
                    raise PluginError(
                        f"plugin {plugin!r} raised in hook {hook}: {type(exc).__name__}: {exc}"
                    ) from exc
            results.append(Contribution(plugin, value))
        return results

    async def acall(self, hook: str, **kwargs: Any) -> list[Contribution[Any]]:
        """Call `hook` on every plugin in turn from async code, awaiting awaitable results."""
        results = []
        for plugin, function in self.implementations(hook):
            value = self._invoke(plugin, hook, function, kwargs)
            if inspect.isawaitable(value):
                try:
                    value = await value
                except Exception as exc:
                    raise PluginError(
                        f"plugin {plugin!r} raised in hook {hook}: {type(exc).__name__}: {exc}"
                    ) from exc
            results.append(Contribution(plugin, value))
        return results

    def flat(self, hook: str, **kwargs: Any) -> list[Contribution[Any]]:
        """Call a hook that returns lists and flatten them, keeping who gave each item."""
        items: list[Contribution[Any]] = []
        for contribution in self.call(hook, **kwargs):
            values: Iterable[Any] = contribution.value or ()
            items.extend(Contribution(contribution.plugin, item) for item in values)
        return items

    def owner_of(self, obj: object) -> str | None:
        """Return the plugin whose package defines `obj` (a class or function), if any."""
        module = getattr(obj, "__module__", "") or ""
        best: tuple[int, str] | None = None
        for plugin in self.loaded.values():
            package = plugin.package
            if (module == package or module.startswith(package + ".")) and (
                best is None or len(package) > best[0]
            ):
                best = (len(package), plugin.name)
        if best is not None:
            return best[1]
        return CORE if module.split(".")[0] == "core" else None


def check_core_version(info: PluginInfo) -> None:
    """Raise when the plugin needs a core version other than this one."""
    try:
        spec = SpecifierSet(info.requires_core)
    except InvalidSpecifier as exc:
        raise PluginError(
            f"plugin {info.name!r} declares requires_core {info.requires_core!r}, "
            "which is not a PEP 440 specifier"
        ) from exc
    if Version(core.__version__) not in spec:
        raise PluginError(
            f"plugin {info.name!r} {info.version} needs jiuye core {info.requires_core}, "
            f"but this is core {core.__version__}"
        )
