"""Pages for organisations, members, invitations, preferences and API tokens (thin: rules live
in services.py)."""

from __future__ import annotations

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from udyamsetu.accounts import services
from udyamsetu.accounts.forms import (
    ApiTokenForm,
    InvitationForm,
    OrganisationForm,
    PreferencesForm,
    RoleForm,
    SwitchOrganisationForm,
)
from udyamsetu.accounts.middleware import SESSION_ORGANISATION_KEY
from udyamsetu.accounts.models import Membership, Organisation
from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.htmx import render_page_or_partial


class ThrottledLoginView(LoginView):
    """allauth's login, answering HTTP 429 while failed logins are locked out.

    allauth reports its per-IP and per-account lock-out as a form error; the status code lets
    clients and monitoring see it as throttling.
    """

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(e.code == "too_many_login_attempts" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    context = {
        "memberships": services.memberships_of(request.user),
        "invitations": services.open_invitations_for(request.user),
    }
    return render(request, "accounts/organisation_list.html", context)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("kind", str(exc))
        else:
            request.session[SESSION_ORGANISATION_KEY] = organisation.pk
            messages.success(
                request, _("%(org)s is ready. You are its owner.") % {"org": organisation}
            )
            return redirect(organisation)
    return render(request, "accounts/organisation_form.html", {"form": form})


def _members_context(request: HttpRequest, organisation: Organisation, **extra) -> dict:
    membership = services.membership_of(request.user, organisation)
    members = list(services.members_of(organisation))
    return {
        "organisation": organisation,
        "membership": membership,
        "is_owner": bool(membership and membership.is_owner),
        "members": members,
        "owner_count": sum(1 for m in members if m.is_owner),
        "invitations": services.open_invitations_of(organisation),
        "invite_form": extra.pop("invite_form", None) or InvitationForm(),
        **extra,
    }


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = services.visible_organisation(request.user, slug=slug)
    return render(
        request, "accounts/organisation_detail.html", _members_context(request, organisation)
    )


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = services.visible_organisation(request.user, slug=slug)
    form = InvitationForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            invitation = services.invite_member(
                organisation,
                by=request.user,
                accept_url_builder=request.build_absolute_uri,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            status = 403
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            form = InvitationForm()
    else:
        status = 400
    if not request.htmx and status == 200:
        return redirect(organisation)
    context = _members_context(request, organisation, invite_form=form)
    return render_page_or_partial(
        request,
        "accounts/organisation_detail.html",
        "accounts/partials/members.html",
        context,
        status=status,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = services.visible_organisation(request.user, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    leaving = membership.user_id == request.user.pk
    try:
        services.remove_member(organisation, by=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(organisation)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(organisation)
    if leaving:
        messages.success(request, _("You have left %(org)s.") % {"org": organisation})
        return redirect("accounts:organisation_list")
    messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    return redirect(organisation)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = services.visible_organisation(request.user, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose owner or member."))
        return redirect(organisation)
    try:
        services.change_role(
            organisation, by=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Role updated."))
    return redirect(organisation)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = services.visible_organisation(request.user, slug=slug)
    invitation = get_object_or_404(services.Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitation withdrawn."))
    return redirect(organisation)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_token(token)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invitation(token, request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            request.session[SESSION_ORGANISATION_KEY] = membership.organisation_id
            messages.success(request, _("Welcome to %(org)s.") % {"org": membership.organisation})
            return redirect(membership.organisation)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    form = SwitchOrganisationForm(request.POST)
    if form.is_valid():
        membership = (
            services.memberships_of(request.user)
            .filter(organisation_id=form.cleaned_data["organisation"])
            .first()
        )
        if membership is None:
            messages.error(request, _("You are not a member of that organisation."))
        else:
            request.session[SESSION_ORGANISATION_KEY] = membership.organisation_id
            messages.success(
                request, _("You now act for %(org)s.") % {"org": membership.organisation}
            )
    next_url = request.POST.get("next") or reverse("dashboard")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("dashboard")
    return redirect(next_url)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_token = services.create_api_token(request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                form = ApiTokenForm()
        else:
            status = 400
    return _render_tokens(request, form=form, new_token=new_token, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.revoke_api_token(request.user, token_id)
    messages.success(
        request, _("Token “%(name)s” revoked. It no longer works.") % {"name": token.name}
    )
    return _render_tokens(request, form=ApiTokenForm())


def _render_tokens(
    request: HttpRequest, *, form: ApiTokenForm, new_token: str | None = None, status: int = 200
) -> HttpResponse:
    """The API tokens page, or just its panel for htmx."""
    context = {"form": form, "new_token": new_token, "tokens": request.user.api_tokens.all()}
    return render_page_or_partial(
        request,
        "accounts/api_tokens.html",
        "accounts/partials/api_tokens.html",
        context,
        status=status,
    )
