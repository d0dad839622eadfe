"""Search: ranking sense, every filter against a brute-force answer, exact counts, certificate
expiry, synonyms and typos, and what never leaks into results."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.urls import reverse

from udyamsetu.enterprises.models import Certificate, Enterprise, Term
from udyamsetu.search import services
from udyamsetu.search.models import SearchDocument, Synonym
from udyamsetu.search.services import SearchParams, search
from udyamsetu.search.tests.factories import make

pytestmark = pytest.mark.django_db


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


def test_an_exact_name_comes_first():
    make("Precision Forge Works", description="precision forge precision forge forging")
    make("Precision Forge")
    assert titles(search(SearchParams(q="precision forge")))[0] == "Precision Forge"


def test_a_word_in_the_name_outranks_the_same_word_in_the_description():
    make("Kumar Industries", description="We do gear hobbing for tractors")
    make("Gear Hobbing Specialists", description="Job work for tractor makers")
    assert titles(search(SearchParams(q="hobbing"))) == [
        "Gear Hobbing Specialists",
        "Kumar Industries",
    ]


def test_prefixes_synonyms_and_devanagari_names_are_found():
    make("Aerial Robotics", description="We build drones for crop spraying")
    make("शर्मा इंजीनियरिंग वर्क्स")
    assert titles(search(SearchParams(q="UAV"))) == ["Aerial Robotics"]
    assert titles(search(SearchParams(q="robot"))) == ["Aerial Robotics"]
    assert titles(search(SearchParams(q="शर्मा"))) == ["शर्मा इंजीनियरिंग वर्क्स"]


def test_officials_can_add_a_synonym_and_it_applies_at_once():
    make("Blue Water Systems", description="effluent recycling plants")
    assert search(SearchParams(q="ETP recycling")).total == 0
    Synonym.objects.create(phrases=["etp recycling", "effluent recycling"])
    assert titles(search(SearchParams(q="ETP recycling"))) == ["Blue Water Systems"]


def test_a_misspelt_word_is_corrected_and_a_misspelt_name_still_found():
    make("Everest Castings", description="grey iron casting")
    make("Kalinga Precision Engineering")
    corrected = search(SearchParams(q="castng"))
    assert corrected.corrected_q == "casting" and titles(corrected) == ["Everest Castings"]
    similar = search(SearchParams(q="Kalnga Precison"))
    assert similar.fuzzy and titles(similar) == ["Kalinga Precision Engineering"]


def test_names_that_look_similar_respect_the_filters():
    make("Kalinga Precision Engineering", state="OD")
    make("Kalinga Precision Engineers", state="MH")
    similar = search(SearchParams(q="Kalnga Precison", state=["MH"]))
    assert similar.fuzzy and titles(similar) == ["Kalinga Precision Engineers"]


def test_filters_that_exclude_every_match_give_no_results_not_lookalikes():
    make("Everest Castings", state="OD", description="grey iron casting")
    make("Everest Metals", state="MH")  # looks alike, but the words are not all in it
    result = search(SearchParams(q="Everest Castings", state=["MH"]))
    assert result.total == 0 and not result.fuzzy and not result.hits
    assert {c.value: c.count for c in result.facets["state"]} == {"OD": 1, "MH": 0}


def test_every_filter_matches_a_brute_force_answer():
    rng = random.Random(7)
    cnc, casting = Term.objects.filter(kind="process")[:2]
    states = ["OD", "MH", "KA"]
    for n in range(60):
        make(
            f"Unit {n}",
            state=rng.choice(states),
            size_class=rng.choice(["micro", "small", "medium"]),
            nic_codes=[rng.choice(["25920", "28221", "10712"])],
            verification_level=rng.choice([0, 0, 1, 2]),
            export_turnover_rupees=rng.choice([0, 0, 10**5]),
            processes=rng.sample([cnc, casting], rng.randint(0, 2)),
        )
    everyone = list(Enterprise.objects.prefetch_related("processes"))
    cases = [
        (SearchParams(state=["MH"]), lambda e: e.state == "MH"),
        (SearchParams(state=["MH", "KA"], size=["small"]),
         lambda e: e.state in ("MH", "KA") and e.size_class == "small"),
        (SearchParams(nic_section=["C"], nic=["2592"]), lambda e: e.nic_codes[0] == "25920"),
        (SearchParams(nic_division=["10"]), lambda e: e.nic_codes[0].startswith("10")),
        (SearchParams(process=[cnc.pk]), lambda e: cnc in e.processes.all()),
        (SearchParams(process=[cnc.pk], verification=[2]),
         lambda e: cnc in e.processes.all() and e.verification_level == 2),
        (SearchParams(exporter=True, state=["OD"]),
         lambda e: e.export_turnover_rupees > 0 and e.state == "OD"),
    ]  # fmt: skip
    for params, rule in cases:
        expected = {e.legal_name for e in everyone if rule(e)}
        params.page = 1
        found = set()
        result = search(params)
        while True:
            found |= set(titles(result))
            if len(result.hits) < services.PAGE_SIZE:
                break
            params.page += 1
            result = search(params, with_facets=False)
        assert found == expected, params
        assert search(SearchParams(**{**params.__dict__, "page": 1})).total == len(expected)


def test_counts_are_exact_and_leave_out_their_own_filter():
    for n in range(5):
        make(f"Odisha {n}", state="OD", size_class="micro" if n < 3 else "small")
    for n in range(2):
        make(f"Pune {n}", state="MH")
    result = search(SearchParams(state=["OD"]))
    counts = {c.value: c.count for c in result.facets["state"]}
    assert counts == {"OD": 5, "MH": 2}  # other states stay visible to add
    sizes = {c.value: c.count for c in result.facets["size"]}
    assert sizes == {"micro": 3, "small": 2}  # within Odisha
    assert result.total == 5


def test_a_certificate_filter_stops_matching_the_day_the_certificate_expires():
    as9100 = Term.objects.filter(kind="certification").first()
    enterprise = make("Aero Parts Odisha")
    Certificate.objects.create(
        enterprise=enterprise, certification=as9100, issuer="TÜV",
        valid_until=date(2027, 3, 31),
    )  # fmt: skip
    on_last_day = SearchParams(certification=[as9100.pk], today=date(2027, 3, 31))
    day_after = SearchParams(certification=[as9100.pk], today=date(2027, 4, 1))
    assert titles(search(on_last_day)) == ["Aero Parts Odisha"]
    assert search(on_last_day).facets["certification"][0].count == 1
    assert search(day_after).total == 0


def test_private_fields_never_reach_documents_or_results(client):
    make(
        "Secret Ltd", women_led=True, sc_st_owned=True, contact_email="owner@secret.in",
        contact_phone="9437000001", turnover_rupees=123456789,
    )  # fmt: skip
    document = SearchDocument.objects.get(title="Secret Ltd")
    stored = str(SearchDocument.objects.filter(pk=document.pk).values().get())
    for private in ("owner@secret.in", "9437000001", "123456789"):
        assert private not in stored
    page = client.get(reverse("search:search"), {"q": "secret"}).content.decode()
    assert "Secret Ltd" in page
    for private in ("owner@secret.in", "9437000001", "Women-led", "SC/ST"):
        assert private not in page


def test_a_claimed_profile_its_owners_keep_unpublished_is_not_listed(owner, org_a):
    enterprise = make("Hidden Works")
    assert search(SearchParams(q="hidden")).total == 1
    enterprise.organisation = org_a
    enterprise.is_published = False
    enterprise.save()
    assert search(SearchParams(q="hidden")).total == 0
    enterprise.is_published = True
    enterprise.save()
    assert search(SearchParams(q="hidden")).total == 1


def test_adding_a_process_updates_the_document_in_the_same_transaction():
    enterprise = make("Late Adopter")
    process = Term.objects.filter(kind="process").first()
    assert search(SearchParams(process=[process.pk])).total == 0
    enterprise.processes.add(process)
    assert titles(search(SearchParams(process=[process.pk]))) == ["Late Adopter"]


def test_distance_filter_and_sort_use_the_pin_codes():
    make("Cuttack Unit", pin_code="753001")
    make("Bhubaneswar Unit", pin_code="751001")
    make("Pune Unit", state="MH")
    near_cuttack = SearchParams(near=(20.47, 85.87), radius_km=50, sort="distance")
    result = search(near_cuttack)
    assert titles(result) == ["Cuttack Unit", "Bhubaneswar Unit"]
    assert result.hits[0].distance_km < result.hits[1].distance_km < 50


def test_rebuild_makes_the_same_documents_again():
    make("One")
    make("Two", processes=list(Term.objects.filter(kind="process")[:2]))
    before = sorted(SearchDocument.objects.values_list("title", "processes", "state"))
    SearchDocument.objects.all().delete()
    assert services.rebuild() == 2
    assert sorted(SearchDocument.objects.values_list("title", "processes", "state")) == before


def test_the_page_answers_a_bad_filter_with_a_clear_error_and_no_results(client):
    response = client.get(reverse("search:search"), {"pin": "12345", "state": "ZZ"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "A PIN code has 6 digits" in body
    assert "ZZ is not one of the available choices" in body


def test_htmx_requests_get_only_the_results(client):
    make("Partial Works")
    response = client.get(reverse("search:search"), {"q": "partial"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Partial Works" in body and "<html" not in body


def test_anonymous_searching_is_rate_limited(client, settings):
    settings.SEARCH_RATE_ANONYMOUS = 3
    codes = [client.get(reverse("search:search")).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_rebuild_command_reports_the_documents_it_built():
    from io import StringIO

    from django.core.management import call_command

    make("Command Works")
    out = StringIO()
    call_command("rebuild-search", "--no-progress", stdout=out)
    assert "1 search documents built." in out.getvalue()
    assert SearchDocument.objects.filter(title="Command Works").exists()
