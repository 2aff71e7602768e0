"""Plugin discovery through entry points, the allow-list, and every clash named with both parties."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from core.graphql.schema import build_schema
from core.plugins import PluginError, Plugins
from core.settings import Settings

IN_TREE = [
    "core",
    "employment_assistance",
    "entrepreneurship",
    "relocation",
    "supervision",
    "training",
]


def install(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    module_source: str,
    *,
    entry: str | None = None,
) -> None:
    """Install a one-module plugin distribution (package + dist-info with an entry point)."""
    package = tmp_path / f"jiuye_{name}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(textwrap.dedent(module_source))
    dist = tmp_path / f"jiuye_{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: jiuye-{name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[jiuye.plugins]\n{name} = {entry or f'jiuye_{name}.plugin'}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))


GOOD = """
    from __future__ import annotations
    import strawberry
    from core.sdk import Household, PluginInfo, TypeExtension, hookimpl

    @hookimpl
    def plugin_info():
        return PluginInfo(name="{name}", title="测试插件", version="1.0", requires_core="{requires}")

    @strawberry.type
    class Extra:
        @strawberry.field(description="测试字段。")
        def {field}(self) -> str:
            return "hello " + self.registry_number

    @strawberry.type
    class Q:
        @strawberry.field(description="测试根字段。")
        def {root}(self) -> int:
            return 42

    @hookimpl
    def register_queries():
        return [Q]

    @hookimpl
    def extend_types():
        return [TypeExtension(Household, Extra)]
"""


def good(
    name: str = "sample",
    requires: str = ">=0.1",
    field: str = "greeting",
    root: str = "sampleAnswer",
) -> str:
    return (
        textwrap.dedent(GOOD)
        .replace("{name}", name)
        .replace("{requires}", requires)
        .replace("{field}", field)
        .replace("{root}", root)
    )


def test_in_tree_plugins_are_found_through_entry_points() -> None:
    plugins = Plugins(Settings(plugins=None))
    assert plugins.names == IN_TREE
    assert plugins.loaded["training"].distribution == "jiuye"


def test_allow_list_narrows_and_empty_means_core_only() -> None:
    assert Plugins(Settings(plugins="training")).names == ["core", "training"]
    assert Plugins(Settings(plugins="")).names == ["core"]
    with pytest.raises(PluginError, match="JIUYE_PLUGINS names nope"):
        Plugins(Settings(plugins="nope"))


def test_installed_distribution_adds_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, monkeypatch, "sample", good())
    plugins = Plugins(Settings(plugins="sample"))
    assert plugins.loaded["sample"].distribution == "jiuye-sample"
    sdl = build_schema(plugins).as_str()
    assert "greeting: String!" in sdl
    assert "sampleAnswer: Int!" in sdl
    # a schema built without the plugin does not carry its fields
    assert "greeting" not in build_schema(Plugins(Settings(plugins=""))).as_str()


def test_broken_plugin_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(
        tmp_path, monkeypatch, "broken", "raise ImportError('no module named missing_dependency')\n"
    )
    with pytest.raises(
        PluginError,
        match=r"plugin 'broken' \(distribution 'jiuye-broken'\) failed to import.*missing_dependency",
    ):
        Plugins(Settings(plugins="broken"))


def test_plugin_needing_a_newer_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "future", good("future", requires=">=9.0"))
    with pytest.raises(
        PluginError, match=r"plugin 'future' 1.0 needs jiuye core >=9.0, but this is core 0.1.0"
    ):
        Plugins(Settings(plugins="future"))


def test_entry_point_and_plugin_name_must_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, monkeypatch, "alias", good("other"))
    with pytest.raises(PluginError, match=re.escape("'alias' returns plugin_info().name 'other'")):
        Plugins(Settings(plugins="alias"))


def test_unknown_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good("typo") + "\n@hookimpl\ndef register_querys():\n    return []\n"
    install(tmp_path, monkeypatch, "typo", source)
    with pytest.raises(PluginError, match="plugin 'typo' does not fit the hook contract"):
        Plugins(Settings(plugins="typo"))


def test_root_field_clash_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "clash", good("clash", root="households"))
    plugins = Plugins(Settings(plugins="clash"))
    with pytest.raises(
        PluginError,
        match=r"root field 'Query.households' is contributed by both 'core' and 'clash'",
    ):
        build_schema(plugins)


def test_extension_field_clash_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "clash2", good("clash2", field="registry_number"))
    with pytest.raises(
        PluginError,
        match=r"field 'Household.registryNumber' is contributed by both 'core' and 'clash2'",
    ):
        build_schema(Plugins(Settings(plugins="clash2")))


def test_two_plugins_extending_the_same_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, name in (("a", "one"), ("b", "two")):
        (tmp_path / folder).mkdir()
        install(tmp_path / folder, monkeypatch, name, good(name, root=name))
    with pytest.raises(
        PluginError, match=r"field 'Household.greeting' is contributed by both 'one' and 'two'"
    ):
        build_schema(Plugins(Settings(plugins="one,two")))


def test_type_name_clash_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good("dup") + textwrap.dedent(
        """
        @strawberry.type(name="Household")
        class MyHousehold:
            x: int

        @hookimpl
        def register_types():
            return [MyHousehold]
        """
    )
    install(tmp_path, monkeypatch, "dup", source)
    with pytest.raises(
        PluginError, match=r"Type Household is defined multiple times.*'dup'.*'core'"
    ):
        build_schema(Plugins(Settings(plugins="dup")))


def test_hook_error_names_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good("raiser") + "\n@hookimpl\ndef register_types():\n    raise ValueError('boom')\n"
    install(tmp_path, monkeypatch, "raiser", source)
    with pytest.raises(
        PluginError, match=r"plugin 'raiser' raised in hook register_types: ValueError: boom"
    ):
        build_schema(Plugins(Settings(plugins="raiser")))
