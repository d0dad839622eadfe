"""Forms for events: the organiser's event and meeting grid, registering, moving a meeting,
feedback. Times are typed in the event's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udyamsetu.events.models import Event, Feedback, Registration
from udyamsetu.events.services import MAX_SLOT_MINUTES, MAX_SLOTS, slot_labels


def _local(value: datetime | None, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") if value else ""


class LocalDateTimeField(forms.DateTimeField):
    """A date and time in a given zone (set by the form), cleaned to an aware value in that
    zone: a time without an offset is the wall-clock time there (whatever zone the reader is
    in), a time with an offset is that instant."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    zone = "Asia/Kolkata"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        zone = ZoneInfo(self.zone)
        # Django makes a naive value aware in the active zone (refusing a time that does not
        # exist there or is ambiguous) and keeps an aware one: make the event's zone active.
        with timezone.override(zone):
            return super().to_python(value).astimezone(zone)


# The zones the event form offers. An event set to another zone in the admin keeps it: the form
# offers that one too rather than silently changing it.
EVENT_TIME_ZONES = [
    ("Asia/Kolkata", "India (IST)"), ("Asia/Taipei", "Taipei"), ("Asia/Jerusalem", "Jerusalem"),
    ("Asia/Tokyo", "Tokyo"), ("Asia/Seoul", "Seoul"), ("Europe/Berlin", "Berlin"), ("UTC", "UTC"),
]  # fmt: skip


class EventForm(forms.ModelForm):
    """The organiser's event. Its times are typed in the zone chosen on the same form, so the
    zone is checked before it is used: a value not offered is an error on the field."""

    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "venue", "online_url", "timezone",
                  "starts_at", "ends_at", "capacity", "requires_approval", "tables",
                  "interpreters", "request_limit"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "timezone": forms.Select(choices=EVENT_TIME_ZONES)}  # fmt: skip

    def clean_timezone(self) -> str:
        zone = self.cleaned_data["timezone"]
        if zone not in self.zones:
            raise forms.ValidationError(_("Choose a valid time zone."), code="invalid_choice")
        return zone

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.timezone or "Asia/Kolkata"
        choices = EVENT_TIME_ZONES
        if current not in dict(choices):
            choices = [*choices, (current, current)]
        self.fields["timezone"].widget.choices = choices
        self.zones = {value for value, _label in choices}
        # The times are read in the chosen zone; one not offered is refused by clean_timezone,
        # and meanwhile the times are read in the event's present zone.
        zone = self.data.get("timezone")
        if zone not in self.zones:
            zone = current
        for name in ("starts_at", "ends_at"):
            self.fields[name].zone = zone
            if self.instance.pk:
                self.initial[name] = _local(getattr(self.instance, name), zone)


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["listed", "pitch", "language", "needs_interpreter"]
        widgets = {"pitch": forms.Textarea(attrs={"rows": 2}),
                   "language": forms.Select(choices=[("en", "English"), ("hi", "हिन्दी"),
                                                     ("zh", "中文"), ("he", "עברית"),
                                                     ("ja", "日本語"), ("ko", "한국어")])}  # fmt: skip
        help_texts = {"listed": _("Other participants can then see you and ask to meet you.")}


class GridForm(forms.Form):
    """The matchmaking grid: slots of a length from a start, some of them breaks."""

    start = LocalDateTimeField(label=_("First slot starts"))
    minutes = forms.IntegerField(label=_("Minutes a meeting"), min_value=5,
                                 max_value=MAX_SLOT_MINUTES, initial=20)  # fmt: skip
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=MAX_SLOTS,
                               initial=16)  # fmt: skip
    breaks = forms.CharField(
        label=_("Breaks (slot numbers, optional)"), required=False,
        help_text=_("For example: 8, 9 for a lunch break as the eighth and ninth slots."),
    )  # fmt: skip

    def clean_breaks(self) -> list[int]:
        text = self.cleaned_data["breaks"].replace(" ", "")
        if not text:
            return []
        try:
            return [int(part) for part in text.split(",") if part]
        except ValueError:
            raise forms.ValidationError(_("Give slot numbers separated by commas.")) from None


class MoveForm(forms.Form):
    """Move a meeting to another slot and table (the organiser). Any slot of the event is a
    valid choice, so that a break gets the service's own refusal ("That slot is a break.")
    rather than "Select a valid choice"; the page lists only the slots that hold meetings,
    each named by its number and its times in the event's zone (`services.slot_labels`)."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=None)
    table = forms.IntegerField(label=_("Table"), min_value=1)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        slot = self.fields["slot"]
        slot.queryset = event.slots.all()
        labels = slot_labels(event)
        slot.widget.choices = [
            (value, labels.get(value.value, label) if value else label)
            for value, label in slot.choices
            if not value or not value.instance.is_break
        ]  # fmt: skip


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "comment", "follow_up"]
        widgets = {"rating": forms.RadioSelect}
