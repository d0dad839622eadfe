"""The organiser's desk in the API: laying out the meeting grid, building, moving, swapping,
locking and publishing the schedule, through the same services and checks as the pages. Bad
input is refused with the field and writes nothing; anyone but the organiser gets 404, and
callers without credentials 401."""

from __future__ import annotations

import pytest
from django.test import Client

from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.conftest import client_for
from udyamsetu.events import services
from udyamsetu.events.models import Event
from udyamsetu.events.tests.conftest import at

pytestmark = pytest.mark.django_db


def _base(event: Event) -> str:
    return f"/api/v1/events/{event.slug}"


def _both_must(event, a, b, registered) -> None:
    services.set_wish(event, by=a, target=registered[b], level="must")
    services.set_wish(event, by=b, target=registered[a], level="must")


def _state(event: Event) -> tuple:
    """Everything the desk can change: the slots, the meetings and the publication."""
    return (
        list(event.slots.order_by("pk").values_list("pk", "starts_at", "ends_at", "is_break")),
        list(event.meetings.order_by("pk").values_list("pk", "slot_id", "table", "locked")),
        Event.objects.get(pk=event.pk).schedule_published_at,
    )


def _day(event: Event) -> str:
    return at(event, 0).date().isoformat()


@pytest.fixture
def drafted(event, registered, owner, tel_aviv, taipei, official):
    """Three slots from 10:00 IST (the third a break); the owner must meet Tel Aviv and Taipei,
    so the draft has the owner's two meetings in the first two slots."""
    services.slots_for(event, by=official, start=at(event, 10), minutes=30, count=3, breaks=[3])
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, owner, taipei, registered)
    services.build_schedule(event, by=official, time_limit_s=5)
    return sorted(event.meetings.select_related("slot"), key=lambda m: m.slot.starts_at)


# --- The organiser --------------------------------------------------------------------------


def test_the_organiser_lays_out_a_grid_builds_and_publishes_through_the_api(
    event, registered, owner, tel_aviv, taipei, official_client, owner_client
):
    # given two pairs who must meet
    _both_must(event, owner, tel_aviv, registered)
    _both_must(event, owner, taipei, registered)
    base = _base(event)

    # when the organiser lays out three slots of 30 minutes from 10:00, the second a break
    laid = official_client.put(
        f"{base}/grid",
        {"start": f"{_day(event)}T10:00", "minutes": 30, "count": 3, "breaks": [2]},
        content_type="application/json",
    )

    # then the grid is there, in the event's zone, with no meetings yet
    assert laid.status_code == 200, laid.content
    grid = laid.json()
    assert (grid["timezone"], grid["tables"], grid["meetings"]) == ("Asia/Kolkata", 2, [])
    assert [(s["number"], s["starts_at"][11:], s["is_break"]) for s in grid["slots"]] == [
        (1, "10:00:00+05:30", False),
        (2, "10:30:00+05:30", True),
        (3, "11:00:00+05:30", False),
    ]
    assert [s.starts_at for s in event.slots.all()] == [at(event, 10), at(event, 10, 30),
                                                        at(event, 11)]  # fmt: skip

    # when the organiser builds the schedule
    built = official_client.post(f"{base}/schedule/build")

    # then both meetings are placed, around the break, and the summary says so
    assert built.status_code == 200, built.content
    summary = built.json()
    assert summary["meetings"] == 2 and summary["status"] == "OPTIMAL"
    assert summary["value"] > 0 and summary["gap"] == 0
    schedule = official_client.get(f"{base}/schedule").json()
    meetings = schedule["meetings"]
    assert sorted(m["starts_at"][11:] for m in meetings) == ["10:00:00+05:30", "11:00:00+05:30"]
    assert all(m["first"]["name"] == "Priya Nayak" for m in meetings)
    assert {m["second"]["name"] for m in meetings} == {"Noa Levi", "Chen Mei-ling"}
    assert schedule["published_at"] is None
    assert owner_client.get(f"{base}/agenda").json() == []

    # when the organiser publishes
    published = official_client.post(f"{base}/schedule/publish")

    # then the schedule is published and the participants see their meetings
    assert published.status_code == 200, published.content
    assert published.json()["published_at"] is not None
    event.refresh_from_db()
    assert event.schedule_published_at is not None
    agenda = owner_client.get(f"{base}/agenda").json()
    assert {m["with_name"] for m in agenda} == {"Noa Levi", "Chen Mei-ling"}


