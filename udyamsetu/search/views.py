"""The search page: one form of filters, results and counts that htmx updates in place."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.htmx import render_page_or_partial
from udyamsetu.core.ratelimit import client_key, over_limit
from udyamsetu.enterprises.models import Enterprise, Term
from udyamsetu.enterprises.reference import STATES_BY_CODE, nic_codes
from udyamsetu.search import services
from udyamsetu.search.forms import SavedSearchForm, SearchForm
from udyamsetu.search.models import Kind, SavedSearch

SHOWN_PER_FACET = 12


def search(request: HttpRequest) -> HttpResponse:
    """Search enterprises, partners, opportunities or facilities; anyone may, within limits."""
    limit = (
        settings.SEARCH_RATE_AUTHENTICATED
        if request.user.is_authenticated
        else (settings.SEARCH_RATE_ANONYMOUS)
    )
    if over_limit("search", client_key(request), limit):
        return render(request, "429.html", status=429)
    form = SearchForm(request.GET or None)
    result = None
    params = None
    if not request.GET or form.is_valid():
        params = form.params() if request.GET else services.SearchParams()
        result = services.search(params)
    kind = params.kind if params else (request.GET.get("kind") or Kind.ENTERPRISE)
    context = {
        "form": form,
        "kind": kind,
        "tabs": _tabs(request, kind),
        "result": result,
        "params": params,
        "hits": hit_cards(result.hits) if result else [],
        "facets": _facet_groups(form, result) if result else [],
        "pages": _pages(request, params, result) if result else None,
        "cap": services.COUNT_CAP,
        "save_form": SavedSearchForm(initial={"name": _suggested_name(request.GET)}),
        "query": services.filters_of(request.GET).urlencode(),
    }
    status = 200 if result is not None else 400
    return render_page_or_partial(
        request, "search/search.html", "search/_results.html", context, status=status
    )


def _suggested_name(query: QueryDict) -> str:
    words = (query.get("q") or "").strip()
    states = [STATES_BY_CODE[c].name for c in query.getlist("state") if c in STATES_BY_CODE]
    return ", ".join(p for p in [words, *states] if p)[:120] or _("My search")


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    """The signed-in user's saved searches, each with its digest frequency."""
    return render(request, "search/saved.html", {"saved": _saved_rows(request.user)})


def _saved_rows(user, bound: SavedSearchForm | None = None) -> list[dict]:
    """Each saved search with its form; `bound` (with errors) in place of its own."""
    return [
        {
            "saved": s,
            "form": bound
            if bound is not None and bound.instance.pk == s.pk
            else SavedSearchForm(instance=s, prefix=f"s{s.pk}"),
        }
        for s in user.saved_searches.all()
    ]


