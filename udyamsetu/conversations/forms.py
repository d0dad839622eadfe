"""Forms for writing messages, starting conversations, reporting and resolving reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udyamsetu.conversations.models import MAX_BODY
from udyamsetu.conversations.services import MAX_REASON
from udyamsetu.core.uploads import UploadField


class MessageForm(forms.Form):
    """A reply: text, an attachment, or both."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    attachment = UploadField(label=_("Attach a file (optional)"), required=False)

    def clean(self):
        cleaned = super().clean()
        empty = not (cleaned.get("body") or "").strip() and not cleaned.get("attachment")
        if empty and "attachment" not in self.errors:
            self.add_error("body", _("Write a message or attach a file."))
        return cleaned


class StartForm(forms.Form):
    """The first message to an organisation, from its profile or a match."""

    subject = forms.CharField(
        label=_("Subject (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        help_text=_("Say who you are and what you would like to discuss."),
    )
    attachment = UploadField(label=_("Attach a file (optional)"), required=False)
    post = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    """A participant tells officials what is wrong with a message."""

    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "Officials will read this message and your reason, and nothing else of the "
            "conversation."
        ),
    )


class ResolveForm(forms.Form):
    """An official settles a report."""

    remove_message = forms.BooleanField(
        label=_("Remove the message"),
        required=False,
        help_text=_("Its text and attachment are then hidden from both organisations."),
    )
