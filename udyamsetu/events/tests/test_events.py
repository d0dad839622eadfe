"""Events end to end in the database: registering (approval, capacity), the participant list,
wishes and meeting requests, building a schedule that keeps every rule, moving and locking,
publishing, agendas in each participant's time zone (page, iCalendar, PDF), the day's outcomes
into the partnership pipeline, and who may see what."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from datetime import timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from udyamsetu.accounts.models import Membership
from udyamsetu.conftest import client_for
from udyamsetu.events import services
from udyamsetu.events.models import Event, Meeting, MeetingRequest, Registration
from udyamsetu.events.tests.conftest import at
from udyamsetu.partnerships.models import Partnership, Step

pytestmark = pytest.mark.django_db


def _both_must(event, a, b, registered):
    services.set_wish(event, by=a, target=registered[b], level="must")
    services.set_wish(event, by=b, target=registered[a], level="must")


def _grid(event, official, count=3, breaks=()):
    return services.slots_for(event, by=official, start=at(event, 10), minutes=30, count=count,
                              breaks=breaks)  # fmt: skip


def _row_locks(queries) -> list[tuple[str, int, str]]:
    """The rows the captured SELECT … FOR UPDATE statements locked, in order: (table, id, the
    locking clause)."""
    locks = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and " FOR UPDATE" in sql:
            table = re.search(r'FROM "(\w+)"', sql).group(1)
            pk = int(re.search(rf'"{table}"\."id" = (\d+)', sql).group(1))
            locks.append((table, pk, sql[sql.index(" FOR UPDATE") + 1 :]))
    return locks


def _desk(event) -> tuple:
    """What the organiser's desk can change: the slots, the meetings and the publication."""
    return (
        list(event.slots.order_by("pk").values_list("pk", "starts_at", "ends_at", "is_break")),
        list(event.meetings.order_by("pk").values_list("pk", "slot_id", "table", "locked")),
        Event.objects.get(pk=event.pk).schedule_published_at,
    )


# --- Registration --------------------------------------------------------------------------------


def test_registration_needs_approval_when_asked_and_stops_at_capacity(
    event, owner, org_a, tel_aviv, org_b, official
):
    event.requires_approval, event.capacity = True, 1
    event.save()
    mine = services.register(event, by=owner, organisation=org_a, listed=True)
    assert mine.status == Registration.Status.PENDING
    with pytest.raises(ValidationError, match="The event is full"):
        services.register(event, by=tel_aviv, organisation=org_b, listed=True)
    with pytest.raises(ValidationError, match="already registered"):
        services.register(event, by=owner, organisation=org_a, listed=True)
    with pytest.raises(Http404):
        services.answer_registration(mine, by=tel_aviv, approve=True)
    assert services.answer_registration(mine, by=official, approve=True).status == "approved"


@pytest.fixture
def waiting(event, taipei, org_c, make_user):
    """Taipei's registration for an event that asks for approval, waiting for an answer; a
    colleague in Taipei's organisation did not register."""
    colleague = make_user("colleague@example.com", "Lin Wei", language="hi")
    Membership.objects.create(user=colleague, organisation=org_c, role=Membership.Role.MEMBER)
    event.requires_approval = True
    event.save(update_fields=["requires_approval"])
    return services.register(event, by=taipei, organisation=org_c, listed=True)


def test_an_approved_registrant_alone_is_told_the_events_times_in_their_zone_venue_and_page(
    event, waiting, taipei, official, django_capture_on_commit_callbacks, run_tasks
):
    # when the organiser approves Taipei's registration
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_registration(waiting, by=official, approve=True)
    run_tasks()

    # then only Taipei is told, in English, with the event's day in Taipei's time (09:00 to
    # 17:00 IST is 11:30 to 19:30 there), the venue and the event's page
    [message] = mail.outbox
    assert message.to == [taipei.email]
    assert message.subject == "Your registration for Odisha Defence MSME Meet is approved"
    assert "The organiser has approved your registration for Odisha Defence MSME Meet." in (
        message.body)  # fmt: skip
    zone = ZoneInfo("Asia/Taipei")
    starts, ends = (t.astimezone(zone) for t in (event.starts_at, event.ends_at))
    assert (f"{starts:%H:%M}", f"{ends:%H:%M}") == ("11:30", "19:30")
    assert f"{starts:%A %-d %B %Y, %H:%M} \u2013 {ends:%A %-d %B %Y, %H:%M} (Asia/Taipei)" in (
        message.body)  # fmt: skip
    assert "Janata Maidan, Bhubaneswar" in message.body
    assert f"/events/{event.slug}/" in message.body


def test_a_declined_registrant_alone_is_told_in_their_own_language(
    event, waiting, taipei, official, django_capture_on_commit_callbacks, run_tasks
):
    # given a registrant who reads the portal in Hindi
    taipei.language = "hi"
    taipei.save(update_fields=["language"])

    # when the organiser declines the registration
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_registration(waiting, by=official, approve=False)
    run_tasks()

    # then only they are told, in Hindi, with the event's page, and the registration is declined
    [message] = mail.outbox
    assert message.to == [taipei.email]
    assert message.subject == (
        "Odisha Defence MSME Meet के लिए आपका पंजीकरण अस्वीकार कर दिया गया है")  # fmt: skip
    assert "आयोजक ने Odisha Defence MSME Meet के लिए आपका पंजीकरण अस्वीकार कर दिया है" in (
        message.body)  # fmt: skip
    assert f"/events/{event.slug}/" in message.body
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.DECLINED


def test_a_registration_answered_already_is_refused_and_nobody_is_told_again(
    event, waiting, official, django_capture_on_commit_callbacks, run_tasks
):
    # given a registration the organiser approved
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_registration(waiting, by=official, approve=True)
    run_tasks()
    mail.outbox.clear()

    # when another tab declines it
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="already answered"),
    ):
        services.answer_registration(waiting, by=official, approve=False)
    run_tasks()

    # then it stays approved and nobody is e-mailed
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.APPROVED
    assert mail.outbox == []


