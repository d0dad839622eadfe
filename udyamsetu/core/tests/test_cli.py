"""The `udyamsetu` command line: help, demo data, the worker, and bad arguments."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from udyamsetu.accounts.models import Membership, Organisation, User
from udyamsetu.core.demo import DEMO_PASSWORD
from udyamsetu.core.services import send_email_later


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "udyamsetu.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_lists_demo_serve_and_worker_among_djangos_commands():
    result = _cli("help")
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "migrate", "createsuperuser"):
        assert command in result.stdout


def test_serve_refuses_zero_workers_with_a_clear_message():
    result = _cli("serve", "--workers", "0")
    assert result.returncode == 2
    assert "--workers must be at least 1" in result.stderr


@pytest.mark.django_db
def test_demo_data_loads_every_kind_and_a_second_run_changes_nothing(capsys):
    call_command("demo", "--no-serve")
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    output = capsys.readouterr().out
    call_command("demo", "--no-serve")
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    ) == counts
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert "owner@udyamsetu.example" in output
    assert DEMO_PASSWORD in output
    assert User.objects.get(email="owner@udyamsetu.example").check_password(DEMO_PASSWORD)
    official = User.objects.get(email="official@udyamsetu.example")
    assert official.is_official and official.has_perm("accounts.view_all_organisations")
    assert not official.is_superuser


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_sends_queued_email(django_capture_on_commit_callbacks):
    # given an e-mail queued by the portal
    with django_capture_on_commit_callbacks(execute=True):
        send_email_later(subject="Welcome\nto Udyam Setu", body="Hello", to=["a@example.com"])
    assert mail.outbox == []
    # when the worker runs what is waiting
    call_command("worker", "--batch", verbosity=0)
    # then the mail has gone out, with a single-line subject
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Welcome to Udyam Setu"
