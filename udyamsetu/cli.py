"""The `udyamsetu` command: Django's management commands, with the right settings chosen.

udyamsetu demo       prepare the database, load demo data, serve at http://127.0.0.1:8000
udyamsetu serve      serve the portal with gunicorn
udyamsetu worker     run background tasks
udyamsetu <command>  any Django management command (migrate, createsuperuser, check, ...)
"""

from __future__ import annotations

import os
import sys


def default_settings_module() -> str:
    """`production` when UDYAMSETU_ENV=production, else the development/demo settings."""
    env = os.environ.get("UDYAMSETU_ENV", "development").strip().lower()
    if env == "production":
        return "udyamsetu.settings.production"
    if env == "test":
        return "udyamsetu.settings.test"
    return "udyamsetu.settings.base"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["udyamsetu", *(args or ["help"])])


if __name__ == "__main__":
    main()
