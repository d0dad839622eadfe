"""`udyamsetu import-registry FILE.csv[.gz]`: load a Udyam-style registry (docs/registry-import.md)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from udyamsetu.enterprises.importer import BATCH_ROWS, Progress, RegistryFileError, import_registry


class Command(BaseCommand):
    help = (
        "Import a Udyam-style registry CSV (optionally .gz). Idempotent, resumable: run it again "
        "after an interruption and it continues where the last committed batch ended."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the registry file, .csv or .csv.gz")
        parser.add_argument(
            "--rejects",
            type=Path,
            default=None,
            help="where to write rejected rows (default FILE.rejects.csv)",
        )
        parser.add_argument(
            "--batch-rows",
            type=int,
            default=BATCH_ROWS,
            help="rows per committed batch (default %(default)s)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(
        self, *args, file: Path, rejects: Path | None, batch_rows: int, no_progress: bool, **options
    ) -> None:
        if batch_rows < 1:
            raise CommandError("--batch-rows must be at least 1.")
        bar = tqdm(
            total=file.stat().st_size if file.is_file() else 0,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            disable=no_progress,
            file=sys.stderr,
            desc=file.name,
            dynamic_ncols=True,
        )
        started = time.monotonic()

        def show(progress: Progress) -> None:
            bar.update(progress.bytes_read - bar.n)
            rate = progress.lines_done / max(time.monotonic() - started, 1e-9)
            bar.set_postfix_str(
                f"{progress.lines_done:,} rows, {rate:,.0f} rows/s, {progress.rejected:,} rejected",
                refresh=False,
            )

        try:
            run = import_registry(
                file, rejects_path=rejects, batch_rows=batch_rows, on_progress=show
            )
        except RegistryFileError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        seconds = time.monotonic() - started
        rows = run.inserted + run.updated + run.unchanged + run.rejected
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file.name}: {run.inserted:,} new, {run.updated:,} changed, "
                f"{run.unchanged:,} unchanged, {run.rejected:,} rejected "
                f"({rows:,} rows in {seconds:,.1f} s, {rows / max(seconds, 1e-9):,.0f} rows/s)."
            )
        )
        if run.rejected:
            self.stdout.write(f"Rejected rows, with line numbers and reasons: {run.reject_path}")
