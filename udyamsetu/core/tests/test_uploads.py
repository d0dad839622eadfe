"""Uploads: PDF, PNG and JPEG only, recognised by content, size-limited, stored under generated
names outside the web root, and handed back as attachments that browsers will not render."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import override_settings
from PIL import Image
from pypdf import PdfWriter

from udyamsetu.core.models import StoredFile
from udyamsetu.core.uploads import (
    UploadField,
    clean_original_name,
    download_name,
    file_response,
    read_limited,
    sniff,
    store_upload,
)

ONE_MB = 1024 * 1024


# --- Real files, made in memory -------------------------------------------------------------


def _noise(size: int) -> bytes:
    # Deterministic bytes that do not compress: images made from them are larger than the
    # kilobyte the markup check reads, so the end-of-image rules are what refuses a polyglot.
    return hashlib.shake_256(b"udyamsetu").digest(size)


def make_pdf(**encrypt: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(algorithm="AES-128", **encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_image(image_format: str, *, size: tuple[int, int] = (64, 64), **options) -> bytes:
    image = Image.frombytes("RGB", size, _noise(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def make_png(**options) -> bytes:
    return make_image("PNG", **options)


def make_jpeg(**options) -> bytes:
    return make_image("JPEG", quality=90, **options)


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Accepted files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "content_type"),
    [
        (make_pdf, "application/pdf"),
        (lambda: make_pdf(user_password="", owner_password="owner-only"), "application/pdf"),
        (make_png, "image/png"),
        (lambda: make_png(size=(10_000, 1)), "image/png"),
        (lambda: _palette_png(), "image/png"),
        (make_jpeg, "image/jpeg"),
        (lambda: make_jpeg(progressive=True), "image/jpeg"),
        (lambda: make_jpeg(exif=_exif()), "image/jpeg"),
        (lambda: make_jpeg(restart_marker_blocks=4), "image/jpeg"),
        (lambda: make_jpeg(comment=make_jpeg(size=(8, 8))), "image/jpeg"),
        (lambda: make_jpeg() + b"\x00\x00\r\n", "image/jpeg"),
    ],
    ids=[
        "pdf",
        "pdf-restricted-by-owner-password",
        "png",
        "png-10000-wide",
        "palette-png",
        "jpeg",
        "progressive-jpeg",
        "jpeg-with-exif",
        "jpeg-with-restart-markers",
        "jpeg-with-a-whole-jpeg-in-its-comment",
        "jpeg-with-a-few-padding-bytes",
    ],
)
def test_real_pdf_png_and_jpeg_files_are_recognised_by_their_content(make, content_type):
    # given a real file
    data = make()
    # when it is sniffed
    found = sniff(data)
    # then its type is found from the content
    assert found == content_type


def _blank_png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG")
    return buffer.getvalue()


def _palette_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (16, 16), color=3).save(buffer, "PNG")
    return buffer.getvalue()


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = "Udyam Registration Certificate"  # ImageDescription
    return exif


def test_an_accepted_file_is_stored_under_a_generated_name_with_its_size_and_hash(
    owner, media_root
):
    # given a PDF whose name tries to choose its place on disk
    data = make_pdf()
    # when the owner uploads it
    stored = store_upload(
        upload("../../static/Udyam certificate.pdf", data, "text/html"),
        by=owner,
        purpose="certificate",
    )
    # then the bytes are at MEDIA_ROOT/<two characters>/<id>, with nothing from the name
    relative = stored.path.relative_to(media_root)
    assert relative.parts == (str(stored.id)[:2], str(stored.id))
    assert "certificate" not in str(stored.path) and "static" not in str(stored.path)
    assert files_under(media_root) == [stored.path]
    assert stored.path.read_bytes() == data
    assert stat.S_IMODE(stored.path.stat().st_mode) == 0o640
    # and the row records the checked facts and the name for display only
    row = StoredFile.objects.get(pk=stored.pk)
    assert row.content_type == "application/pdf"
    assert row.size == len(data)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.uploaded_by == owner
    assert row.purpose == "certificate"
    assert row.original_name == "Udyam certificate.pdf"


def test_two_uploads_of_one_file_get_two_generated_names(owner, media_root):
    # given one PNG uploaded twice under the same name
    data = make_png()
    # when both are stored
    first = store_upload(upload("logo.png", data), by=owner, purpose="logo")
    second = store_upload(upload("logo.png", data), by=owner, purpose="logo")
    # then each has its own file and the same hash
    assert first.path != second.path
    assert sorted(files_under(media_root)) == sorted([first.path, second.path])
    assert first.sha256 == second.sha256


# --- Refused files --------------------------------------------------------------------------

REFUSED = [
    pytest.param(
        "certificate.png", lambda: b"\x89PNG\r\n\x1a\n" + HTML, "markup", id="png-header-then-html"
    ),
    pytest.param(
        "certificate.png",
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048 + HTML,
        "not_allowed",
        id="png-header-then-padding-and-html",
    ),
    pytest.param("logo.png", lambda: make_png() + HTML, "trailing_data", id="png-then-html"),
    pytest.param(
        "logo.png", lambda: make_png() + b"\x00" * 64, "trailing_data", id="png-then-padding"
    ),
    pytest.param(
        "photo.jpg",
        lambda: make_jpeg() + b"<script>alert(1)</script>",
        "trailing_data",
        id="jpeg-then-script",
    ),
    pytest.param(
        "photo.jpg",
        lambda: make_jpeg() + b"<script>alert(1)</script>\xff\xd9",
        "trailing_data",
        id="jpeg-then-script-and-a-second-end-marker",
    ),
    pytest.param("certificate.pdf", lambda: HTML, "markup", id="html-named-pdf"),
    pytest.param("logo.png", lambda: SVG, "markup", id="svg-named-png"),
    pytest.param("logo.gif", lambda: make_image("GIF"), "not_allowed", id="gif"),
    pytest.param("certificate.pdf", lambda: b"", "empty", id="empty"),
    pytest.param(
        "certificate.pdf",
        lambda: b"%PDF-1.7\n" + _noise(4096) + b"\n%%EOF\n",
        "not_allowed",
        id="pdf-header-then-junk",
    ),
    pytest.param(
        "certificate.pdf",
        lambda: make_pdf() + b"\n" + _noise(2048).hex().encode() + HTML,
        "not_allowed",
        id="pdf-then-more-than-a-kilobyte",
    ),
    pytest.param(
        "certificate.pdf",
        lambda: make_pdf(user_password="secret"),
        "encrypted",
        id="pdf-needing-a-password",
    ),
    pytest.param("photo.png", lambda: make_png()[:-200], "not_allowed", id="png-cut-short"),
    pytest.param("photo.jpg", lambda: make_jpeg()[:-200], "not_allowed", id="jpeg-cut-short"),
    pytest.param(
        "banner.png",
        lambda: make_png(size=(10_001, 1)),
        "too_many_pixels",
        id="png-wider-than-10000-pixels",
    ),
    pytest.param(
        "poster.png",
        lambda: _blank_png((10_001, 10_000)),
        "too_many_pixels",
        id="png-over-100-megapixels",
    ),
    pytest.param(
        "notes.txt",
        lambda: b"Udyam Registration Number: UDYAM-OD-01-0000001",
        "not_allowed",
        id="text",
    ),
]


@pytest.mark.parametrize(("name", "make", "code"), REFUSED)
def test_a_file_that_is_not_an_intact_pdf_png_or_jpeg_is_refused_and_nothing_is_kept(
    owner, media_root, name, make, code
):
    # given a file that is not what the portal accepts, whatever its name says
    file = upload(name, make(), "application/pdf")
    # when the owner uploads it
    with pytest.raises(ValidationError) as refused:
        store_upload(file, by=owner, purpose="certificate")
    # then the reason is given for people, and nothing was written
    assert refused.value.code == code
    message = refused.value.messages[0]
    assert message.endswith(".") and len(message) > 20
    assert StoredFile.objects.count() == 0
    assert files_under(media_root) == []


@pytest.mark.parametrize("code", ["not_allowed", "markup", "empty", "trailing_data"])
def test_a_refusal_of_the_type_says_what_is_accepted(code):
    # given a file refused for its type
    data = {
        "not_allowed": make_image("GIF"),
        "markup": HTML,
        "empty": b"",
        "trailing_data": make_png() + HTML,
    }[code]
    # when it is sniffed
    with pytest.raises(ValidationError) as refused:
        sniff(data)
    # then the message names the accepted types
    assert refused.value.code == code
    assert "PDF, PNG or JPEG" in refused.value.messages[0]


@override_settings(UPLOAD_MAX_BYTES=ONE_MB)
def test_a_file_one_byte_over_the_limit_is_refused_with_the_limit_and_its_size(owner, media_root):
    # given a limit of 1 MB and a PDF one byte over it
    data = b"%PDF-1.7\n" + b"0" * (ONE_MB - 9 + 1)
    assert len(data) == ONE_MB + 1
    # when the owner uploads it
    with pytest.raises(ValidationError) as refused:
        store_upload(upload("brochure.pdf", data), by=owner, purpose="brochure")
    # then the message states the limit and the file's size, and nothing is kept
    assert refused.value.code == "too_large"
    assert refused.value.messages[0] == (
        "This file is too large: the limit is 1 MB and this file is 1.1 MB."
    )
    assert StoredFile.objects.count() == 0
    assert files_under(media_root) == []


@override_settings(UPLOAD_MAX_BYTES=ONE_MB)
def test_a_file_exactly_at_the_limit_is_read_whole():
    # given a file of exactly the limit
    data = b"x" * ONE_MB
    # when it is read
    read = read_limited(upload("brochure.pdf", data))
    # then all of it is there
    assert read == data


class _CountingFile(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@override_settings(UPLOAD_MAX_BYTES=ONE_MB)
def test_a_file_larger_than_it_claims_is_refused_after_reading_one_byte_past_the_limit():
    # given a 5 MB upload that claims to be 10 bytes
    raw = _CountingFile(b"%PDF-" + b"0" * (5 * ONE_MB))
    file = File(raw, name="brochure.pdf")
    file.size = 10
    # when it is read
    with pytest.raises(ValidationError) as refused:
        read_limited(file)
    # then it is refused without reading the rest
    assert refused.value.code == "too_large"
    assert raw.bytes_read == ONE_MB + 1


def test_a_store_that_fails_at_the_database_step_leaves_no_file_behind(owner, media_root):
    # given a valid PNG, and a purpose longer than the column allows, so PostgreSQL refuses
    # the row after the file was written
    data = make_png()
    # when the owner uploads it
    with pytest.raises(DataError):
        store_upload(upload("logo.png", data), by=owner, purpose="x" * 100)
    # then neither the row nor the file exists
    assert StoredFile.objects.count() == 0
    assert files_under(media_root) == []


# --- Serving --------------------------------------------------------------------------------


def test_a_file_is_served_as_an_attachment_of_its_checked_type_that_browsers_will_not_render(
    owner, media_root
):
    # given a PNG uploaded as "invoice.html", claimed by the browser to be HTML
    data = make_png()
    stored = store_upload(upload("invoice.html", data, "text/html"), by=owner, purpose="logo")
    # when it is served
    response = file_response(stored)
    try:
        body = b"".join(response.streaming_content)
    finally:
        response.close()
    # then it is a download of image/png named .png, which browsers may not sniff or run
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="invoice.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert body == data


@pytest.mark.parametrize(
    ("original_name", "content_type", "download"),
    [
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("photo.JPG", "image/jpeg", "photo.JPG"),
        ("scan", "application/pdf", "scan.pdf"),
        ("प्रमाणपत्र.pdf", "application/pdf", "प्रमाणपत्र.pdf"),
        ("logo.svg", "image/png", "logo.png"),
    ],
)
def test_the_download_name_keeps_the_name_and_gets_the_checked_types_extension(
    original_name, content_type, download
):
    # given a stored file of a checked type
    stored = StoredFile(original_name=original_name, content_type=content_type)
    # when its download name is made
    name = download_name(stored)
    # then it keeps the name and ends with an extension of that type
    assert name == download


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Priya\\certificate.pdf", "certificate.pdf"),
        ("cert\u202efdp.exe", "certfdp.exe"),
        ('a"b<c>.pdf', "a_b_c_.pdf"),
        ("line\r\nbreak.pdf", "linebreak.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("...", "file"),
        ("", "file"),
        (None, "file"),
        ("n" * 300 + ".pdf", "n" * 196 + ".pdf"),
    ],
)
def test_original_names_are_cleaned_for_display(name, cleaned):
    # given a name chosen by the uploader
    # when it is cleaned
    result = clean_original_name(name)
    # then it is one safe, short file name
    assert result == cleaned
    assert len(result) <= 200


# --- The form field -------------------------------------------------------------------------


class _CertificateForm(forms.Form):
    certificate = UploadField(label="Certificate")


def _bound_form(name: str, data: bytes, content_type: str) -> forms.Form:
    return _CertificateForm(data={}, files={"certificate": upload(name, data, content_type)})


def test_the_upload_field_shows_a_refusal_on_the_field():
    # given an HTML file named certificate.pdf and claimed to be a PDF
    form = _bound_form("certificate.pdf", HTML, "application/pdf")
    # when the form is validated
    valid = form.is_valid()
    # then the field carries the reason
    assert not valid
    assert "web page markup" in form.errors["certificate"][0]


@override_settings(UPLOAD_MAX_BYTES=ONE_MB)
def test_the_upload_field_refuses_a_file_over_the_limit():
    # given a file one byte over the limit
    form = _bound_form("brochure.pdf", b"0" * (ONE_MB + 1), "application/pdf")
    # when the form is validated
    valid = form.is_valid()
    # then the field says how large a file may be
    assert not valid
    assert "the limit is 1 MB" in form.errors["certificate"][0]


def test_the_upload_field_accepts_a_real_file_and_records_its_checked_type(owner, media_root):
    # given a real JPEG that the browser called a PDF
    data = make_jpeg()
    form = _bound_form("photo.pdf", data, "application/pdf")
    # when the form is validated and the file stored
    assert form.is_valid(), form.errors
    file = form.cleaned_data["certificate"]
    stored = store_upload(file, by=owner, purpose="certificate")
    # then the checked type replaced the browser's claim, and the whole file was stored
    assert file.content_type == "image/jpeg"
    assert stored.content_type == "image/jpeg"
    assert stored.path.read_bytes() == data


def test_the_upload_field_tells_the_browser_which_types_to_offer():
    # given the certificate form
    form = _CertificateForm()
    # when it is rendered
    html = str(form["certificate"])
    # then the file picker offers PDF, PNG and JPEG, and the help text states the limit
    assert 'accept="application/pdf,image/png,image/jpeg"' in html
    assert form["certificate"].help_text == "PDF, PNG or JPEG, at most 10 MB."
