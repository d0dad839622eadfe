"""Business rules for enterprise profiles, certificates, verification and reports."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import membership_of
from udyamsetu.enterprises.models import (
    Certificate,
    Enterprise,
    ProfileReport,
    RegistryImport,
    Term,
    VerificationRecord,
)
from udyamsetu.enterprises.reference import (
    DATA,
    STATES_BY_CODE,
    nic_error,
    pin_location,
    size_class,
    udyam_number_error,
)

VERIFY = "enterprises.verify_enterprise"
STATISTICS = "enterprises.view_programme_statistics"


# --- vocabularies ------------------------------------------------------------------------------


def load_vocabularies(path=None) -> int:
    """Create or update the shipped vocabulary terms (by kind and slug); returns how many.

    Officials' own additions are kept; shipped terms they renamed are renamed back only if the
    shipped file changes them.
    """
    data = json.loads((path or DATA / "vocabularies.json").read_text(encoding="utf-8"))
    count = 0
    with transaction.atomic():
        for kind, terms in data.items():
            if kind not in Term.Kind.values:
                raise ValidationError(f"vocabularies.json: unknown vocabulary {kind!r}")
            by_slug: dict[str, Term] = {}
            for spec in terms:
                term, _created = Term.objects.update_or_create(
                    kind=kind,
                    slug=spec["slug"],
                    defaults={
                        "name": spec["name"],
                        "name_hi": spec.get("name_hi", ""),
                        "synonyms": spec.get("synonyms", []),
                        "hint": spec.get("issuer_hint") or spec.get("spec_hint") or "",
                        "expires": spec.get("expires", True),
                        "parent": by_slug.get(spec.get("parent", "")),
                    },
                )
                by_slug[term.slug] = term
                count += 1
    return count


def unique_term_slug(kind: str, name: str) -> str:
    """A slug for a new term, unique within its vocabulary."""
    from udyamsetu.core.services import unique_slug

    return unique_slug(Term.objects.filter(kind=kind), name, fallback="term")


def terms(kind: str) -> QuerySet[Term]:
    """The active terms of one vocabulary, by name."""
    return Term.objects.filter(kind=kind, is_active=True).order_by("name")


# --- the profile -------------------------------------------------------------------------------


def apply_registry_rules(enterprise: Enterprise) -> None:
    """Check the Udyam-defined fields and derive the size class, location and district.

    Raises ValidationError keyed by field when a rule is broken.
    """
    errors: dict[str, str] = {}
    problem = udyam_number_error(enterprise.udyam_number)
    if problem:
        errors["udyam_number"] = _("The Udyam number %(problem)s.") % {"problem": problem}
    for code in enterprise.nic_codes or []:
        problem = nic_error(code)
        if problem:
            errors["nic_codes"] = problem
    if not enterprise.nic_codes:
        errors["nic_codes"] = _("Give at least one NIC 2008 code.")
    if enterprise.export_turnover_rupees > enterprise.turnover_rupees:
        errors["export_turnover_rupees"] = _("Export turnover cannot be larger than turnover.")
    location = pin_location(enterprise.pin_code)
    if location is None:
        errors["pin_code"] = _("%(pin)s is not a known PIN code.") % {"pin": enterprise.pin_code}
    elif not errors.get("udyam_number") and location.state.code != enterprise.udyam_number[6:8]:
        errors["pin_code"] = _(
            "PIN code %(pin)s is in %(state)s, but the Udyam number is registered in %(udyam)s."
        ) % {
            "pin": enterprise.pin_code,
            "state": _(location.state.name),
            "udyam": _(STATES_BY_CODE[enterprise.udyam_number[6:8]].name),
        }
    if errors:
        raise ValidationError(errors)
    enterprise.state = location.state.code  # type: ignore[union-attr]
    enterprise.district = location.district  # type: ignore[union-attr]
    enterprise.size_class = size_class(
        enterprise.investment_rupees, enterprise.turnover_rupees, enterprise.export_turnover_rupees
    )


def enterprise_for_organisation(organisation: Organisation | None) -> Enterprise | None:
    """The enterprise profile an organisation has claimed, if any."""
    if organisation is None:
        return None
    return Enterprise.objects.filter(organisation=organisation).first()


def editable_enterprise(user, organisation: Organisation | None) -> Enterprise:
    """The enterprise the user may edit right now (their active organisation's), or 404."""
    if organisation is None or membership_of(user, organisation) is None:
        raise Http404
    enterprise = enterprise_for_organisation(organisation)
    if enterprise is None:
        raise Http404
    return enterprise


def visible_enterprise(user, udyam_number: str) -> Enterprise:
    """An enterprise whose profile the user may see: published ones for everyone; unpublished
    ones for their own members and for officials who verify; 404 for everyone else."""
    enterprise = (
        Enterprise.objects.select_related("organisation").filter(udyam_number=udyam_number).first()
    )
    if enterprise is None:
        raise Http404
    if enterprise.is_published:
        return enterprise
    is_member = (
        enterprise.organisation_id
        and user.is_authenticated
        and (membership_of(user, enterprise.organisation) is not None)
    )
    if is_member or (user.is_authenticated and user.has_perm(VERIFY)):
        return enterprise
    raise Http404


@transaction.atomic
def claim_enterprise(organisation: Organisation, *, by, udyam_number: str, **fields) -> Enterprise:
    """Link an Indian enterprise organisation to its Udyam registration.

    A registry entry nobody has claimed is taken over; an unknown number creates the profile
    from `fields`. A number another organisation already holds is refused.
    """
    membership = membership_of(by, organisation)
    if membership is None:
        raise Http404
    if not membership.is_owner:
        raise PermissionDenied(_("Only an owner can register the enterprise's Udyam number."))
    if organisation.kind != Organisation.Kind.ENTERPRISE:
        raise ValidationError(_("Only Indian enterprises have a Udyam registration."))
    if Enterprise.objects.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(org)s already has its Udyam registration.") % {"org": organisation}
        )
    udyam_number = udyam_number.strip().upper()
    enterprise = Enterprise.objects.select_for_update().filter(udyam_number=udyam_number).first()
    if enterprise is not None and enterprise.organisation_id:
        raise ValidationError(
            {
                "udyam_number": _(
                    "This Udyam number is already held by another organisation on the portal. If it is "
                    "yours, report the profile and an official will look into it."
                )
            }
        )
    if enterprise is None:
        enterprise = Enterprise(
            udyam_number=udyam_number, source=Enterprise.Source.PORTAL, **fields
        )
    enterprise.organisation = organisation
    enterprise.verification_level = Enterprise.Verification.SELF_DECLARED
    apply_registry_rules(enterprise)
    enterprise.full_clean(exclude=["logo"])
    try:
        enterprise.save()
    except IntegrityError:
        raise ValidationError(
            {"udyam_number": _("This Udyam number was just registered.")}
        ) from None
    return enterprise