@login_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    """Keep the search whose filters come in the POST's `query`, under the name given."""
    form = SavedSearchForm(request.POST)
    query = QueryDict(request.POST.get("query", ""))
    if form.is_valid():
        try:
            services.save_search(
                request.user,
                name=form.cleaned_data["name"],
                query=query,
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        errors = [e for errors in form.errors.values() for e in errors]
        return render(
            request,
            "search/save_error.html",
            {"errors": errors, "back": reverse("search:search") + "?" + query.urlencode()},
            status=400,
        )
    messages.success(
        request,
        _("Search saved. We will e-mail you new results as you chose; change that here."),
    )
    return redirect("search:saved")


@login_required
@require_POST
def update_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a saved search or change how often its digest comes."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(request.POST, instance=saved, prefix=f"s{saved.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved search “%(name)s” updated.") % {"name": saved.name})
        return redirect("search:saved")
    return render(
        request, "search/saved.html", {"saved": _saved_rows(request.user, form)}, status=400
    )


@login_required
@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget a saved search; its digests stop."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("search:saved")


def _tabs(request: HttpRequest, current: str) -> list[dict]:
    query = request.GET.copy()
    for name in ("page", "kind"):
        query.pop(name, None)
    tabs = []
    for value, label in Kind.choices:
        query["kind"] = value
        tabs.append({"label": label, "url": "?" + query.urlencode(), "current": value == current})
    return tabs


def _labels(result: services.SearchResult) -> dict[str, dict[str, str]]:
    """How each facet value is shown, in the reader's language."""
    language = get_language() or "en"
    nic = nic_codes()
    term_ids = {
        int(c.value)
        for name in ("process", "area", "certification")
        for c in result.facets.get(name, [])
    }
    terms = {t.pk: t for t in Term.objects.filter(pk__in=term_ids)}
    return {
        "state": {c: _(s.name) for c, s in STATES_BY_CODE.items()},
        "size": dict(Enterprise.Size.choices),
        "verification": {str(k): v for k, v in Enterprise.Verification.choices},
        "nic_section": {c: f"{c} · {e.title}" for c, e in nic.items() if e.level == "section"},
        "nic_division": {c: f"{c} · {e.title}" for c, e in nic.items() if e.level == "division"},
        "nic": {c: f"{c} · {e.title}" for c, e in nic.items() if e.level == "class"},
        "_terms": {str(pk): (t.slug, t.display_name(language)) for pk, t in terms.items()},
    }


def _facet_groups(form: SearchForm, result: services.SearchResult) -> list[dict]:
    labels = _labels(result)
    chosen = {name: set(form.data.getlist(name)) for name in services.FACETS} if form.data else {}
    groups = []
    for name in ("state", "district", "nic_section", "nic_division", "nic", "size", "process",
                 "certification", "area", "verification"):  # fmt: skip
        if name == "nic_division" and not chosen.get("nic_section"):
            continue
        if name == "nic" and not chosen.get("nic_division"):
            continue
        options = []
        for count in result.facets.get(name, []):
            value, label = count.value, labels.get(name, {}).get(count.value, count.value)
            if name in ("process", "area", "certification"):
                if count.value not in labels["_terms"]:
                    continue
                value, label = labels["_terms"][count.value]
            options.append(
                {"value": value, "label": label, "count": count,
                 "selected": value in chosen.get(name, set())}
            )  # fmt: skip
        # The most frequent values, and every chosen one.
        shown = [o for i, o in enumerate(options) if i < SHOWN_PER_FACET or o["selected"]]
        if shown:
            groups.append({"name": name, "label": form.fields[name].label, "options": shown})
    return groups


def hit_cards(hits: list[services.Hit]) -> list[dict]:
    """What a result card shows of each hit, in the reader's language (search, matches)."""
    language = get_language() or "en"
    term_ids = {i for h in hits for i in (*h.processes, *h.certifications)}
    terms = {t.pk: t.display_name(language) for t in Term.objects.filter(pk__in=term_ids)}
    sizes = dict(Enterprise.Size.choices)
    levels = dict(Enterprise.Verification.choices)
    cards = []
    for hit in hits:
        state = STATES_BY_CODE.get(hit.state)
        cards.append(
            {
                "hit": hit,
                "url": hit.path,
                "place": ", ".join(p for p in (hit.district, _(state.name) if state else "") if p),
                "size": sizes.get(hit.size_class, ""),
                "verification": levels.get(hit.verification),
                "processes": [terms[i] for i in hit.processes if i in terms][:6],
                "certifications": [terms[i] for i in hit.certifications if i in terms],
            }
        )
    return cards


def _pages(request: HttpRequest, params, result: services.SearchResult) -> dict | None:
    last = min((result.total + services.PAGE_SIZE - 1) // services.PAGE_SIZE, 500)
    if last <= 1:
        return None
    query = request.GET.copy()

    def url(page: int) -> str:
        query["page"] = str(page)
        return "?" + query.urlencode()

    page = params.page
    return {
        "number": page,
        "last": last,
        "previous": url(page - 1) if page > 1 else "",
        "next": url(page + 1) if page < last else "",
    }
