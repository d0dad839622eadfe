"""`udyamsetu housekeeping`: the portal's timed work, run from cron (or a systemd timer) hourly.

Each job in `settings.HOUSEKEEPING_JOBS` is a dotted path to a service function taking `now`
and returning how many things it handled: posts that expire, expressions of interest that
expire or need a reminder, message digests, pipeline follow-ups. Every job is idempotent (it
records what it has done), so running it more often, or twice by mistake, sends nothing twice.
A job that fails is reported and the others still run.
"""

from __future__ import annotations

import traceback

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the portal's timed jobs (expiries, reminders, digests, follow-ups) once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--only", help="run only the job whose dotted path ends with this")

    def handle(self, *args, only: str | None = None, **options) -> None:
        now = timezone.now()
        jobs = [job for job in settings.HOUSEKEEPING_JOBS if not only or job.endswith(only)]
        if not jobs:
            raise CommandError(f"No housekeeping job matches {only!r}.")
        failed = 0
        for path in jobs:
            try:
                handled = import_string(path)(now=now)
            except Exception:  # one broken job must not stop the others
                failed += 1
                self.stderr.write(f"{path} failed:\n{traceback.format_exc()}")
                continue
            self.stdout.write(f"{path}: {handled}")
        if failed:
            raise CommandError(f"{failed} of {len(jobs)} housekeeping jobs failed.")
