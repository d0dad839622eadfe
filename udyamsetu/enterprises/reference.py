"""Reference data shipped with the portal: states and their Udyam codes, NIC 2008, PIN codes,
and the MSME classification limits.

Everything here is static and loaded once per process.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import indian_pincode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class State:
    """A state or union territory: its code in Udyam numbers, its name, and its share of
    Udyam registrations (used by the synthetic registry)."""

    code: str
    name: str  # English; marked with gettext_noop, shown through gettext_lazy
    pin_name: str  # the name the PIN code directory uses
    share: float


# Udyam numbers carry the state's two-letter code (UDYAM-MH-33-0001234). Shares are rounded
# from the Udyam dashboard's state-wise registrations; they only shape the synthetic data.
STATES: tuple[State, ...] = (
    State("AN", gettext_noop("Andaman and Nicobar Islands"), "ANDAMAN AND NICOBAR ISLANDS", 0.05),
    State("AP", gettext_noop("Andhra Pradesh"), "ANDHRA PRADESH", 3.2),
    State("AR", gettext_noop("Arunachal Pradesh"), "ARUNACHAL PRADESH", 0.05),
    State("AS", gettext_noop("Assam"), "ASSAM", 1.4),
    State("BR", gettext_noop("Bihar"), "BIHAR", 4.6),
    State("CH", gettext_noop("Chandigarh"), "CHANDIGARH", 0.2),
    State("CG", gettext_noop("Chhattisgarh"), "CHHATTISGARH", 1.5),
    State("DL", gettext_noop("Delhi"), "DELHI", 3.0),
    State("GA", gettext_noop("Goa"), "GOA", 0.3),
    State("GJ", gettext_noop("Gujarat"), "GUJARAT", 7.4),
    State("HR", gettext_noop("Haryana"), "HARYANA", 2.8),
    State("HP", gettext_noop("Himachal Pradesh"), "HIMACHAL PRADESH", 0.6),
    State("JK", gettext_noop("Jammu and Kashmir"), "JAMMU AND KASHMIR", 1.3),
    State("JH", gettext_noop("Jharkhand"), "JHARKHAND", 1.6),
    State("KA", gettext_noop("Karnataka"), "KARNATAKA", 5.1),
    State("KL", gettext_noop("Kerala"), "KERALA", 2.6),
    State("LA", gettext_noop("Ladakh"), "LADAKH", 0.02),
    State("LD", gettext_noop("Lakshadweep"), "LAKSHADWEEP", 0.01),
    State("MP", gettext_noop("Madhya Pradesh"), "MADHYA PRADESH", 4.4),
    State("MH", gettext_noop("Maharashtra"), "MAHARASHTRA", 15.9),
    State("MN", gettext_noop("Manipur"), "MANIPUR", 0.4),
    State("ML", gettext_noop("Meghalaya"), "MEGHALAYA", 0.1),
    State("MZ", gettext_noop("Mizoram"), "MIZORAM", 0.1),
    State("NL", gettext_noop("Nagaland"), "NAGALAND", 0.1),
    State("OD", gettext_noop("Odisha"), "ODISHA", 2.3),
    State("PY", gettext_noop("Puducherry"), "PUDUCHERRY", 0.2),
    State("PB", gettext_noop("Punjab"), "PUNJAB", 2.9),
    State("RJ", gettext_noop("Rajasthan"), "RAJASTHAN", 6.3),
    State("SK", gettext_noop("Sikkim"), "SIKKIM", 0.03),
    State("TN", gettext_noop("Tamil Nadu"), "TAMIL NADU", 9.5),
    State("TS", gettext_noop("Telangana"), "TELANGANA", 3.4),
    State(
        "DN",
        gettext_noop("Dadra and Nagar Haveli and Daman and Diu"),
        "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU",
        0.1,
    ),
    State("TR", gettext_noop("Tripura"), "TRIPURA", 0.3),
    State("UP", gettext_noop("Uttar Pradesh"), "UTTAR PRADESH", 9.6),
    State("UK", gettext_noop("Uttarakhand"), "UTTARAKHAND", 0.9),
    State("WB", gettext_noop("West Bengal"), "WEST BENGAL", 5.7),
)
STATES_BY_CODE = {s.code: s for s in STATES}
STATES_BY_PIN_NAME = {s.pin_name: s for s in STATES}
STATE_CHOICES = [(s.code, gettext_lazy(s.name)) for s in STATES]

UDYAM_NUMBER = re.compile(r"^UDYAM-([A-Z]{2})-(\d{2})-(\d{7})$")


def udyam_number_error(value: str) -> str | None:
    """Why a Udyam registration number is invalid, or None when it is valid."""
    match = UDYAM_NUMBER.match(value)
    if not match:
        return _("must look like UDYAM-SS-DD-NNNNNNN (state code, district number, 7 digits)")
    if match.group(1) not in STATES_BY_CODE:
        return _("%(code)s is not a state code") % {"code": match.group(1)}
    if match.group(2) == "00":
        return _("the district number cannot be 00")
    return None


# --- NIC 2008 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NicCode:
    """An entry of the National Industrial Classification 2008: section letter, 2-digit division,
    3-digit group or 4-digit class (sub-classes are 5 digits under a class)."""

    code: str
    level: str
    section: str
    title: str


@cache
def nic_codes() -> dict[str, NicCode]:
    """Every section, division, group and class, by code."""
    with (DATA / "nic2008.csv").open(newline="", encoding="utf-8") as f:
        return {row["code"]: NicCode(**row) for row in csv.DictReader(f)}


def nic_error(code: str) -> str | None:
    """Why a NIC code given for an enterprise is invalid, or None.

    Enterprises record 5-digit sub-classes (or 4-digit classes). The shipped list has NIC 2008 to
    class level, so a sub-class is checked for its form and for its class existing.
    """
    if not re.fullmatch(r"\d{4,5}", code):
        return _("NIC code %(code)s must have 4 or 5 digits") % {"code": code}
    if code[:4] not in nic_codes() or nic_codes()[code[:4]].level != "class":
        return _("NIC code %(code)s is not in NIC 2008 (no class %(class)s)") % {
            "code": code,
            "class": code[:4],
        }
    return None


def nic_title(code: str) -> str:
    """The title of a code's class (or of the code itself for divisions and groups)."""
    entry = nic_codes().get(code) or nic_codes().get(code[:4])
    return entry.title if entry else ""


