"""The hourly e-mail digest of unread messages: once per news, never twice, and only to those
who want it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from udyamsetu.conversations import services

pytestmark = pytest.mark.django_db

DIGEST_JOB = "udyamsetu.conversations.services.send_digests"


@pytest.fixture
def digests(django_capture_on_commit_callbacks, run_tasks):
    """Run the digest job at `now` (the present unless given) and deliver its e-mails."""

    def _run(now=None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.send_digests(now=now or timezone.now())
        run_tasks()
        return sent

    return _run


def test_each_member_with_unread_messages_gets_one_digest_with_links_but_no_text(
    conversation, owner, teammate, outsider, digests
):
    # given the outsider's reply is unread for the owner and the teammate
    # when the hourly job runs
    sent = digests()

    # then each of them gets one e-mail (the outsider, with nothing unread, none)
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [owner.email, teammate.email]
    message = next(m for m in mail.outbox if m.to == [owner.email])
    assert message.subject == "1 unread message on Udyam Setu"
    assert "Galil Aero Systems" in message.body and "Titanium brackets" in message.body
    assert f"{settings.PORTAL_URL}/messages/{conversation.pk}/" in message.body
    assert f"{settings.PORTAL_URL}/settings/preferences/" in message.body
    # the message itself stays on the portal
    assert "400 mm" not in message.body


def test_the_digest_is_not_sent_again_until_new_messages_arrive(
    conversation, owner, outsider, org_b, digests
):
    # given the digest went out (to the owner, org_a's only member here)
    assert digests() == 1

    # when the job runs again with nothing new
    # then nothing is sent, though the reply is still unread
    assert digests() == 0
    assert len(mail.outbox) == 1

    # when the outsider writes again and the job runs
    services.send_message(conversation, by=outsider, organisation=org_b, body="Any news?")
    sent = digests()

    # then a new digest counts both unread messages
    assert sent == 1
    latest = mail.outbox[-1]
    assert latest.subject == "2 unread messages on Udyam Setu"


def test_a_user_who_turned_the_digest_off_gets_none(conversation, owner, teammate, digests):
    # given the teammate turned the digest off on the preferences page
    from django.test import Client

    client = Client()
    client.force_login(teammate, backend="allauth.account.auth_backends.AuthenticationBackend")
    page = client.get("/settings/preferences/").content.decode()
    assert 'name="message_digest"' in page
    response = client.post(
        "/settings/preferences/",
        {"full_name": teammate.full_name, "language": "", "timezone": "Asia/Kolkata"},
    )
    assert response.status_code == 302
    teammate.refresh_from_db()
    assert teammate.message_digest is False

    # when the job runs
    digests()

    # then only the owner hears about the unread reply
    assert [m.to for m in mail.outbox] == [[owner.email]]


def test_messages_already_read_are_not_in_a_digest(conversation, owner, teammate, digests):
    # given the owner read the thread
    services.mark_read(conversation, by=owner)

    # when the job runs
    digests()

    # then only the teammate is told
    assert [m.to for m in mail.outbox] == [[teammate.email]]


def test_the_housekeeping_command_runs_the_digest_job(conversation, owner, run_tasks, settings):
    # given the digest job is one of the housekeeping jobs
    assert DIGEST_JOB in settings.HOUSEKEEPING_JOBS
    out = StringIO()

    # when the hourly command runs only it
    call_command("housekeeping", "--only", "send_digests", stdout=out)

    # then it reports the owner's digest
    assert f"{DIGEST_JOB}: 1" in out.getvalue()
