"""Forms for finding free machine time, requesting and answering bookings, maintenance and
outcomes. Times are typed in the facility's own time zone (IST for India's facilities)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udyamsetu.core.uploads import MultipleUploadField
from udyamsetu.enterprises.forms import TermsField
from udyamsetu.enterprises.models import Term
from udyamsetu.enterprises.reference import STATE_CHOICES
from udyamsetu.facilities.models import Equipment, Facility
from udyamsetu.facilities.services import MAX_DRAWINGS, MAX_HOURS

RADII = [("25", "25 km"), ("50", "50 km"), ("100", "100 km"), ("250", "250 km"), ("", _("Any"))]


def _terms(kind: str):
    return Term.objects.filter(kind=kind, is_active=True).order_by("name")


class SearchForm(forms.Form):
    """What machine, where and for how long: "a 5-axis CNC within 100 km of my PIN code, free
    for 8 hours next week"."""

    machine_type = forms.ModelChoiceField(
        label=_("Machine"), queryset=_terms("machine"), required=False, empty_label=_("Any")
    )
    process = forms.ModelChoiceField(
        label=_("or a service"), queryset=_terms("process"), required=False,
        empty_label=_("Any"),
    )  # fmt: skip
    pin_code = forms.RegexField(
        label=_("Near PIN code"), regex=r"^[1-9][0-9]{5}$", required=False,
        error_messages={"invalid": _("A PIN code has six digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )  # fmt: skip
    radius_km = forms.ChoiceField(label=_("Within"), choices=RADII, required=False, initial="100")
    hours = forms.DecimalField(
        label=_("Hours needed"), min_value=Decimal("0.5"), max_value=MAX_HOURS,
        decimal_places=1, initial=8, widget=forms.NumberInput(attrs={"step": "0.5"}),
    )  # fmt: skip
    start_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_day = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("machine_type") and not cleaned.get("process"):
            self.add_error("machine_type", _("Choose a machine or a service."))
        if cleaned.get("radius_km") and not cleaned.get("pin_code"):
            self.add_error("pin_code", _("Give your PIN code to search within a distance."))
        first, last = cleaned.get("start_day"), cleaned.get("end_day")
        if first and last:
            if last < first:
                self.add_error("end_day", _("The last day must not be before the first."))
            elif (last - first).days > 62:
                self.add_error("end_day", _("Search at most two months at once."))
        return cleaned


class PeriodFields(forms.Form):
    """A day, a start time and a length, in the facility's time zone; `period(zone)` gives the
    aware start and end (a booking may run past midnight)."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time", "step": 1800})
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=MAX_HOURS, decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )  # fmt: skip

    def period(self, zone: str) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        start = datetime.combine(data["day"], data["start_time"], tzinfo=ZoneInfo(zone))
        return start, start + timedelta(hours=float(data["hours"]))


class BookingForm(PeriodFields):
    job_description = forms.CharField(
        label=_("The job"), max_length=2000,
        help_text=_("What you will make or test, the quantity and tolerances."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    material = forms.CharField(label=_("Material (optional)"), max_length=200, required=False)
    drawings = MultipleUploadField(
        label=_("Drawings (optional)"), required=False, max_files=MAX_DRAWINGS
    )


class MaintenanceForm(PeriodFields):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=[("completed", _("Used")), ("no_show", _("No-show"))],
        widget=forms.RadioSelect,
    )
    used_hours = forms.DecimalField(
        label=_("Hours used (leave empty for the booked hours)"), min_value=Decimal("0.5"),
        max_digits=6, decimal_places=2, required=False,
    )  # fmt: skip


def default_days() -> dict:
    today = timezone.localdate()
    return {"start_day": today, "end_day": today + timedelta(days=7), "hours": 8,
            "radius_km": "100"}  # fmt: skip


# --- The operator's catalogue --------------------------------------------------------------------

WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday")]  # fmt: skip


class FacilityForm(forms.ModelForm):
    """A facility's listing, its services, its week's opening hours (a row per weekday; empty
    means closed) and its holidays (one per line)."""

    services = TermsField("process", label=_("Services"))
    holidays = forms.CharField(
        label=_("Holidays"), required=False,
        help_text=_("One per line: the date, then its name. For example: 2027-01-26 Republic Day"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    class Meta:
        model = Facility
        fields = ["name", "kind", "description", "address", "city", "state", "pin_code",
                  "services", "other_services", "cancellation_notice_hours", "is_published"]  # fmt: skip
        widgets = {
            "state": forms.Select(choices=[("", "—"), *STATE_CHOICES]),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = (
            {h.weekday: h for h in self.instance.opening_hours.all()} if self.instance.pk else {}
        )
        for weekday, label in enumerate(WEEKDAYS):
            shift = hours.get(weekday)
            widget = forms.TimeInput(attrs={"type": "time", "step": 1800})
            self.fields[f"opens_{weekday}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": label}, required=False, widget=widget,
                initial=shift.opens if shift else None,
            )  # fmt: skip
            self.fields[f"closes_{weekday}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": label}, required=False, widget=widget,
                initial=shift.closes if shift else None,
            )  # fmt: skip
        if self.instance.pk:
            self.fields["holidays"].initial = "\n".join(
                f"{h.day.isoformat()} {h.name}".strip() for h in self.instance.holidays.all()
            )

    def hour_fields(self) -> list[tuple]:
        return [
            (label, self[f"opens_{i}"], self[f"closes_{i}"]) for i, label in enumerate(WEEKDAYS)
        ]

    def clean(self):
        cleaned = super().clean()
        hours = []
        for weekday in range(7):
            opens, closes = cleaned.get(f"opens_{weekday}"), cleaned.get(f"closes_{weekday}")
            if (opens is None) != (closes is None):
                self.add_error(f"closes_{weekday}", _("Give both times, or neither (closed)."))
            elif opens is not None:
                hours.append((weekday, opens, closes))
        cleaned["hours"] = hours
        holidays, seen = [], set()
        for number, line in enumerate((cleaned.get("holidays") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day_text, _space, name = line.partition(" ")
            try:
                day = date.fromisoformat(day_text)
            except ValueError:
                self.add_error("holidays", _("Line %(n)d: start with a date like 2027-01-26.")
                               % {"n": number})  # fmt: skip
                continue
            if day in seen:
                self.add_error("holidays", _("Line %(n)d: this date is already listed.")
                               % {"n": number})  # fmt: skip
                continue
            seen.add(day)
            holidays.append((day, name.strip()[:120]))
        cleaned["holiday_list"] = holidays
        return cleaned


class EquipmentForm(forms.ModelForm):
    processes = TermsField("process", label=_("Processes it serves"))

    class Meta:
        model = Equipment
        fields = ["name", "machine_type", "make_model", "specifications", "capacity",
                  "processes", "rate_rupees", "micro_rate_rupees", "is_bookable"]  # fmt: skip
        widgets = {"specifications": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine_type"].queryset = _terms("machine")
