"""Opportunity pages: browsing, posting and the post's life, officials' review, reports and
expressions of interest. Thin: every rule lives in `services`."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.uploads import file_response
from udyamsetu.enterprises.models import Enterprise
from udyamsetu.enterprises.reference import STATES_BY_CODE
from udyamsetu.marketplace import services
from udyamsetu.marketplace.forms import (
    DeclineForm,
    InterestForm,
    PostForm,
    RejectForm,
    RenewForm,
    ReportForm,
)
from udyamsetu.marketplace.models import Post, PostReport

SIZES = dict(Enterprise.Size.choices)
PAGE_SIZE = 20


def _organisation(request: HttpRequest):
    return getattr(request, "organisation", None)


def _error_message(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _what_is_missing(exc: ValidationError) -> str:
    """A service's field errors as one sentence naming each field, for a message."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        " ".join(errors) if field == "__all__"
        else f"{Post._meta.get_field(field).verbose_name}: {' '.join(errors)}"
        for field, errors in exc.message_dict.items()
    )  # fmt: skip


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """Open opportunities the reader may see, newest first, by kind and words in the title."""
    posts = services.open_posts().filter(
        pk__in=services.visible_posts(request.user, _organisation(request)).values("pk")
    )
    kind = request.GET.get("kind", "")
    if kind in Post.Kind.values:
        posts = posts.filter(kind=kind)
    words = request.GET.get("q", "").strip()[:100]
    if words:
        posts = posts.filter(title__icontains=words) | posts.filter(description__icontains=words)
    page = Paginator(posts.select_related("organisation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "kind": kind, "q": words, "kinds": Post.Kind.choices}
    return render(request, "marketplace/browse.html", context)


def post(request: HttpRequest, pk: int) -> HttpResponse:
    """One opportunity, as far as the reader may see it, with what the reader may do to it."""
    organisation = _organisation(request)
    found = services.visible_post(request.user, organisation, pk)
    is_member = services.is_member(request.user, found.organisation_id)
    context = {
        "post": found,
        "is_member": is_member,
        "shows_poster": services.shows_poster(found, request.user),
        "may_see_matches": is_member or request.user.has_perm(services.REVIEW),
        "may_review": request.user.has_perm(services.REVIEW),
        "processes": found.processes.all(),
        "areas": found.technology_areas.all(),
        "required": found.required_certifications.all(),
        "preferred": found.preferred_certifications.all(),
        "sizes": [SIZES.get(size, size) for size in found.size_classes],
        "states": [_(STATES_BY_CODE[c].name) for c in found.states if c in STATES_BY_CODE],
        "partnerships": [Post.Partnership(p).label for p in found.partnership_sought],
        "is_open": services.open_posts().filter(pk=found.pk).exists(),
    }
    if is_member:
        context["pending"] = found.interests.filter(status="pending").count()
        context["renew_form"] = RenewForm()
    elif organisation is not None and request.user.is_authenticated:
        context["own_interest"] = services.own_interest(found, organisation)
        if context["own_interest"]:
            context["conversation"] = services.conversation_of(
                context["own_interest"], by=request.user
            )
        context["report_form"] = ReportForm()
    return render(request, "marketplace/post.html", context)


@login_required
def choose_kind(request: HttpRequest) -> HttpResponse:
    """Step one of posting: what kind of opportunity (only those the organisation may post)."""
    organisation = _organisation(request)
    kinds = services.kinds_for(organisation) if organisation else []
    return render(
        request,
        "marketplace/choose_kind.html",
        {"kinds": [(k, Post.Kind(k).label) for k in kinds], "organisation": organisation},
    )


@login_required
def create(request: HttpRequest, kind: str) -> HttpResponse:
    """Step two: the kind's form. "Save draft" keeps it; "Submit for review" sends it on."""
    organisation = _organisation(request)
    if organisation is None or kind not in services.kinds_for(organisation):
        raise Http404
    form = PostForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        fields, terms = form.split()
        try:
            made = services.create_post(
                organisation, by=request.user, kind=kind, fields=fields, terms=terms
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, made, submit="submit" in request.POST)
    return render(
        request,
        "marketplace/post_form.html",
        {"form": form, "kind_label": Post.Kind(kind).label},
        status=400 if form.errors else 200,
    )


def _saved(request: HttpRequest, made: Post, *, submit: bool) -> HttpResponse:
    if not submit:
        messages.success(request, _("Draft saved. Submit it for review when it is ready."))
        return redirect(made)
    try:
        services.submit_post(made, by=request.user)
    except ValidationError as exc:
        messages.warning(
            request, _("Saved as a draft, not submitted yet: ") + _what_is_missing(exc)
        )
        return redirect("marketplace:edit", made.pk)
    messages.success(request, _("Submitted. An official will review it, usually within two days."))
    return redirect(made)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own post; editing a published one sends it back for review."""
    found = services.own_post(request.user, pk)
    form = PostForm(request.POST or None, instance=found, kind=found.kind)
    if request.method == "POST" and form.is_valid():
        fields, terms = form.split()
        try:
            saved = services.update_post(found, by=request.user, fields=fields, terms=terms)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, saved, submit="submit" in request.POST)
    return render(
        request,
        "marketplace/post_form.html",
        {"form": form, "post": found, "kind_label": found.get_kind_display()},
        status=400 if form.errors else 200,
    )


def _act(request: HttpRequest, action, success: str) -> None:
    """Run a service for the requesting user; say how it went in a message."""
    try:
        action(by=request.user)
    except ValidationError as exc:
        _error_message(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.own_post(request.user, pk)
    try:
        services.submit_post(found, by=request.user)
    except ValidationError as exc:
        messages.error(request, _("Not submitted yet: ") + _what_is_missing(exc))
        return redirect("marketplace:edit", found.pk)
    messages.success(request, _("Submitted. An official will review it, usually within two days."))
    return redirect(found)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.own_post(request.user, pk)
    _act(request, lambda by: services.withdraw_post(found, by=by), _("Back to draft."))
    return redirect(found)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.own_post(request.user, pk)
    awarded = request.POST.get("outcome") == "awarded"
    _act(
        request,
        lambda by: services.close_post(found, by=by, awarded=awarded),
        _("Marked as awarded.") if awarded else _("Closed."),
    )
    return redirect(found)


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.own_post(request.user, pk)
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid date."))
    else:
        _act(
            request,
            lambda by: services.renew_post(found, by=by, until=form.cleaned_data["until"]),
            _("Renewed."),
        )
    return redirect(found)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a post as spam or fake (once per person)."""
    found = services.visible_post(request.user, _organisation(request), pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_post(found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. An official will look at this opportunity."))
            return redirect(found)
    return render(
        request,
        "marketplace/report.html",
        {"form": form, "post": found},
        status=400 if form.errors else 200,
    )


# --- Officials ----------------------------------------------------------------------------


@login_required
@permission_required(services.REVIEW, raise_exception=True)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "marketplace/review_queue.html", {"queue": services.review_queue()[:200]}
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """An official publishes or rejects a submitted post, or deals with reports of it."""
    found = services.post_for_review(request.user, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.publish_post(found, by=request.user)
                messages.success(request, _("Published: %(title)s") % {"title": found.title})
                return redirect("marketplace:review_queue")
            if action in ("reject", "take_down") and form.is_valid():
                reason = form.cleaned_data["reason"]
                report = found.reports.filter(resolved_at__isnull=True).first()
                if report is not None:
                    services.resolve_report(report, by=request.user, take_down=True, reason=reason)
                else:
                    services.reject_post(found, by=request.user, reason=reason)
                messages.success(request, _("Rejected: %(title)s") % {"title": found.title})
                return redirect("marketplace:review_queue")
            if action == "dismiss":
                report = get_object_or_404(PostReport, post=found, resolved_at__isnull=True,
                                           pk=request.POST.get("report"))  # fmt: skip
                services.resolve_report(report, by=request.user, take_down=False)
                messages.success(request, _("Reports dismissed."))
                return redirect("marketplace:review_queue")
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {
        "post": found,
        "form": form,
        "reports": found.reports.filter(resolved_at__isnull=True).select_related("reported_by"),
        "processes": found.processes.all(),
        "required": found.required_certifications.all(),
    }
    return render(request, "marketplace/review.html", context, status=400 if form.errors else 200)


# --- Expressions of interest ----------------------------------------------------------------


@login_required
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """The acting organisation's expression of interest in a post."""
    organisation = _organisation(request)
    found = services.visible_post(request.user, organisation, pk)
    if organisation is None:
        messages.error(request, _("Join or create an organisation to express interest."))
        return redirect(found)
    existing = services.own_interest(found, organisation)
    form = InterestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_interest(
                found,
                by=request.user,
                organisation=organisation,
                summary=form.cleaned_data["summary"],
                proposal=form.cleaned_data["proposal"],
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sent. You will hear by e-mail when the team answers."))
            return redirect(found)
    return render(
        request,
        "marketplace/interest_form.html",
        {"form": form, "post": found, "existing": existing,
         "shows_poster": services.shows_poster(found, request.user)},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
def interests(request: HttpRequest, pk: int) -> HttpResponse:
    """The expressions of interest in one's own post, with accept and decline."""
    found = services.own_post(request.user, pk)
    listed = list(services.interests_in(found, request.user))
    for interest in listed:
        interest.conversation = services.conversation_of(interest, by=request.user)
    return render(
        request,
        "marketplace/interests.html",
        {"post": found, "interests": listed, "decline_form": DeclineForm()},
    )


@login_required
@require_POST
def answer_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, decline or withdraw an expression of interest."""
    interest = services.visible_interest(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "accept":
            accepted = services.accept_interest(interest, by=request.user)
            messages.success(
                request,
                _("Accepted. %(name)s now sees who you are and can write to you.")
                % {"name": interest.organisation.name},
            )
            if getattr(accepted, "conversation", None) is not None:
                return redirect(accepted.conversation)
        elif action == "decline":
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.decline_interest(interest, by=request.user, reason=reason)
            messages.success(request, _("Declined. They have been told."))
        elif action == "withdraw":
            services.withdraw_interest(interest, by=request.user)
            messages.success(request, _("Withdrawn."))
            return redirect(interest.post)
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        _error_message(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    if services.is_member(request.user, interest.post.organisation_id):
        return redirect("marketplace:interests", interest.post_id)
    return redirect(interest.post)


@login_required
@require_GET
def interest_file(request: HttpRequest, pk: int, file_pk: UUID) -> HttpResponse:
    """An attachment of an expression of interest: for the post's team and the sender only."""
    interest = services.visible_interest(request.user, pk)
    stored = get_object_or_404(interest.attachments, pk=file_pk)
    return file_response(stored)


@login_required
def sent_interests(request: HttpRequest) -> HttpResponse:
    """What the acting organisation has expressed interest in, and what became of it."""
    organisation = _organisation(request)
    sent = services.interests_sent(request.user, organisation) if organisation else []
    return render(request, "marketplace/sent_interests.html", {"interests": sent})
