"""Enterprise profiles: classification, Udyam/PIN/NIC rules, certificates, who sees what,
verification and reports."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from udyamsetu.enterprises import services
from udyamsetu.enterprises.models import Certificate, Enterprise, ProfileReport, Term
from udyamsetu.enterprises.reference import (
    CRORE,
    nic_error,
    nic_hierarchy,
    pin_location,
    search_nic,
    size_class,
    udyam_number_error,
)

pytestmark = pytest.mark.django_db

REGISTRY = {
    "legal_name": "Kalinga Precision Works Pvt Ltd", "organisation_type": "private_limited",
    "commencement_date": date(2016, 4, 1), "major_activity": "manufacturing",
    "nic_codes": ["25920", "28220"], "investment_rupees": 4 * CRORE,
    "turnover_rupees": 30 * CRORE, "export_turnover_rupees": 5 * CRORE, "employees": 60,
    "address": "Plot 42, Jagatpur Industrial Estate", "city": "Cuttack", "pin_code": "753001",
}  # fmt: skip


@pytest.fixture
def enterprise(owner, org_a) -> Enterprise:
    return services.claim_enterprise(
        org_a, by=owner, udyam_number="UDYAM-OD-19-0012345", **REGISTRY
    )


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return out.getvalue()


# --- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("investment", "turnover", "exports", "expected"),
    [
        (25 * CRORE // 10, 10 * CRORE, 0, "micro"),  # both at the micro limits
        (25 * CRORE // 10 + 1, 10 * CRORE, 0, "small"),  # investment one rupee over
        (25 * CRORE // 10, 10 * CRORE + 1, 0, "small"),  # turnover one rupee over
        (1, 15 * CRORE, 5 * CRORE, "micro"),  # exports do not count
        (25 * CRORE, 100 * CRORE, 0, "small"),
        (25 * CRORE + 1, 100 * CRORE, 0, "medium"),
        (25 * CRORE, 100 * CRORE + 1, 0, "medium"),
        (125 * CRORE, 500 * CRORE, 0, "medium"),
        (125 * CRORE + 1, 1, 0, "large"),
        (1, 500 * CRORE + 1, 0, "large"),
        (1, 600 * CRORE, 100 * CRORE, "medium"),
        (0, 0, 0, "micro"),
    ],
)
def test_the_size_class_follows_the_2025_limits_at_and_around_every_limit(
    investment, turnover, exports, expected
):
    assert size_class(investment, turnover, exports) == expected


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("UDYAM-OD-19-0012345", None),
        ("UDYAM-MH-33-0000001", None),
        ("UDYAM-XX-19-0012345", "not a state code"),
        ("UDYAM-OD-00-0012345", "cannot be 00"),
        ("UDYAM-OD-19-001234", "must look like"),
        ("udyam-od-19-0012345", "must look like"),
        ("UDYAM-OD-1A-0012345", "must look like"),
        ("", "must look like"),
    ],
)
def test_udyam_numbers_are_checked_for_form_and_state_code(number, problem):
    error = udyam_number_error(number)
    assert (error is None) if problem is None else (problem in error)


def test_pin_codes_resolve_to_state_and_district_and_unknown_ones_do_not():
    cuttack = pin_location("753001")
    assert (cuttack.state.code, cuttack.district) == ("OD", "Cuttack")
    assert pin_location("110001").state.code == "DL"
    assert pin_location("000000") is None
    assert pin_location("99999") is None
    assert pin_location("abcdef") is None


def test_nic_codes_are_found_by_code_and_words_and_checked_against_nic_2008():
    assert nic_error("25920") is None and nic_error("2592") is None
    assert "no class 9999" in nic_error("99999")
    assert "4 or 5 digits" in nic_error("259")
    assert [e.code for e in nic_hierarchy("25920")] == ["C", "25", "259", "2592"]
    assert "2592" in [e.code for e in search_nic("machining")]
    assert "2591" in [e.code for e in search_nic("forging")]


# --- claiming and editing ------------------------------------------------------------------------


def test_an_owner_claims_the_udyam_number_and_the_size_is_computed_never_typed(enterprise, org_a):
    assert enterprise.organisation == org_a
    assert (enterprise.state, enterprise.district) == ("OD", "Cuttack")
    assert enterprise.size_class == "small"  # investment 4 crore > 2.5 crore
    assert enterprise.verification_level == Enterprise.Verification.SELF_DECLARED


def test_claiming_takes_over_an_unclaimed_registry_entry(owner, org_a):
    Enterprise.objects.create(
        udyam_number="UDYAM-OD-19-0000777",
        source="registry",
        size_class="micro",
        state="OD",
        **{**REGISTRY, "legal_name": "From the registry"},
    )
    claimed = services.claim_enterprise(
        org_a, by=owner, udyam_number="udyam-od-19-0000777", **REGISTRY
    )
    assert claimed.udyam_number == "UDYAM-OD-19-0000777"
    assert Enterprise.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pin_code": "110001"}, "pin_code"),
        ({"pin_code": "000000"}, "pin_code"),
        ({"nic_codes": ["99999"]}, "nic_codes"),
        ({"nic_codes": []}, "nic_codes"),
        ({"export_turnover_rupees": 31 * CRORE}, "export_turnover_rupees"),
    ],
)
def test_bad_registry_figures_are_refused_on_their_field_and_nothing_is_saved(
    owner, org_a, changes, field
):
    with pytest.raises(ValidationError) as caught:
        services.claim_enterprise(
            org_a, by=owner, udyam_number="UDYAM-OD-19-0012345", **{**REGISTRY, **changes}
        )
    assert field in caught.value.message_dict
    assert not Enterprise.objects.exists()


def test_a_udyam_number_held_by_another_organisation_cannot_be_claimed(enterprise, outsider, org_b):
    org_b.kind = "enterprise"
    org_b.country = "IN"
    org_b.save()
    with pytest.raises(ValidationError, match="already held"):
        services.claim_enterprise(
            org_b, by=outsider, udyam_number=enterprise.udyam_number, **REGISTRY
        )


def test_the_register_page_rejects_a_bad_udyam_number_with_a_clear_message(owner_client):
    response = owner_client.post(
        "/enterprise/register/",
        {
            **{k: v for k, v in REGISTRY.items() if k != "nic_codes"},
            "nic_codes": "25920",
            "udyam_number": "UDYAM-ZZ-19-0012345",
        },
    )
    assert response.status_code == 200
    assert "ZZ is not a state code" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_changing_registry_figures_recomputes_the_size_and_drops_an_official_verification(
    enterprise, owner, official, office
):
    office.permissions.add(Permission.objects.get(codename="verify_enterprise"))
    services.record_verification(
        enterprise, by=official, office=None, level=2, checked="Udyam certificate"
    )
    enterprise.refresh_from_db()
    updated = services.update_profile(
        enterprise,
        by=owner,
        changes={
            "investment_rupees": 2 * CRORE,
            "turnover_rupees": 9 * CRORE,
            "export_turnover_rupees": 0,
        },
    )
    assert updated.size_class == "micro"
    assert updated.verification_level == Enterprise.Verification.SELF_DECLARED


def test_a_teammate_edits_the_profile_but_an_outsider_cannot_reach_the_editor(
    enterprise, teammate_client, outsider_client
):
    assert teammate_client.get("/enterprise/profile/").status_code == 200
    assert outsider_client.get("/enterprise/profile/").status_code == 404


def test_completeness_points_to_what_is_missing(enterprise):
    result = services.completeness(enterprise)
    assert result.percent == 0
    assert any("processes" in hint for hint in result.hints)
    enterprise.description = "CNC job shop"
    enterprise.save()
    enterprise.processes.add(Term.objects.filter(kind="process").first())
    assert services.completeness(enterprise).percent == 30


# --- certificates ----------------------------------------------------------------------------------


def _certificate(enterprise, owner, **changes):
    iso = Term.objects.get(kind="certification", slug="iso-9001")
    data = {
        "certification": iso,
        "issuer": "TÜV India",
        "valid_until": date.today() + timedelta(days=30),
    }
    data.update(changes)
    return services.add_certificate(enterprise, by=owner, **data)


def test_a_certificate_stops_counting_the_day_after_it_expires(enterprise, owner):
    certificate = _certificate(enterprise, owner, valid_until=date(2026, 3, 31))
    assert certificate.is_valid_on(date(2026, 3, 31))
    assert not certificate.is_valid_on(date(2026, 4, 1))
    valid_on = Certificate.objects.filter(services.valid_certificates(date(2026, 4, 1)))
    assert certificate not in valid_on
    assert certificate in Certificate.objects.filter(services.valid_certificates(date(2026, 3, 31)))


def test_a_certificate_that_expires_needs_a_validity_date_and_cannot_end_before_it_starts(
    enterprise, owner
):
    with pytest.raises(ValidationError, match="valid"):
        _certificate(enterprise, owner, valid_until=None)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        _certificate(enterprise, owner, valid_from=date(2026, 5, 1), valid_until=date(2026, 4, 1))
    assert not Certificate.objects.exists()


def test_uploading_a_certificate_file_stores_it_and_only_insiders_can_download_it(
    enterprise, owner_client, outsider_client, official_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    official = official_client
    iso = Term.objects.get(kind="certification", slug="iso-9001")
    response = owner_client.post(
        "/enterprise/certificates/add/",
        {
            "certification": iso.pk,
            "issuer": "TÜV India",
            "valid_until": "2027-03-31",
            "file": SimpleUploadedFile("iso.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    url = f"/enterprise/certificates/{certificate.pk}/file/"
    download = owner_client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert outsider_client.get(url).status_code == 404
    # officials whose office may verify enterprises may see it
    official_user = official.session["_auth_user_id"]
    from udyamsetu.accounts.models import Organisation

    office = Organisation.objects.get(slug="dfo-cuttack")
    office.permissions.add(Permission.objects.get(codename="verify_enterprise"))
    assert official.get(url).status_code == 200
    assert official_user


def test_a_png_header_followed_by_html_is_refused_and_nothing_is_stored(
    enterprise, owner_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    iso = Term.objects.get(kind="certification", slug="iso-9001")
    fake = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    response = owner_client.post(
        "/enterprise/certificates/add/",
        {
            "certification": iso.pk,
            "issuer": "TÜV India",
            "valid_until": "2027-03-31",
            "file": SimpleUploadedFile("iso.png", fake, content_type="image/png"),
        },
    )
    assert response.status_code == 400
    assert "PDF, PNG or JPEG" in response.content.decode()
    assert not Certificate.objects.exists()
    assert not any(tmp_path.rglob("*"))


# --- who sees what ---------------------------------------------------------------------------------


def test_an_unpublished_profile_is_404_to_outsiders_and_visible_to_members(
    enterprise, outsider_client, owner_client, client
):
    url = f"/enterprises/{enterprise.udyam_number}/"
    assert owner_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    Enterprise.objects.filter(pk=enterprise.pk).update(is_published=True)
    assert client.get(url).status_code == 200


def test_women_led_and_sc_st_flags_are_shown_to_officials_only(
    enterprise, owner_client, official_client, official, office
):
    Enterprise.objects.filter(pk=enterprise.pk).update(is_published=True, women_led=True)
    url = f"/enterprises/{enterprise.udyam_number}/"
    assert "Women-led" not in owner_client.get(url).content.decode()
    assert "Women-led" not in Client().get(url).content.decode()
    office.permissions.add(Permission.objects.get(codename="view_programme_statistics"))
    assert "Women-led" in official_client.get(url).content.decode()


# --- verification and reports -----------------------------------------------------------------------


def test_an_official_verifies_and_the_badge_says_what_by_whom_and_when(
    enterprise, owner_client, official_client, office
):
    # an empty profile cannot ask yet; a half-complete one can
    owner_client.post("/enterprise/verification/request/")
    assert not Enterprise.objects.get(pk=enterprise.pk).verification_requested_at
    Enterprise.objects.filter(pk=enterprise.pk).update(
        description="CNC job shop", offer_text="Machining", seek_text="Composites partner"
    )
    enterprise.processes.add(Term.objects.filter(kind="process").first())
    owner_client.post("/enterprise/verification/request/")
    assert Enterprise.objects.get(pk=enterprise.pk).verification_requested_at
    office.permissions.add(Permission.objects.get(codename="verify_enterprise"))
    queue = official_client.get("/enterprises/verification/")
    assert enterprise.legal_name in queue.content.decode()
    response = official_client.post(
        f"/enterprises/{enterprise.udyam_number}/verify/",
        {"level": 2, "checked": "Udyam certificate and GST registration seen"},
    )
    assert response.status_code == 302
    page = owner_client.get(f"/enterprises/{enterprise.udyam_number}/").content.decode()
    assert "Verified by an official" in page
    assert "Udyam certificate and GST registration seen" in page
    assert "Anita Mohanty" in page


def test_people_without_the_verify_permission_cannot_verify(
    enterprise, owner_client, official_client
):
    assert owner_client.get("/enterprises/verification/").status_code == 403
    assert (
        official_client.post(
            f"/enterprises/{enterprise.udyam_number}/verify/", {"level": 2, "checked": "x"}
        ).status_code
        == 403
    )
    assert Enterprise.objects.get(pk=enterprise.pk).verification_level == 0


def test_a_profile_can_be_reported_once_per_person(enterprise, outsider_client):
    Enterprise.objects.filter(pk=enterprise.pk).update(is_published=True)
    url = f"/enterprises/{enterprise.udyam_number}/report/"
    outsider_client.post(url, {"reason": "fake", "details": "No such factory at this address."})
    response = outsider_client.post(url, {"reason": "spam"}, follow=True)
    assert "already reported" in response.content.decode()
    assert ProfileReport.objects.count() == 1


def test_saving_the_editor_keeps_the_capabilities_already_chosen(enterprise, owner_client):
    # given a profile with two processes
    processes = list(Term.objects.filter(kind="process")[:2])
    enterprise.processes.set(processes)
    # when the owner opens the editor and saves it unchanged
    page = owner_client.get("/enterprise/profile/")
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = form[name].field.prepare_value(value) if name == "nic_codes" else value
    response = owner_client.post("/enterprise/profile/", data)
    # then nothing was lost
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert set(enterprise.processes.all()) == set(processes)
