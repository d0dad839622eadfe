"""English and Hindi: the switcher remembers the choice, and the Hindi catalogue is complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = [
    PACKAGE / "locale" / "hi" / "LC_MESSAGES" / "django.po",
    PACKAGE / "locale_vendor" / "hi" / "LC_MESSAGES" / "django.po",
]


def _untranslated(po_path: Path) -> list[str]:
    with po_path.open("rb") as f:
        catalog = read_po(f, locale="hi")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(str(message.id))
    return missing


@pytest.mark.parametrize("po_path", CATALOGUES, ids=["portal", "allauth-and-django"])
def test_every_hindi_entry_is_translated(po_path):
    assert _untranslated(po_path) == []


def test_every_translatable_string_in_the_code_is_in_the_hindi_catalogue(tmp_path):
    # given a copy of the package, re-extract its strings exactly as a developer would
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: install Debian's gettext package (see README).")
    copy = tmp_path / "udyamsetu"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "hi",
            "--no-obsolete",
            "--ignore=conftest.py",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": shutil.os.environ["PATH"], "DJANGO_SETTINGS_MODULE": ""},
    )
    assert result.returncode == 0, result.stderr
    # then nothing new appears untranslated
    assert _untranslated(copy / "locale" / "hi" / "LC_MESSAGES" / "django.po") == []


def test_the_compiled_catalogues_are_up_to_date():
    for po_path in CATALOGUES:
        assert po_path.with_suffix(".mo").stat().st_mtime >= po_path.stat().st_mtime - 1, po_path


@pytest.mark.django_db
def test_choosing_hindi_sets_the_page_language_and_is_remembered_for_the_account(owner):
    # given the owner, logged in on one device
    phone = Client()
    phone.force_login(owner)
    # when they choose Hindi with the switcher
    response = phone.post("/i18n/setlang/", {"language": "hi", "next": "/dashboard/"})
    assert response.status_code == 302
    page = phone.get("/dashboard/")
    assert page.content.decode().count('lang="hi"') >= 1
    assert "डैशबोर्ड" in page.content.decode()
    # then a second device shows Hindi too, because the choice is saved on the account
    owner.refresh_from_db()
    assert owner.language == "hi"
    desk = Client()
    desk.force_login(owner)
    response = desk.get("/dashboard/")
    assert '<html lang="hi"' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"


@pytest.mark.django_db
def test_a_visitors_choice_is_kept_in_a_long_lived_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "hi"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 365
    assert '<html lang="hi"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_is_ignored(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_allauth_pages_are_in_hindi_too(client):
    client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    body = client.get("/accounts/login/").content.decode()
    assert "पासवर्ड" in body
    assert "Password" not in body
