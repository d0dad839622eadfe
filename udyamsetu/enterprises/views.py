"""Enterprise profile pages: register, edit, public profile, certificates, verification, reports
(thin: rules live in services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import membership_of
from udyamsetu.core.forms import add_service_errors
from udyamsetu.core.uploads import file_response, store_upload
from udyamsetu.enterprises import services
from udyamsetu.enterprises.forms import (
    CertificateForm,
    MachineForm,
    PartnerProfileForm,
    ProfileForm,
    RegisterForm,
    RegistryUploadForm,
    ReportForm,
    TermForm,
    VerificationForm,
)
from udyamsetu.enterprises.models import PartnerProfile, Term
from udyamsetu.enterprises.reference import nic_title, search_nic

MANAGE_VOCABULARIES = "enterprises.manage_vocabularies"


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """An Indian enterprise organisation gives its Udyam number; the profile starts from it."""
    organisation = request.organisation
    if organisation is None or organisation.kind != Organisation.Kind.ENTERPRISE:
        raise Http404
    if services.enterprise_for_organisation(organisation):
        return redirect("enterprises:edit")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        udyam_number = data.pop("udyam_number")
        try:
            enterprise = services.claim_enterprise(
                organisation, by=request.user, udyam_number=udyam_number, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s: your Udyam registration is on your profile.")
                % {"name": enterprise.legal_name},
            )
            return redirect("enterprises:edit")
    return render(request, "enterprises/register.html", {"form": form})


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    enterprise = services.editable_enterprise(request.user, request.organisation)
    form = ProfileForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        changes["export_markets"] = form.cleaned_data["export_markets"]
        terms = {name: form.cleaned_data[name] for name in form.TERM_FIELDS}
        try:
            services.update_profile(
                enterprise, by=request.user, changes=changes, terms_by_field=terms
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("enterprises:edit")
    enterprise.refresh_from_db()
    return _render_editor(request, enterprise, form=form)


def profile(request: HttpRequest, udyam_number: str) -> HttpResponse:
    enterprise = services.visible_enterprise(request.user, udyam_number)
    is_member = bool(
        enterprise.organisation and membership_of(request.user, enterprise.organisation)
    )
    context = {
        "enterprise": enterprise,
        "is_member": is_member,
        "nic": [(code, nic_title(code)) for code in enterprise.nic_codes],
        "certificates": enterprise.certificates.select_related("certification"),
        "machines": enterprise.machines.select_related("machine_type"),
        "verification": services.latest_verification(enterprise),
        "can_verify": request.user.is_authenticated and request.user.has_perm(services.VERIFY),
        "can_see_statistics": request.user.is_authenticated
        and request.user.has_perm(services.STATISTICS),
        "report_form": ReportForm(),
        "responsiveness": _responsiveness(enterprise.organisation),
    }
    return render(request, "enterprises/profile.html", context)


def _responsiveness(organisation) -> str:
    """How the profile's organisation answers enquiries, in words ("" for registry entries)."""
    if organisation is None:
        return ""
    from udyamsetu.marketplace.services import describe, responsiveness_of

    return describe(responsiveness_of(organisation))


