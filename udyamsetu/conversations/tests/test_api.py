"""Conversations in the API: the same rules as the pages, 404 for non-participants."""

from __future__ import annotations

import pytest
from django.test import Client

from udyamsetu.accounts.services import create_api_token
from udyamsetu.conversations import services
from udyamsetu.conversations.models import Conversation, Message, Report
from udyamsetu.conversations.tests.helpers import disguised_html, png_bytes, png_upload
from udyamsetu.core.models import StoredFile

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _token, raw = create_api_token(user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_participant_lists_reads_and_answers_a_conversation(conversation, owner):
    # given the owner's API client
    api = _api(owner)

    # when they list, read and answer
    listed = api.get("/api/v1/conversations").json()
    detail = api.get(f"/api/v1/conversations/{conversation.pk}").json()
    sent = api.post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"body": "Please quote."},
        content_type="application/json",
    )

    # then the list has the thread with its unread count, the detail both messages,
    # and the answer was stored for org_a
    assert [(c["id"], c["unread"]) for c in listed] == [(conversation.pk, 1)]
    assert listed[0]["other_organisation"]["slug"] == "galil"
    assert [m["body"] for m in detail["messages"]] == [
        "Can you machine Ti-6Al-4V?",
        "Yes, up to 400 mm.",
    ]
    assert [m["mine"] for m in detail["messages"]] == [True, False]
    assert sent.status_code == 201 and sent.json()["mine"] is True
    assert Message.objects.latest("created_at").sender_organisation.slug == "kalinga"


def test_a_non_participant_gets_404_everywhere_in_the_api(conversation, owner, stranger):
    # given a message with an attachment, and a member of a third organisation
    message = services.send_message(
        conversation, by=owner, organisation=conversation.first, body="", upload=png_upload()
    )
    api = _api(stranger)
    base = f"/api/v1/conversations/{conversation.pk}"

    # when they try every endpoint of the conversation
    answers = [
        api.get(base).status_code,
        api.get(f"{base}/messages/{message.pk}/attachment").status_code,
        api.post(f"{base}/messages", {"body": "x"}, content_type="application/json").status_code,
        api.post(f"{base}/read").status_code,
        api.post(
            f"{base}/messages/{message.pk}/report", {"reason": "x"}, content_type="application/json"
        ).status_code,
    ]

    # then all are 404, the list is empty, and nothing was written
    assert answers == [404] * 5
    assert api.get("/api/v1/conversations").json() == []
    assert Message.objects.count() == 3 and Report.objects.count() == 0


def test_an_attachment_goes_up_as_multipart_and_comes_down_to_the_other_side(
    conversation, owner, outsider
):
    # given the owner's and the outsider's API clients
    owner_api, outsider_api = _api(owner), _api(outsider)

    # when the owner uploads a PNG with a line of text
    response = owner_api.post(
        f"/api/v1/conversations/{conversation.pk}/messages/upload",
        {"body": "Drawing", "attachment": png_upload()},
    )

    # then the outsider sees it in the thread and downloads the same bytes
    assert response.status_code == 201
    url = response.json()["attachment"]["url"]
    detail = outsider_api.get(f"/api/v1/conversations/{conversation.pk}").json()
    assert detail["messages"][-1]["attachment"]["url"] == url
    download = outsider_api.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()


def test_a_refused_upload_through_the_api_writes_nothing(conversation, owner):
    # given HTML disguised as a PNG
    api = _api(owner)

    # when it is uploaded
    response = api.post(
        f"/api/v1/conversations/{conversation.pk}/messages/upload",
        {"body": "See", "attachment": disguised_html()},
    )

    # then it is 400 on the attachment, and no message or file was written
    assert response.status_code == 400
    assert "attachment" in response.json()["detail"]
    assert Message.objects.count() == 2 and StoredFile.objects.count() == 0


def test_starting_from_a_match_through_the_api(public_partner, owner, org_b):
    # given org_b's public partner profile
    api = _api(owner)

    # when the owner starts a conversation with it, twice
    first = api.post(
        "/api/v1/conversations",
        {"organisation_id": org_b.pk, "body": "Hello", "subject": "Machining"},
        content_type="application/json",
    )
    again = api.post(
        "/api/v1/conversations",
        {"organisation_id": org_b.pk, "body": "Hello again"},
        content_type="application/json",
    )

    # then one conversation holds both messages
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["subject"] == "Machining"
    assert Conversation.objects.count() == 1 and Message.objects.count() == 2


def test_starting_with_a_private_organisation_or_too_often_is_refused(
    settings, public_partner, owner, org_c
):
    # given org_c has no public profile, and a limit of zero new conversations
    api = _api(owner)
    private = api.post(
        "/api/v1/conversations",
        {"organisation_id": org_c.pk, "body": "Hello"},
        content_type="application/json",
    )
    settings.CONVERSATION_START_RATE = 0

    # when the owner writes to org_b's public profile
    limited = api.post(
        "/api/v1/conversations",
        {"organisation_id": public_partner.organisation_id, "body": "Hello"},
        content_type="application/json",
    )

    # then the private one is 404, the other 429 with a reason, and nothing was written
    assert private.status_code == 404
    assert limited.status_code == 429 and "conversations" in limited.json()["detail"]
    assert Conversation.objects.count() == 0


def test_reports_and_the_officials_view_through_the_api(
    conversation, owner, official, reviewing_office
):
    # given the owner reports the outsider's reply
    reply = conversation.messages.get(body="Yes, up to 400 mm.")
    reported = _api(owner).post(
        f"/api/v1/conversations/{conversation.pk}/messages/{reply.pk}/report",
        {"reason": "Rude"},
        content_type="application/json",
    )

    # when the official lists reports, tries the thread, and resolves the report
    official_api = _api(official)
    listed = official_api.get("/api/v1/conversation-reports").json()
    thread = official_api.get(f"/api/v1/conversations/{conversation.pk}")
    resolved = official_api.post(
        f"/api/v1/conversation-reports/{reported.json()['id']}/resolve",
        {"remove_message": False},
        content_type="application/json",
    )

    # then they saw only the reported message, the thread is 404, and the report is resolved
    assert reported.status_code == 201
    assert [r["message"]["body"] for r in listed] == ["Yes, up to 400 mm."]
    assert thread.status_code == 404
    assert resolved.status_code == 200 and resolved.json()["resolved_at"]


def test_a_participant_cannot_list_reports_in_the_api(owner):
    # given a participant without the officials' permission
    # when they ask for the reports
    response = _api(owner).get("/api/v1/conversation-reports")

    # then they are refused
    assert response.status_code == 403
