"""Shared base models, and the record of every uploaded file."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds `created_at` and `updated_at`, both in UTC."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UploadContentType(models.TextChoices):
    """The only kinds of file the portal accepts, as found in the file's content."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


class StoredFile(TimeStampedModel):
    """An uploaded file (a certificate, a brochure, a logo) that passed the checks in
    `core.uploads`; create it only with `core.uploads.store_upload`.

    The bytes live at `MEDIA_ROOT/<first two characters of id>/<id>`: the name is generated, has
    no extension and no part chosen by the uploader. `original_name` is for display only
    (sanitised) and `content_type` is the type found in the content, never the browser's claim or
    the name's extension. The record says nothing about who may download the file: the feature
    that refers to it decides, through its own permission-scoped service.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(
        _("content type"), max_length=32, choices=UploadContentType.choices
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_files",
    )
    purpose = models.CharField(_("purpose"), max_length=32)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=UploadContentType.values),
                name="storedfile_content_type_allowed",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="storedfile_size_positive"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def path(self) -> Path:
        """Where the bytes are on disk; derived from the id alone."""
        name = str(self.id)
        return Path(settings.MEDIA_ROOT) / name[:2] / name
