"""An enterprise's profile in a real headless Chromium: register the Udyam number, edit the
profile, upload a certificate, see the public profile; at desktop and phone width, in English and
Hindi. Refused uploads and other organisations' users meet clear errors and 404s.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from PIL import Image
from playwright.sync_api import expect

from udyamsetu.conftest import PASSWORD
from udyamsetu.core.models import StoredFile
from udyamsetu.enterprises import services
from udyamsetu.enterprises.models import Certificate, Enterprise, Term
from udyamsetu.enterprises.reference import CRORE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

UDYAM_NUMBER = "UDYAM-OD-19-0012345"
PHONE = {"width": 360, "height": 780}
REGISTRY = {
    "legal_name": "Kalinga Precision Works Pvt Ltd", "organisation_type": "private_limited",
    "commencement_date": date(2016, 4, 1), "major_activity": "manufacturing",
    "nic_codes": ["25920", "28220"], "investment_rupees": 4 * CRORE,
    "turnover_rupees": 30 * CRORE, "export_turnover_rupees": 5 * CRORE, "employees": 60,
    "address": "Plot 42, Jagatpur Industrial Estate", "city": "Cuttack", "pin_code": "753001",
}  # fmt: skip


@pytest.fixture(autouse=True)
def vocabularies(transactional_db) -> None:
    # The data migration's terms are gone once an earlier transactional test flushed the tables.
    if not Term.objects.filter(kind=Term.Kind.CERTIFICATION, slug="iso-9001").exists():
        services.load_vocabularies()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def _wait_for_fonts(page) -> None:
    page.evaluate(
        "Promise.all([...document.fonts].map(f => f.load())).then(() => document.fonts.ready)"
    )


def _percent_complete(page) -> int:
    heading = page.locator("#completeness-heading").inner_text()
    match = re.search(r"(\d+)\s*%", heading)
    assert match, f"no percentage in {heading!r}"
    return int(match.group(1))


def _png(path, size=(600, 420)):
    Image.new("RGB", size, "white").save(path, format="PNG")
    return path


def _claimed_enterprise(org_a, owner) -> Enterprise:
    return services.claim_enterprise(org_a, by=owner, udyam_number=UDYAM_NUMBER, **REGISTRY)


def test_the_owner_registers_the_udyam_number_edits_the_profile_uploads_a_certificate_and_sees_the_public_profile(
    page, browser, live_server, screenshot, owner, org_a, tmp_path
):
    # given the owner of an Indian enterprise without a profile, logged in
    _log_in(page, live_server, owner.email)

    # then the dashboard asks for the Udyam registration
    add_registration = page.get_by_role("link", name="Add your Udyam registration")
    expect(add_registration).to_be_visible()
    screenshot(page, "enterprise-01-dashboard")

    # when they open the register form and fill in their Udyam figures
    add_registration.click()
    page.wait_for_url(f"{live_server.url}/enterprise/register/")
    assert page.locator("#id_size_class").count() == 0, "the size class must never be typed"
    page.fill("#id_udyam_number", UDYAM_NUMBER)
    page.fill("#id_legal_name", "Kalinga Precision Works Pvt Ltd")
    page.select_option("#id_organisation_type", "private_limited")
    page.fill("#id_commencement_date", "2016-04-01")
    page.select_option("#id_major_activity", "manufacturing")
    page.fill("#id_nic_codes", "25920, 28220")
    page.fill("#id_investment_rupees", "40000000")
    page.fill("#id_turnover_rupees", "300000000")
    page.fill("#id_export_turnover_rupees", "50000000")
    page.fill("#id_employees", "60")
    page.fill("#id_address", "Plot 42, Jagatpur Industrial Estate")
    page.fill("#id_city", "Cuttack")
    page.fill("#id_pin_code", "753001")

    # and they type "machining" into the NIC search box
    page.locator("#nic-query").press_sequentially("machining")

    # then htmx lists the matching NIC classes under it, 2592 among them
    results = page.locator("#nic-results .nic-results")
    expect(results.locator("code", has_text=re.compile(r"^2592$"))).to_be_visible()
    screenshot(page, "enterprise-02-register")

    # when they save the registration
    page.get_by_role("button", name="Save registration").click()

    # then they land on the profile editor, with the size worked out as "Small"
    page.wait_for_url(f"{live_server.url}/enterprise/profile/")
    enterprise = Enterprise.objects.get(udyam_number=UDYAM_NUMBER)
    assert enterprise.organisation == org_a
    assert enterprise.size_class == Enterprise.Size.SMALL
    header = page.locator("main .page-header")
    expect(header.locator(".badge", has_text=re.compile(r"^Small$"))).to_be_visible()
    assert "your Udyam registration is on your profile" in page.locator("#messages").inner_text()
    before = _percent_complete(page)
    screenshot(page, "enterprise-03-editor-new")

    # when they tick two processes, say what they make, make the profile public and save
    profile_form = page.locator("form", has=page.get_by_role("button", name="Save profile"))
    # the long vocabularies are folded; open the processes block first
    profile_form.locator("summary", has_text="Manufacturing processes").click()
    profile_form.get_by_role("checkbox", name="CNC turning", exact=True).check()
    profile_form.get_by_role("checkbox", name="Investment casting", exact=True).check()
    page.fill(
        "#id_description", "Precision turned and investment-cast parts for railways and defence."
    )
    page.check("#id_is_published")
    page.get_by_role("button", name="Save profile").click()

    # then the profile is saved and the completeness meter goes up
    page.wait_for_url(f"{live_server.url}/enterprise/profile/")
    assert "Your profile is saved." in page.locator("#messages").inner_text()
    after_profile = _percent_complete(page)
    assert after_profile > before
    assert sorted(enterprise.processes.values_list("slug", flat=True)) == [
        "cnc-turning",
        "investment-casting",
    ]
    screenshot(page, "enterprise-04-editor-saved")

    # when they add their ISO 9001 certificate with its issuer, validity and a scanned PNG
    certificate_png = _png(tmp_path / "iso-9001-certificate.png")
    certificates = page.locator("#certificates")
    page.select_option("#id_certification", label="ISO 9001 (quality management system)")
    page.fill("#id_issuer", "Bureau Veritas Certification (India)")
    page.fill("#id_number", "IND.24.1234/QM/U")
    page.fill("#id_valid_until", "2028-03-31")
    page.set_input_files("#id_file", str(certificate_png))
    certificates.get_by_role("button", name="Add certificate").click()

    # then it is listed with a link to download the file, and the meter goes up again
    page.wait_for_url(f"{live_server.url}/enterprise/profile/")
    assert "Certificate added." in page.locator("#messages").inner_text()
    listed = certificates.locator(".plain-list li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("ISO 9001")
    expect(listed).to_contain_text("Bureau Veritas Certification (India)")
    download_link = listed.get_by_role("link", name="Download the file")
    expect(download_link).to_be_visible()
    assert _percent_complete(page) > after_profile
    _wait_for_fonts(page)
    screenshot(page, "enterprise-05-certificate-added")

    # and the link hands back the very file they uploaded
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.path().read_bytes() == certificate_png.read_bytes()

    # when they open their public profile
    page.get_by_role("link", name="See your public profile").click()

    # then it shows the processes and the certificate
    page.wait_for_url(f"{live_server.url}/enterprises/{UDYAM_NUMBER}/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Kalinga Precision Works Pvt Ltd")
    capabilities = main.locator("section", has=page.get_by_role("heading", name="Capabilities"))
    expect(capabilities.locator(".badge", has_text="CNC turning")).to_be_visible()
    expect(capabilities.locator(".badge", has_text="Investment casting")).to_be_visible()
    certificate_section = main.locator(
        "section", has=page.get_by_role("heading", name="Certificates", exact=True)
    )
    expect(certificate_section).to_contain_text("ISO 9001 (quality management system)")
    expect(certificate_section).to_contain_text("valid until 31 March 2028")
    _wait_for_fonts(page)
    screenshot(page, "enterprise-06-public-profile")

    # when they open the editor and the public profile on a phone, in Hindi
    phone = browser.new_context(viewport=PHONE, storage_state=page.context.storage_state())
    try:
        phone.add_cookies([{"name": "django_language", "value": "hi", "url": live_server.url}])
        phone_page = phone.new_page()
        phone_page.set_default_timeout(15_000)
        too_wide = {}
        for path, name in (
            ("/enterprise/profile/", "enterprise-07-editor-phone-hi"),
            (f"/enterprises/{UDYAM_NUMBER}/", "enterprise-08-public-profile-phone-hi"),
        ):
            phone_page.goto(live_server.url + path)
            _wait_for_fonts(phone_page)
            screenshot(phone_page, name)

            # then each page is in Hindi and does not scroll sideways
            assert phone_page.get_attribute("html", "lang") == "hi"
            scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"]:
                too_wide[path] = scroll_width
        assert phone_page.get_by_role("heading", name="क्षमताएँ").is_visible()
        assert too_wide == {}, f"pages wider than 360 px (scrollWidth): {too_wide}"
    finally:
        phone.close()


def test_a_png_signature_followed_by_html_is_refused_with_a_clear_error_and_no_certificate(
    page, live_server, screenshot, owner, org_a, tmp_path
):
    # given an owner whose enterprise has a profile, on the profile editor
    enterprise = _claimed_enterprise(org_a, owner)
    _log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}/enterprise/profile/")
    fake = tmp_path / "certificate.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>")

    # when they add a certificate with a "PNG" that is really a web page
    certificates = page.locator("#certificates")
    page.select_option("#id_certification", label="ISO 9001 (quality management system)")
    page.fill("#id_issuer", "Bureau Veritas Certification (India)")
    page.fill("#id_valid_until", "2028-03-31")
    page.set_input_files("#id_file", str(fake))
    with page.expect_navigation() as navigation:
        certificates.get_by_role("button", name="Add certificate").click()

    # then the form says why the file was refused, next to the file field
    assert navigation.value.status == 400
    assert "The certificate was not added" in page.locator("#messages").inner_text()
    file_error = certificates.locator("#id_file_error")
    expect(file_error).to_contain_text("web page markup")
    expect(file_error).to_be_visible()
    screenshot(page, "enterprise-09-fake-png-refused")

    # and no certificate appears, and nothing was stored
    expect(certificates.get_by_text("No certificates yet.")).to_be_visible()
    assert not Certificate.objects.filter(enterprise=enterprise).exists()
    assert not StoredFile.objects.exists()


def test_another_organisations_user_gets_404_for_the_editor_and_for_an_unpublished_profile(
    page, live_server, screenshot, owner, org_a, outsider
):
    # given an enterprise whose profile is not published, and a user of another organisation
    enterprise = _claimed_enterprise(org_a, owner)
    assert not enterprise.is_published
    _log_in(page, live_server, outsider.email)

    # when they open the profile editor
    response = page.goto(f"{live_server.url}/enterprise/profile/")

    # then they get the 404 page
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    screenshot(page, "enterprise-10-outsider-editor-404")

    # when they open the unpublished profile
    response = page.goto(f"{live_server.url}/enterprises/{UDYAM_NUMBER}/")

    # then they get the 404 page too, which gives nothing of the enterprise away
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert enterprise.legal_name not in page.content()
