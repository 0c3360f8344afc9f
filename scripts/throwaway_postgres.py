"""Run a command against a throwaway PostgreSQL 15 server, then remove the server.

    python scripts/throwaway_postgres.py -- pytest ...
    python scripts/throwaway_postgres.py --unix-socket -- COMMAND...

Starts PostgreSQL in a temporary directory on a free localhost port, as an
unprivileged system user when run as root (PostgreSQL refuses to run as
root), exports DATABASE_URL for the command, and stops and deletes the
server afterwards whatever the command's outcome. With --unix-socket the
URL reaches the server through its Unix socket rather than TCP, as a web
server on the database's own machine would. Standard library only.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVICE_USER = "trellis-pg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_service_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ],
            check=True,
        )
    return ["runuser", "-u", SERVICE_USER, "--", *cmd]


def main(argv: list[str]) -> int:
    unix_socket = False
    if "--" in argv:
        unix_socket = "--unix-socket" in argv[: argv.index("--")]
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: throwaway_postgres.py -- COMMAND...", file=sys.stderr)
        return 2
    if not (PG_BIN / "initdb").exists():
        print(f"PostgreSQL 15 not found in {PG_BIN}", file=sys.stderr)
        return 3
    workdir = Path(tempfile.mkdtemp(prefix="trellis-pg-"))
    data = workdir / "data"
    port = _free_port()
    if os.geteuid() == 0:
        _as_service_user(["true"])  # make sure the user exists before chown
        shutil.chown(workdir, user=SERVICE_USER)
    run = subprocess.run
    try:
        run(
            _as_service_user(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=localhost -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        run(
            _as_service_user(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(workdir / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                str(workdir),
                "-p",
                str(port),
                "-U",
                "postgres",
                "trellis",
            ],
            check=True,
        )
        if unix_socket:  # the host part is the socket's directory, percent-encoded
            url = f"postgres://postgres@{quote(str(workdir), safe='')}:{port}/trellis"
        else:
            url = f"postgres://postgres@localhost:{port}/trellis"
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.call(argv, env=env)
    finally:
        subprocess.run(
            _as_service_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
