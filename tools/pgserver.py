"""A throw-away PostgreSQL server for the gradebook: tests, and trying the class route on one machine.

    python -m tools.pgserver            # start one, print its db_url, stop it on Ctrl-C

``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package (``apt-get install postgresql``;
its programs live in ``/usr/lib/postgresql/<version>/bin``, which is not on the PATH) create a
database cluster in a fresh temporary folder and serve it on a free loopback port, with trust
authentication for one user, ``nbgrader``, and fsync off: it is for tests, not for keeping
grades. PostgreSQL refuses to run as root, so as root (a container, CI) the server runs as the
``postgres`` user (or ``nobody``), through ``runuser``, in a folder that user owns.

A real course points ``c.CourseDirectory.db_url`` at its own server instead (README, "For
instructors").
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOW_TO_ENABLE = (
    "PostgreSQL is not installed: install Debian's package (sudo apt-get install postgresql) "
    "and psycopg2-binary (make setup installs it) to run the PostgreSQL gradebook tests"
)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's programs (or the Python driver) are missing on this machine."""


def bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: the PATH's, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in Path(p).parent.parent.name.split(".")],
    )
    return Path(candidates[-1]).parent if candidates else None


def available() -> str | None:
    """None when a server can be started here, else the reason it cannot (with how to fix it)."""
    if bin_dir() is None:
        return HOW_TO_ENABLE
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "the Python driver is missing: pip install -c constraints.txt psycopg2-binary (make setup)"
    if os.geteuid() == 0 and _service_user() is None:
        return "running as root, and no 'postgres' or 'nobody' user to run PostgreSQL as"
    return None


def _service_user() -> str | None:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL server in a temporary folder, on a free loopback port.

    Use it as a context manager (``with PostgresServer() as pg: pg.create_database("course")``)
    or call ``start()`` and ``stop()``; ``stop()`` is safe to call twice and removes the folder.
    """

    user = "nbgrader"

    def __init__(self) -> None:
        reason = available()
        if reason:
            raise PostgresUnavailable(reason)
        self.bin = bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="course-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        self.running = False
        self._as = _service_user() if os.geteuid() == 0 else None
        if self._as:
            entry = pwd.getpwnam(self._as)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as:
            command = ["runuser", "-u", self._as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}{log}")
        return result

    def start(self) -> PostgresServer:
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8", "--no-sync")
        for attempt in range(3):  # another program may take the free port between our look and our bind
            self.port = free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
            )
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
                self.running = True
                return self
            except RuntimeError:
                if attempt == 2:
                    raise
                time.sleep(0.5)
        return self

    def url(self, database: str = "postgres") -> str:
        """The URL for nbgrader's ``db_url``, for ``database`` on this server (driver: psycopg2)."""
        return f"postgresql+psycopg2://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database ``name``; return its URL."""
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres")
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (at once, no checkpoint: its data is thrown away) and remove its folder."""
        try:
            if self.running:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            self.running = False
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.pgserver",
        description="Start a throw-away PostgreSQL server with an empty database 'course', print its "
        "COURSE_DB_URL, and stop it (deleting everything) on Ctrl-C or SIGTERM.",
    )
    parser.parse_args(argv)
    reason = available()
    if reason:
        print(reason, file=sys.stderr)
        return 1

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)  # stopped by a kill too: no server left behind
    with PostgresServer() as server:
        url = server.create_database("course")
        print(f"PostgreSQL is running; point the course at it with\n  COURSE_DB_URL={url}\nCtrl-C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
