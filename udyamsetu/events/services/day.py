"""On the day and after: checking participants in at the desk, recording each published
meeting as held or a no-show (a held one goes into the pair's partnership pipeline), and the
participants' feedback on their meetings."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from udyamsetu.events.models import Event, Feedback, Meeting, Registration
from udyamsetu.events.services.schedule import _locked_meeting
from udyamsetu.events.services.visibility import is_organiser

RStatus = Registration.Status


def check_in(registration: Registration, *, by) -> Registration:
    """The organiser checks a participant in at the desk."""
    if not is_organiser(by, registration.event):
        raise Http404
    if registration.status != RStatus.APPROVED:
        raise ValidationError(_("Only registered participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def record_meeting(meeting: Meeting, *, by, outcome: str) -> Meeting:
    """The organiser records a published meeting as held or a no-show, once its slot has
    begun. A held meeting between two organisations goes into their partnership pipeline as a
    confirmed meeting."""
    from udyamsetu.partnerships.services import record_event_meeting

    event = Event.objects.select_for_update().get(pk=meeting.event_id)
    if not is_organiser(by, event):
        raise Http404
    meeting = _locked_meeting(
        event, meeting.pk, "slot", "first__organisation", "second__organisation"
    )
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": _("Choose held or no-show.")})
    if event.schedule_published_at is None or meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("Record a meeting once its time has come."))
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome", "updated_at"])
    if outcome == Meeting.Outcome.HELD:
        day = timezone.localtime(meeting.slot.starts_at, ZoneInfo(event.timezone)).date()
        record_event_meeting(
            meeting.first.organisation, meeting.second.organisation, on=day, by=by,
            note=_("Met at %(event)s") % {"event": event.title},
        )  # fmt: skip
    return meeting


def give_feedback(meeting: Meeting, *, by, rating: int, comment: str = "",
                  follow_up: bool = False) -> Feedback:  # fmt: skip
    """A participant of a held meeting says how useful it was."""
    mine = [r for r in (meeting.first, meeting.second) if r.user_id == by.pk]
    if not mine:
        raise Http404
    if meeting.outcome != Meeting.Outcome.HELD:
        raise ValidationError(_("Feedback is for meetings that took place."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting, registration=mine[0],
        defaults={"rating": int(rating), "comment": comment.strip()[:1000],
                  "follow_up": follow_up},
    )  # fmt: skip
    return feedback
