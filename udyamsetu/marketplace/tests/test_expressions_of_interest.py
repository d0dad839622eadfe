"""Expressions of interest: one per organisation and post, with attachments; the team accepts
(which shows an anonymous poster and opens a conversation) or declines; unanswered ones are
reminded about and expire on time; outsiders see none of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from udyamsetu.core.models import StoredFile
from udyamsetu.core.tests.test_uploads import HTML, make_pdf, make_png
from udyamsetu.enterprises.models import Enterprise
from udyamsetu.marketplace import services
from udyamsetu.marketplace.models import Interest, Post
from udyamsetu.marketplace.tests.factories import post as make_post
from udyamsetu.search.tests.factories import make as make_enterprise

pytestmark = pytest.mark.django_db


def _open(organisation, title="Composite airframe partner", **fields) -> Post:
    return make_post(organisation, title, expires_on=timezone.localdate() + timedelta(days=30),
                     **fields)  # fmt: skip


def _send(post, user, organisation, **extra) -> Interest:
    return services.send_interest(
        post, by=user, organisation=organisation, summary="Autoclave, 12 years of prepreg.",
        proposal="A video call next week.", **extra,
    )  # fmt: skip


def test_a_second_expression_from_the_same_organisation_is_refused_with_a_clear_message(
    org_b, outsider, org_a, owner, teammate
):
    # given the owner's organisation expressed interest
    post = _open(org_b)
    _send(post, owner, org_a)
    # when the teammate tries again for the same organisation
    with pytest.raises(ValidationError) as refused:
        _send(post, teammate, org_a)
    # then the message says so and there is still one
    assert "already expressed interest" in refused.value.messages[0]
    assert "one expression of interest per organisation" in refused.value.messages[0]
    assert Interest.objects.filter(post=post).count() == 1


def test_the_page_refuses_a_second_expression_too(org_b, outsider, org_a, owner, owner_client):
    post = _open(org_b)
    _send(post, owner, org_a)
    page = owner_client.get(f"/opportunities/{post.pk}/interest/").content.decode()
    assert "already expressed interest" in page
    response = owner_client.post(
        f"/opportunities/{post.pk}/interest/", {"summary": "Again", "proposal": "Again"}
    )
    assert response.status_code == 400
    assert "already expressed interest" in response.content.decode()
    assert Interest.objects.filter(post=post).count() == 1


def test_attachments_are_kept_and_served_to_the_two_sides_only(
    org_b, outsider, org_a, owner, owner_client, outsider_client, make_user, third_client
):
    # given an expression with a PDF sent through the page
    post = _open(org_b)
    response = owner_client.post(
        f"/opportunities/{post.pk}/interest/",
        {"summary": "Prepreg layup", "proposal": "Samples",
         "attachments": [SimpleUploadedFile("capability.pdf", make_pdf()),
                         SimpleUploadedFile("part.png", make_png())]},
    )  # fmt: skip
    assert response.status_code == 302
    interest = Interest.objects.get(post=post)
    files = list(interest.attachments.all())
    assert sorted(f.original_name for f in files) == ["capability.pdf", "part.png"]
    url = f"/interests/{interest.pk}/files/{files[0].pk}"
    # then both sides download it as an attachment, a third organisation gets 404
    for client in (owner_client, outsider_client):
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
    assert third_client.get(url).status_code == 404


def test_a_refused_attachment_writes_nothing(org_b, outsider, org_a, owner, owner_client):
    post = _open(org_b)
    response = owner_client.post(
        f"/opportunities/{post.pk}/interest/",
        {"summary": "x", "proposal": "y",
         "attachments": [SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + HTML)]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "photo.png" in response.content.decode()
    assert not Interest.objects.exists() and not StoredFile.objects.exists()


def test_accepting_shows_an_anonymous_poster_to_that_organisation_only(
    org_b, outsider, org_a, owner, owner_client, third_org, third, third_client
):
    # given an anonymous post and interest from two enterprises
    post = _open(org_b, is_anonymous=True)
    mine = _send(post, owner, org_a)
    _send(post, third, third_org)
    page = owner_client.get(post.get_absolute_url()).content.decode()
    assert "Galil Aero Systems" not in page and "Posted anonymously" in page
    # when the poster accepts the owner's organisation
    services.accept_interest(mine, by=outsider)
    # then the owner sees who posted; the third organisation still does not
    assert "Galil Aero Systems" in owner_client.get(post.get_absolute_url()).content.decode()
    third_page = third_client.get(post.get_absolute_url()).content.decode()
    assert "Galil Aero Systems" not in third_page
    api = third_client.get(f"/api/v1/opportunities/{post.pk}").json()
    assert api["poster"] is None


def test_only_the_posters_team_answers_and_only_once(org_b, outsider, org_a, owner):
    post = _open(org_b)
    interest = _send(post, owner, org_a)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest, by=owner)
    with pytest.raises(PermissionDenied):
        services.decline_interest(interest, by=owner)
    services.decline_interest(interest, by=outsider, reason="We chose a supplier in Pune.")
    with pytest.raises(ValidationError, match="already declined"):
        services.accept_interest(interest, by=outsider)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.DECLINED


def test_only_the_sender_withdraws(org_b, outsider, org_a, owner):
    post = _open(org_b)
    interest = _send(post, owner, org_a)
    with pytest.raises(PermissionDenied):
        services.withdraw_interest(interest, by=outsider)
    services.withdraw_interest(interest, by=owner)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.WITHDRAWN


def test_a_third_organisation_sees_no_interest_in_someone_elses_post(
    org_b, outsider, org_a, owner, third_client
):
    post = _open(org_b)
    interest = _send(post, owner, org_a)
    assert third_client.get(f"/opportunities/{post.pk}/interests/").status_code == 404
    assert third_client.post(f"/interests/{interest.pk}/answer/", {"action": "accept"}
                             ).status_code == 404  # fmt: skip
    assert third_client.get(f"/api/v1/opportunities/{post.pk}/interests").status_code == 404
    assert third_client.post(f"/api/v1/interests/{interest.pk}/accept").status_code == 404
    interest.refresh_from_db()
    assert interest.status == Interest.Status.PENDING


@override_settings(INTEREST_EXPIRY_DAYS=10, INTEREST_REMINDER_DAYS=3)
def test_pending_interest_is_reminded_about_once_and_expires_on_time(
    org_b, outsider, org_a, owner, django_capture_on_commit_callbacks, run_tasks
):
    # given an expression sent now, due in 10 days
    post = _open(org_b)
    with django_capture_on_commit_callbacks(execute=True):
        interest = _send(post, owner, org_a)
    run_tasks()
    mail.outbox.clear()
    sent = interest.created_at
    # when housekeeping runs 6 days on: nothing yet
    assert services.expire_interests(now=sent + timedelta(days=6)) == 0
    # 7.5 days on: one reminder to the poster's team, and not again an hour later
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_interests(now=sent + timedelta(days=7, hours=12)) == 1
        assert services.expire_interests(now=sent + timedelta(days=7, hours=13)) == 0
    run_tasks()
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert mail.outbox[0].subject.startswith("Reminder")
    interest.refresh_from_db()
    assert interest.status == Interest.Status.PENDING
    # a minute before the due time it is still pending; at the due time it expires
    assert services.expire_interests(now=interest.expires_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_interests(now=interest.expires_at) == 1
    run_tasks()
    interest.refresh_from_db()
    assert interest.status == Interest.Status.EXPIRED
    assert {m.to[0] for m in mail.outbox[1:]} == {owner.email, outsider.email}


def test_category_a_items_are_invisible_to_ineligible_organisations(
    buyer_org, buyer, org_a, owner, owner_client, org_b, outsider, outsider_client
):
    # given a category A licence, and the owner's enterprise not yet verified
    licence = _open(buyer_org, "Thermal battery technology", kind=Post.Kind.LICENCE,
                    licence_category=Post.LicenceCategory.A)  # fmt: skip
    enterprise = make_enterprise("Kalinga Precision", organisation=org_a)
    # then neither the enterprise nor the foreign partner can see or answer it
    for client in (owner_client, outsider_client):
        assert client.get(licence.get_absolute_url()).status_code == 404
        assert "Thermal battery" not in client.get("/opportunities/").content.decode()
    with pytest.raises(Http404):
        _send(licence, owner, org_a)
    with pytest.raises(Http404):
        _send(licence, outsider, org_b)
    # when officials check the enterprise's documents
    Enterprise.objects.filter(pk=enterprise.pk).update(
        verification_level=Enterprise.Verification.DOCUMENTS_CHECKED
    )
    # then it sees the licence and may express interest
    assert owner_client.get(licence.get_absolute_url()).status_code == 200
    assert _send(licence, owner, org_a).status == Interest.Status.PENDING


def test_interest_in_a_closed_or_own_post_is_refused(org_b, outsider, org_a, owner):
    post = _open(org_b)
    with pytest.raises(ValidationError, match="own"):
        _send(post, outsider, org_b)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.CLOSED)
    with pytest.raises(Http404):
        _send(post, owner, org_a)  # a closed post is no longer visible outside its team
    assert not Interest.objects.exists()


def test_the_teams_page_lists_interest_and_accepting_redirects_to_the_conversation_or_post(
    org_b, outsider, outsider_client, org_a, owner
):
    post = _open(org_b)
    interest = _send(post, owner, org_a)
    page = outsider_client.get(f"/opportunities/{post.pk}/interests/").content.decode()
    assert "Kalinga Precision Engineering" in page and "Autoclave" in page
    response = outsider_client.post(f"/interests/{interest.pk}/answer/", {"action": "accept"})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED


def test_reviewing_officials_may_read_posts_but_not_answer_interest(
    org_b, outsider, org_a, owner, official, office
):
    office.permissions.add(Permission.objects.get(codename="review_post"))
    post = _open(org_b)
    interest = _send(post, owner, org_a)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest, by=official)


@pytest.mark.django_db(transaction=True)
def test_two_teammates_sending_at_once_leave_one_expression_and_a_clear_refusal(
    org_b, outsider, org_a, owner, teammate
):
    import threading

    from django.db import connection

    # given an open post, and two members of org_a about to send at the same moment
    post = _open(org_b)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(user) -> None:
        try:
            barrier.wait()
            _send(post, user, org_a)
            outcomes.append("sent")
        except ValidationError as refused:
            outcomes.append(refused.messages[0])
        finally:
            connection.close()

    # when both send
    threads = [threading.Thread(target=send, args=(u,)) for u in (owner, teammate)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one is kept and the other is told why
    assert sorted(o == "sent" for o in outcomes) == [False, True]
    assert "already expressed interest" in next(o for o in outcomes if o != "sent")
    assert Interest.objects.filter(post=post, organisation=org_a).count() == 1
