"""Compare a committed schema with the code's, naming changes that would break a client."""

from __future__ import annotations

import difflib
import re

from graphql import build_schema, find_breaking_changes, find_dangerous_changes

from core.platform import Platform
from core.plugin_report import describe_plugins

_SUBJECT = re.compile(r"\b([A-Z][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)?")


def _owners(platform: Platform) -> dict[str, str]:
    owners: dict[str, str] = {}
    for plugin in describe_plugins(platform):
        for type_name in plugin["contributes"]["types"]:
            owners.setdefault(type_name, plugin["name"])
        for key in ("queryFields", "mutationFields", "extensionFields"):
            for field in plugin["contributes"][key]:
                owners[field] = plugin["name"]
    return owners


def _owner_of(description: str, owners: dict[str, str]) -> str:
    for match in _SUBJECT.finditer(description):
        for candidate in (match.group(0), match.group(1)):
            if candidate in owners:
                return owners[candidate]
    return "a part no longer loaded"


def describe_changes(committed: str, current: str, platform: Platform) -> str:
    """A readable report: breaking and dangerous changes with their plugin, then the diff."""
    old = build_schema(committed)
    new = build_schema(current)
    owners = _owners(platform)
    lines = []
    breaking = find_breaking_changes(old, new)
    dangerous = find_dangerous_changes(old, new)
    if breaking:
        lines.append("会破坏客户端的变更（BREAKING）：")
        lines += [f"  - [{_owner_of(c.description, owners)}] {c.description}" for c in breaking]
    if dangerous:
        lines.append("可能影响客户端的变更（DANGEROUS）：")
        lines += [f"  - [{_owner_of(c.description, owners)}] {c.description}" for c in dangerous]
    if not breaking and not dangerous:
        lines.append("没有破坏客户端的变更（只有新增或说明文字的改动）。")
    diff = difflib.unified_diff(
        committed.splitlines(), current.splitlines(), "committed", "code", lineterm="", n=1
    )
    lines.append("差异：")
    lines += list(diff)[:200]
    return "\n".join(lines)
