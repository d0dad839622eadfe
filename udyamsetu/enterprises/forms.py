"""Forms for registering, editing and reporting enterprise profiles."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.countries import country_choices
from udyamsetu.core.uploads import UploadField
from udyamsetu.enterprises import services
from udyamsetu.enterprises.models import (
    Certificate,
    Enterprise,
    Machine,
    PartnerProfile,
    ProfileReport,
    Term,
)

RUPEES_HELP = _("In whole rupees, as in your Udyam registration.")


class NicCodesField(forms.CharField):
    """NIC 2008 codes typed as a list ("25920, 28220"); the first is the main activity."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [c for c in text.replace(";", ",").replace(" ", ",").split(",") if c]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > 10:
            raise forms.ValidationError(_("Give at most 10 NIC codes."))


class _SortedByLabel(ModelChoiceIterator):
    """Choices in the alphabetical order of their labels in the reader's language."""

    def __iter__(self):
        items = list(super().__iter__())
        blank = [item for item in items if item[0] == ""]
        rest = sorted((item for item in items if item[0] != ""), key=lambda c: str(c[1]).casefold())
        yield from blank + rest


def _term_label(term: Term) -> str:
    return term.display_name(get_language() or "en")


class TermsField(forms.ModelMultipleChoiceField):
    """Terms of one vocabulary as checkboxes, in a block that opens and closes (the lists are
    long), sorted by their name in the reader's language."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("template_name", "enterprises/partials/terms_field.html")
        super().__init__(queryset=services.terms(kind), required=False, **kwargs)

    iterator = _SortedByLabel

    def label_from_instance(self, obj: Term) -> str:
        return _term_label(obj)


class EnterpriseFieldsForm(forms.ModelForm):
    """The Udyam-defined facts; the size class is computed from them, never typed."""

    nic_codes = NicCodesField(
        label=_("NIC 2008 codes"),
        max_length=80,
        help_text=_("Separated by commas, main activity first, e.g. 25920, 28220. Search below."),
    )
    nic_codes.template_name = "enterprises/partials/nic_codes_field.html"

    class Meta:
        model = Enterprise
        fields = [
            "legal_name",
            "organisation_type",
            "commencement_date",
            "major_activity",
            "nic_codes",
            "investment_rupees",
            "turnover_rupees",
            "export_turnover_rupees",
            "employees",
            "address",
            "city",
            "pin_code",
        ]
        widgets = {
            "commencement_date": forms.DateInput(attrs={"type": "date"}),
            "pin_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
        }
        help_texts = {
            "investment_rupees": RUPEES_HELP,
            "turnover_rupees": RUPEES_HELP,
            "export_turnover_rupees": _("Exports do not count towards the size limits."),
            "pin_code": _("State and district are taken from it."),
        }


class RegisterForm(EnterpriseFieldsForm):
    """Claim the organisation's Udyam registration (or create the profile when it is new)."""

    udyam_number = forms.CharField(
        label=_("Udyam registration number"),
        max_length=19,
        help_text=_("As on your Udyam certificate, e.g. UDYAM-OD-19-0012345."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )

    field_order = ["udyam_number"]


class ProfileForm(EnterpriseFieldsForm):
    """Everything an enterprise edits about itself."""

    processes = TermsField(Term.Kind.PROCESS, label=_("Manufacturing processes"))
    materials = TermsField(Term.Kind.MATERIAL, label=_("Materials"))
    technology_areas = TermsField(Term.Kind.TECHNOLOGY_AREA, label=_("Technology areas"))
    partnership_types = TermsField(Term.Kind.PARTNERSHIP_TYPE, label=_("Partnerships sought"))
    export_markets = forms.MultipleChoiceField(
        label=_("Export markets"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    class Meta(EnterpriseFieldsForm.Meta):
        fields = [
            *EnterpriseFieldsForm.Meta.fields,
            "description",
            "offer_text",
            "seek_text",
            "contact_email",
            "contact_phone",
            "website",
            "is_published",
        ]
        widgets = {
            **EnterpriseFieldsForm.Meta.widgets,
            "description": forms.Textarea(attrs={"rows": 4}),
            "offer_text": forms.Textarea(attrs={"rows": 3}),
            "seek_text": forms.Textarea(attrs={"rows": 3}),
        }

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    TERM_FIELDS = ("processes", "materials", "technology_areas", "partnership_types")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export_markets"].choices = country_choices()
        if self.instance.pk:
            # These fields are declared, not generated from the model, so their current
            # values must be given; otherwise saving would clear them.
            self.initial.setdefault("export_markets", self.instance.export_markets)
            for name in self.TERM_FIELDS:
                self.initial.setdefault(
                    name, list(getattr(self.instance, name).values_list("pk", flat=True))
                )
        self.fields["export_markets"].help_text = _(
            "Hold Ctrl (⌘ on a Mac) to choose several; on a phone, tap each one."
        )
        self.fields["is_published"].help_text = _(
            "Tick to let buyers and partners see your profile; until then only your team and "
            "officials see it."
        )


class CertificateForm(forms.ModelForm):
    file = UploadField(label=_("Certificate file"), required=False)

    class Meta:
        model = Certificate
        fields = ["certification", "issuer", "number", "scope", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certification"].queryset = services.terms(Term.Kind.CERTIFICATION)
        self.fields["certification"].empty_label = _("Choose a certification")
        self.fields["certification"].label_from_instance = _term_label


class MachineForm(forms.ModelForm):
    class Meta:
        model = Machine
        fields = ["machine_type", "make", "model", "specifications", "quantity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine_type"].queryset = services.terms(Term.Kind.MACHINE)
        self.fields["machine_type"].empty_label = _("Choose a machine type")
        self.fields["machine_type"].label_from_instance = _term_label


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProfileReport
        fields = ["reason", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}


class VerificationForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Verification level"), coerce=int, choices=Enterprise.Verification.choices
    )
    checked = forms.CharField(
        label=_("What you checked"),
        max_length=300,
        help_text=_(
            "E.g. Udyam certificate and GST registration seen; factory visited on 12 March."
        ),
    )
    note = forms.CharField(
        label=_("Note for other officials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class PartnerProfileForm(forms.ModelForm):
    processes = TermsField(Term.Kind.PROCESS, label=_("Processes"))
    technology_areas = TermsField(Term.Kind.TECHNOLOGY_AREA, label=_("Technology areas"))
    partnership_types = TermsField(Term.Kind.PARTNERSHIP_TYPE, label=_("Partnerships sought"))

    class Meta:
        model = PartnerProfile
        fields = [
            "sector",
            "offer_text",
            "seek_text",
            "processes",
            "technology_areas",
            "partnership_types",
            "is_published",
        ]
        widgets = {
            "offer_text": forms.Textarea(attrs={"rows": 4}),
            "seek_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = services.terms(Term.Kind.SECTOR)
        self.fields["sector"].label_from_instance = _term_label


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file (.csv or .csv.gz)"),
        help_text=_("Columns as in the registry format; up to 2 GB."),
    )


class TermForm(forms.ModelForm):
    synonyms = forms.CharField(
        label=_("Synonyms"),
        required=False,
        max_length=2000,
        help_text=_("Separated by commas: what people type when they search."),
    )

    class Meta:
        model = Term
        fields = ["kind", "name", "name_hi", "synonyms", "hint", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["synonyms"] = ", ".join(self.instance.synonyms)

    def clean_synonyms(self) -> list[str]:
        words = [w.strip() for w in self.cleaned_data["synonyms"].split(",") if w.strip()]
        if any(len(w) > 80 for w in words):
            raise forms.ValidationError(_("Each synonym has at most 80 characters."))
        return words
