"""`udyamsetu demo`: prepare the database, load demo data, then serve the portal and the worker."""

from __future__ import annotations

import contextlib
import io
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from udyamsetu.core.demo import DEMO_PASSWORD, load_demo_data, load_demo_registry
from udyamsetu.core.management.commands.serve import gunicorn_command

HOUSEKEEPING_SECONDS = 3600


class Command(BaseCommand):
    help = "Migrate, load demo organisations and users, and serve at http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="host:port (default %(default)s)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Only prepare the database and demo data."
        )

    def handle(self, *args, bind: str, no_serve: bool, **options) -> None:
        self.stdout.write("Preparing the database …")
        call_command("migrate", "--noinput", verbosity=0)
        self.stdout.write("Loading demo data …")
        logins = load_demo_data()
        loaded = load_demo_registry()
        if loaded:
            self.stdout.write(f"Loaded a synthetic registry of {loaded:,} enterprises.")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        for login in logins:
            self.stdout.write(f"  {login['email']:<34} {login['who']}")
            if login.get("totp_secret"):
                self.stdout.write(
                    f"  {'':<34} two-factor: add secret {login['totp_secret']} to an authenticator "
                    f"app, or use a recovery code: {', '.join(login['recovery_codes'][:3])}"
                )
        if no_serve:
            return
        host, _, port = bind.rpartition(":")
        self.stdout.write(
            self.style.SUCCESS(f"\nUdyam Setu is at http://{host}:{port}/  (Ctrl-C stops it)")
        )
        self.stdout.write(
            "E-mails (verification links, invitations) are printed below by the worker.\n"
        )
        worker = subprocess.Popen([sys.executable, "-m", "udyamsetu.cli", "worker"])
        web = subprocess.Popen(gunicorn_command(bind, workers=2, access_log=False))  # noqa: S603 -- our own argv
        stop = {"now": False}

        def _stop(signum, frame):
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        housekept = -HOUSEKEEPING_SECONDS
        try:
            while not stop["now"] and web.poll() is None and worker.poll() is None:
                # What cron does in production: expiries, reminders, digests, once an hour.
                if time.monotonic() - housekept >= HOUSEKEEPING_SECONDS:
                    housekept = time.monotonic()
                    try:
                        call_command("housekeeping", stdout=io.StringIO())
                    except CommandError as error:
                        self.stderr.write(f"housekeeping: {error}")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    web.wait(timeout=1)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.terminate()
            for process in (web, worker):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("Stopped. Your data is kept in the data directory for next time.")
