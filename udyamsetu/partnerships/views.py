"""Pages for the partnership pipeline: an organisation's pipelines, one pair's steps with the
form to record the next, answering a step, and the officials' figures (thin: the rules live
in services.py)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.ratelimit import RateLimited
from udyamsetu.partnerships import services
from udyamsetu.partnerships.forms import DeclineForm, StepForm
from udyamsetu.partnerships.models import Stage, Step


def _acting(request: HttpRequest):
    return getattr(request, "organisation", None)


@login_required
def pipelines(request: HttpRequest) -> HttpResponse:
    """The acting organisation's pipelines, with the steps waiting for its answer."""
    organisation = _acting(request)
    if organisation is None:
        return redirect("accounts:organisation_create")
    context = {
        "organisation": organisation,
        "partnerships": [
            (p, p.other_than(organisation.pk))
            for p in services.partnerships_of(request.user, organisation)[:200]
        ],
        "panel": services.pipeline_panel(request.user, organisation),
        "stages": Stage.choices,
    }
    return render(request, "partnerships/pipelines.html", context)


@login_required
def pair(request: HttpRequest, slug: str) -> HttpResponse:
    """One pair's pipeline: the steps so far and the form to record the next one. Only for
    organisations that have a conversation with each other (404 otherwise)."""
    organisation = _acting(request)
    other = services.partner_for(request.user, organisation, slug)
    form = StepForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                step = services.record_step(
                    organisation,
                    other,
                    by=request.user,
                    stage=data["stage"],
                    occurred_on=data["occurred_on"],
                    agreement_type=data["agreement_type"],
                    value_rupees=data["value_rupees"],
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            else:
                if step.recorded_for_id == organisation.pk:
                    text = _("Recorded. %(org)s is asked to confirm it.")
                else:
                    text = _("You confirmed the step %(org)s recorded.")
                messages.success(request, text % {"org": other.name})
                return redirect("partnerships:pair", slug=slug)
    partnership = services.partnership_between(organisation, other)
    steps = list(services.steps_of(partnership)) if partnership else []
    reached = Stage.values.index(partnership.stage) if partnership and partnership.stage else -1
    context = {
        "organisation": organisation,
        "other": other,
        "partnership": partnership,
        "steps": steps,
        "stages": [
            {"label": label, "done": index <= reached, "current": index == reached}
            for index, (_value, label) in enumerate(Stage.choices)
        ],
        "form": form,
        "decline_form": DeclineForm(),
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "partnerships/pair.html", context, status=status)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, decline or withdraw a step."""
    step: Step = services.visible_step(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "confirm":
            services.confirm_step(step, by=request.user)
            messages.success(request, _("Confirmed."))
        elif action == "decline":
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.decline_step(step, by=request.user, reason=reason)
            messages.success(request, _("Marked as not confirmed. The other side has been told."))
        elif action == "withdraw":
            services.withdraw_step(step, by=request.user)
            messages.success(request, _("Withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    organisation = _acting(request)
    other = step.partnership.other_than(organisation.pk) if organisation else None
    if other is None or organisation.pk not in step.partnership.organisation_ids:
        return redirect("partnerships:pipelines")
    return redirect("partnerships:pair", slug=other.slug)


@login_required
@permission_required(services.SUMMARY_PERMISSION, raise_exception=True)
def summary(request: HttpRequest) -> HttpResponse:
    """Officials: how far pairs have gone and what agreements were signed, in total."""
    since = None
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= timezone.localdate().year:
        since = date(int(year), 1, 1)
    context = {
        "figures": services.summary(request.user, since=since),
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "year": since.year if since else None,
    }
    return render(request, "partnerships/summary.html", context)