def test_a_draft_event_is_invisible_and_closed_registration_is_refused(event, owner, org_a, client):
    event.status = Event.Status.DRAFT
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError, match="closed"):
        services.register(event, by=owner, organisation=org_a, listed=True)
    assert not Registration.objects.exists()


def test_only_listed_participants_are_shown_and_only_to_participants(
    event, registered, owner, tel_aviv, taipei, org_c, make_user
):
    registered[taipei].listed = False
    registered[taipei].save()
    shown = services.listed_participants(owner, event)
    assert [r.user for r in shown] == [tel_aviv]
    stranger = make_user("stranger@example.com", "Stranger")
    with pytest.raises(Http404):
        services.listed_participants(stranger, event)
    assert client_for(stranger).get(f"/events/{event.slug}/participants/").status_code == 404


# --- Wishes and requests -------------------------------------------------------------------------


def test_requests_are_answered_by_the_asked_person_only_and_within_limits(
    event, registered, owner, tel_aviv, taipei, make_user
):
    request = services.send_request(event, by=owner, target=registered[tel_aviv], message="Hi")
    with pytest.raises(ValidationError, match="already open"):
        services.send_request(event, by=tel_aviv, target=registered[owner])
    with pytest.raises(PermissionDenied):
        services.answer_request(request, by=owner, accept=True)
    with pytest.raises(Http404):
        services.answer_request(request, by=taipei, accept=True)
    assert services.answer_request(request, by=tel_aviv, accept=True).status == "accepted"
    event.request_limit = 1
    event.save()
    with pytest.raises(ValidationError, match="1 meeting requests this event allows"):
        services.send_request(event, by=owner, target=registered[taipei])


def test_a_meeting_request_tells_each_asked_member_the_deadline_in_their_own_time_zone(
    event, registered, owner_client, taipei, org_c, make_user,
    django_capture_on_commit_callbacks, run_tasks,
):  # fmt: skip
    # given a colleague of Taipei's in Kolkata; the owner asks from the page, so the owner's
    # zone (IST) is the active one while the request is handled
    colleague = make_user("kolkata@example.com", "Arjun Sen", timezone="Asia/Kolkata")
    Membership.objects.create(user=colleague, organisation=org_c, role=Membership.Role.MEMBER)

    # when the owner asks Taipei's organisation for a meeting
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/events/{event.slug}/participants/{registered[taipei].pk}/ask/",
                          {"message": "Hi"})  # fmt: skip
    run_tasks()

    # then each member reads the answer-by time in their own zone
    expires = MeetingRequest.objects.get().expires_at
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_person) == {taipei.email, colleague.email}
    in_taipei = expires.astimezone(ZoneInfo("Asia/Taipei"))
    in_kolkata = expires.astimezone(ZoneInfo("Asia/Kolkata"))
    assert f"Please accept or decline by {in_taipei:%-d %B %Y, %H:%M}." in by_person[taipei.email]
    assert f"{in_kolkata:%H:%M}" not in by_person[taipei.email]
    assert f"Please accept or decline by {in_kolkata:%-d %B %Y, %H:%M}." in (
        by_person[colleague.email])  # fmt: skip


def test_no_thanks_blocks_requests_and_unanswered_requests_expire(
    event, registered, owner, tel_aviv, taipei
):
    services.set_wish(event, by=tel_aviv, target=registered[owner], level="no")
    with pytest.raises(ValidationError, match="does not take meeting requests"):
        services.send_request(event, by=owner, target=registered[tel_aviv])
    request = services.send_request(event, by=owner, target=registered[taipei])
    assert services.expire_meeting_requests(request.expires_at - timedelta(minutes=1)) == 0
    assert services.expire_meeting_requests(request.expires_at) == 1
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.EXPIRED


def test_wanted_meetings_rank_mutual_must_first_and_drop_no_thanks(
    event, registered, owner, tel_aviv, taipei
):
    _both_must(event, owner, tel_aviv, registered)
    services.set_wish(event, by=owner, target=registered[taipei], level="would")
    services.set_wish(event, by=taipei, target=registered[owner], level="would")
    request = services.send_request(event, by=tel_aviv, target=registered[taipei])
    services.answer_request(request, by=taipei, accept=True)
    wanted = services.wanted_meetings(event)
    kinds = {frozenset(k): kind for k, (kind, _value) in wanted.items()}
    assert kinds == {
        frozenset({registered[owner].pk, registered[tel_aviv].pk}): "mutual_must",
        frozenset({registered[owner].pk, registered[taipei].pk}): "mutual",
        frozenset({registered[tel_aviv].pk, registered[taipei].pk}): "accepted",
    }
    services.set_wish(event, by=taipei, target=registered[tel_aviv], level="no")
    assert len(services.wanted_meetings(event)) == 2


# --- The schedule --------------------------------------------------------------------------------


