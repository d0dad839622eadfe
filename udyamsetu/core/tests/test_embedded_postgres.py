"""The embedded PostgreSQL: created in the data directory, reused across runs, stopped cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from udyamsetu.core.embedded_pg import EmbeddedPostgresError, database_settings

RUN = """
import psycopg, sys
from udyamsetu.core.embedded_pg import database_settings
db = database_settings()
with psycopg.connect(host=db["HOST"], user="postgres", dbname=db["NAME"], autocommit=True) as c:
    c.execute(sys.argv[1])
    print(c.execute("SELECT count(*) FROM marker").fetchone()[0])
"""


def _run(data_dir: Path, sql: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["UDYAMSETU_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-c", RUN, sql], env=env, capture_output=True, text=True, timeout=180
    )


def test_the_embedded_server_keeps_its_data_between_runs_and_stops_when_the_last_user_exits(
    tmp_path,
):
    # given a fresh data directory
    first = _run(tmp_path, "CREATE TABLE marker (id int); INSERT INTO marker VALUES (1)")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1"
    pgdata = tmp_path / "pg"
    # then the cluster lives there, and the server stopped when the process ended
    assert (pgdata / "PG_VERSION").read_text().strip() == "18"
    assert not (pgdata / "postmaster.pid").exists()
    # when the portal runs again, it finds the same data
    second = _run(tmp_path, "INSERT INTO marker VALUES (2)")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "2"
    assert not (pgdata / "postmaster.pid").exists()


def test_database_url_wins_over_the_embedded_server(monkeypatch, tmp_path):
    monkeypatch.setenv("UDYAMSETU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:secret@db.internal:5433/udyamsetu")
    config = database_settings()
    assert (config["HOST"], config["PORT"], config["USER"], config["NAME"]) == (
        "db.internal",
        5433,
        "portal",
        "udyamsetu",
    )
    assert not (tmp_path / "pg").exists()


def test_a_database_url_that_is_not_postgresql_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///portal.db")
    with pytest.raises(EmbeddedPostgresError, match="must point to PostgreSQL"):
        database_settings()
