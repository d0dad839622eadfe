"""The form renderer: every form on the portal uses the accessible templates in templates/forms/."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Labels above inputs, errors announced and tied to their field, help text linked."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
