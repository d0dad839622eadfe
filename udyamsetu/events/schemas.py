"""API shapes for events, registrations, the participant list, wishes, requests and agendas."""

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
