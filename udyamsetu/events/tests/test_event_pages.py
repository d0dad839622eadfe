"""The events pages: the organiser creates an event (draft), lays out the meeting grid and
adjusts meetings from the desk, people register from the event's page, participants wish and
ask from the list, and every private page is 404 to outsiders."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from udyamsetu.conftest import client_for
from udyamsetu.events import services
from udyamsetu.events.forms import GridForm, LocalDateTimeField
from udyamsetu.events.models import Event, Meeting, MeetingRequest, Registration, Wish
from udyamsetu.events.tests.conftest import IST, at

pytestmark = pytest.mark.django_db


def test_the_organiser_creates_a_draft_event_in_its_own_time_zone(official_client, office):
    answer = official_client.post("/events/new/", {
        "kind": "delegation", "title": "Taiwan green-technology delegation",
        "timezone": "Asia/Taipei", "starts_at": "2027-03-02T09:00", "ends_at": "2027-03-02T17:00",
        "tables": "0", "interpreters": "0", "request_limit": "10", "venue": "Taipei",
    })  # fmt: skip
    assert answer.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.organiser) == (Event.Status.DRAFT, office)
    assert event.starts_at.isoformat().startswith("2027-03-02T01:00")  # 09:00 Taipei in UTC


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../../etc/passwd", "America/New_York"])
def test_a_time_zone_the_form_does_not_offer_is_refused_on_its_field_and_writes_nothing(
    official_client, zone
):
    # given nothing organised yet
    # when the organiser posts a new event with a crafted time zone
    answer = official_client.post("/events/new/", {
        "kind": "seminar", "title": "Crafted", "timezone": zone,
        "starts_at": "2027-03-02T09:00", "ends_at": "2027-03-02T17:00", "tables": "0",
        "interpreters": "0", "request_limit": "10",
    })  # fmt: skip

    # then it is refused with the reason beside the field, and no event is written
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"timezone": ["Choose a valid time zone."]}
    assert 'id="id_timezone_error"' in answer.content.decode()
    assert not Event.objects.exists()


def test_editing_an_event_with_a_crafted_time_zone_is_refused_and_changes_nothing(
    event, official_client
):
    # given the event in India
    before = Event.objects.filter(pk=event.pk).values().get()

    # when the organiser posts its form with a zone that does not exist
    answer = official_client.post(f"/events/{event.slug}/edit/", {
        "kind": "b2b", "title": "Renamed", "timezone": "Mars/Olympus",
        "starts_at": "2027-03-02T09:00", "ends_at": "2027-03-02T17:00", "tables": "2",
        "interpreters": "0", "request_limit": "20",
    })  # fmt: skip

    # then it is refused on the field, and the event is as it was
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"timezone": ["Choose a valid time zone."]}
    assert Event.objects.filter(pk=event.pk).values().get() == before


def test_an_event_in_a_zone_the_form_does_not_list_keeps_it_when_edited(event, official_client):
    # given an event the admin set to New York
    Event.objects.filter(pk=event.pk).update(timezone="America/New_York")

    # when the organiser opens its form and saves it unchanged but for the title
    page = official_client.get(f"/events/{event.slug}/edit/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    answer = official_client.post(f"/events/{event.slug}/edit/", {**data, "title": "Renamed"})

    # then its zone was offered, selected, and kept
    assert '<option value="America/New_York" selected>' in page.content.decode()
    assert answer.status_code == 302
    assert Event.objects.filter(pk=event.pk).values_list("title", "timezone").get() == (
        "Renamed", "America/New_York")  # fmt: skip


def test_an_enterprise_may_not_organise(owner_client):
    assert owner_client.get("/events/new/").status_code == 404


def test_the_form_says_what_is_wrong_and_writes_nothing(official_client):
    answer = official_client.post("/events/new/", {
        "kind": "seminar", "title": "Backwards", "timezone": "Asia/Kolkata",
        "starts_at": "2027-03-02T17:00", "ends_at": "2027-03-02T09:00", "tables": "0",
        "interpreters": "0", "request_limit": "10",
    })  # fmt: skip
    assert answer.status_code == 400
    assert answer.context["form"].errors["ends_at"] == ["The end must be after the start."]
    assert not Event.objects.exists()


def test_registering_from_the_event_page_and_the_participant_pages(
    event, owner_client, owner, tel_aviv, org_b
):
    answer = owner_client.post(event.get_absolute_url(), {
        "listed": "on", "pitch": "5-axis machining", "language": "en"})  # fmt: skip
    assert answer.status_code == 302
    mine = Registration.objects.get(user=owner)
    assert mine.status == Registration.Status.APPROVED and mine.listed
    theirs = services.register(event, by=tel_aviv, organisation=org_b, listed=True,
                               pitch="Drones; seeking a machining partner")  # fmt: skip
    page = owner_client.get(f"/events/{event.slug}/participants/")
    assert page.status_code == 200 and "Noa Levi" in page.content.decode()
    assert "Match " in page.content.decode()
    owner_client.post(f"/events/{event.slug}/participants/{theirs.pk}/wish/", {"level": "must"})
    assert Wish.objects.get(source=mine).level == "must"
    owner_client.post(f"/events/{event.slug}/participants/{theirs.pk}/ask/", {"message": "Hi"})
    request = MeetingRequest.objects.get()
    # the asked side accepts from its own list
    client_for(tel_aviv).post(f"/events/{event.slug}/requests/{request.pk}/",
                               {"action": "accept"})  # fmt: skip
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED


def test_private_event_pages_are_404_to_outsiders(event, registered, taipei, make_user, owner):
    stranger = client_for(make_user("stranger@example.com", "Stranger"))
    target = registered[taipei]
    for url in (f"/events/{event.slug}/participants/", f"/events/{event.slug}/agenda/",
                f"/events/{event.slug}/agenda.ics", f"/events/{event.slug}/agenda.pdf",
                f"/events/{event.slug}/manage/"):  # fmt: skip
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"/events/{event.slug}/participants/{target.pk}/ask/").status_code == 404
    assert not MeetingRequest.objects.exists()
    # a participant is not the organiser either
    assert client_for(owner).get(f"/events/{event.slug}/manage/").status_code == 404


def test_the_api_registers_lists_wishes_asks_and_shows_the_agenda(
    event, owner, org_a, tel_aviv, org_b, official, make_user
):
    from django.test import Client

    from udyamsetu.accounts.services import create_api_token

    def api(user) -> Client:
        _token, raw = create_api_token(user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    base = f"/api/v1/events/{event.slug}"
    mine = api(owner).post(f"{base}/registrations", {"organisation_id": org_a.pk, "listed": True},
                           content_type="application/json")  # fmt: skip
    assert mine.status_code == 201 and mine.json()["status"] == "approved"
    theirs = api(tel_aviv).post(f"{base}/registrations",
                                {"organisation_id": org_b.pk, "listed": True, "pitch": "Drones"},
                                content_type="application/json").json()  # fmt: skip
    listed = api(owner).get(f"{base}/participants").json()
    assert [p["name"] for p in listed] == ["Noa Levi"]
    assert api(owner).put(f"{base}/wishes/{theirs['id']}", {"level": "must"},
                          content_type="application/json").status_code == 204  # fmt: skip
    sent = api(owner).post(f"{base}/requests", {"target_id": theirs["id"]},
                           content_type="application/json")  # fmt: skip
    assert sent.status_code == 201
    accepted = api(tel_aviv).post(f"{base}/requests/{sent.json()['id']}/accept")
    assert accepted.json()["status"] == "accepted"
    # an outsider sees the event but nothing private
    stranger = api(make_user("stranger@example.com", "Stranger"))
    assert stranger.get(base).status_code == 200
    assert stranger.get(f"{base}/participants").status_code == 404
    assert stranger.get(f"{base}/agenda").status_code == 404
    assert stranger.post(f"{base}/requests/{sent.json()['id']}/decline").status_code == 404
    # the agenda, once published
    services.slots_for(event, by=official, start=event.starts_at, minutes=30, count=1)
    services.build_schedule(event, by=official, time_limit_s=5)
    services.publish_schedule(event, by=official)
    agenda = api(owner).get(f"{base}/agenda").json()
    assert [(m["with_name"], m["table"]) for m in agenda] == [("Noa Levi", 1)]


# --- The organiser's desk: the meeting grid and moving meetings ----------------------------------

GRID_WARNING = "Laying out the slots again removes every meeting of the draft schedule"
GRID_CLOSED = ("The schedule is published: laying out the grid again would remove the meetings "
               "the participants have been sent.")  # fmt: skip
BUILD_ADDS = ("The schedule is published: building again keeps every meeting in place and only "
              "adds new ones; publish the changes to tell participants.")  # fmt: skip


def _desk(event: Event) -> tuple:
    """What the organiser's desk can change: the slots, the meetings and the publication."""
    return (
        list(event.slots.order_by("pk").values_list("pk", "starts_at", "ends_at", "is_break")),
        list(event.meetings.order_by("pk").values_list("pk", "slot_id", "table", "locked")),
        Event.objects.get(pk=event.pk).schedule_published_at,
    )