@login_required
@require_POST
def certificate_add(request: HttpRequest) -> HttpResponse:
    enterprise = services.editable_enterprise(request.user, request.organisation)
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            with transaction.atomic():
                stored = (
                    store_upload(upload, by=request.user, purpose="certificate") if upload else None
                )
                services.add_certificate(enterprise, by=request.user, file=stored, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Certificate added."))
            return redirect("enterprises:edit")
    messages.error(request, _("The certificate was not added: see the certificate form."))
    return _render_editor(request, enterprise, certificate_form=form, status=400)


@login_required
@require_POST
def machine_add(request: HttpRequest) -> HttpResponse:
    enterprise = services.editable_enterprise(request.user, request.organisation)
    form = MachineForm(request.POST)
    if form.is_valid():
        machine = form.save(commit=False)
        machine.enterprise = enterprise
        machine.save()
        messages.success(request, _("Machine added."))
        return redirect("enterprises:edit")
    return _render_editor(request, enterprise, machine_form=form, status=400)


def _render_editor(request, enterprise, *, status: int = 200, **forms) -> HttpResponse:
    """The profile editor; `forms` replaces the blank ones (a form with errors, say)."""
    context = {
        "form": ProfileForm(instance=enterprise),
        "enterprise": enterprise,
        "completeness": services.completeness(enterprise),
        "certificates": enterprise.certificates.select_related("certification", "file"),
        "machines": enterprise.machines.select_related("machine_type"),
        "certificate_form": CertificateForm(),
        "machine_form": MachineForm(),
        "verification": services.latest_verification(enterprise),
        **forms,
    }
    return render(request, "enterprises/edit.html", context, status=status)


@login_required
@require_GET
def certificate_file(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = services.certificate_for_download(request.user, certificate_id)
    return file_response(certificate.file)


@login_required
@require_POST
def request_verification(request: HttpRequest) -> HttpResponse:
    enterprise = services.editable_enterprise(request.user, request.organisation)
    try:
        services.request_verification(enterprise, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("An official will check your profile. You will see the result here.")
        )
    return redirect("enterprises:edit")


@login_required
@require_POST
def report(request: HttpRequest, udyam_number: str) -> HttpResponse:
    enterprise = services.visible_enterprise(request.user, udyam_number)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_profile(enterprise, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Officials will look at this profile."))
    else:
        messages.error(request, _("Choose a reason for the report."))
    return redirect(enterprise)


@login_required
@permission_required(services.VERIFY, raise_exception=True)
def verification_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "enterprises/verification_queue.html",
        {"queue": services.verification_queue()[:200]},
    )


@login_required
@permission_required(services.VERIFY, raise_exception=True)
def verify(request: HttpRequest, udyam_number: str) -> HttpResponse:
    enterprise = services.visible_enterprise(request.user, udyam_number)
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        office = (
            request.organisation
            if request.organisation and request.organisation.is_government_office
            else None
        )
        try:
            services.record_verification(
                enterprise, by=request.user, office=office, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Verification recorded for %(name)s.") % {"name": enterprise}
            )
            return redirect("enterprises:verification_queue")
    return render(request, "enterprises/verify.html", {"enterprise": enterprise, "form": form})


@require_GET
def nic_search(request: HttpRequest) -> HttpResponse:
    """NIC classes matching what is typed (an htmx partial under the NIC field)."""
    query = request.GET.get("q", "")[:80]
    context = {"results": search_nic(query) if len(query) >= 2 else [], "query": query}
    if request.htmx:
        return render(request, "enterprises/partials/nic_results.html", context)
    return render(request, "enterprises/nic_search.html", context)  # the no-JavaScript page


@login_required
def partner_edit(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    if organisation is None or organisation.kind != Organisation.Kind.FOREIGN_PARTNER:
        raise Http404
    profile = PartnerProfile.objects.filter(organisation=organisation).first() or PartnerProfile(
        organisation=organisation
    )
    form = PartnerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your partner profile is saved."))
        return redirect("enterprises:partner_edit")
    return render(
        request, "enterprises/partner_edit.html", {"form": form, "organisation": organisation}
    )


def partner_profile(request: HttpRequest, slug: str) -> HttpResponse:
    profile = (
        PartnerProfile.objects.select_related("organisation", "sector")
        .filter(organisation__slug=slug, organisation__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    if not profile.is_published and membership_of(request.user, profile.organisation) is None:
        raise Http404
    return render(
        request,
        "enterprises/partner_profile.html",
        {"profile": profile, "responsiveness": _responsiveness(profile.organisation)},
    )


@login_required
@permission_required(services.IMPORT, raise_exception=True)
def registry_imports(request: HttpRequest) -> HttpResponse:
    """Officials upload a registry file; it is imported in the background, progress below."""
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_registry_import(form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The import has started; its progress shows below."))
            return redirect("enterprises:registry_imports")
    context = {"form": form, "runs": services.registry_imports()[:20]}
    template = (
        "enterprises/partials/import_runs.html"
        if request.htmx
        else "enterprises/registry_imports.html"
    )
    return render(request, template, context)


@login_required
@permission_required(MANAGE_VOCABULARIES, raise_exception=True)
def vocabularies(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or Term.Kind.PROCESS
    if kind not in Term.Kind.values:
        raise Http404
    term = None
    if request.GET.get("term"):
        term = Term.objects.filter(pk=request.GET["term"]).first() or None
    form = TermForm(request.POST or None, instance=term, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if not saved.slug:
            saved.slug = services.unique_term_slug(saved.kind, saved.name)
        saved.save()
        messages.success(request, _("“%(name)s” saved.") % {"name": saved.name})
        return redirect(f"{request.path}?kind={saved.kind}")
    context = {
        "form": form,
        "kind": kind,
        "kinds": Term.Kind.choices,
        "terms": Term.objects.filter(kind=kind).order_by("name"),
        "term": term,
    }
    return render(request, "enterprises/vocabularies.html", context)
