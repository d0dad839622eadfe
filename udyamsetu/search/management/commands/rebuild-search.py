"""udyamsetu rebuild-search: make every search document again from scratch."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udyamsetu.core.progress import progress_bar
from udyamsetu.search import reference_data, services


class Command(BaseCommand):
    help = "Rebuild the search documents of every enterprise and partner, with a progress bar."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=50_000, help="enterprises per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--reference", action="store_true", help="reload the NIC and PIN tables first"
        )

    def handle(self, *args, batch: int, no_progress: bool, reference: bool, **options) -> None:
        if batch < 1:
            self.stderr.write("--batch must be at least 1")
            raise SystemExit(2)
        if reference:
            reference_data.load()
        with progress_bar(" ids", disable=no_progress) as progress:
            documents = services.rebuild(batch=batch, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{documents:,} search documents built."))