def _grid_post(event: Event, hour: int = 10, **change) -> dict:
    return {"action": "grid", "grid-start": at(event, hour).strftime("%Y-%m-%dT%H:%M"),
            "grid-minutes": "30", "grid-count": "3", "grid-breaks": "", **change}  # fmt: skip


@pytest.fixture
def drafted(event, registered, owner, tel_aviv, official) -> Meeting:
    """Three slots from 10:00 IST, the third a break, and the owner's must-meet with Tel Aviv
    in the draft schedule."""
    services.slots_for(event, by=official, start=at(event, 10), minutes=30, count=3, breaks=[3])
    for a, b in ((owner, tel_aviv), (tel_aviv, owner)):
        services.set_wish(event, by=a, target=registered[b], level="must")
    services.build_schedule(event, by=official, time_limit_s=5)
    return event.meetings.select_related("slot").get()


def test_a_time_with_an_offset_is_converted_into_the_events_zone():
    # given a field for an event in India
    field = LocalDateTimeField()
    field.zone = "Asia/Kolkata"

    # when it reads 04:30 UTC and 13:30 in Tokyo
    from_utc = field.clean("2027-03-02T04:30:00+00:00")
    from_tokyo = field.clean("2027-03-02T13:30:00+09:00")

    # then both are the same instant, 10:00 at the venue, in the venue's zone
    assert from_utc == from_tokyo == datetime(2027, 3, 2, 10, tzinfo=IST)
    assert from_utc.tzinfo == IST and from_utc.hour == 10


