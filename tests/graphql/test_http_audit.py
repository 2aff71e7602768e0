"""graphql-http's own audit of the GraphQL-over-HTTP spec, run against a real `jiuye serve`.

The audit is the reference implementation's (npm `graphql-http`, pinned in
`tests/graphql/audit/package.json`); every check must pass, notices included. It needs Node.js
and the npm registry; without Node the test is skipped unless `JIUYE_REQUIRE_NODE=1`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import serving
from tests.test_cli import jiuye

AUDIT = Path(__file__).parent / "audit"


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("JIUYE_REQUIRE_NODE"):
            pytest.fail("Node.js is required (JIUYE_REQUIRE_NODE=1) but not installed")
        pytest.skip("Node.js is not installed")
    where = tmp_path_factory.mktemp("audit")
    for name in ("package.json", "audit.mjs"):
        shutil.copy(AUDIT / name, where / name)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=where,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return where


def test_every_graphql_over_http_audit_passes(audit_dir: Path, database_url: str) -> None:
    created = jiuye(
        "token", "create", "--role", "admin", "--name", "审计", database_url=database_url
    )
    token = created.stdout.strip().splitlines()[-1]
    with serving(database_url) as base:
        run = subprocess.run(
            ["node", "audit.mjs", f"{base}/graphql", token],
            cwd=audit_dir,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
    results = json.loads(run.stdout)
    assert len(results) >= 60
    failed = [
        f"{r['id']} {r['status']}: {r['name']} — {r['reason']}"
        for r in results
        if r["status"] != "ok"
    ]
    assert failed == []
