"""Unread counts: per user, in the navigation and per conversation in the inbox."""

from __future__ import annotations

import pytest

from udyamsetu.conversations import services

pytestmark = pytest.mark.django_db


def test_unread_counts_go_up_with_the_other_sides_messages_and_down_when_read(
    conversation, owner, teammate, outsider, org_a, org_b
):
    # given the fixture thread: the owner wrote, the outsider replied
    # then the owner and teammate have one unread (the reply: their own side's message never
    # counts), the outsider none (replying marked the thread read for them)
    assert services.unread_count(owner) == 1
    assert services.unread_count(teammate) == 1
    assert services.unread_count(outsider) == 0

    # when the outsider writes two more
    services.send_message(conversation, by=outsider, organisation=org_b, body="Also 6061.")
    services.send_message(conversation, by=outsider, organisation=org_b, body="And 7075.")

    # then the owner has three, and the inbox row says so
    assert services.unread_count(owner) == 3
    assert services.conversations_of(owner).get(pk=conversation.pk).unread == 3

    # when the owner reads the thread
    services.mark_read(conversation, by=owner)

    # then the owner has none, but the teammate still has theirs
    assert services.unread_count(owner) == 0
    assert services.unread_count(teammate) == 3


def test_my_own_sides_messages_are_never_unread_for_me(conversation, teammate, owner, org_a):
    # given the teammate has read the thread
    services.mark_read(conversation, by=teammate)

    # when the owner (same organisation) writes
    services.send_message(conversation, by=owner, organisation=org_a, body="Following up.")

    # then it is not unread for the teammate
    assert services.unread_count(teammate) == 0


def test_opening_the_thread_page_marks_it_read_and_the_nav_shows_the_count(
    conversation, owner_client
):
    # given the owner has one unread message
    # then the navigation says so on any page
    dashboard = owner_client.get("/messages/").content.decode()
    assert 'class="badge badge-unread nav-count">1<' in dashboard

    # when the owner opens the thread
    owner_client.get(f"/messages/{conversation.pk}/")

    # then the count is gone from the navigation
    after = owner_client.get("/messages/").content.decode()
    assert "nav-count" not in after


def test_the_api_marks_a_conversation_read(conversation, owner, owner_client):
    # given one unread message
    # when the owner marks the conversation read through the API
    response = owner_client.post(f"/api/v1/conversations/{conversation.pk}/read")

    # then the count is zero
    assert response.status_code == 204
    assert owner_client.get("/api/v1/conversations/unread").json() == {"unread": 0}


def test_a_stranger_has_no_unread_messages_and_cannot_mark_a_thread_read(
    conversation, stranger, stranger_client
):
    # given the fixture thread
    # when a third organisation's member asks
    # then they have none and marking is 404
    assert services.unread_count(stranger) == 0
    response = stranger_client.post(f"/api/v1/conversations/{conversation.pk}/read")
    assert response.status_code == 404
