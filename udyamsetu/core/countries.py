"""Country names in the reader's language, from the CLDR data that Babel ships."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# Codes that are not countries people register from (EU, UN, "unknown region", ...).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}


@cache
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, LookupError):
        locale = Locale("en")
    names = {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    return tuple(sorted(names.items(), key=lambda item: item[1]))


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, name) pairs sorted by name in the active language."""
    return list(_countries(get_language() or "en"))


def country_name(code: str) -> str:
    """The name of an ISO 3166 alpha-2 code in the active language (the code if unknown)."""
    return dict(_countries(get_language() or "en")).get(code.upper(), code)


def is_country(code: str) -> bool:
    """True for an ISO 3166 alpha-2 code of a real country."""
    return code.upper() in dict(_countries("en"))
