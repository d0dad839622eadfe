"""Uploaded files: what is accepted, how it is stored, and how it is handed back.

The rules, for every upload on the portal (certificates, brochures, logos):

- Only PDF, PNG and JPEG are accepted, and the type is found in the content: the file's name and
  the browser's `Content-Type` are never trusted. A PDF must start with `%PDF-`, end with
  `%%EOF` in its last kilobyte and open in pypdf with at least one page (a PDF that needs a
  password is refused). A PNG or JPEG must be decoded completely by Pillow, be at most
  10,000 by 10,000 pixels, and end where the image ends: nothing after PNG's `IEND` chunk, at
  most a few padding bytes after JPEG's end-of-image marker. Files whose first kilobyte holds
  HTML, script or SVG markup are refused too. Together these refuse "a PNG header followed by
  HTML" and image/HTML polyglots.
- The size is limited to `UPLOAD_MAX_BYTES` (10 MB unless the setting says otherwise); no more
  than the limit plus one byte is ever read. The reverse proxy's `client_max_body_size` should
  match it.
- Accepted bytes are written atomically under `MEDIA_ROOT` (outside the web root, never served
  by a URL) as `<first two characters of a UUID>/<UUID>`, mode 0640; the uploader's file name
  is kept in the database for display only and never becomes part of a path.
- `file_response` hands a file back as an attachment, with the checked content type,
  `X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy and no caching.

Permission is the caller's job. `StoredFile` does not know who may see it; the feature that
refers to it does. A download view must fetch the owning object through its app's
permission-scoped service (`visible_…(user, …)`, 404 for someone who may not see it), take the
`StoredFile` from that object, and only then call `file_response`. Never look a `StoredFile` up
by an id taken from the request.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import tempfile
import threading
import unicodedata
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from PIL import Image
from pypdf import PasswordType, PdfReader

from udyamsetu.core.models import StoredFile, UploadContentType

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED = {"application/pdf", "image/png", "image/jpeg"}
ACCEPT = "application/pdf,image/png,image/jpeg"
MAX_IMAGE_SIDE = 10_000
# Pillow refuses larger images outright (DecompressionBombError at twice this) and warns above
# it; `_check_image` turns the warning into an error too.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE

EXTENSIONS = {
    UploadContentType.PDF: (".pdf",),
    UploadContentType.PNG: (".png",),
    UploadContentType.JPEG: (".jpg", ".jpeg"),
}
MAX_NAME_LENGTH = 200
# Markup a browser might render if it ever sniffed the file; checked in the first kilobyte, the
# part browsers sniff.
MARKUP = re.compile(rb"<html|<script|<svg|<!doctype", re.IGNORECASE)
SNIFF_WINDOW = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# Some encoders pad after the end-of-image marker; anything else there is refused.
JPEG_PADDING = frozenset(b"\x00\xff\r\n\t ")
JPEG_MAX_PADDING = 16
PDF_EOF_WINDOW = 1024
# Warning filters are process-wide and the server runs threads: one header read at a time
# changes them, and only for Pillow's own warning.
_PILLOW_WARNINGS = threading.Lock()


def max_upload_bytes() -> int:
    """The size limit in bytes: `settings.UPLOAD_MAX_BYTES`, or 10 MB."""
    return getattr(settings, "UPLOAD_MAX_BYTES", MAX_UPLOAD_BYTES)


def _megabytes(size: int, *, round_up: bool = False) -> str:
    tenths = size * 10 / (1024 * 1024)
    value = (math.ceil(tenths) if round_up else math.floor(tenths)) / 10
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _upload_help_text() -> str:
    return gettext("PDF, PNG or JPEG, at most %(limit)s MB.") % {
        "limit": _megabytes(max_upload_bytes())
    }


def _not_allowed() -> ValidationError:
    return ValidationError(
        gettext(
            "This file is not a PDF, PNG or JPEG file. Only those are accepted, and the type is "
            "read from the file's content, not its name."
        ),
        code="not_allowed",
    )


def _trailing_data() -> ValidationError:
    return ValidationError(
        gettext(
            "This image has extra data after its end, which is not accepted. Save it again "
            "from an image editor and upload that copy (PDF, PNG or JPEG)."
        ),
        code="trailing_data",
    )


# --- Recognising the content ----------------------------------------------------------------


def sniff(data: bytes) -> str:
    """The content type of `data` (one of `ALLOWED`), found from the content alone.

    Raises `ValidationError` with a message for people when the content is not an intact PDF,
    PNG or JPEG (see the module docstring for the rules).
    """
    if not data:
        raise ValidationError(
            gettext("The file is empty. Upload a PDF, PNG or JPEG file."), code="empty"
        )
    if MARKUP.search(data[:SNIFF_WINDOW]):
        raise ValidationError(
            gettext(
                "This file contains web page markup (HTML, script or SVG), which is not "
                "accepted. Upload a PDF, PNG or JPEG file."
            ),
            code="markup",
        )
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return UploadContentType.PDF.value
    if data.startswith(PNG_SIGNATURE):
        # The cheap structural check first: a polyglot is refused before anything is decoded.
        if _png_end(data) != len(data):
            raise _trailing_data()
        _check_image(data, "PNG")
        return UploadContentType.PNG.value
    if data.startswith(JPEG_SIGNATURE):
        trailing = data[_jpeg_end(data) :]
        if len(trailing) > JPEG_MAX_PADDING or not set(trailing) <= JPEG_PADDING:
            raise _trailing_data()
        _check_image(data, "JPEG")
        return UploadContentType.JPEG.value
    raise _not_allowed()


def _check_pdf(data: bytes) -> None:
    # Readers look for %%EOF in the last kilobyte; a document followed by more is a polyglot.
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise _not_allowed()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ValidationError(
                gettext("This PDF is protected by a password. Upload a copy without one."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged input
        raise _not_allowed() from error
    if pages < 1:
        raise _not_allowed()


def _check_image(data: bytes, expected_format: str) -> None:
    """Decode the whole image with Pillow, refusing anything that is not `expected_format`."""
    try:
        # Pillow's decompression-bomb check runs while the header is read, in Image.open.
        with _PILLOW_WARNINGS, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            header = Image.open(io.BytesIO(data), formats=[expected_format])
        with header as image:
            # Only the header has been read: check the size before decoding anything.
            _check_dimensions(image)
            image.verify()
        with Image.open(io.BytesIO(data), formats=[expected_format]) as image:
            if image.format != expected_format:
                raise _not_allowed()
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow reports damaged data with many kinds of error
        raise _not_allowed() from error


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = number_format(MAX_IMAGE_SIDE, force_grouping=True)
    if width is None or height is None:
        message = gettext("This image is too large: at most %(limit)s by %(limit)s pixels.") % {
            "limit": limit
        }
    else:
        message = gettext(
            "This image is too large: at most %(limit)s by %(limit)s pixels, and it is "
            "%(width)s by %(height)s."
        ) % {"limit": limit, "width": width, "height": height}
    return ValidationError(message, code="too_many_pixels")


def _png_end(data: bytes) -> int:
    """The offset just after the IEND chunk; the chunks before it must be well formed."""
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunk_type = data[position + 4 : position + 8]
        end = position + 12 + length  # length, type, data, CRC
        if end > len(data):
            break
        if chunk_type == b"IEND":
            return end
        position = end
    raise _not_allowed()


def _jpeg_end(data: bytes) -> int:
    """The offset just after the end-of-image marker that ends the first image.

    Walks the segments (skipping their contents by length, so thumbnails in EXIF do not count)
    and the entropy-coded data after each start-of-scan, as a decoder does. Searching for the
    last FF D9 instead would let `<script>…</script>` followed by FF D9 through.
    """
    position = 2  # after SOI
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            raise _not_allowed()
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            break
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return position
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if position + 2 > size:
            break
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2:
            raise _not_allowed()
        position += length
        if marker == 0xDA:  # SOS: entropy-coded data runs to the next real marker
            while True:
                found = data.find(b"\xff", position)
                if found < 0 or found + 1 >= size:
                    raise _not_allowed()
                following = data[found + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
                    position = found + 2
                elif following == 0xFF:
                    position = found + 1
                else:
                    position = found
                    break
    raise _not_allowed()


# --- Reading, storing and serving -----------------------------------------------------------


def read_limited(uploaded_file: Any) -> bytes:
    """All of `uploaded_file`'s bytes, or `ValidationError` if it is over the size limit.

    Reads at most the limit plus one byte, whatever size the upload claims; rewinds the file
    before and after so the next reader sees all of it.
    """
    limit = max_upload_bytes()
    declared = getattr(uploaded_file, "size", None) or 0
    if declared > limit:
        raise _too_big(limit, declared)
    uploaded_file.seek(0)
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = uploaded_file.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    uploaded_file.seek(0)
    data = b"".join(chunks)
    if len(data) > limit:
        raise _too_big(limit, max(declared, len(data)))
    return data


def _too_big(limit: int, size: int) -> ValidationError:
    return ValidationError(
        gettext("This file is too large: the limit is %(limit)s MB and this file is %(size)s MB.")
        % {"limit": _megabytes(limit), "size": _megabytes(size, round_up=True)},
        code="too_large",
    )


def check_upload(uploaded_file: Any) -> tuple[bytes, str]:
    """The bytes of an upload and their content type, after the size and content checks."""
    data = read_limited(uploaded_file)
    return data, sniff(data)


def clean_original_name(name: str | None) -> str:
    """A file name that is safe to show and to offer as a download name.

    Keeps the last path component, drops control and formatting characters (including the
    right-to-left override used to disguise extensions) and characters Windows forbids, and
    shortens it to 200 characters keeping the extension.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = " ".join(name.split()).strip(". ")
    if not name:
        return "file"
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def download_name(stored: StoredFile) -> str:
    """The stored file's display name with an extension that matches its checked type."""
    extensions = EXTENSIONS[UploadContentType(stored.content_type)]
    name = clean_original_name(stored.original_name)
    stem, dot, extension = name.rpartition(".")
    if dot and stem and f".{extension.lower()}" in extensions:
        return name
    base = stem if dot and stem else name
    return base[: MAX_NAME_LENGTH - len(extensions[0])] + extensions[0]


