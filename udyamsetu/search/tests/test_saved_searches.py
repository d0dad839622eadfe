"""Saved searches: keeping a search from the page, managing it, and the e-mail digest of what is
new, sent by a background task, at most once per period, to its owner only."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from udyamsetu.search import services
from udyamsetu.search.models import SavedSearch
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


def save(client, query: str = "q=forging&state=OD&page=3", **data):
    return client.post(
        reverse("search:save"),
        {"name": "Forges in Odisha", "frequency": "weekly", "query": query, **data},
    )


def test_a_member_saves_the_search_on_the_page_without_its_page_number(owner, owner_client):
    response = save(owner_client)
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=owner)
    assert (saved.name, saved.frequency, saved.kind) == ("Forges in Odisha", "weekly", "enterprise")
    assert saved.query == "q=forging&state=OD"
    listing = owner_client.get(reverse("search:saved"))
    assert "Forges in Odisha" in listing.text and "/search/?q=forging&amp;state=OD" in listing.text


def test_the_search_page_offers_saving_to_members_and_sign_in_to_visitors(client, owner_client):
    assert "Save this search" in owner_client.get(reverse("search:search") + "?q=gear").text
    visitor = client.get(reverse("search:search") + "?q=gear").text
    assert "Sign in to save this search" in visitor and "Save this search" not in visitor


def test_visitors_cannot_save_and_a_get_saves_nothing(client, owner_client):
    response = save(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert owner_client.get(reverse("search:save")).status_code == 405
    assert not SavedSearch.objects.exists()


def test_a_search_with_errors_is_not_saved_and_the_reason_is_shown(owner_client):
    response = save(owner_client, query="q=forging&pin=000001")
    assert response.status_code == 400
    assert "This search has errors" in response.text
    response = save(owner_client, name="")
    assert response.status_code == 400 and "This field is required" in response.text
    assert not SavedSearch.objects.exists()


def test_a_member_may_keep_only_so_many_saved_searches(owner, owner_client, settings):
    settings.SAVED_SEARCHES_PER_USER = 2
    assert save(owner_client).status_code == 302
    assert save(owner_client).status_code == 302
    response = save(owner_client)
    assert response.status_code == 400 and "at most 2 saved searches" in response.text
    assert SavedSearch.objects.filter(user=owner).count() == 2


def test_the_owner_renames_changes_frequency_and_deletes_a_saved_search(owner, owner_client):
    save(owner_client)
    saved = SavedSearch.objects.get()
    response = owner_client.post(
        reverse("search:saved_update", args=[saved.pk]),
        {f"s{saved.pk}-name": "Odisha forges", f"s{saved.pk}-frequency": "daily"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Odisha forges", "daily")
    bad = owner_client.post(
        reverse("search:saved_update", args=[saved.pk]),
        {f"s{saved.pk}-name": "x", f"s{saved.pk}-frequency": "hourly"},
    )
    assert bad.status_code == 400 and "not one of the available choices" in bad.text
    saved.refresh_from_db()
    assert saved.name == "Odisha forges"
    assert owner_client.post(reverse("search:saved_delete", args=[saved.pk])).status_code == 302
    assert not SavedSearch.objects.exists()


def test_an_outsider_cannot_see_change_or_delete_someone_elses_saved_search(
    owner_client, outsider_client
):
    save(owner_client)
    saved = SavedSearch.objects.get()
    assert "Forges in Odisha" not in outsider_client.get(reverse("search:saved")).text
    update = outsider_client.post(
        reverse("search:saved_update", args=[saved.pk]),
        {f"s{saved.pk}-name": "Mine now", f"s{saved.pk}-frequency": "daily"},
    )
    delete = outsider_client.post(reverse("search:saved_delete", args=[saved.pk]))
    assert update.status_code == 404 and delete.status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Forges in Odisha"


def _saved(user, query: str, days_ago: int, frequency: str = "weekly") -> SavedSearch:
    saved = SavedSearch.objects.create(
        user=user, name="Forges", kind="enterprise", query=query, frequency=frequency
    )
    SavedSearch.objects.filter(pk=saved.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    saved.refresh_from_db()
    return saved


def _age(enterprise, days: int) -> None:
    """Make an enterprise's document look as if last changed `days` ago."""
    from udyamsetu.search.models import SearchDocument

    SearchDocument.objects.filter(object_id=enterprise.pk).update(
        changed_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def digests(django_capture_on_commit_callbacks, run_tasks):
    """Send digests as the task does and deliver the queued e-mails; returns how many went."""

    def _send(frequency: str = "weekly", now=None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.send_digests(frequency, now=now)
        run_tasks()
        return sent

    return _send


def test_the_digest_mails_the_owner_only_what_is_new_since_the_last_one(owner, digests):
    _age(make("Old Forge Works", description="closed die forging"), days=30)
    make("New Forge Works", description="open die forging")
    make("Fresh Bakery", description="bread")
    saved = _saved(owner, "q=forging", days_ago=8)

    assert digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "1 new for your saved search “Forges”" in message.subject
    assert "New Forge Works" in message.body and "/enterprises/UDYAM-" in message.body
    assert "Old Forge Works" not in message.body and "Fresh Bakery" not in message.body
    assert "/search/?q=forging" in message.body and "/search/saved/" in message.body
    saved.refresh_from_db()
    assert saved.last_sent_at is not None


def test_a_digest_is_not_sent_twice_in_its_period_nor_when_nothing_is_new(owner, digests):
    make("New Forge Works", description="open die forging")
    saved = _saved(owner, "q=forging", days_ago=8)
    assert digests() == 1
    assert digests() == 0  # not due again for a week
    in_a_week = timezone.now() + timedelta(days=7)
    assert digests(now=in_a_week) == 0  # due, but nothing new
    assert len(mail.outbox) == 1
    saved.refresh_from_db()
    assert saved.last_sent_at == in_a_week


def test_a_daily_digest_is_sent_by_the_worker_from_the_command(
    owner, run_tasks, django_capture_on_commit_callbacks
):
    make("New Forge Works", description="open die forging")
    _saved(owner, "q=forging", days_ago=2, frequency="daily")
    _saved(owner, "q=forging", days_ago=2, frequency="weekly")  # not this run's
    call_command("send-search-digests", "daily", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()  # the digest task, which queues the e-mail
    run_tasks()  # the e-mail
    assert len(mail.outbox) == 1 and "Forges" in mail.outbox[0].subject


def test_a_digest_never_carries_unpublished_profiles(owner, digests, org_b):
    hidden = make("Hidden Forge Works", description="forging", organisation=org_b)
    hidden.is_published = False
    hidden.save()
    _saved(owner, "q=forging", days_ago=8)
    assert digests() == 0
    assert mail.outbox == []
