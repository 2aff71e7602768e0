"""The typed client in `examples/frontend`, generated from the committed schema, against a real server.

It is built the way a front-end team builds theirs: `npm ci` from the lock file, `graphql-codegen`
from `schema/schema.graphql`, `tsc` in strict mode; then `node dist/main.js URL TOKEN` pages,
reads the board, meets an expected error and a request error, and waits for a live push. It
needs Node.js and the npm registry; without Node the test is skipped unless
`JIUYE_REQUIRE_NODE=1`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from core.platform import Platform
from core.testing.factories import VILLAGE_A1, VILLAGE_A2, add_household, add_regions, member
from tests.servers import serving
from tests.test_cli import jiuye

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "frontend"
HOUSEHOLDS = 63  # two pages of 50, the second partly filled


def run(command: list[str], where: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def client_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("JIUYE_REQUIRE_NODE"):
            pytest.fail("Node.js is required (JIUYE_REQUIRE_NODE=1) but not installed")
        pytest.skip("Node.js is not installed")
    # The same layout as the repository, so codegen finds ../../schema/schema.graphql.
    root = tmp_path_factory.mktemp("frontend")
    where = root / "examples" / "frontend"
    shutil.copytree(EXAMPLE, where, ignore=shutil.ignore_patterns("node_modules", "dist", "gql"))
    (root / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "schema.graphql", root / "schema" / "schema.graphql")
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], where, timeout=300)
    run(["npx", "--no-install", "graphql-codegen"], where, timeout=120)
    run(["npx", "--no-install", "tsc", "-p", "."], where, timeout=120)
    assert (where / "dist" / "main.js").is_file()
    return where


async def test_the_generated_client_runs_against_the_server(
    client_dir: Path, platform: Platform, database_url: str
) -> None:
    await add_regions(platform)
    for seq in range(1, HOUSEHOLDS + 1):
        village = VILLAGE_A1 if seq % 2 else VILLAGE_A2
        await add_household(
            platform, f"FE-{seq:03d}", village, [member("户主", date(1980, 1, 1), seq)]
        )
    created = jiuye(
        "token", "create", "--role", "admin", "--name", "前端示例", database_url=database_url
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]

    with serving(database_url, JIUYE_LIVE_POLL_SECONDS="0.2") as base:
        done = run(["node", "dist/main.js", base, token], client_dir, timeout=60)

    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["me"] == {"name": "前端示例", "role": "admin", "regionCode": None}
    assert summary["households"] == {"pages": 2, "count": HOUSEHOLDS, "totalCount": HOUSEHOLDS}
    assert summary["dashboard"]["regionCode"] == "450200"
    refused = summary["refused"]
    assert refused["status"] == 200 and refused["code"] == "NOT_FOUND"
    assert refused["problems"] == [
        {"field": "villageCode", "code": "NOT_FOUND", "reason": "NOT_FOUND"}
    ]
    assert "450225999999" in refused["message"]
    bad = summary["badArgument"]
    assert (bad["code"], bad["field"], bad["argument"]) == ("BAD_ARGUMENT", "households", "first")
    assert summary["noToken"]["status"] == 401
    live = summary["live"]
    assert live["created"].startswith("FE-")
    assert live["regionCode"] == "450200" and live["writes"] >= 1
