"""Forms for events: the organiser's event and meeting grid, registering, moving a meeting,
feedback. Times are typed in the event's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from udyamsetu.events.models import Event, Feedback, Registration


def _local(value: datetime | None, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") if value else ""


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in a given zone (set by the form), cleaned to an aware value."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    zone = "Asia/Kolkata"

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        return result.replace(tzinfo=ZoneInfo(self.zone))


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "venue", "online_url", "timezone",
                  "starts_at", "ends_at", "capacity", "requires_approval", "tables",
                  "interpreters", "request_limit"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "timezone": forms.Select(choices=[
                       ("Asia/Kolkata", "India (IST)"), ("Asia/Taipei", "Taipei"),
                       ("Asia/Jerusalem", "Jerusalem"), ("Asia/Tokyo", "Tokyo"),
                       ("Asia/Seoul", "Seoul"), ("Europe/Berlin", "Berlin"), ("UTC", "UTC")])}  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.data.get("timezone") or self.instance.timezone or "Asia/Kolkata"
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
    minutes = forms.IntegerField(label=_("Minutes a meeting"), min_value=5, max_value=240,
                                 initial=20)  # fmt: skip
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=64, initial=16)
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
    """Move a meeting to another slot and table (the organiser)."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=None)
    table = forms.IntegerField(label=_("Table"), min_value=1)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.filter(is_break=False)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "comment", "follow_up"]
        widgets = {"rating": forms.RadioSelect}
