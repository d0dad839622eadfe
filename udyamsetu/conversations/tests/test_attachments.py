"""Attachments: checked like every upload, downloaded only by the two organisations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from udyamsetu.conversations import services
from udyamsetu.conversations.models import Message
from udyamsetu.conversations.tests.helpers import disguised_html, png_bytes, png_upload
from udyamsetu.core.models import StoredFile

pytestmark = pytest.mark.django_db


def test_a_participant_attaches_a_png_and_the_other_side_downloads_it(
    conversation, owner_client, outsider_client
):
    # given the owner on the thread
    # when they send a drawing with a line of text
    response = owner_client.post(
        f"/messages/{conversation.pk}/", {"body": "Drawing attached.", "attachment": png_upload()}
    )
    message = Message.objects.latest("created_at")

    # then the message carries the file, and the outsider downloads it as an attachment
    assert response.status_code == 302
    assert message.attachment.content_type == "image/png"
    download = outsider_client.get(f"/messages/{conversation.pk}/attachments/{message.pk}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "drawing.png" in outsider_client.get(f"/messages/{conversation.pk}/").content.decode()


def test_a_message_may_be_only_an_attachment(conversation, outsider, org_b):
    # given the outsider
    # when they send a file without text
    message = services.send_message(
        conversation, by=outsider, organisation=org_b, body="", upload=png_upload()
    )

    # then it is a message of its own
    assert message.body == "" and message.attachment is not None


def test_html_disguised_as_a_png_is_refused_and_writes_no_message(
    conversation, owner_client, owner, org_a, media_root
):
    # given HTML named drawing.png, sent as image/png
    # when the owner sends it with the form
    response = owner_client.post(
        f"/messages/{conversation.pk}/", {"body": "See this", "attachment": disguised_html()}
    )

    # then the form refuses it, and no message, no stored file and no bytes exist
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert Message.objects.count() == 2
    assert StoredFile.objects.count() == 0
    assert not [path for path in media_root.rglob("*") if path.is_file()]

    # and the service refuses it too, for callers that skip the form
    with pytest.raises(ValidationError) as raised:
        services.send_message(
            conversation, by=owner, organisation=org_a, body="x", upload=disguised_html()
        )
    assert "attachment" in raised.value.message_dict
    assert Message.objects.count() == 2
    assert StoredFile.objects.count() == 0


def test_a_third_organisations_member_cannot_download_an_attachment(
    conversation, owner, org_a, stranger_client
):
    # given a message with an attachment
    message = services.send_message(
        conversation, by=owner, organisation=org_a, body="", upload=png_upload()
    )

    # when a member of a third organisation asks for it
    response = stranger_client.get(f"/messages/{conversation.pk}/attachments/{message.pk}")

    # then it is 404
    assert response.status_code == 404


def test_an_attachment_asked_for_through_another_conversation_is_404(
    conversation, owner, outsider, org_a, org_b, org_c, stranger, stranger_client
):
    # given a message with an attachment in org_a and org_b's conversation, and a conversation
    # of the stranger's own with org_b
    message = services.send_message(
        conversation, by=owner, organisation=org_a, body="", upload=png_upload()
    )
    own = services.open_conversation(org_c, org_b, by=stranger)

    # when the stranger names the message under their own conversation
    response = stranger_client.get(f"/messages/{own.pk}/attachments/{message.pk}")

    # then it is 404: the message is looked up inside the conversation
    assert response.status_code == 404