@transaction.atomic
def update_profile(
    enterprise: Enterprise, *, by, changes: dict, terms_by_field: dict | None = None
) -> Enterprise:
    """Save edits by a member of the enterprise; registry-defined fields are checked again and
    the size class recomputed. Changing registry figures drops an official verification back to
    self-declared, since what was verified is no longer what is shown."""
    if enterprise.organisation is None or membership_of(by, enterprise.organisation) is None:
        raise Http404
    registry_fields = {
        "investment_rupees",
        "turnover_rupees",
        "export_turnover_rupees",
        "nic_codes",
        "pin_code",
        "legal_name",
    }
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    figures_changed = any(getattr(locked, f) != changes[f] for f in registry_fields if f in changes)
    for name, value in changes.items():
        setattr(locked, name, value)
    apply_registry_rules(locked)
    locked.full_clean(exclude=["logo"])
    if figures_changed and locked.verification_level > Enterprise.Verification.SELF_DECLARED:
        locked.verification_level = Enterprise.Verification.SELF_DECLARED
        VerificationRecord.objects.create(
            enterprise=locked,
            level=Enterprise.Verification.SELF_DECLARED,
            by=by,
            checked=_("Registry figures changed by the enterprise; verification to be renewed."),
        )
    locked.save()
    for field, values in (terms_by_field or {}).items():
        getattr(locked, field).set(values)
    return locked


