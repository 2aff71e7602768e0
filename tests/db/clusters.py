"""Throwaway PostgreSQL clusters for tests: a primary and a streaming standby made with
`pg_basebackup`, or PgBouncer in front of a server, each on a free loopback port and
removed afterwards. PostgreSQL and PgBouncer refuse to run as root; as root they run as the
`postgres` user."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port


def bindir() -> Path | None:
    """PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup), if installed."""
    config = shutil.which("pg_config")
    if config is not None:
        found = Path(
            subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip()
        )
        if (found / "initdb").exists():
            return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None


def _as_postgres(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _wait(port: int, *, standby: bool = False) -> None:
    psql = shutil.which("psql") or "psql"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = subprocess.run(
            [
                psql,
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-Atc",
                "select pg_is_in_recovery()",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode == 0 and done.stdout.strip() == ("t" if standby else "f"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL on port {port} did not come up")


def psql(port: int, sql: str, database: str = "postgres") -> str:
    """Run one statement; return what it printed."""
    done = subprocess.run(
        [
            shutil.which("psql") or "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            database,
            "-Atc",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


class Pair:
    """A running primary and its standby."""

    def __init__(self, root: Path, bin: Path, primary: int, standby: int) -> None:
        self.root, self.bin, self.primary, self.standby = root, bin, primary, standby

    def url(self, port: int, database: str = "jiuye") -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"

    def stop_standby(self) -> None:
        _as_postgres(
            [str(self.bin / "pg_ctl"), "-D", str(self.root / "standby"), "-m", "fast", "-w", "stop"]
        )

    def caught_up(self, timeout: float = 20) -> None:
        """Wait until the standby has replayed everything the primary has written."""
        target = psql(self.primary, "select pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = psql(self.standby, f"select pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if done == "t":
                return
            time.sleep(0.1)
        raise RuntimeError("the standby did not catch up")


@contextmanager
def primary_and_standby() -> Iterator[Pair]:
    """Start a primary with a database `jiuye` and a streaming standby of it."""
    bin = bindir()
    assert bin is not None
    # Not under pytest's temporary folder: the postgres user cannot enter root's.
    root = Path(tempfile.mkdtemp(prefix="jiuye-pg-"))
    _own(root)
    primary, standby = free_port(), free_port()
    data = root / "primary"
    _as_postgres(
        [
            str(bin / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(
            f"\nport = {primary}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nfsync = off\nshared_buffers = 32MB\n"
        )
    started: list[Path] = []
    try:
        _as_postgres(
            [str(bin / "pg_ctl"), "-D", str(data), "-l", str(root / "primary.log"), "-w", "start"]
        )
        started.append(data)
        _wait(primary)
        psql(primary, "create database jiuye")
        copy = root / "standby"
        _as_postgres(
            [
                str(bin / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary),
                "-U",
                "postgres",
                "-D",
                str(copy),
                "-R",
                "-X",
                "stream",
                # An immediate checkpoint: the default spread one waits minutes.
                "--checkpoint=fast",
                "--no-sync",
            ]
        )
        with open(copy / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nport = {standby}\nhot_standby = on\n")
        _as_postgres(
            [str(bin / "pg_ctl"), "-D", str(copy), "-l", str(root / "standby.log"), "-w", "start"]
        )
        started.append(copy)
        _wait(standby, standby=True)
        yield Pair(root, bin, primary, standby)
    finally:
        for cluster in reversed(started):
            subprocess.run(
                ["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)
                + [str(bin / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "-w", "stop"],
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def pgbouncer(upstream_port: int = 5432) -> Iterator[int]:
    """PgBouncer in transaction mode in front of the server on `upstream_port`; yields its port."""
    program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    assert Path(program).exists()
    port = free_port()
    root = Path(
        subprocess.run(["mktemp", "-d"], capture_output=True, text=True, check=True).stdout.strip()
    )
    _own(root)
    (root / "users.txt").write_text('"postgres" ""\n', encoding="utf-8")
    (root / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host=127.0.0.1 port={upstream_port}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {root}/users.txt\n"
        "pool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 5\n"
        f"logfile = {root}/pgbouncer.log\npidfile = {root}/pgbouncer.pid\n"
        "ignore_startup_parameters = extra_float_digits,jit\n",
        encoding="utf-8",
    )
    for name in ("users.txt", "pgbouncer.ini"):
        _own(root / name)
    command = [program, str(root / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            done = subprocess.run(
                [
                    shutil.which("psql") or "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-Atc",
                    "select 1",
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                break
            if process.poll() is not None:
                raise RuntimeError(
                    "pgbouncer stopped: " + (process.stdout.read() if process.stdout else "")
                )
            time.sleep(0.2)
        else:
            raise RuntimeError("pgbouncer did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