def test_a_time_without_an_offset_is_the_wall_clock_time_at_the_venue_for_a_reader_elsewhere():
    # given a field for an event in India, and a reader in Taipei
    field = LocalDateTimeField()
    field.zone = "Asia/Kolkata"

    # when it reads 10:00 with no offset
    with timezone.override(ZoneInfo("Asia/Taipei")):
        cleaned = field.clean("2027-03-02T10:00")

    # then it is 10:00 at the venue
    assert cleaned == datetime(2027, 3, 2, 10, tzinfo=IST)


def test_a_time_that_does_not_exist_at_the_venue_is_refused():
    # given a field for an event in Berlin
    field = LocalDateTimeField()
    field.zone = "Europe/Berlin"

    # when it reads 02:30 on the night the clocks go from 02:00 to 03:00
    with pytest.raises(ValidationError) as refused:
        field.clean("2027-03-28T02:30")

    # then it is refused, naming the venue's zone
    assert "Europe/Berlin" in refused.value.messages[0]


def test_a_grid_typed_by_an_organiser_in_another_zone_starts_at_the_venues_time(
    event, official, official_client
):
    # given the organiser living in Taipei
    official.timezone = "Asia/Taipei"
    official.save(update_fields=["timezone"])

    # when they lay out the grid from 10:00 on the desk
    answer = official_client.post(f"/events/{event.slug}/manage/", _grid_post(event))

    # then the first slot starts at 10:00 at the venue
    assert answer.status_code == 302
    assert event.slots.first().starts_at == at(event, 10)


