"""Small files for upload tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "drawing.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def disguised_html(name: str = "drawing.png") -> SimpleUploadedFile:
    """HTML with a PNG name and a PNG content type: refused by its content."""
    data = b"<html><script>alert(document.cookie)</script></html>"
    return SimpleUploadedFile(name, data, content_type="image/png")
