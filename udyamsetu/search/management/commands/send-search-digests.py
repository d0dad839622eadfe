"""udyamsetu send-search-digests daily|weekly: e-mail saved searches their new results.

Run it from cron (or a systemd timer) once a day for `daily` and once a week for `weekly`; a
search whose digest is not yet due is left alone, so running it more often sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from udyamsetu.search import tasks


class Command(BaseCommand):
    help = "E-mail every due saved search of this frequency its new results."

    def add_arguments(self, parser) -> None:
        parser.add_argument("frequency", choices=["daily", "weekly"])
        parser.add_argument(
            "--now", action="store_true", help="send here and now instead of by the worker"
        )

    def handle(self, *args, frequency: str, now: bool, **options) -> None:
        if now:
            sent = tasks.send_saved_search_digests.call(frequency)
            self.stdout.write(f"{sent} digest e-mails queued.")
        else:
            tasks.send_saved_search_digests.enqueue(frequency)
            self.stdout.write(f"The {frequency} digests will go out from the worker.")
