"""Writing to an organisation from its public profile or a match: only to organisations with a
public profile, with a first message, at a limited rate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from udyamsetu.conversations import services
from udyamsetu.conversations.models import Conversation, Message
from udyamsetu.core.ratelimit import RateLimited

pytestmark = pytest.mark.django_db


def test_the_public_profile_offers_a_message_form_that_opens_the_conversation(
    public_partner, owner_client, outsider
):
    # given org_b's public partner profile
    # when the owner opens it and sends the form under "Send a message"
    page = owner_client.get("/partners/galil/").content.decode()
    response = owner_client.post("/messages/new/galil/", {"body": "We machine titanium."})

    # then the form was there, and the conversation exists with the first message
    assert "Send a message" in page and 'action="/messages/new/galil/"' in page
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/{conversation.pk}/"
    assert conversation.messages.get().body == "We machine titanium."


def test_a_profile_with_a_conversation_links_to_it_instead(
    public_partner, conversation, owner_client
):
    # given org_a and org_b already have a conversation
    # when the owner opens org_b's profile
    page = owner_client.get("/partners/galil/").content.decode()

    # then the box links to the conversation
    assert f'href="/messages/{conversation.pk}/"' in page
    assert "Open the conversation" in page


def test_an_enterprise_profile_offers_the_form_to_others_but_not_to_its_members(
    public_enterprise, outsider_client, owner_client
):
    # given org_a's published enterprise profile
    url = f"/enterprises/{public_enterprise.udyam_number}/"

    # when the outsider and the owner open it
    # then only the outsider is offered to write
    assert 'action="/messages/new/kalinga/"' in outsider_client.get(url).content.decode()
    assert 'action="/messages/new/kalinga/"' not in owner_client.get(url).content.decode()


def test_an_organisation_without_a_public_profile_is_404(org_b, owner_client, owner, org_a):
    # given org_b has no public profile and no conversation with org_a
    # when the owner tries to write to it
    page = owner_client.get("/messages/new/galil/")
    posted = owner_client.post("/messages/new/galil/", {"body": "Hello"})

    # then both are 404 and nothing was written
    assert page.status_code == 404 and posted.status_code == 404
    with pytest.raises(Http404):
        services.start_from_match(org_a, org_b, by=owner, body="Hello")
    assert Conversation.objects.count() == 0


def test_the_first_message_is_required(public_partner, owner, org_a, org_b, owner_client):
    # given org_b's public profile
    # when the owner starts with no text
    response = owner_client.post("/messages/new/galil/", {"body": ""})
    with pytest.raises(ValidationError):
        services.start_from_match(org_a, org_b, by=owner, body="  ")

    # then it is refused and nothing was written
    assert response.status_code == 400
    assert Conversation.objects.count() == 0


def test_starting_too_many_conversations_is_answered_clearly_with_429(
    settings, owner, org_a, owner_client, make_user
):
    # given a limit of two new conversations an hour, and three public partners
    from udyamsetu.accounts.models import Organisation
    from udyamsetu.enterprises.models import PartnerProfile

    settings.CONVERSATION_START_RATE = 2
    for n in range(3):
        partner = Organisation.objects.create(
            name=f"Partner {n}", slug=f"partner-{n}", kind="foreign_partner", country="DE"
        )
        PartnerProfile.objects.create(organisation=partner)

    # when the owner writes to all three
    answers = [
        owner_client.post(f"/messages/new/partner-{n}/", {"body": "Hello"}) for n in range(3)
    ]

    # then the third is refused with a message that says why, and was not written
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "You have started 2 conversations in the last hour" in answers[2].content.decode()
    assert Conversation.objects.count() == 2


def test_writing_again_to_an_existing_conversation_does_not_count_as_starting_one(
    settings, public_partner, owner, org_a, org_b
):
    # given a limit of one new conversation an hour, used once
    settings.CONVERSATION_START_RATE = 1
    services.start_from_match(org_a, org_b, by=owner, body="Hello")

    # when the owner writes to the same organisation again from its profile
    services.start_from_match(org_a, org_b, by=owner, body="Hello again")

    # then the second message went into the same conversation
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2


def test_sending_too_many_messages_a_minute_is_refused_clearly(
    settings, conversation, owner, org_a, owner_client
):
    # given a limit of three messages a minute (the fixture's first used one)
    settings.MESSAGE_RATE = 3
    services.send_message(conversation, by=owner, organisation=org_a, body="two")
    services.send_message(conversation, by=owner, organisation=org_a, body="three")

    # when the owner sends a fourth
    response = owner_client.post(f"/messages/{conversation.pk}/", {"body": "four"})
    with pytest.raises(RateLimited):
        services.send_message(conversation, by=owner, organisation=org_a, body="five")

    # then it is refused with 429 and a reason, and not written
    assert response.status_code == 429
    assert "Please wait a moment." in response.content.decode()
    assert not Message.objects.filter(body__in=["four", "five"]).exists()


def test_a_post_must_be_one_of_the_writers_own(public_partner, owner, outsider, org_a, org_b):
    # given a post of org_b
    from udyamsetu.marketplace.models import Post

    post = Post.objects.create(
        organisation=org_b, kind=Post.Kind.BUSINESS_OFFER, title="Machining", description="x"
    )

    # when the owner of org_a starts a conversation about it from a match
    with pytest.raises(Http404):
        services.start_from_match(org_a, org_b, by=owner, body="Hello", post=post)

    # then nothing was written
    assert Conversation.objects.count() == 0