# --- completeness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    percent: int
    hints: list[str]


def completeness(enterprise: Enterprise) -> Completeness:
    """How complete the profile is, and what to add first to be found and matched."""
    checks = [
        (
            bool(enterprise.description),
            15,
            gettext_lazy("Describe what you make or do, in your customers' words."),
        ),
        (
            enterprise.processes.exists(),
            15,
            gettext_lazy("Pick your manufacturing processes: buyers filter by them."),
        ),
        (
            enterprise.certificates.exists(),
            15,
            gettext_lazy("Add your certifications with their validity and the certificate file."),
        ),
        (
            enterprise.technology_areas.exists(),
            10,
            gettext_lazy("Choose technology areas to be matched with demand in them."),
        ),
        (
            enterprise.machines.exists(),
            10,
            gettext_lazy("List key machines with their specifications."),
        ),
        (bool(enterprise.offer_text), 10, gettext_lazy("Say what you offer partners.")),
        (
            bool(enterprise.seek_text),
            10,
            gettext_lazy("Say what you seek: partners, technology, orders."),
        ),
        (
            enterprise.partnership_types.exists(),
            5,
            gettext_lazy("Choose the kinds of partnership you want."),
        ),
        (
            bool(enterprise.contact_email or enterprise.contact_phone),
            5,
            gettext_lazy("Give a contact e-mail or phone."),
        ),
        (
            enterprise.verification_level > 0,
            5,
            gettext_lazy("Ask an official to verify your profile."),
        ),
    ]
    percent = sum(weight for done, weight, _hint in checks if done)
    hints = [str(hint) for done, _weight, hint in checks if not done][:3]
    return Completeness(percent, hints)


# --- certificates ------------------------------------------------------------------------------