@pytest.mark.parametrize("start", ["T04:30:00Z", "T13:30:00+09:00", "T10:00:00+05:30"])
def test_a_grid_start_with_an_offset_is_read_as_that_instant(event, official_client, start):
    # given 04:30 UTC, 13:30 in Tokyo or 10:00 in India: the same instant, 10:00 at the venue
    body = {"start": f"{_day(event)}{start}", "minutes": 20, "count": 2}

    # when the organiser lays out the grid from it
    answer = official_client.put(f"{_base(event)}/grid", body, content_type="application/json")

    # then the first slot starts at 10:00 IST
    assert answer.status_code == 200, answer.content
    assert answer.json()["slots"][0]["starts_at"][11:] == "10:00:00+05:30"
    assert event.slots.first().starts_at == at(event, 10)


@pytest.mark.parametrize(
    ("change", "status", "field", "reason"),
    [
        ({"minutes": 3}, 400, "minutes", "greater than or equal to 5"),
        ({"count": 0}, 400, "count", "greater than or equal to 1"),
        ({"count": 65}, 400, "count", "less than or equal to 64"),
        ({"start": "T08:00"}, 400, "start", "The slots must fall within the event."),
        ({"start": "T16:00"}, 400, "start", "The slots must fall within the event."),
        (
            {"breaks": [0, 2, -1, 99]},
            400,
            "breaks",
            "Breaks must be slot numbers from 1 to 4, not -1, 0, 99.",
        ),
        (
            {"breaks": [1, 2, 3, 4]},
            400,
            "breaks",
            "At least one slot must be for meetings, not a break.",
        ),
        ({"breaks": ["lunch"]}, 422, "breaks", "integer"),
        ({"start": "after lunch"}, 422, "start", "datetime"),
    ],
)
def test_bad_grid_input_is_refused_with_the_field_and_changes_nothing(
    event, drafted, official_client, change, status, field, reason
):
    # given a laid-out grid with a draft schedule
    before = _state(event)
    body = {"start": f"{_day(event)}T12:00", "minutes": 30, "count": 4, "breaks": [2], **change}
    if str(body["start"]).startswith("T"):
        body["start"] = _day(event) + body["start"]

    # when the organiser sends a bad grid
    answer = official_client.put(f"{_base(event)}/grid", body, content_type="application/json")

    # then it is refused, naming the field and the reason, and nothing changed
    assert answer.status_code == status, answer.content
    detail = answer.json()["detail"]
    if status == 400:
        assert reason in " ".join(detail[field])
    else:
        [error] = detail
        assert field in error["loc"] and reason in error["msg"]
    assert _state(event) == before


def test_laying_out_the_grid_again_before_publishing_removes_the_draft_locked_meetings_too(
    event, drafted, official, official_client
):
    # given a draft schedule, not published, with one meeting locked
    services.set_locked(drafted[0], by=official, locked=True)

    # when the organiser lays out a new grid
    answer = official_client.put(
        f"{_base(event)}/grid",
        {"start": f"{_day(event)}T14:00", "minutes": 20, "count": 2},
        content_type="application/json",
    )

    # then the new grid replaces the old one, and the draft meetings are gone
    assert answer.status_code == 200, answer.content
    assert [s["starts_at"][11:] for s in answer.json()["slots"]] == [
        "14:00:00+05:30", "14:20:00+05:30"]  # fmt: skip
    assert answer.json()["meetings"] == []
    assert not event.meetings.exists()


def test_laying_out_the_grid_of_a_published_schedule_is_refused_and_changes_nothing(
    event, drafted, official, official_client
):
    # given the draft, published
    services.publish_schedule(event, by=official)
    before = _state(event)

    # when the organiser lays out a new grid
    answer = official_client.put(
        f"{_base(event)}/grid",
        {"start": f"{_day(event)}T14:00", "minutes": 20, "count": 2},
        content_type="application/json",
    )

    # then it is refused with the reason, and the grid, meetings and publication stay
    assert answer.status_code == 400
    assert answer.json()["detail"] == {"__all__": [
        "The schedule is published: laying out the grid again would remove the meetings the "
        "participants have been sent."]}  # fmt: skip
    assert _state(event) == before
    assert len(before[1]) == 2 and before[2] is not None


