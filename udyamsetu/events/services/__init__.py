"""Events: registering, the participant list, meeting wishes and requests, building and
publishing the meeting schedule, and each participant's agenda.

By topic: who is who (`visibility`), creating and running an event (`organising`), registering
(`registration`), the participant list, wishes, requests and match scores (`matchmaking`), the
meeting grid and schedule at the organiser's desk (`schedule`), the day and after (`day`), and
each participant's agenda and e-mail (`agendas`). Everything is re-exported here, so callers
write `from udyamsetu.events import services`.

Who may do what:
- the organiser's members (a government office) create and run their events: approve
  registrations, build, adjust and publish the schedule, record what happened on the day;
- a registered participant sees the listed participants, wishes and asks for meetings, and
  sees their own agenda once the schedule is published;
- everyone else sees published events and nothing private; a draft event is 404.
"""

# Lock order, kept by every service here so that no two of them can deadlock: the event's row
# first (`Event.objects.select_for_update()`), then the event's rows the service changes
# (meetings in id order when there are several), each locked with
# `select_for_update(of=("self",))` so that a join never locks another table's row out of turn.
# A meeting that is gone by the time the event's row is locked is 404. A service that locks a
# single row and nothing else (`answer_registration`, `answer_request`) locks only that row.

from udyamsetu.events.services.agendas import (
    agenda,
    agenda_ical,
    agenda_pdf,
    other_side,
)
from udyamsetu.events.services.day import (
    check_in,
    give_feedback,
    record_meeting,
)
from udyamsetu.events.services.matchmaking import (
    QStatus,
    answer_request,
    expire_meeting_requests,
    listed_participants,
    match_scores,
    send_request,
    set_wish,
    wanted_meetings,
)
from udyamsetu.events.services.organising import (
    known_time_zones,
    may_organise,
    save_event,
    set_status,
)
from udyamsetu.events.services.registration import (
    answer_registration,
    cancel_registration,
    register,
)
from udyamsetu.events.services.schedule import (
    MAX_SLOT_MINUTES,
    MAX_SLOTS,
    build_schedule,
    grid_closed_reason,
    move_meeting,
    publish_schedule,
    set_locked,
    slot_labels,
    slots_for,
    swap_meetings,
)
from udyamsetu.events.services.visibility import (
    RStatus,
    is_organiser,
    organised_event,
    participant,
    registration_of,
    upcoming_for,
    visible_event,
    visible_events,
)

__all__ = [
    "MAX_SLOTS",
    "MAX_SLOT_MINUTES",
    "QStatus",
    "RStatus",
    "agenda",
    "agenda_ical",
    "agenda_pdf",
    "answer_registration",
    "answer_request",
    "build_schedule",
    "cancel_registration",
    "check_in",
    "expire_meeting_requests",
    "give_feedback",
    "grid_closed_reason",
    "is_organiser",
    "known_time_zones",
    "listed_participants",
    "match_scores",
    "may_organise",
    "move_meeting",
    "organised_event",
    "other_side",
    "participant",
    "publish_schedule",
    "record_meeting",
    "register",
    "registration_of",
    "save_event",
    "send_request",
    "set_locked",
    "set_status",
    "set_wish",
    "slot_labels",
    "slots_for",
    "swap_meetings",
    "upcoming_for",
    "visible_event",
    "visible_events",
    "wanted_meetings",
]  # fmt: skip
