"""Forms for posting opportunities, reviewing them, reporting them and expressing interest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.countries import country_choices
from udyamsetu.core.uploads import MultipleUploadField
from udyamsetu.enterprises.forms import TermsField
from udyamsetu.enterprises.models import Enterprise
from udyamsetu.enterprises.reference import STATE_CHOICES
from udyamsetu.marketplace.models import Post, PostReport
from udyamsetu.marketplace.services import FIELDS_BY_KIND, MAX_ATTACHMENTS, TERM_FIELDS

_TERM_KINDS = {
    "processes": "process",
    "technology_areas": "technology_area",
    "required_certifications": "certification",
    "preferred_certifications": "certification",
}


class _Checkboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})


class PostForm(forms.ModelForm):
    """A post of one kind: only the fields that kind has (services.FIELDS_BY_KIND). Drafts may
    be saved incomplete; what a kind requires is checked when the post is submitted."""

    class Meta:
        model = Post
        fields = [name for names in FIELDS_BY_KIND.values() for name in names]
        widgets = {
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "challenge_stages": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in FIELDS_BY_KIND[kind]:
                del self.fields[name]
        self.order_fields(FIELDS_BY_KIND[kind])
        for name, vocabulary in _TERM_KINDS.items():
            if name in self.fields:
                field = TermsField(vocabulary, label=self.fields[name].label)
                field.help_text = self.fields[name].help_text
                self.fields[name] = field
        choices = {
            "partnership_sought": Post.Partnership.choices,
            "size_classes": Enterprise.Size.choices,
            "states": STATE_CHOICES,
            "target_countries": country_choices(),
        }
        for name, options in choices.items():
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = _Checkboxes(
                    choices=options, required=False, label=old.label, help_text=old.help_text
                )
        if "target_countries" in self.fields or "states" in self.fields:
            for name in ("target_countries", "states"):
                if name in self.fields:
                    self.fields[name].widget = forms.SelectMultiple(attrs={"size": 6})
        if kind == Post.Kind.LICENCE:
            self.fields["licence_category"].required = True
        if kind == Post.Kind.INDIGENISATION:
            self.fields["title"].label = _("Item")
        if kind == Post.Kind.CHALLENGE:
            self.fields["description"].label = _("Problem statement")

    def split(self) -> tuple[dict, dict]:
        """The cleaned data as (plain fields, vocabulary terms) for the services."""
        data = dict(self.cleaned_data)
        terms = {name: list(data.pop(name)) for name in TERM_FIELDS if name in data}
        return data, terms


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The team sees this and can mend the post."),
    )


class RenewForm(forms.Form):
    until = forms.DateField(
        label=_("Keep open until"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = PostReport
        fields = ["reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class InterestForm(forms.Form):
    """A short structured pitch with up to `MAX_ATTACHMENTS` files (PDF, PNG, JPEG)."""

    summary = forms.CharField(
        label=_("What you bring"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your capability for this opportunity: processes, capacity, past work."),
    )
    proposal = forms.CharField(
        label=_("What you propose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The next step you suggest: a call, a visit, samples, a quotation."),
    )
    attachments = MultipleUploadField(
        label=_("Attachments"), required=False, max_files=MAX_ATTACHMENTS
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