def store_upload(uploaded_file: Any, *, by: AbstractBaseUser | None, purpose: str) -> StoredFile:
    """Check an upload and keep it: the bytes under a generated name, the facts in a row.

    Raises `ValidationError` (nothing written) when the file is too large or not an accepted
    type. The file is written atomically before the row; if the row cannot be written the file is
    removed again. Callers in a larger transaction that rolls back later leave an orphan file
    without a row (harmless: nothing can refer to it).
    """
    data, content_type = check_upload(uploaded_file)
    stored = StoredFile(
        original_name=clean_original_name(getattr(uploaded_file, "name", None)),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        purpose=purpose,
    )
    path = stored.path
    _write_atomically(path, data)
    try:
        with transaction.atomic():
            stored.save(force_insert=True)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename survives a crash
    finally:
        os.close(directory)


def file_response(stored: StoredFile) -> FileResponse:
    """The stored file as a download, with the headers that keep browsers from rendering it.

    Call it only after the caller's permission check (see the module docstring).
    """
    response = FileResponse(
        stored.path.open("rb"),
        as_attachment=True,
        filename=download_name(stored),
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Forms -----------------------------------------------------------------------------------


class UploadField(forms.FileField):
    """A file field that runs the size and content checks in `clean`, so a refused file shows
    its reason on the field. `store_upload` checks again: a form is not the only way in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("help_text", lazy(_upload_help_text, str)())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            _data, content_type = check_upload(value)
            # What the browser claimed is replaced by what the content is.
            value.content_type = content_type
        return value


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one input, each checked as `UploadField` checks one; at most
    `max_files`. Cleans to a list (empty when none was chosen)."""

    def __init__(self, *, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                gettext("At most %(n)d files.") % {"n": self.max_files}, code="too_many"
            )
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        for uploaded in files:
            try:
                cleaned.append(super().clean(uploaded, initial))
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    [f"{clean_original_name(uploaded.name)}: {m}" for m in error.messages]
                ) from error
        return cleaned
