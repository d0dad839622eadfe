"""How allauth sends mail for this portal."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives

from udyamsetu.core.services import send_email_later


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (verification, password reset) through the task queue."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = None
        if isinstance(message, EmailMultiAlternatives):
            html = next((body for body, mime in message.alternatives if mime == "text/html"), None)
        send_email_later(
            subject=str(message.subject), body=message.body, to=list(message.to), html=html
        )
