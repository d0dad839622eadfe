"""Booking machine time: requests within opening hours, the operator's answer, overlaps refused
by the database, cancellations with a notice period, maintenance, outcomes and usage, and who
may see or change a booking."""

from __future__ import annotations

import threading
from datetime import UTC, date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from udyamsetu.facilities import services
from udyamsetu.facilities.models import Booking
from udyamsetu.facilities.tests.conftest import ist, next_weekday

pytestmark = pytest.mark.django_db
TUESDAY = 1


def _request(machine, organisation, user, start, hours=4, **extra) -> Booking:
    extra.setdefault("job_description", "Machine 40 titanium brackets to drawing PD-221.")
    return services.request_booking(
        machine, organisation, by=user, start=start, end=start + timedelta(hours=hours), **extra
    )


def test_a_request_waits_for_the_operator_who_is_told(
    machine, org_a, owner, operator, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 9))
    run_tasks()
    assert booking.status == Booking.Status.REQUESTED
    assert [m.to for m in mail.outbox] == [[operator.email]]
    assert "Kalinga Precision Engineering asks for time" in mail.outbox[0].body
    assert "09:00" in mail.outbox[0].body and "IST" in mail.outbox[0].body


def test_confirming_sets_the_rate_and_a_second_overlapping_confirmation_is_refused(
    machine, org_a, org_b, owner, outsider, operator
):
    day = next_weekday(TUESDAY)
    first = _request(machine, org_a, owner, ist(day, 9))
    overlapping = _request(machine, org_b, outsider, ist(day, 12))  # 12:00-16:00
    adjacent = _request(machine, org_b, outsider, ist(day, 13), hours=2)  # 13:00-15:00
    services.confirm_booking(first, by=operator)
    first.refresh_from_db()
    assert (first.status, first.rate_rupees) == (Booking.Status.CONFIRMED, 1800)
    with pytest.raises(services.BookingConflict, match="already booked"):
        services.confirm_booking(overlapping, by=operator)
    overlapping.refresh_from_db()
    assert overlapping.status == Booking.Status.REQUESTED
    # 13:00 starts exactly when the first one ends: back to back is fine
    assert services.confirm_booking(adjacent, by=operator).status == Booking.Status.CONFIRMED


def test_a_micro_enterprise_gets_the_reduced_rate(machine, org_a, owner, operator):
    from udyamsetu.enterprises.services import claim_enterprise

    claim_enterprise(
        org_a, by=owner, udyam_number="UDYAM-OD-19-0054321", legal_name="Kalinga Precision",
        organisation_type="private_limited", major_activity="manufacturing",
        commencement_date=date(2016, 4, 1),
        nic_codes=["25920"], investment_rupees=50_00_000, turnover_rupees=2_00_00_000,
        address="Jagatpur", city="Cuttack", pin_code="753001",
    )  # fmt: skip
    booking = _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 9))
    assert services.confirm_booking(booking, by=operator).rate_rupees == 1200


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_confirmations_of_overlapping_bookings_leave_exactly_one(
    machine, org_a, owner, operator, settings
):
    from django.test import Client

    from udyamsetu.accounts.services import create_api_token

    # given 50 requests that all overlap 09:30-10:00 on one machine, and the operator's token
    settings.BOOKING_REQUEST_RATE = 100
    day = next_weekday(TUESDAY)
    requests = [
        _request(machine, org_a, owner, ist(day, 8) + timedelta(minutes=30 * (i % 4)), hours=2)
        for i in range(50)
    ]
    _token, raw = create_api_token(operator, name="tests")
    barrier = threading.Barrier(50)
    answers: list[tuple[int, str]] = []

    def confirm(booking) -> None:
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
        try:
            barrier.wait()
            answer = api.post(f"/api/v1/bookings/{booking.pk}/confirm")
            answers.append((answer.status_code, answer.json().get("detail", "")))
        finally:
            connection.close()

    # when the operator's 50 confirmations arrive at once, through the API
    threads = [threading.Thread(target=confirm, args=(b,)) for b in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one is confirmed and 49 are told the machine is taken; no server error
    statuses = sorted(code for code, _detail in answers)
    assert statuses == [200] + [409] * 49
    assert all("already booked for part of this time" in d for code, d in answers if code == 409)
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        (lambda: ist(next_weekday(6), 9), "start", "is not open for the whole period"),  # Sunday
        (lambda: ist(next_weekday(TUESDAY), 4), "start", "is not open"),  # before 06:00
        (
            lambda: (
                timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
                - timedelta(hours=2)
            ),
            "start",
            "has passed",
        ),
        (lambda: ist(next_weekday(TUESDAY), 9, 15), "start", "on the hour or half hour"),
        (lambda: ist(next_weekday(TUESDAY), 9) + timedelta(days=400), "start", "days ahead"),
    ],
)
def test_a_request_outside_the_rules_names_the_field_and_writes_nothing(
    machine, org_a, owner, when, field, message
):
    with pytest.raises(ValidationError) as refused:
        _request(machine, org_a, owner, when())
    assert message in " ".join(refused.value.message_dict[field])
    assert not Booking.objects.exists()


def test_a_holiday_is_named_when_the_centre_is_closed(machine, org_a, owner, holiday):
    with pytest.raises(ValidationError) as refused:
        _request(machine, org_a, owner, ist(holiday, 9))
    assert "closed on" in refused.value.message_dict["start"][0]
    assert "Odisha Day" in refused.value.message_dict["start"][0]


