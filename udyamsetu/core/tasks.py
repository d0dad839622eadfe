"""Background tasks shared by every app."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    subject: str, body: str, to: list[str], html: str | None = None, from_email: str | None = None
) -> int:
    """Send one e-mail through the configured backend (console, SMTP, ...)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
