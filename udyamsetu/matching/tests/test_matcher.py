"""The matcher: eligibility never violated, reasons true to the data, reciprocity changing the
order, excluded and unlisted profiles never shown."""

from __future__ import annotations

import random
from datetime import date

import pytest

from udyamsetu.enterprises.models import Certificate, Enterprise, Term
from udyamsetu.matching import services
from udyamsetu.matching.matcher import Need, match
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def titles(matches) -> list[str]:
    return [m.hit.title for m in matches]


def certify(enterprise, term, until: date | None) -> None:
    Certificate.objects.create(
        enterprise=enterprise, certification=term, issuer="TÜV", valid_from=date(2024, 1, 1),
        valid_until=until,
    )  # fmt: skip


def test_hard_requirements_are_never_violated(run_tasks):
    rng = random.Random(5)
    as9100 = Term.objects.get(kind="certification", slug="as9100d")
    for n in range(30):
        unit = make(
            f"Unit {n}", state=rng.choice(["OD", "MH"]),
            size_class=rng.choice(["micro", "small"]),
            description="precision CNC machining of aerospace parts",
        )  # fmt: skip
        pick = rng.random()
        if pick < 0.4:
            certify(unit, as9100, date(2027, 3, 31))
        elif pick < 0.6:
            certify(unit, as9100, date(2026, 11, 21))  # expired yesterday
    run_tasks()
    need = Need(text="CNC machining for aerospace", certifications=[as9100.pk], states=["OD"])
    found = match(need, limit=50, today=TODAY)
    eligible = {
        e.pk for e in Enterprise.objects.filter(state="OD")
        if e.certificates.filter(certification=as9100, valid_until__gte=TODAY).exists()
    }  # fmt: skip
    assert found and {m.hit.object_id for m in found} == eligible


def test_reasons_name_the_processes_certificates_and_verification_that_produced_them(run_tasks):
    five_axis = Term.objects.filter(kind="process").order_by("pk")[0]
    heat = Term.objects.filter(kind="process").order_by("pk")[1]
    as9100 = Term.objects.get(kind="certification", slug="as9100d")
    shop = make("Kalinga Aero Machining", processes=[five_axis], verification_level=2,
                description="machining of aerospace brackets")  # fmt: skip
    certify(shop, as9100, date(2027, 3, 31))
    run_tasks()
    need = Need(text="aerospace brackets machining", processes=[five_axis.pk, heat.pk],
                wanted_certifications=[as9100.pk])  # fmt: skip
    [result] = match(need, today=TODAY)
    assert result.reasons[0] == "Mentions aerospace, brackets, machining"
    assert f"Does {five_axis.name} (1 of the 2 processes sought)" in result.reasons
    assert f"{as9100.name} valid to March 2027" in result.reasons
    assert "Verified on site" in result.reasons
    assert result.parts["processes"] == 0.5 and result.parts["certifications"] == 1.0


def test_what_a_candidate_seeks_lifts_it_once_its_vector_is_made(run_tasks):
    seeker = make("Galil Composites India", description="composite airframes for drones",
                  seek_text="a machining partner for drone parts")  # fmt: skip
    first = make("Alpha Machining", description="machining of drone parts")
    second = make("Beta Machining", description="machining of drone parts")
    run_tasks()
    before = services.recommended_for("enterprise", seeker.pk, today=TODAY)
    assert set(titles(before)[:2]) == {"Alpha Machining", "Beta Machining"}
    behind, ahead = (second, first) if titles(before)[0] == "Alpha Machining" else (first, second)
    behind.seek_text = "composite airframes for drones"  # what the seeker offers
    behind.save()
    run_tasks()
    after = services.recommended_for("enterprise", seeker.pk, today=TODAY)
    assert titles(after)[0] == behind.legal_name
    assert any(r.startswith("Seeks “composite airframes") for r in after[0].reasons)
    assert ahead.pk in {m.hit.object_id for m in after}


def test_the_seeker_itself_and_unlisted_profiles_never_appear(org_a, run_tasks):
    seeker = make("Drone Parts Seeker", description="drone parts", seek_text="drone parts")
    hidden = make("Private Drone Works", description="drone parts machining")
    hidden.organisation = org_a
    hidden.is_published = False
    hidden.save()
    shown = make("Open Drone Works", description="drone parts machining")
    run_tasks()
    found = services.recommended_for("enterprise", seeker.pk, today=TODAY)
    assert titles(found) == ["Open Drone Works"]
    assert shown.pk == found[0].hit.object_id


def test_a_profile_that_seeks_nothing_gets_no_recommendations(run_tasks):
    quiet = make("Quiet Works", description="drone parts")
    make("Open Drone Works", description="drone parts machining")
    run_tasks()
    assert services.recommended_for("enterprise", quiet.pk, today=TODAY) == []


def test_words_that_name_no_capability_bring_no_candidates(run_tasks):
    make("Helpdesk Support Partners", description="customer support services")
    make("Kerala Composites", description="glass fibre composites moulding")
    run_tasks()
    found = match(Need(text="looking for a partner to support us with composites"), today=TODAY)
    assert titles(found) == ["Kerala Composites"]
    assert found[0].reasons[0] == "Mentions composites"


def test_the_processes_a_need_names_are_wanted_the_longest_name_first():
    from udyamsetu.matching.matcher import named_terms

    five_axis = Term.objects.get(kind="process", slug="cnc-machining-5-axis")
    cnc = Term.objects.get(kind="process", slug="cnc-machining")
    ew = Term.objects.get(kind="technology_area", slug="electronic-warfare")
    found = named_terms("Need 5-axis CNC machining of brackets, and CNC job work for EW racks")
    assert found["process"] == [five_axis.pk, cnc.pk]
    assert found["technology_area"] == [ew.pk]
    assert named_terms("a new crew for our ewe farm") == {}  # "ew" written small is no acronym


def test_a_need_that_names_a_process_finds_those_who_ticked_it_without_the_words(run_tasks):
    forging = Term.objects.get(kind="process", slug="closed-die-forging")
    ticked = make("Rajkot Components", processes=[forging], description="auto parts",
                  nic_codes=["10711"])  # fmt: skip
    make("Rajkot Bakers", description="bread and rusk", nic_codes=["10711"])
    run_tasks()
    found = match(Need(text="closed die forging of crankshafts"), today=TODAY)
    assert titles(found)[0] == ticked.legal_name
    assert any(r.startswith("Does Closed-die forging") for r in found[0].reasons)


def test_meaning_read_from_the_index_finds_what_an_exact_scan_finds_and_keeps_to_the_eligible(
    run_tasks, monkeypatch
):
    from udyamsetu.matching import matcher

    rng = random.Random(7)
    trades = ["CNC machining of aerospace parts", "closed die forging", "textile dyeing",
              "PCB assembly for radars", "composite drone airframes"]  # fmt: skip
    for n in range(40):
        make(f"Unit {n}", state=rng.choice(["OD", "MH"]), description=rng.choice(trades))
    run_tasks()
    need = Need(text="machining of aerospace parts", states=["OD"])

    monkeypatch.setattr(matcher, "_EXACT_BELOW", 10**9)
    exact = matcher.candidates(need, today=TODAY).rankings["meaning"]
    # Every document is "many": the index is read, with all of its (few) lists probed.
    monkeypatch.setattr(matcher, "_EXACT_BELOW", 0)
    monkeypatch.setattr(matcher, "_INDEX_SHARE", 0)
    found = matcher.candidates(need, today=TODAY)
    assert matcher.offers_probes() >= 10
    assert found.rankings["meaning"] == exact
    assert exact and set(exact) <= set(found.eligible)