def test_a_booking_may_run_past_midnight_when_the_shift_does(machine, org_a, owner, operator):
    # 22:00 to 01:00 IST is inside Tuesday's shift (06:00 to 02:00): stored in UTC
    start = ist(next_weekday(TUESDAY), 22)
    booking = _request(machine, org_a, owner, start, hours=3)
    services.confirm_booking(booking, by=operator)
    booking.refresh_from_db()
    assert booking.period.lower.utcoffset() == timedelta(0)
    assert booking.period.lower.astimezone(UTC).hour == 16  # 22:00 IST = 16:30 UTC
    assert booking.period.lower.astimezone(UTC).minute == 30
    assert booking.period.upper - booking.period.lower == timedelta(hours=3)
    # but not past the shift's end at 02:00
    with pytest.raises(ValidationError, match="not open"):
        _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 23), hours=4)


def test_a_request_over_a_confirmed_booking_is_refused_at_once(machine, org_a, owner, operator):
    day = next_weekday(TUESDAY)
    services.confirm_booking(_request(machine, org_a, owner, ist(day, 9)), by=operator)
    with pytest.raises(services.BookingConflict, match="already booked from"):
        _request(machine, org_a, owner, ist(day, 10))


def test_cancelling_inside_the_notice_period_is_recorded_as_late(
    machine, org_a, owner, operator, settings
):
    soon = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    soon += timedelta(hours=3)
    # the shift may not hold "three hours from now"; open the centre round the clock for this
    machine.facility.opening_hours.update(opens="00:00", closes="00:00")
    machine.facility.opening_hours.get_or_create(weekday=6, defaults={"opens": "00:00",
                                                                     "closes": "00:00"})  # fmt: skip
    machine.facility.holidays.all().delete()
    near = _request(machine, org_a, owner, soon, hours=1)
    far = _request(machine, org_a, owner, soon + timedelta(days=3), hours=1)
    for booking in (near, far):
        services.confirm_booking(booking, by=operator)
    assert services.cancel_booking(near, by=owner).status == Booking.Status.LATE_CANCELLED
    assert services.cancel_booking(far, by=owner).status == Booking.Status.CANCELLED
    # a late cancellation frees the machine all the same
    again = _request(machine, org_a, owner, soon, hours=1)
    assert services.confirm_booking(again, by=operator).status == Booking.Status.CONFIRMED


def test_the_operator_cancelling_is_never_late_and_the_requester_is_told(
    machine, org_a, owner, operator, django_capture_on_commit_callbacks, run_tasks
):
    booking = _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 9))
    services.confirm_booking(booking, by=operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_booking(booking, by=operator, reason="Spindle repair")
    run_tasks()
    assert cancelled.status == Booking.Status.CANCELLED
    assert owner.email in {m.to[0] for m in mail.outbox}
    assert "Spindle repair" in mail.outbox[0].body


def test_maintenance_blocks_requests_and_cannot_cover_a_confirmed_booking(
    machine, org_a, owner, operator
):
    day = next_weekday(TUESDAY)
    services.add_maintenance(machine, by=operator, start=ist(day, 6), end=ist(day, 10),
                             reason="Spindle service")  # fmt: skip
    with pytest.raises(services.BookingConflict):
        _request(machine, org_a, owner, ist(day, 8))
    services.confirm_booking(_request(machine, org_a, owner, ist(day, 12)), by=operator)
    with pytest.raises(services.BookingConflict, match="Cancel it first"):
        services.add_maintenance(machine, by=operator, start=ist(day, 14), end=ist(day, 15))


def test_outcomes_make_a_usage_record_and_count_no_shows(machine, org_a, owner, operator):
    day = next_weekday(TUESDAY)
    used = _request(machine, org_a, owner, ist(day, 9))
    absent = _request(machine, org_a, owner, ist(day, 14))
    for booking in (used, absent):
        services.confirm_booking(booking, by=operator)
    # too early: the booking has not started
    with pytest.raises(ValidationError, match="once the booking has started"):
        services.record_outcome(used, by=operator, outcome="completed")
    # time passes: both bookings move to a week ago, as they were
    shift = used.period.lower - timezone.now() + timedelta(days=8)
    for booking in (absent, used):
        Booking.objects.filter(pk=booking.pk).update(
            period=(booking.period.lower - shift, booking.period.upper - shift)
        )
    services.record_outcome(used, by=operator, outcome="completed", used_hours=Decimal("3.5"))
    services.record_outcome(absent, by=operator, outcome="no_show")
    used.refresh_from_db()
    assert (used.used_hours, used.amount_rupees) == (Decimal("3.50"), 6300)  # 3.5 h at ₹1,800
    figures = services.operator_figures(operator, machine.facility.organisation)
    assert (figures["no_shows"], figures["outcomes"], figures["no_show_rate"]) == (1, 2, 0.5)


def test_the_requester_may_not_answer_and_an_outsider_may_not_even_see(
    machine, org_a, owner, teammate, outsider, operator
):
    booking = _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 9))
    assert services.visible_booking(teammate, booking.pk) == booking
    with pytest.raises(PermissionDenied):
        services.confirm_booking(booking, by=owner)
    for action in (services.confirm_booking, services.decline_booking, services.cancel_booking):
        with pytest.raises(Http404):
            action(booking, by=outsider)
    with pytest.raises(Http404):
        services.visible_booking(outsider, booking.pk)
    with pytest.raises(Http404):
        services.add_maintenance(machine, by=owner, start=booking.start, end=booking.end)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED


def test_unanswered_requests_are_declined_when_their_time_comes(
    machine, org_a, owner, django_capture_on_commit_callbacks, run_tasks
):
    booking = _request(machine, org_a, owner, ist(next_weekday(TUESDAY), 9))
    assert services.expire_booking_requests(booking.start - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_booking_requests(booking.start) == 1
    run_tasks()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    assert any(m.subject.startswith("Declined") for m in mail.outbox)