def nic_hierarchy(code: str) -> list[NicCode]:
    """Section, division, group and class above a code, most general first."""
    table = nic_codes()
    found = [table[c] for c in (code[:2], code[:3], code[:4]) if c in table]
    if found:
        return [table[found[0].section], *found]
    return []


def search_nic(query: str, limit: int = 20) -> list[NicCode]:
    """Classes whose code starts with, or whose title contains, every word of the query."""
    words = query.lower().split()
    if not words:
        return []
    results = []
    for entry in nic_codes().values():
        if entry.level != "class":
            continue
        haystack = f"{entry.code} {entry.title.lower()}"
        if all(w in haystack for w in words) or entry.code.startswith(query.strip()):
            results.append(entry)
            if len(results) >= limit:
                break
    return results


# --- PIN codes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinLocation:
    pin: str
    state: State
    district: str


def pin_location(pin: str) -> PinLocation | None:
    """The state and district of a PIN code, from the offline directory; None if unknown."""
    details = indian_pincode.get_details(pin) if re.fullmatch(r"[1-9]\d{5}", pin) else None
    if not details or details.get("state") not in STATES_BY_PIN_NAME:
        return None
    districts = details.get("districts") or [""]
    return PinLocation(pin, STATES_BY_PIN_NAME[details["state"]], districts[0].title())


@cache
def pin_directory() -> dict[str, PinLocation]:
    """Every known PIN code and its location, for bulk work (the import, the generator).

    The directory lists a few PIN codes under neighbouring states too; only the main state,
    the one `pin_location` gives, counts.
    """
    locations = (pin_location(pin) for pin in indian_pincode.get_pincodes())
    return {location.pin: location for location in locations if location is not None}


def pin_codes_by_state() -> dict[str, list[str]]:
    """Every known PIN code with a district, grouped by the Udyam code of its main state."""
    grouped: dict[str, list[str]] = {s.code: [] for s in STATES}
    for pin, location in pin_directory().items():
        if location.district:
            grouped[location.state.code].append(pin)
    return {code: sorted(pins) for code, pins in grouped.items()}


# --- Classification (S.O. 1364(E), 21 March 2025, in force from 1 April 2025) -----------------

CRORE = 10_000_000


@dataclass(frozen=True)
class SizeLimit:
    size: str
    investment: int  # rupees, at most
    turnover: int  # rupees, at most (exports excluded)


SIZE_LIMITS = (
    SizeLimit("micro", 25 * CRORE // 10, 10 * CRORE),
    SizeLimit("small", 25 * CRORE, 100 * CRORE),
    SizeLimit("medium", 125 * CRORE, 500 * CRORE),
)
LIMITS_IN_FORCE_FROM = date(2025, 4, 1)


def size_class(
    investment: int | Decimal, turnover: int | Decimal, export_turnover: int | Decimal = 0
) -> str:
    """micro, small, medium or large, from investment in plant and machinery and turnover.

    Both limits must hold; exceeding either moves the enterprise up. Exports are excluded from
    turnover. Amounts in rupees.
    """
    domestic_turnover = max(turnover - export_turnover, 0)
    for limit in SIZE_LIMITS:
        if investment <= limit.investment and domestic_turnover <= limit.turnover:
            return limit.size
    return "large"
