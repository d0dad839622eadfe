"""The search form: the page's query string (and the API's) checked and turned into a search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udyamsetu.enterprises.models import Enterprise, Term
from udyamsetu.enterprises.reference import STATE_CHOICES, nic_codes
from udyamsetu.search.models import Kind, PinCentroid, SavedSearch
from udyamsetu.search.services import SearchParams

RADII = [10, 25, 50, 100, 250, 500]
MAX_PAGE = 500


def _nic_choices(level: str) -> list[tuple[str, str]]:
    return [(c, f"{c} {e.title}") for c, e in nic_codes().items() if e.level == level]


class TermsBySlug(forms.ModelMultipleChoiceField):
    """Vocabulary terms named in the URL by their slug (readable, and stable across databases)."""

    def __init__(self, kind: str, **kwargs):
        super().__init__(
            queryset=Term.objects.filter(kind=kind, is_active=True),
            to_field_name="slug",
            required=False,
            **kwargs,
        )


class SearchForm(forms.Form):
    """Every filter of the search page; all optional, each checked against its vocabulary."""

    kind = forms.ChoiceField(choices=Kind.choices, required=False)
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    state = forms.MultipleChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    district = forms.MultipleChoiceField(label=_("District"), required=False)
    nic_section = forms.MultipleChoiceField(label=_("Industry (NIC section)"), required=False)
    nic_division = forms.MultipleChoiceField(label=_("Industry (NIC division)"), required=False)
    nic = forms.MultipleChoiceField(label=_("NIC code"), required=False)
    size = forms.MultipleChoiceField(
        label=_("Size"), choices=Enterprise.Size.choices, required=False
    )
    process = TermsBySlug(Term.Kind.PROCESS, label=_("Processes"))
    certification = TermsBySlug(Term.Kind.CERTIFICATION, label=_("Valid certifications"))
    area = TermsBySlug(Term.Kind.TECHNOLOGY_AREA, label=_("Technology areas"))
    verification = forms.TypedMultipleChoiceField(
        label=_("Verification"),
        choices=Enterprise.Verification.choices,
        coerce=int,
        required=False,
    )
    exporter = forms.BooleanField(label=_("Exports already"), required=False)
    pin = forms.RegexField(
        label=_("Near PIN code"),
        regex=r"^[1-9]\d{5}$",
        required=False,
        error_messages={"invalid": _("A PIN code has 6 digits and does not start with 0.")},
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        choices=[(r, _("%(km)s km") % {"km": r}) for r in RADII],
        coerce=int,
        required=False,
        empty_value=100,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("distance", _("Distance")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nic_section"].choices = _nic_choices("section")
        self.fields["nic_division"].choices = _nic_choices("division")
        self.fields["nic"].choices = _nic_choices("class")
        # Districts are whatever the documents hold; any name up to 100 characters is a
        # filter that simply may match nothing.
        self.fields["district"].valid_value = lambda value: 0 < len(value) <= 100

    def clean_pin(self) -> str:
        pin = self.cleaned_data.get("pin") or ""
        # Kept for params(): the same row says where the PIN code is.
        self.centre = PinCentroid.objects.filter(pin=pin).first() if pin else None
        if pin and self.centre is None:
            raise forms.ValidationError(_("%(pin)s is not a known PIN code.") % {"pin": pin})
        return pin

    def clean(self):
        data = super().clean()
        if data.get("sort") == "distance" and not data.get("pin"):
            self.add_error("pin", _("Give a PIN code to sort by distance."))
        return data

    def params(self) -> SearchParams:
        """The search this valid form asks for."""
        data = self.cleaned_data
        near = None
        if data.get("pin"):
            near = (self.centre.latitude, self.centre.longitude)
        return SearchParams(
            kind=data.get("kind") or Kind.ENTERPRISE,
            q=data.get("q", ""),
            state=data.get("state", []),
            district=data.get("district", []),
            nic_section=data.get("nic_section", []),
            nic_division=data.get("nic_division", []),
            nic=data.get("nic", []),
            size=data.get("size", []),
            process=[t.pk for t in data.get("process") or []],
            certification=[t.pk for t in data.get("certification") or []],
            area=[t.pk for t in data.get("area") or []],
            verification=data.get("verification", []),
            exporter=bool(data.get("exporter")),
            near=near,
            radius_km=data.get("radius") or 100,
            sort=data.get("sort") or ("relevance" if data.get("q") else "newest"),
            page=data.get("page") or 1,
        )


class SavedSearchForm(forms.ModelForm):
    """Name a search and choose how often to hear of its new results."""

    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