def test_moving_a_meeting_where_a_person_is_busy_is_refused_and_changes_nothing(
    event, drafted, official_client
):
    # given the owner's two meetings, one in each of the first two slots
    first, second = drafted
    before = _state(event)

    # when the organiser moves the second to the first's slot, at the other table
    answer = official_client.post(
        f"{_base(event)}/meetings/{second.pk}/move",
        {"slot_id": first.slot_id, "table": 3 - first.table},
        content_type="application/json",
    )

    # then it is refused on the slot, and the meeting is where it was, still unlocked
    assert answer.status_code == 400
    assert answer.json()["detail"] == {"slot": ["One of the two has another meeting then."]}
    assert _state(event) == before
    second.refresh_from_db()
    assert not second.locked


def test_a_meeting_cannot_be_moved_into_a_break_or_to_a_table_the_event_lacks(
    event, drafted, official_client
):
    # given the draft and the grid's break (the third slot)
    first, _second = drafted
    pause = event.slots.get(is_break=True)
    before = _state(event)
    url = f"{_base(event)}/meetings/{first.pk}/move"

    # when the organiser moves a meeting into the break, or to table 3 of 2
    into_break = official_client.post(url, {"slot_id": pause.pk, "table": 1},
                                      content_type="application/json")  # fmt: skip
    no_table = official_client.post(url, {"slot_id": first.slot_id, "table": 3},
                                    content_type="application/json")  # fmt: skip

    # then both are refused on their field with the reason, and nothing moved
    assert into_break.status_code == 400
    assert into_break.json()["detail"] == {"slot": ["That slot is a break."]}
    assert no_table.status_code == 400
    assert no_table.json()["detail"] == {"table": ["Tables are numbered 1 to 2."]}
    assert _state(event) == before


def test_the_organiser_moves_swaps_locks_and_unlocks_meetings(event, drafted, official_client):
    # given the owner's meetings in slots 1 and 2
    first, second = drafted
    base = _base(event)
    (slot_1, table_1), (slot_2, table_2) = (first.slot, first.table), (second.slot, second.table)

    # when the organiser swaps them
    swapped = official_client.post(f"{base}/meetings/{first.pk}/swap",
                                   {"other_id": second.pk}, content_type="application/json")  # fmt: skip

    # then each has the other's slot and table, and both are locked
    assert swapped.status_code == 200, swapped.content
    assert [(m["id"], m["slot_id"], m["table"], m["locked"]) for m in swapped.json()] == [
        (first.pk, slot_2.pk, table_2, True),
        (second.pk, slot_1.pk, table_1, True),
    ]

    # when the organiser unlocks one, then locks it again
    unlocked = official_client.post(f"{base}/meetings/{first.pk}/unlock")
    first.refresh_from_db()
    was_locked_between = first.locked
    locked = official_client.post(f"{base}/meetings/{first.pk}/lock")

    # then the flag follows
    assert unlocked.status_code == 200 and unlocked.json()["locked"] is False
    assert was_locked_between is False
    assert locked.status_code == 200 and locked.json()["locked"] is True
    first.refresh_from_db()
    assert first.locked

    # when the organiser moves the other meeting to the other table of its slot
    moved = official_client.post(f"{base}/meetings/{second.pk}/move",
                                 {"slot_id": slot_1.pk, "table": 3 - table_1},
                                 content_type="application/json")  # fmt: skip

    # then it is there and locked
    assert moved.status_code == 200, moved.content
    assert (moved.json()["slot_id"], moved.json()["table"], moved.json()["locked"]) == (
        slot_1.pk, 3 - table_1, True)  # fmt: skip
    second.refresh_from_db()
    assert (second.slot_id, second.table) == (slot_1.pk, 3 - table_1)


def test_swapping_a_meeting_with_itself_is_refused_and_leaves_it_unlocked(
    event, drafted, official_client
):
    # given an unlocked draft meeting
    first, _second = drafted
    before = _state(event)

    # when the organiser swaps it with itself
    answer = official_client.post(f"{_base(event)}/meetings/{first.pk}/swap",
                                  {"other_id": first.pk}, content_type="application/json")  # fmt: skip

    # then it is refused with the reason, and the meeting is where it was, still unlocked
    assert answer.status_code == 400
    assert answer.json()["detail"] == {"__all__": ["A meeting cannot be swapped with itself."]}
    assert _state(event) == before
    first.refresh_from_db()
    assert not first.locked