def test_the_desk_warns_that_laying_out_the_grid_again_removes_the_draft_meetings(
    event, official, official_client, registered, owner, tel_aviv
):
    # given a grid and no meetings yet
    services.slots_for(event, by=official, start=at(event, 10), minutes=30, count=2)
    url = f"/events/{event.slug}/manage/"

    # when the organiser opens the desk before and after building a schedule
    before_building = official_client.get(url).content.decode()
    for a, b in ((owner, tel_aviv), (tel_aviv, owner)):
        services.set_wish(event, by=a, target=registered[b], level="must")
    services.build_schedule(event, by=official, time_limit_s=5)
    after_building = official_client.get(url).content.decode()

    # then only the desk with draft meetings warns, beside the grid's button
    assert GRID_WARNING not in before_building
    assert GRID_WARNING in after_building
    assert 'aria-describedby="grid-warning"' in after_building
    assert 'name="grid-start"' in after_building


def test_once_published_the_desk_says_why_the_grid_stays_and_refuses_a_new_one(
    event, drafted, official, official_client
):
    # given the draft, published
    services.publish_schedule(event, by=official)
    before = _desk(event)
    url = f"/events/{event.slug}/manage/"

    # when the organiser opens the desk, and posts a new grid anyway
    page = official_client.get(url).content.decode()
    answer = official_client.post(url, _grid_post(event, hour=14))

    # then the desk says why instead of offering the grid's form, the post is refused with
    # the same reason, and nothing changed
    assert GRID_CLOSED in page and 'name="grid-start"' not in page
    assert answer.status_code == 400
    assert answer.context["grid"].non_field_errors() == [GRID_CLOSED]
    assert _desk(event) == before


def test_only_once_published_the_desk_says_beside_the_build_button_that_a_build_only_adds(
    event, drafted, official, official_client
):
    # given a draft schedule
    url = f"/events/{event.slug}/manage/"

    # when the organiser opens the desk before and after publishing it
    before_publishing = official_client.get(url).content.decode()
    services.publish_schedule(event, by=official)
    after_publishing = official_client.get(url).content.decode()

    # then only the published desk says so, and the build button points to the sentence
    assert BUILD_ADDS not in before_publishing
    assert 'aria-describedby="build-adds"' not in before_publishing
    assert BUILD_ADDS in after_publishing
    assert 'value="build" aria-describedby="build-adds"' in after_publishing


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"hour": 8}, "start", "The slots must fall within the event."),
        ({"hour": 16}, "start", "The slots must fall within the event."),
        ({"grid-breaks": "0, 2, 99"}, "breaks",
         "Breaks must be slot numbers from 1 to 3, not 0, 99."),
        ({"grid-breaks": "1, 2, 3"}, "breaks",
         "At least one slot must be for meetings, not a break."),
    ],
)  # fmt: skip
def test_grid_errors_show_beside_their_field_on_the_desk_and_change_nothing(
    event, drafted, official_client, change, field, error
):
    # given a draft schedule
    before = _desk(event)
    hour = change.pop("hour", 10)

    # when the organiser posts a bad grid
    answer = official_client.post(f"/events/{event.slug}/manage/",
                                  _grid_post(event, hour=hour, **change))  # fmt: skip

    # then the error is on its field, shown beside it, and nothing changed
    assert answer.status_code == 400
    grid = answer.context["grid"]
    assert grid.errors == {field: [error]}
    assert f'id="id_grid-{field}_error"' in answer.content.decode()
    assert _desk(event) == before


def test_the_grid_form_reads_breaks_and_leaves_their_range_to_the_service(event):
    # given the desk's grid form for an event in India
    form = GridForm({"start": "2027-03-02T10:00", "minutes": "30", "count": "3",
                     "breaks": "3, 99"})  # fmt: skip
    form.fields["start"].zone = event.timezone

    # when it is checked
    valid = form.is_valid()

    # then it reads the numbers as given; slots_for refuses 99 (see the test above)
    assert valid and form.cleaned_data["breaks"] == [3, 99]


def test_moving_a_meeting_into_a_break_on_its_page_says_the_slot_is_a_break(
    event, drafted, official_client
):
    # given the draft meeting and the grid's break
    pause = event.slots.get(is_break=True)
    before = _desk(event)
    url = f"/events/{event.slug}/meetings/{drafted.pk}/"

    # when the organiser opens the meeting, and moves it into the break anyway
    page = official_client.get(url)
    answer = official_client.post(url, {"action": "move", "slot": pause.pk, "table": 1})

    # then the page offers no break, the move is refused on the slot with the reason, and
    # nothing moved
    assert pause.pk not in [
        c[0] for c in page.context["form"].fields["slot"].widget.choices if c[0]
    ]
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"slot": ["That slot is a break."]}
    assert _desk(event) == before


