"""The in-memory filter index: counts for every value against brute force, kept in step with
changes, deletions and rebuilds, pages in the same order PostgreSQL would give, and a fresh
process that starts from the saved snapshot."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models.expressions import RawSQL
from django.utils import timezone

from udyamsetu.enterprises.models import Certificate, Enterprise, Term
from udyamsetu.search import facets, services
from udyamsetu.search.models import SearchDocument
from udyamsetu.search.services import SearchParams, search
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db
# What services write in `txid`, so that the filter index sees a change made here by hand.
WRITING_TRANSACTION = RawSQL("pg_current_xact_id()::text::bigint", [])


def counts(result, name: str) -> dict[str, int]:
    return {c.value: c.count for c in result.facets[name]}


def test_every_count_of_every_filter_matches_brute_force():
    rng = random.Random(11)
    processes = list(Term.objects.filter(kind="process")[:3])
    iso = Term.objects.filter(kind="certification").first()
    for n in range(50):
        state = rng.choice(["OD", "MH", "KA"])
        enterprise = make(
            f"Unit {n}",
            state=state,
            district=rng.choice(
                {"OD": ["Cuttack", "Khordha"], "MH": ["Pune"], "KA": ["Mysuru"]}[state]
            ),
            size_class=rng.choice(["micro", "small"]),
            nic_codes=[rng.choice(["25920", "28221", "10712"])],
            processes=rng.sample(processes, rng.randint(0, 2)),
        )
        if n % 4 == 0:
            Certificate.objects.create(enterprise=enterprise, certification=iso, issuer="BIS")
    everyone = list(Enterprise.objects.prefetch_related("processes", "certificates"))
    result = search(SearchParams(state=["OD"], nic_section=["C"], nic_division=["25"]))
    in_odisha = [e for e in everyone if e.state == "OD"]
    assert counts(result, "state") == Counter(
        e.state for e in everyone if e.nic_codes[0].startswith("25")
    )
    assert counts(result, "district") == Counter(
        e.district for e in in_odisha if e.nic_codes[0].startswith("25")
    )
    assert counts(result, "nic_division") == Counter(e.nic_codes[0][:2] for e in in_odisha)
    assert counts(result, "nic") == {"2592": sum(e.nic_codes[0] == "25920" for e in in_odisha)}
    chosen = [e for e in in_odisha if e.nic_codes[0].startswith("25")]
    assert counts(result, "size") == Counter(e.size_class for e in chosen)
    assert counts(result, "process") == Counter(
        str(p.pk) for e in chosen for p in e.processes.all()
    )
    assert counts(result, "certification") == Counter(
        str(iso.pk) for e in chosen if e.certificates.exists()
    )
    assert result.total == len(chosen)


def test_districts_and_nic_classes_are_counted_once_their_parent_is_chosen():
    make("Cuttack Forge", state="OD")
    result = search(SearchParams())
    assert result.facets["district"] == [] and result.facets["nic"] == []
    assert counts(result, "state") == {"OD": 1}


def test_counts_follow_a_change_a_removal_and_a_rebuild():
    moving = make("Moving Works", state="OD")
    make("Staying Works", state="OD")
    assert counts(search(SearchParams()), "state") == {"OD": 2}
    moving.state, moving.pin_code = "MH", "411001"
    moving.save()
    assert counts(search(SearchParams()), "state") == {"OD": 1, "MH": 1}
    moving.delete()
    assert counts(search(SearchParams()), "state") == {"OD": 1}
    services.rebuild()
    assert counts(search(SearchParams()), "state") == {"OD": 1}
    assert search(SearchParams(state=["OD"])).hits[0].title == "Staying Works"


def test_pages_by_newest_and_by_distance_are_in_the_order_postgresql_gives():
    for n in range(45):
        make(f"Unit {n:02}", state=random.Random(n).choice(["OD", "MH", "KA"]))
    # Spread the documents over days, as edits over months would.
    for n, doc in enumerate(SearchDocument.objects.order_by("id")):
        SearchDocument.objects.filter(pk=doc.pk).update(
            changed_at=timezone.now() - timedelta(days=n % 7), txid=WRITING_TRANSACTION
        )
    everyone = SearchDocument.objects.all()
    newest = sorted(everyone, key=lambda d: (d.changed_at.date(), d.id), reverse=True)
    shown = []
    for page in (1, 2, 3):
        shown += [h.object_id for h in search(SearchParams(sort="newest", page=page)).hits]
    assert shown == [d.object_id for d in newest]
    near = SearchParams(near=(20.46, 85.88), radius_km=2000, sort="distance")
    by_distance = []
    for page in (1, 2, 3):
        near.page = page
        by_distance += [(h.distance_km, h.object_id) for h in search(near).hits]
    assert [d for d, _ in by_distance] == sorted(d for d, _ in by_distance)
    assert len(by_distance) == 45


def test_the_text_and_the_filters_combine_with_the_ranking_kept():
    make("Gear Hobbing Specialists", state="MH")
    make("Kumar Industries", description="gear hobbing", state="MH")
    make("Odisha Gears", description="gear hobbing", state="OD")
    result = search(SearchParams(q="hobbing", state=["MH"]))
    assert [h.title for h in result.hits] == ["Gear Hobbing Specialists", "Kumar Industries"]
    assert counts(result, "state") == {"MH": 2, "OD": 1}


@pytest.mark.django_db(transaction=True)
def test_a_new_process_starts_from_the_saved_index_and_catches_up(monkeypatch):
    make("First Works", state="OD")
    assert search(SearchParams()).total == 1  # loads from the table and saves a snapshot
    make("Second Works", state="MH")
    fresh = facets.FacetIndex()

    def no_scan(*args):
        raise AssertionError("the snapshot should have been used")

    monkeypatch.setattr(fresh, "_load", no_scan)
    monkeypatch.setattr(facets, "_indexes", {fresh_key(): fresh})
    result = search(SearchParams())
    assert counts(result, "state") == {"OD": 1, "MH": 1}


def fresh_key() -> str:
    from django.db import connection

    return connection.settings_dict["NAME"]


def test_text_matches_kept_in_memory_follow_edits_and_deletions():
    kept = make("Kalinga Forge", description="closed die forging")
    other = make("Deccan Bakers", description="bread")
    assert [h.title for h in search(SearchParams(q="forging")).hits] == ["Kalinga Forge"]
    other.description = "bread, and forging on Sundays"
    other.save()
    assert search(SearchParams(q="forging")).total == 2
    kept.delete()
    assert [h.title for h in search(SearchParams(q="forging")).hits] == ["Deccan Bakers"]


def test_very_many_results_are_ranked_in_tiers_exact_name_then_name_then_capabilities(monkeypatch):
    monkeypatch.setattr(services, "_RANK_LIMIT", 1)  # every tier is "very many"
    gear = Term.objects.get(kind="process", name__startswith="Gear manufacturing")
    for n in range(3):
        make(f"Unit {n}", description="gear hobbing")
    make("Capable Unit", processes=[gear], description="hobbing")
    make("Gear Hobbing Works", description="tractor parts")
    make("Gear Hobbing", description="tractor parts")
    result = search(SearchParams(q="gear hobbing"))
    titles = [h.title for h in result.hits]
    assert result.total == 6
    assert titles[:3] == ["Gear Hobbing", "Gear Hobbing Works", "Capable Unit"]
    # The rest, newest first (the last made has the highest id).
    assert titles[3:] == ["Unit 2", "Unit 1", "Unit 0"]


def test_the_second_page_continues_the_first_without_repeating(monkeypatch):
    monkeypatch.setattr(services, "_RANK_LIMIT", 3)
    monkeypatch.setattr(services, "PAGE_SIZE", 4)
    for n in range(5):
        make(f"Forge {n}", description="forging")
    for n in range(5):
        make(f"Unit {n}", description="forging and forging again")
    first = [h.title for h in search(SearchParams(q="forging")).hits]
    second = [h.title for h in search(SearchParams(q="forging", page=2)).hits]
    third = [h.title for h in search(SearchParams(q="forging", page=3)).hits]
    assert first == ["Forge 4", "Forge 3", "Forge 2", "Forge 1"]
    assert second[0] == "Forge 0" and len(set(first + second + third)) == 10
