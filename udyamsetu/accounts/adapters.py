"""How allauth sends mail for this portal."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

from udyamsetu.core.services import send_email_later

EMAIL_MAX_LENGTH = 254  # accounts.User.email


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails through the task queue and checks e-mail addresses fully."""

    def clean_email(self, email: str) -> str:
        """Refuse addresses longer than the database column, on every allauth form.

        allauth's own field allows 320 characters and would otherwise cut a longer address
        to fit, creating an account for an address nobody owns.
        """
        email = super().clean_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _(
                    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."
                )
                % {"limit_value": EMAIL_MAX_LENGTH, "show_value": len(email)}
            )
        return email

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Skip asking for the password again when someone sets up their first authenticator
        right after logging in.

        Officials and staff are sent to enrol straight after their password login; asking for
        that password a second time protects nothing. Every other sensitive change (a second
        authenticator, removing one, recovery codes) still asks, as allauth intends.
        """
        request = allauth_context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            just_logged_in = bool(records) and (
                time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            )
            if just_logged_in and not is_mfa_enabled(request.user):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

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
