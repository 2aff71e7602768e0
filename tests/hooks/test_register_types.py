"""`register_types`: types no field names still reach the schema, attributed to their plugin."""

from __future__ import annotations

from core.platform import Platform
from core.plugin_report import describe_plugins


def test_registered_types_are_in_the_schema(platform: Platform) -> None:
    for contribution in platform.plugins.flat("register_types"):
        name = contribution.value.__strawberry_definition__.name
        assert platform.schema._schema.get_type(name) is not None, name
    report = {item["name"]: item for item in describe_plugins(platform)}
    assert "LeaderClassCompliance" in report["training"]["contributes"]["types"]
    assert "Household" in report["core"]["contributes"]["types"]
