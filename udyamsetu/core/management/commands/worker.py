"""`udyamsetu worker`: run background tasks (e-mail, imports, digests) until stopped."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks waiting now, then exit."
        )
        parser.add_argument("--queue-name", default="*", help="Queues to serve (default: all).")

    def handle(self, *args, batch: bool, queue_name: str, **options) -> None:
        worker_args = ["--queue-name", queue_name, "--no-reload"]
        if batch:
            worker_args += ["--batch", "--no-startup-delay"]
        call_command("db_worker", *worker_args, verbosity=options.get("verbosity", 1))
