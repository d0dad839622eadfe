"""Template helpers shared by every app."""

from __future__ import annotations

from django import template

from udyamsetu.core.countries import country_name as _country_name

register = template.Library()


@register.filter
def country_names(codes: list[str]) -> str:
    """ISO country codes as names in the reader's language: ["IL", "TW"] → "Israel, Taiwan"."""
    return ", ".join(_country_name(code) for code in codes or [])


@register.filter
def term_name(term, language: str) -> str:
    """A vocabulary term in the reader's language."""
    return term.display_name(language)
