"""Scenarios over HTTP: the app and the plain floor under uvicorn, loaded by wrk on loopback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, Database

BIN = Path(sys.executable).parent
NESTED_QUERY = "{ households(first: 100) { edges { node { registryNumber members { name employments { startDate } } } } } }"
BOARD_QUERY = '{ metrics(asOf: "2019-09-30") { key value target status breakdown { regionCode value status } } }'


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(command: list[str], env: dict[str, str], health: str) -> Iterator[str]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT.parent, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(health, timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not start")
            time.sleep(0.3)
        yield health.rsplit("/", 1)[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def _token(url: str) -> str:
    created = subprocess.run(
        [
            str(BIN / "jiuye"),
            "token",
            "create",
            "--role",
            "admin",
            "--name",
            "bench",
            "--days",
            "1",
        ],
        env={**os.environ, "JIUYE_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return created.stdout.strip().splitlines()[-1]


def wrk(
    url: str, *, connections: int, seconds: int, token: str | None = None, body: str | None = None
) -> dict[str, float]:
    """Requests per second and p50/p99 latency (ms) from wrk."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    args = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    args += ["--timeout", "60s"]  # wrk's default (2 s) counts a slow board as no answer at all
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    script_name = None
    if body is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                'wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {json.dumps(body)}\n"
            )
            script_name = script.name
        args += ["-s", script_name]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if script_name is not None:
        os.unlink(script_name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]

    def latency(label: str) -> float:
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
        if match is None:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50_ms": latency("50%"), "p99_ms": latency("99%")}


def scenarios(db: Database, *, seconds: int, workers: int) -> list[dict[str, Any]]:
    """Fixed cost, nested list and city board: the app beside the plain floor."""
    env = {**os.environ, "JIUYE_DATABASE_URL": db.url, "JIUYE_WORKERS": str(workers)}
    token = _token(db.url)
    app_port, plain_port = _free_port(), _free_port()
    rows: list[dict[str, Any]] = []
    app_cmd = [str(BIN / "jiuye"), "serve", "--port", str(app_port), "--workers", str(workers)]
    plain_cmd = [
        str(BIN / "uvicorn"),
        "bench.plain_app:app",
        "--port",
        str(plain_port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with (
        _server(app_cmd, env, f"http://127.0.0.1:{app_port}/healthz") as app_base,
        _server(plain_cmd, env, f"http://127.0.0.1:{plain_port}/typename") as plain_base,
    ):
        cases = [
            (
                "fixed cost: { __typename }",
                "/graphql?query=%7B__typename%7D",
                None,
                "/typename",
                (10,),
            ),
            (
                "nested list, N = 100",
                "/graphql",
                json.dumps({"query": NESTED_QUERY}),
                "/nested?n=100",
                (1, 10),
            ),
            (
                "city board, every metric",
                "/graphql",
                json.dumps({"query": BOARD_QUERY}),
                "/board",
                (1, 10),
            ),
        ]
        # Both servers answer for a few seconds first, so that no figure includes a worker's
        # first requests (imports, caches, the pool's first connections).
        wrk(app_base + cases[0][1], connections=10, seconds=3, token=token)
        wrk(plain_base + cases[0][3], connections=10, seconds=3)
        for name, path, body, plain_path, concurrencies in cases:
            for connections in concurrencies:
                ours = wrk(
                    app_base + path,
                    connections=connections,
                    seconds=seconds * 3 if "board" in name else seconds,
                    token=token,
                    body=body,
                )
                floor = wrk(
                    plain_base + plain_path,
                    connections=connections,
                    seconds=seconds * 3 if "board" in name else seconds,
                )
                rows.append(
                    {
                        "database": db.kind,
                        "scenario": name,
                        "clients": connections,
                        "rps": ours["rps"],
                        "p50_ms": ours["p50_ms"],
                        "p99_ms": ours["p99_ms"],
                        "plain_rps": floor["rps"],
                        "share": ours["rps"] / floor["rps"] if floor["rps"] else float("nan"),
                    }
                )
    return rows