def test_the_schedule_keeps_every_rule(event, registered, owner, tel_aviv, taipei, official):
    # three pairs want to meet, two tables, three slots of which the second is a break, and
    # Taipei is only there from 11:00 (the third slot)
    _grid(event, official, count=3, breaks=(2,))
    registered[taipei].available_from = at(event, 11)
    registered[taipei].save()
    _both_must(event, owner, tel_aviv, registered)
    for a, b in ((owner, taipei), (tel_aviv, taipei)):
        services.set_wish(event, by=a, target=registered[b], level="would")
        services.set_wish(event, by=b, target=registered[a], level="would")
    services.build_schedule(event, by=official, time_limit_s=5)
    meetings = list(event.meetings.select_related("slot"))
    # nobody twice in a slot, no table twice, no meeting in the break, Taipei only at 11:00
    per_slot = Counter()
    for m in meetings:
        per_slot.update([(m.slot_id, m.first_id), (m.slot_id, m.second_id)])
        assert not m.slot.is_break
        if registered[taipei].pk in (m.first_id, m.second_id):
            assert m.slot.starts_at >= at(event, 11)
    assert max(per_slot.values()) == 1
    assert len({(m.slot_id, m.table) for m in meetings}) == len(meetings)
    # the must-meet pair is in, and two meetings fit (Taipei can meet only one in slot 3)
    pairs = {frozenset((m.first_id, m.second_id)) for m in meetings}
    assert frozenset((registered[owner].pk, registered[tel_aviv].pk)) in pairs
    assert len(meetings) == 2


def test_a_no_thanks_pair_is_never_scheduled_and_locked_meetings_survive_a_rebuild(
    event, registered, owner, tel_aviv, taipei, official
):
    slots = _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    request = services.send_request(event, by=owner, target=registered[taipei])
    services.answer_request(request, by=taipei, accept=True)
    services.build_schedule(event, by=official, time_limit_s=5)
    assert event.meetings.count() == 2
    # Taipei then says no thanks to the owner: a rebuild drops that meeting
    services.set_wish(event, by=taipei, target=registered[owner], level="no")
    services.build_schedule(event, by=official, time_limit_s=5)
    assert event.meetings.count() == 1
    # the organiser moves the must-meet to slot 2, table 2 (which locks it) and builds again
    ids = sorted((registered[owner].pk, registered[tel_aviv].pk))
    pair = event.meetings.get(first_id=ids[0], second_id=ids[1])
    services.move_meeting(pair, by=official, slot=slots[1], table=2)
    services.build_schedule(event, by=official, time_limit_s=5)
    meetings = list(event.meetings.all())
    assert len(meetings) == 1
    kept = meetings[0]
    assert (kept.slot_id, kept.table, kept.locked) == (slots[1].pk, 2, True)


def _meetings(event) -> set[tuple]:
    """The event's meetings as the participants were sent them: (id, pair, slot, table), and
    whether the organiser locked it."""
    return set(
        event.meetings.values_list("pk", "first_id", "second_id", "slot_id", "table", "locked")
    )


@pytest.mark.parametrize("newly_wanted", ["accepted request", "mutual wish"])
def test_after_publishing_a_rebuild_keeps_every_published_meeting_and_adds_newly_wanted_ones(
    newly_wanted, event, registered, owner, tel_aviv, taipei, official
):
    # given a published schedule of two slots holding the owner's (unlocked) must-meet with
    # Tel Aviv, and Tel Aviv's request to Taipei still waiting
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    request = services.send_request(event, by=tel_aviv, target=registered[taipei])
    services.build_schedule(event, by=official, time_limit_s=5)
    services.publish_schedule(event, by=official)
    published = _meetings(event)

    # when Tel Aviv and Taipei come to want a meeting after publishing, and the organiser
    # builds again
    if newly_wanted == "accepted request":
        services.answer_request(request, by=taipei, accept=True)
    else:
        _both_must(event, tel_aviv, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)

    # then the published meeting is kept as it was (same row, pair, slot and table, still
    # unlocked), and the new meeting is added in the slot where Tel Aviv is free
    after = _meetings(event)
    assert len(published) == 1 and published < after
    (kept,) = published
    (added,) = after - published
    assert kept[-1] is False
    assert set(added[1:3]) == {registered[tel_aviv].pk, registered[taipei].pk}
    assert added[3] != kept[3]


@pytest.fixture
def owner_met_where_taipei_comes(event, registered, owner, tel_aviv, taipei, official) -> list:
    """Two slots; Taipei is there only for the second, where the draft holds the owner's
    unlocked must-meet with Tel Aviv (staged there directly, as a build may place it). The
    owner and Taipei then both wish to meet: only the second slot would do. Returns the
    slots."""
    slots = _grid(event, official, count=2)
    registered[taipei].available_from = slots[1].starts_at
    registered[taipei].save(update_fields=["available_from"])
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    event.meetings.update(slot=slots[1], table=1)
    return slots


def test_before_publishing_a_rebuild_may_still_move_an_unlocked_meeting_to_make_room(
    event, registered, owner, tel_aviv, taipei, official, owner_met_where_taipei_comes
):
    # given the draft, and the owner and Taipei newly wishing to meet
    slots = owner_met_where_taipei_comes
    _both_must(event, owner, taipei, registered)

    # when the organiser builds again before publishing
    services.build_schedule(event, by=official, time_limit_s=5)

    # then the unlocked meeting with Tel Aviv moved to the first slot to make room for Taipei
    pairs = {
        frozenset((first, second)): slot
        for first, second, slot in event.meetings.values_list("first_id", "second_id", "slot_id")
    }
    assert pairs == {
        frozenset((registered[owner].pk, registered[tel_aviv].pk)): slots[0].pk,
        frozenset((registered[owner].pk, registered[taipei].pk)): slots[1].pk,
    }


def test_after_publishing_a_rebuild_moves_no_meeting_even_to_make_room(
    event, registered, owner, taipei, official, owner_met_where_taipei_comes
):
    # given the draft published, and then the owner and Taipei wishing to meet
    services.publish_schedule(event, by=official)
    published = _meetings(event)
    _both_must(event, owner, taipei, registered)

    # when the organiser builds again
    services.build_schedule(event, by=official, time_limit_s=5)

    # then the published meeting stays where it was, unlocked, and no meeting could be added
    assert _meetings(event) == published
    assert Event.objects.get(pk=event.pk).schedule_published_at is not None


