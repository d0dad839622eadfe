"""Services shared by every app: e-mail delivery and the health check."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from udyamsetu.core.tasks import send_email


def send_email_later(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    from_email: str | None = None,
) -> None:
    """Queue an e-mail for the background worker once the current transaction commits.

    Mail goes out of the request so a slow SMTP server never slows a page, and a rolled-back
    transaction sends nothing.
    """
    subject = " ".join(subject.splitlines())  # headers must be single lines
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=subject, body=body, to=list(to), html=html, from_email=from_email
        )
    )


def database_is_reachable(db: BaseDatabaseWrapper = connection) -> bool:
    """True when a trivial query succeeds on the database (the default one unless given)."""
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
