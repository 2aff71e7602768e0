"""Meta-tests on the plugin contract: every hook in core/hookspecs.py is documented in the
plugin guide (signature, return value, example) and has a test file of its own,
tests/hooks/test_<hook>.py, holding at least one test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from core.plugin_check import hook_specs

ROOT = Path(__file__).parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
HOOK_TESTS = ROOT / "tests" / "hooks"
SPECS = hook_specs()
HEADING = re.compile(r"^### .*$", re.MULTILINE)
SIGNATURE = re.compile(r"`(\w+)\(([^)]*)\)( -> [^`]+)?`")


def sections() -> dict[str, tuple[str, str, str]]:
    """Hook name → (arguments as written, return annotation, the section's text)."""
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    headings = list(HEADING.finditer(text))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = text[heading.end() : end].split("\n## ", 1)[0]
        for name, arguments, returns in SIGNATURE.findall(heading.group()):
            found[name] = (arguments, returns, body)
    return found


DOCUMENTED = sections()


def test_the_contract_has_hooks() -> None:
    assert len(SPECS) >= 15 and "plugin_info" in SPECS


@pytest.mark.parametrize("hook", sorted(SPECS))
def test_hook_is_documented(hook: str) -> None:
    assert hook in DOCUMENTED, f"docs/plugins.md has no '### `{hook}(…) -> …`' section"
    arguments, returns, body = DOCUMENTED[hook]
    written = [a.strip() for a in arguments.split(",") if a.strip()]
    assert written == SPECS[hook], f"{hook}: the guide's arguments {written} are not {SPECS[hook]}"
    assert returns, f"{hook}: the guide's heading gives no return value"
    assert "```python" in body and f"def {hook}(" in body, f"{hook}: the guide gives no example"


def test_the_guide_documents_no_other_hooks() -> None:
    assert set(DOCUMENTED) - set(SPECS) == set()


@pytest.mark.parametrize("hook", sorted(SPECS))
def test_hook_has_a_test(hook: str) -> None:
    path = HOOK_TESTS / f"test_{hook}.py"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: every hook has a test of its own"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    tests = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    ]
    assert tests, f"{path.relative_to(ROOT)} holds no test"


def test_no_test_file_for_a_hook_that_is_gone() -> None:
    files = {p.stem.removeprefix("test_") for p in HOOK_TESTS.glob("test_*.py")}
    assert files - set(SPECS) == set()
