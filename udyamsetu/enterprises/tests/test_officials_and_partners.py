"""Officials' registry imports and vocabularies; foreign partners' profiles."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from udyamsetu.enterprises.importer import HEADER
from udyamsetu.enterprises.models import Enterprise, PartnerProfile, RegistryImport, Term
from udyamsetu.enterprises.tests.test_registry_import import _row

pytestmark = pytest.mark.django_db


def _registry_upload(rows: list[dict], name: str = "registry.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[c] for c in HEADER])
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def _grant(office, codename: str) -> None:
    office.permissions.add(Permission.objects.get(codename=codename))


def test_an_official_uploads_a_registry_and_the_worker_imports_it(
    official_client, office, settings, tmp_path, run_tasks, django_capture_on_commit_callbacks
):
    # given an official whose office may import the registry
    settings.MEDIA_ROOT = tmp_path
    _grant(office, "import_registry")
    # when they upload a file with two good rows and one bad
    upload = _registry_upload([_row(1), _row(2), _row(3, pin_code="110001")])
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post("/enterprises/imports/", {"file": upload})
    assert response.status_code == 302
    run = RegistryImport.objects.get()
    assert run.status == "queued"
    # and the worker runs the queued import
    run_tasks()
    # then the page shows the finished run with its counts
    run.refresh_from_db()
    assert (run.status, run.inserted, run.rejected) == ("done", 2, 1)
    assert Enterprise.objects.count() == 2
    panel = official_client.get("/enterprises/imports/", HTTP_HX_REQUEST="true")
    assert "<html" not in panel.content.decode()
    assert "Finished" in panel.content.decode()


def test_a_registry_upload_that_is_not_csv_is_refused(official_client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _grant(office, "import_registry")
    upload = SimpleUploadedFile("registry.xlsx", b"PK\x03\x04", content_type="application/zip")
    response = official_client.post("/enterprises/imports/", {"file": upload})
    assert "Upload the registry as .csv or .csv.gz" in response.content.decode()
    assert not RegistryImport.objects.exists()


def test_only_offices_with_the_import_permission_may_import(official_client, owner_client):
    assert official_client.get("/enterprises/imports/").status_code == 403
    assert owner_client.get("/enterprises/imports/").status_code == 403


def test_an_official_adds_a_vocabulary_term_and_members_cannot(
    official_client, office, owner_client
):
    assert official_client.get("/enterprises/vocabularies/").status_code == 403
    assert owner_client.get("/enterprises/vocabularies/").status_code == 403
    _grant(office, "manage_vocabularies")
    response = official_client.post(
        "/enterprises/vocabularies/?kind=process",
        {
            "kind": "process",
            "name": "Cryo deburring",
            "name_hi": "क्रायो डीबरिंग",
            "synonyms": "cryogenic deburring, deflashing",
            "hint": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    term = Term.objects.get(kind="process", name="Cryo deburring")
    assert term.slug == "cryo-deburring"
    assert term.synonyms == ["cryogenic deburring", "deflashing"]


def test_a_foreign_partner_describes_itself_on_the_shared_vocabularies(
    outsider_client, org_b, client
):
    # given the foreign partner organisation's owner
    drones = Term.objects.get(kind="technology_area", slug="drones-unmanned-platforms")
    jv = Term.objects.get(kind="partnership_type", slug="joint-venture")
    # when they save their profile
    response = outsider_client.post(
        "/partner/profile/",
        {
            "offer_text": "Small UAS airframes",
            "seek_text": "An Indian composites partner",
            "technology_areas": [drones.pk],
            "partnership_types": [jv.pk],
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    profile = PartnerProfile.objects.get(organisation=org_b)
    assert list(profile.technology_areas.all()) == [drones]
    # then anyone sees it while it is published, and nobody outside once it is not
    assert "Small UAS airframes" in client.get(f"/partners/{org_b.slug}/").content.decode()
    PartnerProfile.objects.filter(pk=profile.pk).update(is_published=False)
    assert client.get(f"/partners/{org_b.slug}/").status_code == 404


def test_an_indian_enterprise_has_no_partner_profile_page(owner_client):
    assert owner_client.get("/partner/profile/").status_code == 404
