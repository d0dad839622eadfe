"""Pages for events: the list, an event with its programme and registration, the participant
list with wishes and meeting requests, the organiser's desk (registrations, meeting grid,
schedule, check-in, outcomes) and each participant's agenda (page, iCalendar, PDF). Thin: the
rules live in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.core.forms import add_service_errors
from udyamsetu.events import services
from udyamsetu.events.forms import EventForm, FeedbackForm, GridForm, MoveForm, RegistrationForm
from udyamsetu.events.models import Event, Meeting, MeetingRequest, Registration, Wish


def _acting(request: HttpRequest):
    return getattr(request, "organisation", None)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events anyone may see, and the organiser's own drafts."""
    events = services.visible_events(request.user).filter(ends_at__gte=timezone.now())
    return render(request, "events/list.html", {
        "events": events[:100],
        "may_organise": services.may_organise(request.user, _acting(request)),
    })  # fmt: skip


@login_required
def edit_event(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The organiser creates or changes an event."""
    organisation = _acting(request)
    event = services.organised_event(request.user, slug) if slug else None
    if not services.may_organise(request.user, organisation):
        raise Http404
    form = EventForm(request.POST or None, instance=event)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in EventForm.Meta.fields}
            try:
                saved = services.save_event(organisation, by=request.user, fields=fields,
                                            event=event)  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(saved)
    return render(request, "events/edit.html", {"form": form, "event": event}, status=status)


def event(request: HttpRequest, slug: str) -> HttpResponse:
    """An event: what, when (in the reader's zone), the programme, and registering."""
    found = services.visible_event(request.user, slug)
    registration = services.registration_of(request.user, found)
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.cancel_registration(found, by=request.user)
            messages.success(request, _("Your registration is cancelled."))
        except ValidationError as exc:
            _error(request, exc)
        return redirect(found)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        status = 400
        organisation = _acting(request)
        if organisation is None:
            form.add_error(None, _("Create or join an organisation first: you register for it."))
        elif form.is_valid():
            try:
                registration = services.register(found, by=request.user,
                                                 organisation=organisation, **form.cleaned_data)  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("You are registered.")
                                 if registration.status == Registration.Status.APPROVED
                                 else _("Registered. The organiser will confirm your place."))  # fmt: skip
                return redirect(found)
    return render(request, "events/event.html", {
        "event": found,
        "registration": registration,
        "form": form,
        "is_organiser": services.is_organiser(request.user, found),
        "sessions": found.sessions.all(),
    }, status=status)  # fmt: skip


@login_required
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    """The listed participants, best match first, with the reader's wishes and requests."""
    found = services.visible_event(request.user, slug)
    me = services.participant(request.user, found)
    others = list(services.listed_participants(request.user, found))
    scores = services.match_scores(me, others)
    others.sort(key=lambda r: -scores.get(r.pk, 0))
    wishes = dict(Wish.objects.filter(source=me).values_list("target_id", "level"))
    requested = {
        r.target_id: r for r in MeetingRequest.objects.filter(source=me).exclude(
            status=MeetingRequest.Status.WITHDRAWN)
    }  # fmt: skip
    rows = [{"registration": r, "score": scores.get(r.pk, 0), "wish": wishes.get(r.pk, ""),
             "request": requested.get(r.pk)} for r in others]  # fmt: skip
    received = found.meeting_requests.filter(target=me).select_related(
        "source__user", "source__organisation")  # fmt: skip
    return render(request, "events/participants.html", {
        "event": found, "me": me, "rows": rows, "received": received,
        "levels": Wish.Level.choices,
    })  # fmt: skip


@login_required
@require_POST
def wish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = services.visible_event(request.user, slug)
    target = get_object_or_404(Registration, pk=pk, event=found)
    try:
        services.set_wish(
            found, by=request.user, target=target, level=request.POST.get("level", "")
        )
    except ValidationError as exc:
        _error(request, exc)
    return redirect("events:participants", slug=slug)


@login_required
@require_POST
def ask(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = services.visible_event(request.user, slug)
    target = get_object_or_404(Registration, pk=pk, event=found)
    try:
        services.send_request(found, by=request.user, target=target,
                              message=request.POST.get("message", ""))  # fmt: skip
        messages.success(request, _("Request sent."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("events:participants", slug=slug)


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = services.visible_event(request.user, slug)
    meeting_request = get_object_or_404(MeetingRequest, pk=pk, event=found)
    try:
        services.answer_request(meeting_request, by=request.user,
                                accept=request.POST.get("action") == "accept")  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect("events:participants", slug=slug)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's desk: registrations, the meeting grid, the schedule and the day. Times
    are in the event's zone, whoever reads it (a participant's agenda is in theirs)."""
    found = services.organised_event(request.user, slug)
    grid = GridForm(prefix="grid")
    refused = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("approve", "decline"):
                registration = get_object_or_404(Registration, pk=request.POST.get("pk"),
                                                 event=found)  # fmt: skip
                services.answer_registration(registration, by=request.user,
                                             approve=action == "approve")  # fmt: skip
            elif action == "grid":
                grid = GridForm(request.POST, prefix="grid")
                grid.fields["start"].zone = found.timezone
                if grid.is_valid():
                    data = grid.cleaned_data
                    try:
                        services.slots_for(found, by=request.user, start=data["start"],
                                           minutes=data["minutes"], count=data["count"],
                                           breaks=data["breaks"])  # fmt: skip
                    except ValidationError as exc:
                        add_service_errors(grid, exc)
                    else:
                        messages.success(request, _("The meeting grid is laid out."))
                        return redirect("events:manage", slug=slug)
            elif action == "build":
                schedule = services.build_schedule(found, by=request.user)
                messages.success(request, _(
                    "Draft schedule: %(n)d meetings (within %(gap)s%% of the best possible).")
                    % {"n": found.meetings.count(), "gap": round(schedule.gap * 100, 1)})  # fmt: skip
            elif action == "publish":
                services.publish_schedule(found, by=request.user)
                messages.success(request, _("Published. Participants see their agendas."))
            elif action in Event.Status.values:
                services.set_status(found, by=request.user, status=action)
            elif action == "checkin":
                registration = get_object_or_404(Registration, pk=request.POST.get("pk"),
                                                 event=found)  # fmt: skip
                services.check_in(registration, by=request.user)
            if action != "grid":
                return redirect("events:manage", slug=slug)
        except ValidationError as exc:
            _error(request, exc)
            refused = True
    grid.fields["start"].zone = found.timezone
    slots = list(found.slots.all())
    labels = services.slot_labels(found)
    meetings = list(found.meetings.select_related(
        "slot", "first__user", "first__organisation", "second__user", "second__organisation"))  # fmt: skip
    by_slot = {s.pk: [m for m in meetings if m.slot_id == s.pk] for s in slots}
    return render(request, "events/manage.html", {
        "event": found, "grid": grid, "grid_closed": services.grid_closed_reason(found),
        "registrations": found.registrations.select_related("user", "organisation"),
        "slots": [(s, labels.get(s.pk, ""), by_slot[s.pk]) for s in slots],
        "meeting_count": len(meetings), "now": timezone.now(),
    }, status=400 if grid.errors or refused else 200)  # fmt: skip


@login_required
def meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser moves, locks or records one meeting; times in the event's zone."""
    found = services.organised_event(request.user, slug)
    item = get_object_or_404(Meeting, pk=pk, event=found)
    form = MoveForm(request.POST or None, event=found,
                    initial={"slot": item.slot_id, "table": item.table})  # fmt: skip
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "move" and form.is_valid():
                services.move_meeting(item, by=request.user, slot=form.cleaned_data["slot"],
                                      table=form.cleaned_data["table"])  # fmt: skip
                messages.success(request, _("Moved and locked."))
                return redirect("events:manage", slug=slug)
            if action == "swap":
                other = get_object_or_404(Meeting, pk=request.POST.get("other"), event=found)
                services.swap_meetings(item, other, by=request.user)
                messages.success(request, _("Swapped and locked."))
                return redirect("events:manage", slug=slug)
            if action in ("lock", "unlock"):
                services.set_locked(item, by=request.user, locked=action == "lock")
                return redirect("events:manage", slug=slug)
            if action in Meeting.Outcome.values:
                services.record_meeting(item, by=request.user, outcome=action)
                return redirect("events:manage", slug=slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    labels = services.slot_labels(found)
    others = found.meetings.exclude(pk=item.pk).select_related(
        "slot", "first__user", "second__user"
    )
    return render(request, "events/meeting.html", {
        "event": found, "meeting": item, "form": form,
        "slot_label": labels.get(item.slot_id, ""),
        "others": [(o, labels.get(o.slot_id, "")) for o in others],
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The participant's meetings, in their own time zone, with feedback after the event."""
    found = services.visible_event(request.user, slug)
    me = services.participant(request.user, found)
    if request.method == "POST":
        item = get_object_or_404(Meeting, pk=request.POST.get("meeting"), event=found)
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.give_feedback(item, by=request.user, **form.cleaned_data)
                messages.success(request, _("Thank you for your feedback."))
            except ValidationError as exc:
                _error(request, exc)
        else:
            messages.error(request, _("Rate the meeting from 1 to 5."))
        return redirect("events:agenda", slug=slug)
    rows = [
        {"meeting": m, "other": services.other_side(m, me)}
        for m in services.agenda(request.user, found)
    ]
    return render(request, "events/agenda.html", {
        "event": found, "me": me, "rows": rows, "feedback_form": FeedbackForm(),
    })  # fmt: skip


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    found = services.visible_event(request.user, slug)
    response = HttpResponse(services.agenda_ical(request.user, found),
                            content_type="text/calendar; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-agenda.ics"'
    return response


@login_required
def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    found = services.visible_event(request.user, slug)
    response = HttpResponse(
        services.agenda_pdf(request.user, found), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-agenda.pdf"'
    return response
