"""The form renderer: every form on the portal uses the accessible templates in templates/forms/."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Labels above inputs, errors announced and tied to their field, help text linked."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where the service named one
    the form has, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
