"""Forms for sign-up details, organisations, invitations, preferences and API tokens."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from udyamsetu.accounts.models import Membership, Organisation, User
from udyamsetu.accounts.services import SELF_SERVICE_KINDS
from udyamsetu.core.countries import country_choices


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form (see ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.language = (
            request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else ""
        )
        user.save(update_fields=["full_name", "language"])


class OrganisationForm(forms.ModelForm):
    """Create an organisation; government offices are created by administrators only."""

    country = forms.ChoiceField(label=_("Country"), initial="IN")
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "city", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [
            (value, label)
            for value, label in Organisation.Kind.choices
            if value in SELF_SERVICE_KINDS or user.is_staff
        ]
        self.fields["kind"].choices = [("", _("Choose a kind")), *kinds]
        self.fields["kind"].help_text = _(
            "Government offices are set up by the portal's administrators."
        )
        self.fields["country"].choices = country_choices()
        self.fields["name"].widget.attrs["autocomplete"] = "organization"

    def clean(self):
        cleaned = super().clean()
        kind, country = cleaned.get("kind"), cleaned.get("country")
        if kind == Organisation.Kind.FOREIGN_PARTNER and country == "IN":
            self.add_error("country", _("A foreign partner is based outside India."))
        elif kind and kind != Organisation.Kind.FOREIGN_PARTNER and country and country != "IN":
            self.add_error(
                "country", _("Only foreign partners are based outside India; choose India.")
            )
        return cleaned


class InvitationForm(forms.Form):
    """An owner invites someone by e-mail."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial="member")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class SwitchOrganisationForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)


class PreferencesForm(forms.ModelForm):
    """Name, language, time zone and the e-mail digest of unread messages."""

    class Meta:
        model = User
        fields = ["full_name", "language", "timezone", "message_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *settings.LANGUAGES]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “ERP export script”."),
    )