def test_after_publishing_a_meeting_stays_through_a_rebuild_when_one_side_says_no_thanks(
    published, event, registered, owner, tel_aviv, official
):
    # given the published meeting of the owner with Tel Aviv, and Tel Aviv then saying no
    # thanks to the owner
    before = _meetings(event)
    services.set_wish(event, by=tel_aviv, target=registered[owner], level="no")

    # when the organiser builds again
    services.build_schedule(event, by=official, time_limit_s=5)

    # then the meeting the two were sent is still there as it was
    assert _meetings(event) == before


def test_moving_a_meeting_refuses_a_clash_a_taken_table_and_a_break(
    event, registered, owner, tel_aviv, taipei, official
):
    slots = _grid(event, official, count=3, breaks=(3,))
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, owner, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    first, second = sorted(event.meetings.all(), key=lambda m: m.slot.starts_at)
    with pytest.raises(ValidationError, match="another meeting then"):
        services.move_meeting(second, by=official, slot=first.slot, table=3 - first.table)
    with pytest.raises(ValidationError, match="is a break"):
        services.move_meeting(second, by=official, slot=slots[2], table=1)
    with pytest.raises(ValidationError, match="numbered 1 to 2"):
        services.move_meeting(second, by=official, slot=second.slot, table=3)
    with pytest.raises(Http404):
        services.move_meeting(second, by=owner, slot=second.slot, table=1)


def test_laying_out_the_grid_again_before_publishing_removes_every_draft_meeting(
    event, registered, owner, tel_aviv, official
):
    # given a draft schedule whose one meeting the organiser locked
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    services.set_locked(event.meetings.get(), by=official, locked=True)

    # when the organiser lays out the grid again
    slots = services.slots_for(event, by=official, start=at(event, 14), minutes=20, count=2)

    # then the new slots replace the old, and the draft meetings, locked too, are gone
    assert [s.starts_at for s in event.slots.all()] == [at(event, 14), at(event, 14, 20)]
    assert [s.pk for s in slots] == list(event.slots.values_list("pk", flat=True))
    assert not event.meetings.exists()


def test_the_grid_of_a_published_schedule_cannot_be_laid_out_again(published, event, official):
    # given a published schedule with one meeting
    before = _desk(event)

    # when the organiser lays out the grid again
    with pytest.raises(ValidationError) as refused:
        services.slots_for(event, by=official, start=at(event, 14), minutes=20, count=2)

    # then it is refused, saying why, and the grid, the meeting and the publication stay
    assert refused.value.messages == [
        "The schedule is published: laying out the grid again would remove the meetings the "
        "participants have been sent."
    ]
    assert services.grid_closed_reason(Event.objects.get(pk=event.pk)) == refused.value.messages[0]
    assert _desk(event) == before
    assert len(before[1]) == 1 and before[2] is not None


@pytest.mark.parametrize(
    ("start_hour", "minutes", "count", "breaks", "errors"),
    [
        (8, 30, 3, (), {"start": ["The slots must fall within the event."]}),
        (16, 30, 3, (), {"start": ["The slots must fall within the event."]}),
        (10, 30, 0, (), {"count": ["Give at least one slot of five minutes or more."]}),
        (10, 3, 3, (), {"minutes": ["Give at least one slot of five minutes or more."]}),
        (10, 30, 4, (0, 2, -1, 99),
         {"breaks": ["Breaks must be slot numbers from 1 to 4, not -1, 0, 99."]}),
        (10, 30, 4, (5,), {"breaks": ["Breaks must be slot numbers from 1 to 4, not 5."]}),
        (10, 5, 65, (), {"count": ["Give at most 64 slots."]}),
        (10, 241, 1, (), {"minutes": ["A slot lasts at most 240 minutes."]}),
        (10, 30, 3, (1, 2, 3),
         {"breaks": ["At least one slot must be for meetings, not a break."]}),
        (10, 30, 1, (1,), {"breaks": ["At least one slot must be for meetings, not a break."]}),
    ],
)  # fmt: skip
def test_a_bad_grid_is_refused_on_the_field_it_concerns_and_changes_nothing(
    event, registered, owner, tel_aviv, official, start_hour, minutes, count, breaks, errors
):
    # given a grid with a draft meeting
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    before = _desk(event)

    # when the organiser lays out a bad grid
    with pytest.raises(ValidationError) as refused:
        services.slots_for(event, by=official, start=at(event, start_hour), minutes=minutes,
                           count=count, breaks=breaks)  # fmt: skip

    # then it is refused on the field, with the reason, and nothing changed
    assert refused.value.message_dict == errors
    assert _desk(event) == before


def test_the_last_slot_may_be_a_break(event, official):
    # given nothing laid out
    # when the organiser lays out four slots, the first and the last breaks
    _grid(event, official, count=4, breaks=(1, 4))

    # then exactly those are breaks
    assert list(event.slots.values_list("is_break", flat=True)) == [True, False, False, True]


def test_a_meeting_cannot_be_swapped_with_itself(event, registered, owner, tel_aviv, official):
    # given an unlocked draft meeting
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    meeting = event.meetings.get()
    before = _desk(event)

    # when the organiser swaps it with itself
    with pytest.raises(ValidationError) as refused:
        services.swap_meetings(meeting, meeting, by=official)

    # then it is refused with the reason, and nothing changed: the meeting was not locked
    assert refused.value.messages == ["A meeting cannot be swapped with itself."]
    assert _desk(event) == before
    assert not Meeting.objects.get(pk=meeting.pk).locked


