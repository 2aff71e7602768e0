"""Run `jiuye serve` as a real uvicorn process for tests that talk HTTP or drive a browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

JIUYE = str(Path(sys.executable).parent / "jiuye")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(database_url: str, **env: str) -> Iterator[str]:
    """Start the server on a free port; yield its base URL; stop it and check it logged no traceback."""
    port = free_port()
    environment = {**os.environ, "JIUYE_DATABASE_URL": database_url, **env}
    process = subprocess.Popen(
        [JIUYE, "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=15)
        assert "Traceback" not in output, output
