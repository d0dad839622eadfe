"""Threads: the participants read and reply, nobody else can; one conversation per pair and
post, however often or concurrently it is opened."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from udyamsetu.conversations import services
from udyamsetu.conversations.models import Conversation, Message
from udyamsetu.marketplace.models import Post

pytestmark = pytest.mark.django_db


def test_both_organisations_members_read_the_thread_and_reply(
    conversation, owner_client, teammate_client, outsider_client
):
    # given a thread between org_a (owner, teammate) and org_b (outsider)
    # when each of them opens it
    pages = [
        c.get(f"/messages/{conversation.pk}/")
        for c in (owner_client, teammate_client, outsider_client)
    ]

    # then all three read both messages
    for page in pages:
        assert page.status_code == 200
        assert "Can you machine Ti-6Al-4V?" in page.content.decode()
        assert "Yes, up to 400 mm." in page.content.decode()

    # when the teammate replies
    response = teammate_client.post(f"/messages/{conversation.pk}/", {"body": "Please quote 50."})

    # then the reply is stored for org_a and the page goes back to the thread
    assert response.status_code == 302
    reply = Message.objects.latest("created_at")
    assert reply.body == "Please quote 50."
    assert reply.sender_organisation.slug == "kalinga"
    conversation.refresh_from_db()
    assert conversation.last_message_at == reply.created_at


def test_a_reply_through_htmx_comes_back_as_the_thread_fragment(conversation, outsider_client):
    # given the outsider on the thread page
    # when they reply with htmx
    response = outsider_client.post(
        f"/messages/{conversation.pk}/", {"body": "Sample next week."}, HTTP_HX_REQUEST="true"
    )

    # then the fragment holds the new message and an empty form, not the whole page
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="thread"' in html
    assert "Sample next week." in html
    assert "<html" not in html


def test_an_empty_reply_is_refused_and_writes_nothing(conversation, owner_client):
    # given a thread with two messages
    # when the owner sends nothing
    response = owner_client.post(f"/messages/{conversation.pk}/", {"body": "   "})

    # then the form says why and nothing was written
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()
    assert Message.objects.count() == 2


def test_a_third_organisations_member_gets_404_on_the_thread_and_its_pages(
    conversation, stranger_client
):
    # given a member of a third organisation
    message = conversation.messages.first()
    urls = [
        f"/messages/{conversation.pk}/",
        f"/messages/{conversation.pk}/attachments/{message.pk}",
        f"/messages/{conversation.pk}/messages/{message.pk}/report/",
    ]

    # when they try the thread, an attachment, and the report page, or post a reply
    answers = [stranger_client.get(url).status_code for url in urls]
    posted = stranger_client.post(f"/messages/{conversation.pk}/", {"body": "Hello?"})

    # then everything is 404 and nothing was written
    assert answers == [404, 404, 404]
    assert posted.status_code == 404
    assert Message.objects.count() == 2


def test_the_inbox_lists_the_thread_for_both_sides_but_not_for_others(
    conversation, owner_client, outsider_client, stranger_client
):
    # given a thread between org_a and org_b
    # when each opens the inbox
    owner_page = owner_client.get("/messages/").content.decode()
    outsider_page = outsider_client.get("/messages/").content.decode()
    stranger_page = stranger_client.get("/messages/").content.decode()

    # then each side sees the other's name; the stranger sees none of it
    assert "Galil Aero Systems" in owner_page and "Titanium brackets" in owner_page
    assert "Kalinga Precision Engineering" in outsider_page
    assert "Titanium brackets" not in stranger_page
    assert "No conversations yet" in stranger_page


def test_a_removed_member_loses_the_thread_at_once(conversation, teammate, teammate_client):
    # given the teammate can read the thread
    assert teammate_client.get(f"/messages/{conversation.pk}/").status_code == 200

    # when they leave org_a
    teammate.memberships.all().delete()

    # then the thread is 404 for them
    assert teammate_client.get(f"/messages/{conversation.pk}/").status_code == 404


def test_opening_a_conversation_twice_returns_the_same_one_from_either_side(
    owner, outsider, org_a, org_b
):
    # given no conversation between org_a and org_b
    # when the owner opens one and then the outsider opens one with org_a
    first = services.open_conversation(org_a, org_b, by=owner, subject="Brackets")
    second = services.open_conversation(org_b, org_a, by=outsider)

    # then it is the same conversation, stored with the pair in order
    assert first.pk == second.pk
    assert Conversation.objects.count() == 1
    assert first.first_id < first.second_id


def test_one_conversation_per_pair_and_post_and_one_without_a_post(owner, outsider, org_a, org_b):
    # given a post of org_a
    post = Post.objects.create(
        organisation=org_a, kind=Post.Kind.BUSINESS_REQUEST, title="Forgings", description="x"
    )

    # when conversations are opened without a post and about the post, each twice
    general = {services.open_conversation(org_a, org_b, by=owner).pk for _ in range(2)}
    about = {services.open_conversation(org_b, org_a, by=outsider, post=post).pk for _ in range(2)}

    # then there are two: one general and one about the post, titled after it
    assert len(general) == 1 and len(about) == 1 and general != about
    assert Conversation.objects.get(pk=about.pop()).subject == "Forgings"


def test_the_database_refuses_a_second_conversation_for_the_same_pair(owner, org_a, org_b):
    # given a conversation between org_a and org_b without a post
    services.open_conversation(org_a, org_b, by=owner)
    first, second = sorted([org_a, org_b], key=lambda o: o.pk)

    # when a second row is written past the service (as a racing request would)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(first=first, second=second)

    # then the constraint held (NULL posts count as equal)
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_opening_the_same_conversation_at_once_get_one(owner, outsider, org_a, org_b):
    # given two threads that open the conversation at the same moment
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def open_it(user, mine, other) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(services.open_conversation(mine, other, by=user).pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=open_it, args=(owner, org_a, org_b)),
        threading.Thread(target=open_it, args=(outsider, org_b, org_a)),
    ]

    # when both run
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    # then both got the same conversation and only one exists
    assert not errors
    assert len(results) == 2 and results[0] == results[1]
    assert Conversation.objects.count() == 1


def test_nobody_opens_a_conversation_with_their_own_organisation(owner, org_a):
    # given the owner of org_a
    # when they open a conversation with org_a
    with pytest.raises(ValidationError):
        services.open_conversation(org_a, org_a, by=owner)

    # then nothing was written
    assert Conversation.objects.count() == 0


def test_only_a_member_opens_for_an_organisation(outsider, org_a, org_b):
    # given the outsider, who is not a member of org_a
    # when they open a conversation for org_a
    with pytest.raises(Http404):
        services.open_conversation(org_a, org_b, by=outsider)

    # then nothing was written
    assert Conversation.objects.count() == 0


def test_a_message_for_an_organisation_that_is_not_a_participant_is_refused(
    conversation, stranger, org_c
):
    # given a stranger acting for a third organisation
    # when they send into the conversation for their organisation
    with pytest.raises(Http404):
        services.send_message(conversation, by=stranger, organisation=org_c, body="Hi")

    # then nothing was written
    assert Message.objects.count() == 2


def test_a_message_longer_than_4000_characters_is_refused(conversation, owner, org_a):
    # given a message of 4,001 characters
    # when the owner sends it
    with pytest.raises(ValidationError) as raised:
        services.send_message(conversation, by=owner, organisation=org_a, body="x" * 4001)

    # then it is refused on the body and nothing was written
    assert "body" in raised.value.message_dict
    assert Message.objects.count() == 2