@pytest.mark.parametrize("later_first", [True, False])
def test_swapping_locks_the_two_meetings_in_id_order_whichever_is_named_first(
    event, registered, owner, tel_aviv, taipei, official, later_first
):
    # given two draft meetings, in different slots
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, tel_aviv, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    lower, higher = event.meetings.order_by("pk")
    named = (higher, lower) if later_first else (lower, higher)

    # when the organiser swaps them
    with CaptureQueriesContext(connection) as queries:
        services.swap_meetings(*named, by=official)

    # then the event's row was locked first, then the meetings' rows alone, lower id first (so
    # two opposite swaps queue on the same row instead of deadlocking), and they were swapped
    assert _row_locks(queries) == [
        ("events_event", event.pk, "FOR UPDATE"),
        ("events_meeting", lower.pk, 'FOR UPDATE OF "events_meeting"'),
        ("events_meeting", higher.pk, 'FOR UPDATE OF "events_meeting"'),
    ]
    assert Meeting.objects.get(pk=lower.pk).slot_id == higher.slot_id
    assert Meeting.objects.get(pk=higher.pk).slot_id == lower.slot_id


@pytest.mark.parametrize("action", ["lock", "move"])
def test_locking_or_moving_a_meeting_locks_the_events_row_then_the_meetings_as_swapping_does(
    event, registered, owner, tel_aviv, official, action
):
    # given an unlocked draft meeting, and a second slot
    slots = _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    meeting = event.meetings.get()
    other_slot = next(s for s in slots if s.pk != meeting.slot_id)

    def act(by) -> None:
        if action == "lock":
            services.set_locked(meeting, by=by, locked=True)
        else:
            services.move_meeting(meeting, by=by, slot=other_slot, table=1)

    # when a participant tries to lock or move it, then the organiser does
    with pytest.raises(Http404):
        act(owner)
    unchanged = Meeting.objects.get(pk=meeting.pk).locked
    with CaptureQueriesContext(connection) as queries:
        act(official)

    # then the participant changed nothing, and the organiser's call locked the event's row,
    # then the meeting's row alone, before writing it (the lock order of every desk service)
    assert unchanged is False
    assert _row_locks(queries) == [
        ("events_event", event.pk, "FOR UPDATE"),
        ("events_meeting", meeting.pk, 'FOR UPDATE OF "events_meeting"'),
    ]
    writes = [i for i, q in enumerate(queries.captured_queries) if q["sql"].startswith("UPDATE")]
    locks = [i for i, q in enumerate(queries.captured_queries) if " FOR UPDATE" in q["sql"]]
    assert writes and max(locks) < min(writes)
    assert Meeting.objects.get(pk=meeting.pk).locked


def test_answering_a_registration_or_a_request_locks_that_row_alone(
    event, registered, owner, taipei, official
):
    # given a waiting registration and a waiting meeting request
    waiting = registered[owner]
    Registration.objects.filter(pk=waiting.pk).update(status=Registration.Status.PENDING)
    request = services.send_request(event, by=taipei, target=registered[owner])

    # when the organiser answers the one and the owner the other
    with CaptureQueriesContext(connection) as queries:
        services.answer_registration(waiting, by=official, approve=True)
        services.answer_request(request, by=owner, accept=True)

    # then each locked its own row and not the event's (which a cancelling participant locks
    # before theirs: holding theirs and waiting for the event's would deadlock)
    assert _row_locks(queries) == [
        ("events_registration", waiting.pk, 'FOR UPDATE OF "events_registration"'),
        ("events_meetingrequest", request.pk, 'FOR UPDATE OF "events_meetingrequest"'),
    ]


# --- Changes at the desk at the same moment ----------------------------------------------------


