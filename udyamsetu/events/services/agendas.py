"""Each participant's agenda: their published meetings in time order, on the page, as an
iCalendar file and as a printable PDF, and e-mail to one participant in their own language and
time zone."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.events.models import Event, Meeting, Registration
from udyamsetu.events.services.visibility import participant

# The PDF agenda's font: Noto Sans Devanagari has Latin letters too, so Hindi and English names
# print alike (fpdf2 shapes the Devanagari with HarfBuzz).
_FONT = Path(__file__).resolve().parent.parent / "fonts" / "NotoSansDevanagari-Regular.ttf"


def agenda(user, event: Event) -> list[Meeting]:
    """The participant's meetings in time order, once the schedule is published."""
    registration = participant(user, event)
    if event.schedule_published_at is None:
        return []
    return list(
        event.meetings.filter(Q(first=registration) | Q(second=registration))
        .select_related("slot", "first__user", "first__organisation", "second__user",
                        "second__organisation")
        .order_by("slot__starts_at")
    )  # fmt: skip


def other_side(meeting: Meeting, registration: Registration) -> Registration:
    return meeting.second if meeting.first_id == registration.pk else meeting.first


def agenda_ical(user, event: Event) -> bytes:
    """The participant's meetings as an iCalendar file (times in UTC; calendar apps show them
    in the reader's zone)."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    registration = participant(user, event)
    calendar = Calendar()
    calendar.add("prodid", "-//Udyam Setu//Event agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.title)
    for meeting in agenda(user, event):
        other = other_side(meeting, registration)
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{meeting.pk}@udyamsetu")
        entry.add("dtstamp", meeting.updated_at)
        entry.add("dtstart", meeting.slot.starts_at)
        entry.add("dtend", meeting.slot.ends_at)
        entry.add("summary", f"{other.user.full_name} ({other.organisation.name})")
        entry.add("location", f"{event.venue or event.online_url} · Table {meeting.table}")
        calendar.add_component(entry)
    return calendar.to_ical()


def agenda_pdf(user, event: Event) -> bytes:
    """The participant's printable agenda: the event, then each meeting with its time (in the
    participant's zone), table and who."""
    from fpdf import FPDF

    registration = participant(user, event)
    zone = ZoneInfo(user.timezone or settings.TIME_ZONE)
    pdf = FPDF(format="A4")
    pdf.add_font("Noto", fname=str(_FONT))
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("Noto", size=16)
    pdf.multi_cell(0, 9, event.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", size=10)
    start = timezone.localtime(event.starts_at, zone)
    pdf.multi_cell(0, 6, f"{start:%A %d %B %Y}, {event.venue or event.online_url}",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.multi_cell(0, 6, _("Agenda of %(name)s, %(org)s. Times in %(zone)s.") % {
        "name": user.full_name, "org": registration.organisation.name, "zone": zone.key},
        new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(4)
    pdf.set_font("Noto", size=11)
    for meeting in agenda(user, event):
        other = other_side(meeting, registration)
        begins = timezone.localtime(meeting.slot.starts_at, zone)
        ends = timezone.localtime(meeting.slot.ends_at, zone)
        line = _("%(start)s-%(end)s, table %(table)d: %(name)s, %(org)s") % {
            "start": f"{begins:%H:%M}", "end": f"{ends:%H:%M}", "table": meeting.table,
            "name": other.user.full_name, "org": other.organisation.name,
        }  # fmt: skip
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
