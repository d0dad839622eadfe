"""Test data for search: registry enterprises made in one line."""

from __future__ import annotations

from datetime import date

from udyamsetu.enterprises.models import Enterprise

_serial = iter(range(1, 10_000_000))


def make(name: str, **fields) -> Enterprise:
    """An unclaimed registry enterprise (listed in search), Odisha by default."""
    state = fields.pop("state", "OD")
    pin = fields.pop("pin_code", {"OD": "753001", "MH": "411001", "KA": "560001"}[state])
    processes = fields.pop("processes", [])
    values = {
        "udyam_number": f"UDYAM-{state}-01-{next(_serial):07d}", "legal_name": name,
        "organisation_type": "proprietary", "commencement_date": date(2015, 1, 1),
        "major_activity": "manufacturing", "nic_codes": ["25920"], "investment_rupees": 10**6,
        "turnover_rupees": 10**7, "size_class": "micro", "pin_code": pin, "state": state,
        "source": "registry", **fields,
    }  # fmt: skip
    enterprise = Enterprise.objects.create(**values)
    if processes:
        enterprise.processes.set(processes)
    return enterprise
