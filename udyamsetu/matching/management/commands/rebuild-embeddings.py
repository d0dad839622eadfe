"""udyamsetu rebuild-embeddings: embed every profile's offers and seeks, with a progress bar."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udyamsetu.core.progress import progress_bar
from udyamsetu.matching import services


class Command(BaseCommand):
    help = (
        "Embed what every enterprise and partner offers and seeks (texts unchanged since they "
        "were embedded are skipped; --all embeds everything again and rebuilds the index), with a "
        "progress bar."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=20_000, help="profiles per transaction")
        parser.add_argument("--all", action="store_true", help="embed unchanged texts too")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--index",
            action="store_true",
            help="only build the nearest-neighbour index again, for the vectors there are now "
            "(after the registry has grown); matching keeps using the old one meanwhile",
        )

    def handle(
        self, *args, batch: int, all: bool, no_progress: bool, index: bool, **options
    ) -> None:
        if batch < 1:
            self.stderr.write("--batch must be at least 1")
            raise SystemExit(2)
        if index and all:
            self.stderr.write("--index and --all cannot be combined (--all rebuilds the index)")
            raise SystemExit(2)
        if index:
            seconds = services.build_offers_index()
            self.stdout.write(
                self.style.SUCCESS(f"Nearest-neighbour index built in {seconds:.1f} s.")
            )
            return
        index_seconds = None
        with progress_bar(" profiles", disable=no_progress) as progress:
            if all:
                written, index_seconds = services.reembed_all(batch=batch, progress=progress)
            else:
                written = services.embed_all(batch=batch, progress=progress)
        if index_seconds is not None:
            self.stdout.write(f"Nearest-neighbour index built in {index_seconds:.1f} s.")
        self.stdout.write(self.style.SUCCESS(f"{written:,} vectors written."))
