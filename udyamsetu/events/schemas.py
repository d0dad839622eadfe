"""API shapes for events, registrations, the participant list, wishes, requests and agendas,
and for the organiser's desk: the meeting grid, the schedule and its changes."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class EventOut(Schema):
    slug: str
    kind: str
    title: str
    description: str
    venue: str
    online_url: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    status: str
    organiser: str  # the organiser's name
    schedule_published: bool


class RegistrationIn(Schema):
    organisation_id: int = Field(description="The organisation you register for")
    listed: bool = Field(default=False, description="Appear in the participant list")
    pitch: str = Field(default="", max_length=500)
    language: str = Field(default="en", max_length=8)
    needs_interpreter: bool = False


class RegistrationOut(Schema):
    id: int
    status: str
    listed: bool
    organisation: str


class ParticipantOut(Schema):
    id: int  # the registration's id: wish and ask with it
    name: str
    organisation: str
    pitch: str
    score: int  # 0..100, how well you fit
    my_wish: str  # must, would, no or ""


class WishIn(Schema):
    level: str = Field(description='must, would, no, or "" to remove the wish')


class RequestIn(Schema):
    target_id: int
    message: str = Field(default="", max_length=500)


class RequestOut(Schema):
    id: int
    source_id: int
    target_id: int
    status: str
    message: str
    expires_at: datetime


class MeetingOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    table: int
    with_name: str
    with_organisation: str


# --- The organiser's desk ----------------------------------------------------------------------


class GridIn(Schema):
    start: datetime = Field(
        description="When the first slot starts: a time without an offset is read in the "
        "event's time zone"
    )
    minutes: int = Field(description="Minutes a meeting (5 to 240)")
    count: int = Field(description="Number of slots (1 to 64)")
    breaks: list[int] = Field(
        default=[], description="Numbers (from 1) of the slots that are breaks"
    )


class MoveIn(Schema):
    slot_id: int
    table: int


class SwapIn(Schema):
    other_id: int = Field(description="The meeting to exchange slots and tables with")


class SlotOut(Schema):
    id: int
    number: int  # from 1, as in `breaks`
    starts_at: datetime  # in the event's time zone
    ends_at: datetime
    is_break: bool


class SideOut(Schema):
    registration_id: int
    name: str
    organisation: str


class ScheduledMeetingOut(Schema):
    id: int
    slot_id: int
    starts_at: datetime  # in the event's time zone
    ends_at: datetime
    table: int
    first: SideOut
    second: SideOut
    locked: bool
    value: int
    outcome: str


class ScheduleOut(Schema):
    timezone: str
    tables: int
    slots: list[SlotOut]
    meetings: list[ScheduledMeetingOut]
    published_at: datetime | None


class BuildOut(Schema):
    meetings: int  # meetings in the draft schedule, locked ones included
    value: int  # the schedule's total value
    bound: int  # an upper bound on the best total value
    gap: float  # (bound - value) / bound
    status: str  # the solver's: OPTIMAL when proved best, FEASIBLE otherwise