def test_publishing_before_building_is_refused_and_publishes_nothing(event, official_client):
    # given an event with no schedule
    before = _state(event)

    # when the organiser publishes
    answer = official_client.post(f"{_base(event)}/schedule/publish")

    # then it is refused with the reason
    assert answer.status_code == 400
    assert answer.json()["detail"] == {"__all__": ["Build the schedule first."]}
    assert _state(event) == before


# --- Everyone else -----------------------------------------------------------------------------


def _desk_calls(event: Event, drafted) -> list[tuple[str, str, dict | None]]:
    """Every organiser endpoint, with a body it would accept from the organiser."""
    first, second = drafted
    base = _base(event)
    free = event.slots.filter(is_break=False).exclude(pk=first.slot_id).first()
    return [
        ("get", f"{base}/schedule", None),
        ("put", f"{base}/grid", {"start": f"{_day(event)}T12:00", "minutes": 20, "count": 2}),
        ("post", f"{base}/schedule/build", None),
        ("post", f"{base}/schedule/publish", None),
        ("post", f"{base}/meetings/{first.pk}/move", {"slot_id": free.pk, "table": 2}),
        ("post", f"{base}/meetings/{first.pk}/swap", {"other_id": second.pk}),
        ("post", f"{base}/meetings/{first.pk}/lock", None),
        ("post", f"{base}/meetings/{second.pk}/unlock", None),
    ]


def _call(client: Client, method: str, url: str, body: dict | None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.fixture
def stranger(make_user):
    """A member of another organisation, not registered for the event."""
    user = make_user("busan@example.com", "Kim Ji-woo")
    organisation = Organisation.objects.create(
        name="Busan Marine Parts", slug="busan", kind=Organisation.Kind.FOREIGN_PARTNER,
        country="KR",
    )  # fmt: skip
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def other_official(make_user):
    """An official of another government office: an organiser, but not of this event."""
    from allauth.mfa.totp.internal.auth import TOTP

    from udyamsetu.conftest import TOTP_SECRET

    user = make_user("official@example.nic.in", "Sunil Rao")
    office = Organisation.objects.create(name="MSME-DFO Chennai", slug="dfo-chennai",
                                         kind=Organisation.Kind.GOVERNMENT_OFFICE)  # fmt: skip
    Membership.objects.create(user=user, organisation=office, role=Membership.Role.MEMBER)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.mark.parametrize("who", ["owner", "stranger", "other_official"])
def test_a_participant_and_an_outsider_get_404_on_each_organiser_endpoint(
    event, drafted, request, who, official
):
    # given a draft schedule with one meeting locked (so that unlocking would show), and
    # someone who is a participant (the owner), a member of another organisation, or an
    # official who organises other events
    services.set_locked(drafted[1], by=official, locked=True)
    before = _state(event)
    client = client_for(request.getfixturevalue(who))

    for method, url, body in _desk_calls(event, drafted):
        # when they call the organiser's endpoint
        answer = _call(client, method, url, body)

        # then it is not found, and nothing changed
        assert answer.status_code == 404, (method, url, answer.content)
        assert answer.json() == {"detail": "Not found."}
    assert _state(event) == before


def test_anonymous_callers_get_401_on_each_organiser_endpoint(event, drafted):
    # given no credentials
    before = _state(event)

    for method, url, body in _desk_calls(event, drafted):
        # when they call the organiser's endpoint
        answer = _call(Client(), method, url, body)

        # then they are asked to authenticate, and nothing changed
        assert answer.status_code == 401, (method, url)
    assert _state(event) == before


def test_the_organisers_browser_session_needs_the_csrf_token_to_write(event, drafted, official):
    # given the organiser's browser session, sending no CSRF token
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(official, backend="allauth.account.auth_backends.AuthenticationBackend")
    before = _state(event)

    # when it reads the schedule, and tries to publish it
    read = browser.get(f"{_base(event)}/schedule")
    write = browser.post(f"{_base(event)}/schedule/publish")

    # then reading works and writing is refused
    assert read.status_code == 200
    assert write.status_code == 403
    assert _state(event) == before
