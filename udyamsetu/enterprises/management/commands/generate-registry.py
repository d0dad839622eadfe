"""`udyamsetu generate-registry`: write a synthetic Udyam registry for imports and benchmarks."""

from __future__ import annotations

import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from udyamsetu.enterprises.registry_generator import (
    BAD_KINDS,
    MAX_BAD_SHARE,
    MAX_ROWS,
    write_registry,
)


class Command(BaseCommand):
    """Write a synthetic registry in the import format (docs/registry-import.md).

    The same arguments always give the same bytes, also for .csv.gz. Memory stays flat for any
    number of rows. Arguments out of range end the command with exit code 2 and a message that
    names the argument.
    """

    help = (
        "Write a synthetic Udyam registry (CSV, gzip when OUT ends in .gz) in the format that "
        "import-registry reads. The same seed gives the same file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", metavar="OUT", help="output file: OUT.csv or OUT.csv.gz")
        parser.add_argument(
            "--rows", type=int, required=True, help=f"number of enterprises, 1 to {MAX_ROWS:,}"
        )
        parser.add_argument("--seed", type=int, required=True, help="random seed (any integer)")
        parser.add_argument(
            "--bad-share",
            type=float,
            default=0.0,
            help=(
                f"share of rows broken on purpose, 0 to {MAX_BAD_SHARE} (default 0), each in one "
                f"of these ways: {', '.join(BAD_KINDS)}"
            ),
        )

    def handle(self, *args, out: str, rows: int, seed: int, bad_share: float, **options) -> None:
        if not 1 <= rows <= MAX_ROWS:
            raise CommandError(
                f"--rows must be between 1 and {MAX_ROWS:,}, not {rows}.", returncode=2
            )
        if not (math.isfinite(bad_share) and 0 <= bad_share <= MAX_BAD_SHARE):
            raise CommandError(
                f"--bad-share must be between 0 and {MAX_BAD_SHARE}, not {bad_share}.", returncode=2
            )
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"OUT: the directory {path.parent} does not exist.", returncode=2)
        if path.is_dir():
            raise CommandError(f"OUT: {path} is a directory.", returncode=2)

        verbosity = options.get("verbosity", 1)

        def progress(done: int, seconds: float) -> None:
            if verbosity:
                self.stderr.write(
                    f"{done:>12,} rows  {done / seconds:>9,.0f} rows/s  {seconds:>7.1f} s"
                )

        stats = write_registry(path, rows=rows, seed=seed, bad_share=bad_share, progress=progress)
        if verbosity:
            kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(stats.bad_kinds.items()))
            self.stdout.write(
                f"Wrote {stats.rows:,} rows ({stats.bad_rows:,} broken on purpose) to {path}: "
                f"{stats.bytes / 1e6:,.1f} MB in {stats.seconds:,.1f} s, "
                f"{stats.rows_per_second:,.0f} rows/s."
                + (f"\nBroken rows by kind: {kinds}." if kinds else "")
            )
