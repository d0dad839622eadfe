"""The events pages: the organiser creates an event (draft), people register from the event's
page, participants wish and ask from the list, and every private page is 404 to outsiders."""

from __future__ import annotations

import pytest

from udyamsetu.conftest import client_for
from udyamsetu.events import services
from udyamsetu.events.models import Event, MeetingRequest, Registration, Wish

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