def valid_certificates(on=None) -> Q:
    """A filter for certificates valid on a day (today by default)."""
    day = on or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def add_certificate(
    enterprise: Enterprise,
    *,
    by,
    certification: Term,
    issuer: str,
    number: str = "",
    scope: str = "",
    valid_from=None,
    valid_until=None,
    file=None,
) -> Certificate:
    """Add a certificate to one's own enterprise."""
    if enterprise.organisation is None or membership_of(by, enterprise.organisation) is None:
        raise Http404
    if certification.kind != Term.Kind.CERTIFICATION:
        raise ValidationError({"certification": _("Choose a certification from the list.")})
    if certification.expires and not valid_until:
        raise ValidationError(
            {
                "valid_until": _("Give the date until which %(cert)s is valid.")
                % {"cert": certification.name}
            }
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The certificate cannot end before it starts.")})
    certificate = Certificate(
        enterprise=enterprise,
        certification=certification,
        issuer=issuer.strip(),
        number=number.strip(),
        scope=scope.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        file=file,
    )
    certificate.full_clean()
    certificate.save()
    return certificate


def certificate_for_download(user, certificate_id: int) -> Certificate:
    """A certificate whose file the user may download: members of the enterprise, and officials
    who verify. Everyone else gets 404, even for published profiles: the file may show
    personal data; the public profile shows what the certificate says, not the file."""
    certificate = (
        Certificate.objects.select_related("enterprise__organisation", "file")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.file is None or not user.is_authenticated:
        raise Http404
    organisation = certificate.enterprise.organisation
    if organisation and membership_of(user, organisation) is not None:
        return certificate
    if user.has_perm(VERIFY):
        return certificate
    raise Http404


# --- verification and reports ------------------------------------------------------------------


def request_verification(enterprise: Enterprise, *, by) -> None:
    """An owner asks officials to check the profile; it joins the verification queue."""
    if enterprise.organisation is None or membership_of(by, enterprise.organisation) is None:
        raise Http404
    if completeness(enterprise).percent < 50:
        raise ValidationError(
            _("Complete at least half of your profile, then ask an official to verify it.")
        )
    Enterprise.objects.filter(pk=enterprise.pk).update(verification_requested_at=timezone.now())


def verification_queue() -> QuerySet[Enterprise]:
    """Enterprises waiting for an official, oldest request first."""
    return (
        Enterprise.objects.filter(verification_requested_at__isnull=False)
        .select_related("organisation")
        .order_by("verification_requested_at")
    )


@transaction.atomic
def record_verification(
    enterprise: Enterprise,
    *,
    by,
    office: Organisation | None,
    level: int,
    checked: str,
    note: str = "",
) -> VerificationRecord:
    """An official records what they checked; the badge shows it with their name and date."""
    if not by.has_perm(VERIFY):
        raise PermissionDenied(_("Your office may not verify enterprises."))
    if level not in Enterprise.Verification.values:
        raise ValidationError({"level": _("Choose a verification level.")})
    if not checked.strip():
        raise ValidationError({"checked": _("Say what you checked, e.g. the Udyam certificate.")})
    record = VerificationRecord.objects.create(
        enterprise=enterprise,
        level=level,
        checked=checked.strip(),
        note=note.strip(),
        by=by,
        office=office,
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(
        verification_level=level, verification_requested_at=None
    )
    return record


def latest_verification(enterprise: Enterprise) -> VerificationRecord | None:
    """The record behind the current badge."""
    return enterprise.verifications.select_related("by", "office").first()


def report_profile(enterprise: Enterprise, *, by, reason: str, details: str = "") -> ProfileReport:
    """Anyone logged in may report a profile once (while the report is open)."""
    if reason not in ProfileReport.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if len(details) > 2000:
        raise ValidationError({"details": _("Use at most 2,000 characters.")})
    try:
        with transaction.atomic():
            return ProfileReport.objects.create(
                enterprise=enterprise, reported_by=by, reason=reason, details=details.strip()
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this profile; officials will look at it.")
        ) from None


# --- registry imports from the officials' page -------------------------------------------------

IMPORT = "enterprises.import_registry"
MAX_REGISTRY_UPLOAD = 2 * 1024**3


def start_registry_import(uploaded_file, *, by) -> RegistryImport:
    """Keep an uploaded registry file outside the web root and queue its import."""
    from django.conf import settings

    from udyamsetu.enterprises.importer import fingerprint
    from udyamsetu.enterprises.tasks import run_registry_import

    if not by.has_perm(IMPORT):
        raise PermissionDenied(_("Your office may not import the registry."))
    name = uploaded_file.name or ""
    if not (name.endswith(".csv") or name.endswith(".csv.gz")):
        raise ValidationError({"file": _("Upload the registry as .csv or .csv.gz.")})
    if uploaded_file.size > MAX_REGISTRY_UPLOAD:
        raise ValidationError({"file": _("The file is larger than 2 GB.")})
    folder = Path(settings.MEDIA_ROOT) / "registry-imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{'.csv.gz' if name.endswith('.gz') else '.csv'}"
    with path.open("wb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    run = RegistryImport.objects.create(
        file_name=Path(name).name[:255],
        fingerprint=fingerprint(path),
        started_by=by,
        reject_path=str(path.with_name(path.name.split(".")[0] + ".rejects.csv")),
    )
    transaction.on_commit(lambda: run_registry_import.enqueue(run_id=run.pk, path=str(path)))
    return run


def registry_imports() -> QuerySet[RegistryImport]:
    return RegistryImport.objects.select_related("started_by").order_by("-created_at")
