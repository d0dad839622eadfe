"""Forms for recording a partnership step and declining one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udyamsetu.partnerships.models import AgreementType, Stage
from udyamsetu.partnerships.services import MAX_NOTE


class StepForm(forms.Form):
    """A step with the other organisation; an agreement also has a type and a value."""

    stage = forms.ChoiceField(label=_("Step"), choices=Stage.choices, widget=forms.RadioSelect)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    agreement_type = forms.ChoiceField(
        label=_("Type of agreement"),
        choices=[("", _("(only for an agreement)")), *AgreementType.choices],
        required=False,
    )
    value_rupees = forms.IntegerField(
        label=_("Value in rupees (optional)"),
        min_value=0,
        required=False,
        help_text=_("Only for an agreement. Officials see totals, never a single pair's value."),
    )
    note = forms.CharField(
        label=_("Note for the other side (optional)"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("What is not right? (optional)"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