def _waiting_for_a_lock() -> int:
    """How many other sessions on the test database are waiting for a lock (read afresh: a
    transaction otherwise sees the statistics it first read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _at_once(event, *calls) -> list:
    """Run each call in its own thread, queued in the given order on the event's row while this
    test holds it (as a publish in progress would), then let them all go. Returns what each
    returned or raised. Waiting for each to queue is what makes the order certain."""
    outcomes: dict[int, object] = {}

    def run(number, call) -> None:
        try:
            outcomes[number] = call()
        except BaseException as error:  # reported by the caller
            outcomes[number] = error
        finally:
            connection.close()

    workers = []
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        for number, call in enumerate(calls):
            workers.append(threading.Thread(target=run, args=(number, call)))
            workers[-1].start()
            for _ in range(3000):  # a safety net against a hang, not a timing assertion
                if _waiting_for_a_lock() > number:
                    break
                time.sleep(0.01)
            else:
                pytest.fail(f"call {number} never queued for a lock")
    for worker in workers:
        worker.join(timeout=60)
    if any(worker.is_alive() for worker in workers):
        pytest.fail("a call never finished")
    return [outcomes[number] for number in range(len(calls))]


def _one_draft_meeting(event, registered, owner, tel_aviv, official):
    """Two slots and one unlocked draft meeting in the first; returns it and the other slot."""
    slots = _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    meeting = event.meetings.get()
    return meeting, next(s for s in slots if s.pk != meeting.slot_id)


@pytest.mark.django_db(transaction=True)
def test_a_move_queued_behind_a_new_grid_finds_its_meeting_gone_instead_of_deadlocking(
    event, registered, owner, tel_aviv, official
):
    # given a draft meeting, and the organiser laying out a new grid while another tab moves
    # the meeting (the lay-out asked first)
    meeting, other_slot = _one_draft_meeting(event, registered, owner, tel_aviv, official)

    # when both run at the same moment
    laid_out, moved = _at_once(
        event,
        lambda: services.slots_for(event, by=official, start=at(event, 14), minutes=20, count=3),
        lambda: services.move_meeting(meeting, by=official, slot=other_slot, table=2),
    )

    # then neither hit a deadlock or another database error: the grid is new, and the move
    # found its meeting gone with the old grid (404, not a 500)
    assert not isinstance(laid_out, BaseException), laid_out
    assert isinstance(moved, Http404), moved
    assert [s.starts_at for s in event.slots.all()] == [
        at(event, 14), at(event, 14, 20), at(event, 14, 40)]  # fmt: skip
    assert not event.meetings.exists()


@pytest.mark.django_db(transaction=True)
def test_locking_a_meeting_while_its_participant_cancels_neither_deadlocks(
    event, registered, owner, tel_aviv, official
):
    # given a draft meeting of the owner, who cancels while the organiser locks the meeting
    meeting, _other_slot = _one_draft_meeting(event, registered, owner, tel_aviv, official)

    # when both run at the same moment (the cancelling asked first)
    cancelled, locked = _at_once(
        event,
        lambda: services.cancel_registration(event, by=owner),
        lambda: services.set_locked(meeting, by=official, locked=True),
    )

    # then the registration is cancelled with its meeting, and the lock found it gone (404)
    assert not isinstance(cancelled, BaseException), cancelled
    assert isinstance(locked, Http404), locked
    assert Registration.objects.get(pk=registered[owner].pk).status == "cancelled"
    assert not event.meetings.exists()


@pytest.mark.django_db(transaction=True)
def test_moving_a_meeting_while_the_schedule_is_published_does_both(
    event, registered, owner, tel_aviv, official
):
    # given a draft meeting, moved by the organiser in one tab while published in another
    meeting, other_slot = _one_draft_meeting(event, registered, owner, tel_aviv, official)

    # when both run at the same moment (the move asked first)
    moved, published = _at_once(
        event,
        lambda: services.move_meeting(meeting, by=official, slot=other_slot, table=2),
        lambda: services.publish_schedule(event, by=official),
    )

    # then both succeeded: the meeting is in its new place, locked, and the schedule published
    assert not isinstance(moved, BaseException), moved
    assert not isinstance(published, BaseException), published
    assert event.meetings.values_list("slot_id", "table", "locked").get() == (
        other_slot.pk, 2, True)  # fmt: skip
    assert Event.objects.get(pk=event.pk).schedule_published_at is not None


OVERTAKEN = (
    "The grid or the locked meetings changed while the schedule was being built; build it again."
)


@pytest.fixture
def during_the_solve(monkeypatch, event):
    """Stages an edit at the desk while the schedule is being built (as another tab would make
    it): `during_the_solve(edit)` makes the next solve run `edit` once the real solver has
    answered, and returns a list that then holds the desk as the edit left it."""
    from udyamsetu.events import scheduler

    real = scheduler.solve

    def stage(edit) -> list:
        after_edit = []

        def solve(problem, **options):
            schedule = real(problem, **options)
            edit()
            after_edit.append(_desk(event))
            return schedule

        monkeypatch.setattr(scheduler, "solve", solve)
        return after_edit

    return stage


@pytest.fixture
def locked_draft(event, registered, owner, tel_aviv, taipei, official) -> tuple:
    """Two slots; the owner must meet Tel Aviv and Taipei, so the draft has one meeting in each
    slot. The one with Tel Aviv is locked. Returns (locked, unlocked)."""
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, owner, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    ids = sorted((registered[owner].pk, registered[tel_aviv].pk))
    locked = event.meetings.get(first_id=ids[0], second_id=ids[1])
    locked = services.set_locked(locked, by=official, locked=True)
    return locked, event.meetings.exclude(pk=locked.pk).get()


EDITS = {
    "move": lambda event, official, locked, unlocked: services.move_meeting(
        locked, by=official, slot=locked.slot, table=3 - locked.table),
    "unlock": lambda event, official, locked, unlocked: services.set_locked(
        locked, by=official, locked=False),
    "lock": lambda event, official, locked, unlocked: services.set_locked(
        unlocked, by=official, locked=True),
    "swap": lambda event, official, locked, unlocked: services.swap_meetings(
        locked, unlocked, by=official),
    "new grid": lambda event, official, locked, unlocked: services.slots_for(
        event, by=official, start=at(event, 14), minutes=20, count=3),
    # publishing in another tab: every meeting is then kept, which the solve did not assume
    "publish": lambda event, official, locked, unlocked: services.publish_schedule(
        event, by=official),
    # the event form saving fewer tables, staged directly
    "fewer tables": lambda event, official, locked, unlocked: Event.objects.filter(
        pk=event.pk).update(tables=1),
}  # fmt: skip


@pytest.mark.parametrize("edit", EDITS)
def test_a_build_overtaken_by_an_edit_at_the_desk_is_refused_and_writes_nothing(
    edit, event, locked_draft, official, during_the_solve
):
    # given an edit at the desk made while the solver works on the draft
    locked, unlocked = locked_draft
    after_edit = during_the_solve(lambda: EDITS[edit](event, official, locked, unlocked))

    # when the build then writes its solution
    with pytest.raises(ValidationError) as refused:
        services.build_schedule(event, by=official, time_limit_s=5)

    # then it is refused with the reason, and the desk is as the edit left it
    assert refused.value.messages == [OVERTAKEN]
    assert _desk(event) == after_edit[0]


@pytest.mark.parametrize("where", ["page", "api"])
def test_the_desk_and_the_api_answer_an_overtaken_build_with_400_and_the_reason(
    where, event, locked_draft, official, official_client, during_the_solve
):
    # given a move of the locked meeting made while the solver works on the draft
    locked, unlocked = locked_draft
    after_edit = during_the_solve(lambda: EDITS["move"](event, official, locked, unlocked))

    # when the organiser builds from the desk or through the API
    if where == "page":
        answer = official_client.post(f"/events/{event.slug}/manage/", {"action": "build"})
        shown = OVERTAKEN in answer.content.decode()
    else:
        answer = official_client.post(f"/api/v1/events/{event.slug}/schedule/build")
        shown = answer.json() == {"detail": {"__all__": [OVERTAKEN]}}

    # then the answer is 400 with the reason, not a server error, and nothing was written
    assert answer.status_code == 400
    assert shown
    assert _desk(event) == after_edit[0]


def test_a_participant_who_cancels_while_the_schedule_is_built_gets_no_meeting_in_it(
    event, registered, owner, tel_aviv, taipei, official, during_the_solve
):
    # given two meetings wanted with the owner, and Taipei cancelling during the solve
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, owner, taipei, registered)
    during_the_solve(lambda: services.cancel_registration(event, by=taipei))

    # when the schedule is built
    services.build_schedule(event, by=official, time_limit_s=5)

    # then only the owner's meeting with Tel Aviv is in it, as if Taipei had cancelled after
    pairs = set(event.meetings.values_list("first_id", "second_id"))
    assert pairs == {tuple(sorted((registered[owner].pk, registered[tel_aviv].pk)))}


def test_only_the_organiser_builds_and_publishes(event, registered, owner, official):
    _grid(event, official)
    for action in (services.build_schedule, services.publish_schedule):
        with pytest.raises(Http404):
            action(event, by=owner)
    assert client_for(owner).get(f"/events/{event.slug}/manage/").status_code == 404


# --- Agendas -------------------------------------------------------------------------------------


@pytest.fixture
def published(event, registered, owner, tel_aviv, taipei, official):
    """One meeting, owner with tel_aviv at 10:00 IST, published."""
    _grid(event, official, count=1)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    services.publish_schedule(event, by=official)
    return event.meetings.get()


def test_each_participant_sees_the_agenda_in_their_own_time_zone(published, event, tel_aviv,
                                                                   owner, taipei):  # fmt: skip
    # 10:00 in India is 06:30 in Tel Aviv in winter, 07:30 in Israel's summer time
    in_tel_aviv = published.slot.starts_at.astimezone(ZoneInfo("Asia/Jerusalem"))
    tel_aviv_page = client_for(tel_aviv).get(f"/events/{event.slug}/agenda/").content.decode()
    assert f"{in_tel_aviv:%H:%M}" in tel_aviv_page and "Priya Nayak" in tel_aviv_page
    india_page = client_for(owner).get(f"/events/{event.slug}/agenda/").content.decode()
    assert "10:00" in india_page and "Noa Levi" in india_page
    # the event itself starts at 09:00 IST: 11:30 in Taipei, with the venue's time beside it
    taipei_page = client_for(taipei).get(event.get_absolute_url()).content.decode()
    assert ", 11:30</time>" in taipei_page and "(Asia/Taipei)" in taipei_page
    assert "09:00 \u2013 17:00 at the venue (Asia/Kolkata)" in taipei_page
    assert services.agenda(taipei, event) == []


def test_the_agenda_files_hold_each_meeting(published, event, owner, tel_aviv):
    client = client_for(owner)
    calendar = Calendar.from_ical(client.get(f"/events/{event.slug}/agenda.ics").content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 1
    assert entries[0].decoded("dtstart") == published.slot.starts_at
    assert str(entries[0]["summary"]) == "Noa Levi (Galil Aero Systems)"
    pdf = client.get(f"/events/{event.slug}/agenda.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Odisha Defence MSME Meet" in text
    assert "10:00-10:30" in text and "Galil Aero Systems" in text


# --- On the day ----------------------------------------------------------------------------------


def test_a_held_meeting_goes_into_the_partnership_pipeline(published, event, official, owner,
                                                             org_a, org_b):  # fmt: skip
    with pytest.raises(ValidationError, match="once its time has come"):
        services.record_meeting(published, by=official, outcome="held")
    slot = published.slot
    slot.starts_at -= timedelta(days=8)
    slot.ends_at -= timedelta(days=8)
    slot.save()
    with pytest.raises(Http404):
        services.record_meeting(published, by=owner, outcome="held")
    services.record_meeting(published, by=official, outcome="held")
    partnership = Partnership.objects.get()
    assert {partnership.first, partnership.second} == {org_a, org_b}
    assert partnership.stage == "meeting"
    step = Step.objects.get()
    assert step.status == Step.Status.CONFIRMED and "Odisha Defence MSME Meet" in step.note
    # and the pair may now record further steps with each other from its pipeline page
    assert client_for(owner).get("/partnerships/with/galil/").status_code == 200
    # feedback from a participant of the meeting only
    published.refresh_from_db()
    assert services.give_feedback(published, by=owner, rating=5, follow_up=True).rating == 5
    with pytest.raises(ValidationError):
        services.give_feedback(published, by=owner, rating=9)


def test_a_no_show_is_recorded_without_a_partnership(published, event, official):
    slot = published.slot
    slot.starts_at -= timedelta(days=8)
    slot.ends_at -= timedelta(days=8)
    slot.save()
    services.record_meeting(published, by=official, outcome="no_show")
    assert Meeting.objects.get().outcome == "no_show"
    assert not Partnership.objects.exists()


def test_check_in_is_for_the_organiser_and_registered_people(event, registered, owner, official):
    with pytest.raises(Http404):
        services.check_in(registered[owner], by=owner)
    assert services.check_in(registered[owner], by=official).checked_in_at <= timezone.now()


def test_swapping_two_meetings_exchanges_their_slots_and_tables_and_locks_them(
    event, registered, owner, tel_aviv, taipei, official
):
    _grid(event, official, count=2)
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, tel_aviv, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    first, second = sorted(event.meetings.select_related("slot"), key=lambda m: m.slot.starts_at)
    places = {first.pk: (first.slot_id, first.table), second.pk: (second.slot_id, second.table)}
    services.swap_meetings(first, second, by=official)
    for meeting in (first, second):
        meeting.refresh_from_db()
        assert meeting.locked
    assert (first.slot_id, first.table) == places[second.pk]
    assert (second.slot_id, second.table) == places[first.pk]
    with pytest.raises(Http404):
        services.swap_meetings(first, second, by=owner)


def test_publishing_tells_each_participant_their_meetings_in_their_own_time(
    event, registered, owner, tel_aviv, taipei, official, django_capture_on_commit_callbacks,
    run_tasks,
):  # fmt: skip
    from django.core import mail

    _grid(event, official, count=1)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(event, by=official)
    run_tasks()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {owner.email, tel_aviv.email}
    assert "10:00" in by_person[owner.email].body  # IST
    # Tel Aviv: 06:30 in winter, 07:30 in Israel's summer time, so read from the slot's instant
    in_tel_aviv = event.meetings.get().slot.starts_at.astimezone(ZoneInfo("Asia/Jerusalem"))
    assert f"{in_tel_aviv:%H:%M}" in by_person[tel_aviv.email].body
    assert "Priya Nayak" in by_person[tel_aviv.email].body


def test_cancelling_a_registration_gives_up_the_place_and_its_meetings(
    event, registered, owner, tel_aviv, taipei, official, org_a
):
    _grid(event, official, count=1)
    _both_must(event, owner, tel_aviv, registered)
    services.send_request(event, by=owner, target=registered[taipei])
    services.build_schedule(event, by=official, time_limit_s=5)
    assert event.meetings.count() == 1
    services.cancel_registration(event, by=owner)
    assert not event.meetings.exists()
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.WITHDRAWN
    with pytest.raises(Http404):
        services.cancel_registration(event, by=owner)
    # the place is free again, and they may register anew
    again = services.register(event, by=owner, organisation=org_a, listed=False)
    assert again.pk == registered[owner].pk and again.status == Registration.Status.APPROVED


def test_cancelling_after_publishing_frees_the_slot_and_tells_the_other_side_in_their_language(
    published, event, owner, tel_aviv, official_client, django_capture_on_commit_callbacks,
    run_tasks,
):  # fmt: skip
    # given the published meeting of the owner with Tel Aviv, who reads the portal in Hindi
    tel_aviv.language = "hi"
    tel_aviv.save(update_fields=["language"])
    slot = published.slot

    # when the owner cancels their registration
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(event, by=owner)
    run_tasks()

    # then the meeting is gone, its slot free, and only Tel Aviv is told, in Hindi, at their
    # own time, who cancelled and which meeting
    assert not event.meetings.exists()
    [message] = mail.outbox
    assert message.to == [tel_aviv.email]
    assert message.subject == "Odisha Defence MSME Meet में बैठक रद्द"
    local = slot.starts_at.astimezone(ZoneInfo("Asia/Jerusalem"))
    assert f"{local:%H:%M}" in message.body
    assert "Kalinga Precision Engineering के Priya Nayak ने Odisha Defence MSME Meet" in message.body
    assert f"/events/{event.slug}/agenda/" in message.body
    # and the organiser's desk shows the owner's registration cancelled and the slot empty
    desk = official_client.get(f"/events/{event.slug}/manage/").content.decode()
    assert "Cancelled" in desk and "No meeting" in desk


def test_cancelling_before_publishing_removes_the_draft_meetings_and_tells_no_one(
    event, registered, owner, tel_aviv, official, django_capture_on_commit_callbacks, run_tasks
):
    # given a draft schedule with the owner's meeting, not published
    _grid(event, official, count=1)
    _both_must(event, owner, tel_aviv, registered)
    services.build_schedule(event, by=official, time_limit_s=5)

    # when the owner cancels their registration
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(event, by=owner)
    run_tasks()

    # then the draft meeting is gone and nobody is e-mailed: nobody was sent it
    assert not event.meetings.exists()
    assert mail.outbox == []


def test_cancelling_once_the_event_has_started_is_refused_and_changes_and_tells_nothing(
    published, event, owner, registered, django_capture_on_commit_callbacks, run_tasks
):
    # given the published schedule of an event that has begun
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    before = _desk(event)

    # when the owner cancels their registration
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        services.cancel_registration(event, by=owner)
    run_tasks()

    # then it is refused with the reason, the place and the meeting stay, and nobody is told
    assert refused.value.messages == ["The event has started."]
    assert _desk(event) == before
    assert Registration.objects.get(pk=registered[owner].pk).status == Registration.Status.APPROVED
    assert mail.outbox == []


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../../etc/passwd", ""])
def test_an_event_in_an_unknown_time_zone_is_refused_and_nothing_is_saved(
    event, office, official, zone
):
    # given the event, in India
    fields = {"title": "Moved to Mars", "timezone": zone, "starts_at": event.starts_at,
              "ends_at": event.ends_at}  # fmt: skip

    # when the organiser saves it in a zone that does not exist
    with pytest.raises(ValidationError) as refused:
        services.save_event(office, by=official, fields=fields, event=event)

    # then it is refused on the field, and the event is as it was
    assert refused.value.message_dict == {"timezone": ["Choose a valid time zone."]}
    assert Event.objects.filter(pk=event.pk).values_list("title", "timezone").get() == (
        "Odisha Defence MSME Meet", "Asia/Kolkata")  # fmt: skip


def test_a_kept_meeting_that_no_longer_fits_refuses_the_build_and_changes_nothing(
    event, registered, owner, tel_aviv, official, owner_met_where_taipei_comes
):
    # given a published meeting at table 1, and the event then left with no table for it
    services.publish_schedule(event, by=official)
    event.meetings.update(table=2)
    published = _meetings(event)
    Event.objects.filter(pk=event.pk).update(tables=1)
    event.refresh_from_db()

    # when the organiser builds again, then the build is refused with what to do, and the
    # meeting stays as it was
    with pytest.raises(ValidationError, match="move it or unlock it"):
        services.build_schedule(event, by=official, time_limit_s=5)
    assert _meetings(event) == published