def test_swapping_a_meeting_with_itself_on_its_page_is_refused_and_leaves_it_unlocked(
    event, drafted, official_client
):
    # given the unlocked draft meeting
    before = _desk(event)

    # when the organiser swaps it with itself
    answer = official_client.post(f"/events/{event.slug}/meetings/{drafted.pk}/",
                                  {"action": "swap", "other": drafted.pk})  # fmt: skip

    # then it is refused with the reason, and the meeting stays unlocked where it was
    assert answer.status_code == 400
    assert answer.context["form"].non_field_errors() == ["A meeting cannot be swapped with itself."]
    assert _desk(event) == before


# --- The organiser's pages show the event's time zone -----------------------------------------


@pytest.fixture
def in_taipei(official):
    """The organiser lives in Taipei, two and a half hours ahead of the venue."""
    official.timezone = "Asia/Taipei"
    official.save(update_fields=["timezone"])
    return official


def test_the_move_form_names_each_slot_by_number_and_time_at_the_venue(
    event, drafted, in_taipei, official_client
):
    # given the grid of three slots from 10:00 IST, the third a break, and an organiser in
    # Taipei
    # when the organiser opens the draft meeting
    page = official_client.get(f"/events/{event.slug}/meetings/{drafted.pk}/")

    # then the slots they may move it to are named by number and the venue's times, the
    # break left out, and the page says whose times they are
    labels = [label for value, label in page.context["form"].fields["slot"].widget.choices
              if value]  # fmt: skip
    assert labels == ["Slot 1 · 10:00\u201310:30", "Slot 2 · 10:30\u201311:00"]
    html = page.content.decode()
    assert f"{services.slot_labels(event)[drafted.slot_id]} · Table {drafted.table}" in html
    assert "Times in Asia/Kolkata." in html
    assert "12:30" not in html and "04:30" not in html  # 10:00 IST in Taipei and in UTC


def test_the_desk_shows_slots_and_check_ins_in_the_events_zone_for_an_organiser_elsewhere(
    event, drafted, registered, owner, in_taipei, official, official_client
):
    # given the grid, a checked-in participant, and an organiser in Taipei
    checked_in = services.check_in(registered[owner], by=official).checked_in_at

    # when the organiser opens the desk
    html = official_client.get(f"/events/{event.slug}/manage/").content.decode()

    # then every slot is named by number and the venue's times, and the check-in time is the
    # venue's too, as the header says
    for label in ("Slot 1 · 10:00\u201310:30", "Slot 2 · 10:30\u201311:00",
                  "Slot 3 · 11:00\u201311:30"):  # fmt: skip
        assert f'<span class="schedule-time">{label}</span>' in html
    assert "Times in Asia/Kolkata." in html
    assert f"<td>{checked_in.astimezone(IST):%H:%M}</td>" in html
    assert f"<td>{checked_in.astimezone(ZoneInfo('Asia/Taipei')):%H:%M}</td>" not in html


def test_the_swap_list_names_the_other_meetings_slots_in_the_events_zone(
    event, registered, owner, tel_aviv, taipei, in_taipei, official, official_client
):
    # given two draft meetings in the first two of two slots from 10:00 IST
    services.slots_for(event, by=official, start=at(event, 10), minutes=30, count=2)
    for a, b in ((owner, tel_aviv), (tel_aviv, owner), (tel_aviv, taipei), (taipei, tel_aviv)):
        services.set_wish(event, by=a, target=registered[b], level="must")
    services.build_schedule(event, by=official, time_limit_s=5)
    first, second = event.meetings.select_related("slot").order_by("slot__starts_at")

    # when the organiser in Taipei opens the first meeting
    html = official_client.get(f"/events/{event.slug}/meetings/{first.pk}/").content.decode()

    # then the other meeting is offered for a swap by its slot's number and venue times
    assert f'<option value="{second.pk}">Slot 2 · 10:30\u201311:00 · Table {second.table}' in html
