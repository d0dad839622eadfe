"""Pages for conversations: the inbox, a thread, starting one, attachments, reports (thin: the
rules live in services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.conversations import services
from udyamsetu.conversations.forms import MessageForm, ReportForm, ResolveForm, StartForm
from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.htmx import render_page_or_partial
from udyamsetu.core.ratelimit import RateLimited
from udyamsetu.core.uploads import file_response
from udyamsetu.marketplace.services import post_for_matches
from udyamsetu.partnerships.services import partnership_between

PER_PAGE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Every conversation of the user's organisations, latest activity first."""
    page = Paginator(services.conversations_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "conversations/inbox.html", {"page": page})


@login_required
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """One conversation: its messages and the reply form. Reading it marks it read."""
    conversation = services.visible_conversation(request.user, pk)
    mine = services.my_side(conversation, request.user, getattr(request, "organisation", None))
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                services.send_message(
                    conversation,
                    by=request.user,
                    organisation=mine,
                    body=form.cleaned_data["body"],
                    upload=form.cleaned_data["attachment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            else:
                if not request.htmx:
                    return redirect(reverse("conversations:thread", args=[pk]) + "#latest")
                messages.success(request, _("Message sent."))
                form = MessageForm()
                status = 200
    else:
        services.mark_read(conversation, by=request.user)
    other = services.other_side(conversation, mine)
    context = {
        "conversation": conversation,
        "mine": mine,
        "other": other,
        "partnership": partnership_between(mine, other),
        "thread_messages": services.messages_of(conversation),
        "form": form,
    }
    return render_page_or_partial(
        request,
        "conversations/thread.html",
        "conversations/partials/thread_body.html",
        context,
        status=status,
    )


@login_required
def attachment(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """A message's attachment, for the conversation's participants only (404 for others)."""
    return file_response(services.attachment_for_download(request.user, pk, message_pk))


@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Write to an organisation from its public profile or a match: the first message opens
    the conversation (or goes into the one there is)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        messages.info(
            request, _("Create or join an organisation first: messages are sent for one.")
        )
        return redirect("accounts:organisation_create")
    try:
        other = services.contactable_organisation(request.user, organisation, slug=slug)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("conversations:inbox")
    post_id = request.POST.get("post") or request.GET.get("post")
    post = post_for_matches(request.user, int(post_id)) if str(post_id).isdigit() else None
    form = StartForm(request.POST or None, request.FILES or None, initial={"post": post_id})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation = services.start_from_match(
                    organisation,
                    other,
                    by=request.user,
                    body=data["body"],
                    subject=data["subject"],
                    post=post,
                    upload=data["attachment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            else:
                messages.success(request, _("Message sent to %(org)s.") % {"org": other.name})
                return redirect(conversation)
    context = {
        "other": other,
        "organisation": organisation,
        "post": post,
        "existing": services.existing_conversation(organisation, other, by=request.user, post=post),
        "form": form,
    }
    return render(request, "conversations/start.html", context, status=status)


@login_required
def report(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """A participant reports a message from the other side to the officials."""
    message = services.visible_message(request.user, pk, message_pk)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.report_message(
                    message, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you. Officials will look at the message you reported.")
                )
                return redirect("conversations:thread", pk=pk)
    context = {"message": message, "conversation": message.conversation, "form": form}
    return render(request, "conversations/report.html", context, status=status)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """Reported messages, for officials who review them (and only those messages)."""
    reported = services.reported_messages(request.user)
    page = Paginator(reported, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "conversations/reports.html", {"page": page, "resolve_form": ResolveForm()}
    )


@login_required
@require_POST
def resolve(request: HttpRequest, report_pk: int) -> HttpResponse:
    found = services.visible_report(request.user, report_pk)
    form = ResolveForm(request.POST)
    form.is_valid()
    services.resolve_report(
        found, by=request.user, remove_message=form.cleaned_data.get("remove_message", False)
    )
    messages.success(request, _("The report is resolved."))
    return redirect("conversations:reports")


@login_required
def report_attachment(request: HttpRequest, report_pk: int) -> HttpResponse:
    """The attachment of a reported message, for officials who review reports."""
    found = services.visible_report(request.user, report_pk)
    return file_response(services.report_attachment(found))
