"""Services shared by every app: e-mail delivery, unique slugs and the health check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from udyamsetu.core.tasks import send_email

if TYPE_CHECKING:
    from udyamsetu.accounts.models import Organisation


def unique_slug(taken: QuerySet, text: str, *, fallback: str, max_length: int = 70) -> str:
    """A slug for `text` that no row of `taken` has: the plain one, else "-2", "-3", ..."""
    base = slugify(text)[:max_length] or fallback
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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


@contextmanager
def as_recipient(user) -> Iterator[None]:
    """The user's language and time zone active, for anything written to them outside their
    own request (e-mails, digests): dates, times and words as they would see them on the
    portal."""
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override(ZoneInfo(user.timezone or settings.TIME_ZONE)),
    ):
        yield


def email_user(user, *, subject: Callable[[], str], template: str, context: dict) -> None:
    """E-mail one user in their own language and time zone: `subject` is called and `template`
    rendered as that user (`as_recipient`), with `recipient` and the portal's address
    (`portal`) in the context; sent by a task after the transaction commits."""
    with as_recipient(user):
        body = render_to_string(
            template, {**context, "portal": settings.PORTAL_URL, "recipient": user}
        )
        send_email_later(subject=str(subject()), body=body, to=[user.email])


def notify_members(
    organisation: Organisation,
    *,
    subject: Callable[[], str],
    template: str,
    context: dict,
    exclude: object | None = None,
) -> int:
    """E-mail every active member of `organisation` (but `exclude`, usually the one who acted),
    each in their own language and time zone: `subject` is called and `template` rendered with
    both active (not the actor's, which a request has active), so times show in the
    recipient's zone unless the template sets another (`{% timezone facility.timezone %}`).
    The portal's address is in the context as `portal`. Returns how many were queued."""
    sent = 0
    memberships = organisation.memberships.select_related("user").filter(user__is_active=True)
    for membership in memberships:
        user = membership.user
        if user == exclude or not user.email:
            continue
        email_user(user, subject=subject, template=template, context=context)
        sent += 1
    return sent


def database_is_reachable(db: BaseDatabaseWrapper = connection) -> bool:
    """True when a trivial query succeeds on the database (the default one unless given)."""
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
