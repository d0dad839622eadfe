"""`udyamsetu serve`: run the portal with gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def gunicorn_command(bind: str, workers: int, *, access_log: bool = True) -> list[str]:
    """The gunicorn command line for the portal."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "udyamsetu.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--graceful-timeout",
        "20",
        "--timeout",
        "60",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    if access_log:
        command += ["--access-logfile", "-"]
    return command


class Command(BaseCommand):
    help = "Serve the portal with gunicorn (collects static files first outside DEBUG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("UDYAMSETU_BIND", "127.0.0.1:8000"),
            help="host:port to listen on (default %(default)s)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", 2)),
            help="gunicorn worker processes (default %(default)s)",
        )

    def handle(self, *args, bind: str, workers: int, **options) -> None:
        if workers < 1:
            self.stderr.write(self.style.ERROR("--workers must be at least 1."))
            sys.exit(2)
        if not settings.DEBUG:
            call_command("collectstatic", "--noinput", verbosity=0)
        process = subprocess.Popen(gunicorn_command(bind, workers))  # noqa: S603 -- our own argv
        try:
            sys.exit(process.wait())
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=30)
