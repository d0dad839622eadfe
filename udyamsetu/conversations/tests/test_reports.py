"""Reports: a participant reports a message from the other side; officials who review reports
see that message and the report, never the rest of the thread."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from udyamsetu.conversations import services
from udyamsetu.conversations.models import Message, Report
from udyamsetu.conversations.tests.helpers import png_upload

pytestmark = pytest.mark.django_db


def _reply(conversation) -> Message:
    return conversation.messages.get(body="Yes, up to 400 mm.")


def test_an_official_without_a_report_sees_nothing_of_a_conversation(
    conversation, reviewing_office, official_client
):
    # given a thread nobody reported, and an official who reviews reports
    message = _reply(conversation)

    # when the official tries the thread, an attachment link and the reports page
    thread = official_client.get(f"/messages/{conversation.pk}/")
    attachment = official_client.get(f"/messages/{conversation.pk}/attachments/{message.pk}")
    reports = official_client.get("/messages/reports/").content.decode()

    # then the thread is 404 and the reports page shows no message
    assert thread.status_code == 404 and attachment.status_code == 404
    assert "No message has been reported." in reports
    assert "400 mm" not in reports and "Ti-6Al-4V" not in reports


def test_with_a_report_the_official_sees_only_the_reported_message(
    conversation, owner_client, reviewing_office, official_client
):
    # given the owner reports the outsider's reply
    message = _reply(conversation)
    response = owner_client.post(
        f"/messages/{conversation.pk}/messages/{message.pk}/report/",
        {"reason": "Asks us to pay outside the portal."},
    )
    assert response.status_code == 302

    # when the official opens the reported messages
    page = official_client.get("/messages/reports/").content.decode()

    # then they see the reported message and the reason, but not the owner's own message,
    # and the thread itself is still 404 for them
    assert "Yes, up to 400 mm." in page and "Asks us to pay outside the portal." in page
    assert "Ti-6Al-4V" not in page
    assert official_client.get(f"/messages/{conversation.pk}/").status_code == 404


def test_an_official_downloads_a_reported_attachment_and_resolves_by_removing_it(
    conversation, outsider, org_b, owner, reviewing_office, official, official_client,
    owner_client,
):  # fmt: skip
    # given a reported message with an attachment
    message = services.send_message(
        conversation, by=outsider, organisation=org_b, body="Spam", upload=png_upload()
    )
    report = services.report_message(message, by=owner, reason="Spam")

    # when the official downloads it and resolves the report, removing the message
    download = official_client.get(f"/messages/reports/{report.pk}/attachment")
    resolved = official_client.post(
        f"/messages/reports/{report.pk}/resolve/", {"remove_message": "on"}
    )

    # then the download worked, the report is resolved, and the participants see a placeholder
    assert download.status_code == 200
    assert resolved.status_code == 302
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.resolved_by == official and message.is_removed
    thread = owner_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "An official removed this message." in thread and "Spam" not in thread
    assert (
        owner_client.get(f"/messages/{conversation.pk}/attachments/{message.pk}").status_code == 404
    )


def test_someone_without_the_permission_cannot_see_the_reports(
    conversation, owner, owner_client, official_client, office
):
    # given a report, and an official whose office does not review reports
    services.report_message(_reply(conversation), by=owner, reason="Rude")

    # when the official and a participant open the reports page
    # then both are refused
    assert official_client.get("/messages/reports/").status_code == 403
    assert owner_client.get("/messages/reports/").status_code == 403


def test_a_participant_cannot_report_their_own_sides_message_nor_twice(
    conversation, owner, teammate
):
    # given the owner's own message and the outsider's reply
    own = conversation.messages.get(body="Can you machine Ti-6Al-4V?")
    reply = _reply(conversation)

    # when the teammate reports the owner's message, and the owner reports the reply twice
    with pytest.raises(ValidationError):
        services.report_message(own, by=teammate, reason="x")
    services.report_message(reply, by=owner, reason="Rude")
    with pytest.raises(ValidationError):
        services.report_message(reply, by=owner, reason="Still rude")

    # then one report exists
    assert Report.objects.count() == 1


def test_a_stranger_cannot_report_a_message_of_someone_elses_thread(conversation, stranger_client):
    # given a member of a third organisation
    message = _reply(conversation)

    # when they post a report
    response = stranger_client.post(
        f"/messages/{conversation.pk}/messages/{message.pk}/report/", {"reason": "x"}
    )

    # then it is 404 and nothing was written
    assert response.status_code == 404
    assert Report.objects.count() == 0
