"""The search in the API: the page's filters as query parameters, results and counts as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from udyamsetu.search import services
from udyamsetu.search.forms import SearchForm
from udyamsetu.search.models import Kind

router = Router(tags=["search"])


class CountOut(Schema):
    value: str
    count: int
    capped: bool


class HitOut(Schema):
    kind: str
    key: str
    title: str
    summary: str
    state: str
    district: str
    country: str
    size_class: str
    verification: int
    exporter: bool
    processes: list[int]
    technology_areas: list[int]
    certifications: list[int]
    distance_km: float | None


class SearchOut(Schema):
    total: int
    total_capped: bool
    page: int
    page_size: int
    corrected_q: str
    fuzzy: bool
    results: list[HitOut]
    facets: dict[str, list[CountOut]]


class SearchErrorOut(Schema):
    detail: dict[str, list[str]]


@router.get(
    "/search/{kind}",
    response={200: SearchOut, 400: SearchErrorOut},
    summary="Search enterprises, partners, opportunities or facilities",
    description=(
        "The search page's parameters: q, state, district, nic_section, nic_division, nic, "
        "size, process, certification, area (vocabulary slugs), verification, exporter, pin, "
        "radius, sort (relevance, newest, distance), page. Repeat a parameter for several "
        f"values. Counts of {services.COUNT_CAP:,} or more are reported as capped."
    ),
)
def search(request: HttpRequest, kind: Kind):
    data = request.GET.copy()
    data["kind"] = kind.value
    form = SearchForm(data)
    if not form.is_valid():
        return Status(400, {"detail": {k: list(v) for k, v in form.errors.items()}})
    params = form.params()
    result = services.search(params)
    return {
        "total": result.total,
        "total_capped": result.total_capped,
        "page": params.page,
        "page_size": services.PAGE_SIZE,
        "corrected_q": result.corrected_q,
        "fuzzy": result.fuzzy,
        "results": [hit.__dict__ for hit in result.hits],
        "facets": {
            name: [{"value": c.value, "count": c.count, "capped": c.capped} for c in counts]
            for name, counts in result.facets.items()
        },
    }
