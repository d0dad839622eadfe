"""A post's life: draft → submitted → reviewed by an official → published → closed, expired or
awarded; renewal before expiry; reports of spam or fake posts.

Every change locks the post's row and checks its status inside the transaction, so two people
acting at once (an official publishing while the team withdraws, two officials reviewing)
cannot both succeed: the second gets a clear error and nothing changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import organisations_of
from udyamsetu.core import ratelimit
from udyamsetu.core.services import notify_members
from udyamsetu.marketplace.models import Interest, Post, PostReport
from udyamsetu.marketplace.services.visibility import REVIEW, is_member

Kind = Post.Kind
Status = Post.Status

TERM_FIELDS = ("processes", "technology_areas", "required_certifications",
               "preferred_certifications")  # fmt: skip
_REQUIREMENTS = ("required_certifications", "preferred_certifications", "size_classes", "states",
                 "pin_code", "radius_km")  # fmt: skip
_PARTNERING = ("stage", "partnership_sought", "ipr_status", "target_countries")
_COMMON = ("title", "description", "processes", "technology_areas", "expires_on", "is_anonymous")

# The fields each kind of post has, in the order the form shows them.
# fmt: off
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.TECHNOLOGY_OFFER: (*_COMMON, *_PARTNERING),
    Kind.TECHNOLOGY_REQUEST: (*_COMMON, *_PARTNERING, *_REQUIREMENTS),
    Kind.BUSINESS_OFFER: (*_COMMON, *_PARTNERING),
    Kind.BUSINESS_REQUEST: (*_COMMON, *_PARTNERING, *_REQUIREMENTS),
    Kind.RND_REQUEST: (*_COMMON, *_PARTNERING, *_REQUIREMENTS),
    Kind.TENDER: (*_COMMON, "value_band", "deadline", "msme_preference", *_REQUIREMENTS),
    Kind.INDIGENISATION: (*_COMMON, "part_number", "quantity", "annual_demand", "buyer", "route",
                          "positive_list", *_REQUIREMENTS),
    Kind.CHALLENGE: (*_COMMON, "grant_rupees", "challenge_stages", "size_classes", "states"),
    Kind.LICENCE: (*_COMMON, "licence_category", "stage", "ipr_status",
                   "required_certifications", "size_classes", "states"),
}
# fmt: on
# Checked when a post is submitted (a draft may be saved half-filled).
_REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.TECHNOLOGY_OFFER: ("partnership_sought",),
    Kind.TECHNOLOGY_REQUEST: ("partnership_sought",),
    Kind.BUSINESS_OFFER: ("partnership_sought",),
    Kind.BUSINESS_REQUEST: ("partnership_sought",),
    Kind.RND_REQUEST: ("partnership_sought",),
    Kind.TENDER: ("value_band", "deadline"),
    Kind.INDIGENISATION: ("quantity", "route"),
    Kind.CHALLENGE: ("grant_rupees",),
    Kind.LICENCE: ("licence_category",),
}
_BUYERS = {Organisation.Kind.BUYER_AGENCY, Organisation.Kind.GOVERNMENT_OFFICE}


def kinds_for(organisation: Organisation) -> list[str]:
    """The kinds of post an organisation may make: buyer demand (tenders, indigenisation items,
    challenges, licences) only by buyer agencies and government offices; offers and requests by
    everyone but government offices."""
    buyer = organisation.kind in _BUYERS
    office = organisation.kind == Organisation.Kind.GOVERNMENT_OFFICE
    return [k for k in Kind if (buyer if k in Post.DEMAND else not office)]


def _require_member(user, organisation_id: int) -> None:
    if not is_member(user, organisation_id):
        raise PermissionDenied(_("Only the organisation's members may do this."))


def _locked(post: Post) -> Post:
    """The post's row, locked until the transaction ends, with its current status."""
    return (
        Post.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=post.pk)
    )


def _refuse_status(post: Post, allowed: set[str], action: str) -> None:
    if post.status not in allowed:
        raise ValidationError(
            _("This opportunity is %(status)s: it cannot be %(action)s.")
            % {"status": post.get_status_display().lower(), "action": action}
        )


def _clean_expiry(post: Post, today: date) -> None:
    """An open-until date in the future, at most `POST_MAX_OPEN_DAYS` ahead, and not before a
    tender's bids are due."""
    errors = {}
    latest = today + timedelta(days=settings.POST_MAX_OPEN_DAYS)
    if post.expires_on is None:
        errors["expires_on"] = _("Say until when the opportunity is open.")
    elif post.expires_on < today:
        errors["expires_on"] = _("The date is in the past.")
    elif post.expires_on > latest:
        errors["expires_on"] = _(
            "At most %(days)d days ahead (until %(date)s); renew it later."
        ) % {
            "days": settings.POST_MAX_OPEN_DAYS,
            "date": date_format(latest),
        }
    elif post.deadline and post.expires_on < timezone.localdate(post.deadline):
        errors["expires_on"] = _("Keep it open at least until the bids are due.")
    if errors:
        raise ValidationError(errors)


def _check_complete(post: Post) -> None:
    """What a post must say before an official reviews it."""
    errors = {}
    for name in _REQUIRED_BY_KIND.get(post.kind, ()):
        if getattr(post, name) in (None, "", []):
            errors[name] = _("This field is required before you submit.")
    if post.pin_code and not post.radius_km:
        errors["radius_km"] = _("Say how far from the PIN code.")
    if errors:
        raise ValidationError(errors)
    _clean_expiry(post, timezone.localdate())


def _apply(post: Post, fields: dict, terms: dict) -> None:
    """Set the kind's fields from `fields` and `terms`; fields of other kinds are cleared so a
    post never carries values it does not show."""
    allowed = set(FIELDS_BY_KIND[post.kind])
    defaults = {f.name: f.get_default() for f in Post._meta.concrete_fields}
    for name in {n for names in FIELDS_BY_KIND.values() for n in names} - set(TERM_FIELDS):
        if name in allowed and name in fields:
            setattr(post, name, fields[name])
        elif name not in allowed and name not in _COMMON:
            setattr(post, name, defaults[name])


def _set_terms(post: Post, terms: dict) -> None:
    allowed = set(FIELDS_BY_KIND[post.kind])
    for name in TERM_FIELDS:
        if name not in allowed:
            getattr(post, name).clear()
        elif name in terms:
            getattr(post, name).set(terms[name])


@transaction.atomic
def create_post(organisation: Organisation, *, by, kind: str, fields: dict, terms: dict) -> Post:
    """A new draft post of `kind` for `organisation`, made by one of its members."""
    _require_member(by, organisation.pk)
    if kind not in kinds_for(organisation):
        raise ValidationError(
            {"kind": _("Your organisation cannot post this kind of opportunity.")}
        )
    post = Post(organisation=organisation, kind=kind, created_by=by)
    _apply(post, fields, terms)
    post.full_clean(exclude=list(TERM_FIELDS))
    post.save()
    _set_terms(post, terms)
    return post


@transaction.atomic
def update_post(post: Post, *, by, fields: dict, terms: dict) -> Post:
    """Edit a post. A published post goes back to the officials (it stays hidden until they
    publish it again), so nobody can publish one text and then show another."""
    _require_member(by, post.organisation_id)
    post = _locked(post)
    _refuse_status(post, {Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.PUBLISHED},
                   _("edited"))  # fmt: skip
    _apply(post, fields, terms)
    post.full_clean(exclude=list(TERM_FIELDS))
    if post.status == Status.PUBLISHED:
        post.status, post.submitted_at = Status.SUBMITTED, timezone.now()
    post.save()
    _set_terms(post, terms)
    return post


@transaction.atomic
def submit_post(post: Post, *, by) -> Post:
    """Send a draft (or a rejected post, mended) to the officials for review."""
    _require_member(by, post.organisation_id)
    post = _locked(post)
    _refuse_status(post, {Status.DRAFT, Status.REJECTED}, _("submitted"))
    _check_complete(post)
    post.status, post.submitted_at = Status.SUBMITTED, timezone.now()
    post.save(update_fields=["status", "submitted_at", "updated_at"])
    return post


@transaction.atomic
def withdraw_post(post: Post, *, by) -> Post:
    """Take a submitted post back to draft before it is reviewed."""
    _require_member(by, post.organisation_id)
    post = _locked(post)
    _refuse_status(post, {Status.SUBMITTED}, _("withdrawn"))
    post.status = Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post


def _require_reviewer(user) -> None:
    if not user.has_perm(REVIEW):
        raise PermissionDenied(_("Only officials who review opportunities may do this."))


@transaction.atomic
def publish_post(post: Post, *, by) -> Post:
    """An official publishes a submitted post; its team hears by e-mail."""
    _require_reviewer(by)
    post = _locked(post)
    _refuse_status(post, {Status.SUBMITTED}, _("published"))
    _clean_expiry(post, timezone.localdate())
    now = timezone.now()
    post.status, post.reviewed_at, post.reviewed_by = Status.PUBLISHED, now, by
    post.published_at, post.rejection_reason = now, ""
    post.save()
    notify_members(
        post.organisation,
        subject=lambda: _("Published: %(title)s") % {"title": post.title},
        template="marketplace/email/published.txt",
        context={"post": post},
    )
    return post


@transaction.atomic
def reject_post(post: Post, *, by, reason: str) -> Post:
    """An official rejects a submitted (or takes down a published) post, saying why; the team
    may mend it and submit it again."""
    _require_reviewer(by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the team can mend it.")})
    post = _locked(post)
    _refuse_status(post, {Status.SUBMITTED, Status.PUBLISHED}, _("rejected"))
    post.status, post.reviewed_at, post.reviewed_by = Status.REJECTED, timezone.now(), by
    post.rejection_reason = reason.strip()
    post.save()
    notify_members(
        post.organisation,
        subject=lambda: _("Not published: %(title)s") % {"title": post.title},
        template="marketplace/email/rejected.txt",
        context={"post": post},
    )
    return post


@transaction.atomic
def close_post(post: Post, *, by, awarded: bool = False) -> Post:
    """The team closes a published post (awarded: it found its partner). Expressions of
    interest still waiting are declined, and their senders told."""
    from udyamsetu.marketplace.services.interests import decline_pending

    _require_member(by, post.organisation_id)
    post = _locked(post)
    _refuse_status(post, {Status.PUBLISHED, Status.EXPIRED}, _("closed"))
    post.status = Status.AWARDED if awarded else Status.CLOSED
    post.closed_at = timezone.now()
    post.save(update_fields=["status", "closed_at", "updated_at"])
    decline_pending(post, by=by, reason=_("The opportunity was closed."))
    return post


@transaction.atomic
def renew_post(post: Post, *, by, until: date) -> Post:
    """Keep a published post open longer. Allowed in its last `POST_RENEWAL_WINDOW_DAYS`, for at
    most `POST_MAX_OPEN_DAYS` from today: a post cannot be kept alive forever unseen."""
    _require_member(by, post.organisation_id)
    post = _locked(post)
    _refuse_status(post, {Status.PUBLISHED}, _("renewed"))
    today = timezone.localdate()
    if post.expires_on and post.expires_on - today > timedelta(
        days=settings.POST_RENEWAL_WINDOW_DAYS
    ):
        raise ValidationError(
            {"until": _("It can be renewed from %(date)s, in its last %(days)d days.")
             % {"date": date_format(post.expires_on - timedelta(
                 days=settings.POST_RENEWAL_WINDOW_DAYS)),
                "days": settings.POST_RENEWAL_WINDOW_DAYS}}
        )  # fmt: skip
    if post.expires_on and until <= post.expires_on:
        raise ValidationError({"until": _("Choose a date after the present one.")})
    previous = post.expires_on
    post.expires_on = until
    try:
        _clean_expiry(post, today)
    except ValidationError as error:
        raise ValidationError({"until": error.message_dict["expires_on"]}) from error
    post.expiry_reminded_on = None if previous != until else post.expiry_reminded_on
    post.save(update_fields=["expires_on", "expiry_reminded_on", "updated_at"])
    return post


def expire_posts(now: datetime) -> int:
    """Hourly: posts past their open-until date become expired (and the team is told); those
    `POST_EXPIRY_REMINDER_DAYS` from it get one reminder offering renewal. Returns how many
    posts were expired or reminded."""
    today = timezone.localdate(now)
    handled = 0
    for pk in Post.objects.filter(status=Status.PUBLISHED, expires_on__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            post = Post.objects.select_for_update().select_related("organisation").get(pk=pk)
            if post.status != Status.PUBLISHED or post.expires_on >= today:
                continue  # renewed or closed meanwhile
            post.status = Status.EXPIRED
            post.save(update_fields=["status", "updated_at"])
            notify_members(
                post.organisation,
                subject=lambda post=post: _("Expired: %(title)s") % {"title": post.title},
                template="marketplace/email/expired.txt",
                context={"post": post},
            )
            handled += 1
    soon = today + timedelta(days=settings.POST_EXPIRY_REMINDER_DAYS)
    due = Post.objects.filter(
        status=Status.PUBLISHED, expires_on__gte=today, expires_on__lte=soon,
        expiry_reminded_on__isnull=True,
    )  # fmt: skip
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            post = Post.objects.select_for_update().select_related("organisation").get(pk=pk)
            if post.expiry_reminded_on is not None:
                continue
            post.expiry_reminded_on = today
            post.save(update_fields=["expiry_reminded_on"])
            notify_members(
                post.organisation,
                subject=lambda post=post: _("Closing soon: %(title)s") % {"title": post.title},
                template="marketplace/email/expiring.txt",
                context={"post": post},
            )
            handled += 1
    return handled


def report_post(post: Post, *, by, reason: str, note: str = "") -> PostReport:
    """Anyone logged in who can read a post, and is not of its organisation, may report it as
    spam or fake, once; officials see the reports in their review queue."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Log in to report an opportunity."))
    if is_member(by, post.organisation_id):
        raise ValidationError(_("You cannot report your own organisation's opportunity."))
    if reason not in PostReport.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == PostReport.Reason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say what is wrong.")})
    if ratelimit.over_limit("post-report", str(by.pk), settings.POST_REPORT_RATE, 3600):
        raise ValidationError(_("Too many reports in an hour. Please try again later."))
    try:
        with transaction.atomic():
            return PostReport.objects.create(
                post=post, reported_by=by, reason=reason, note=note.strip()
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this opportunity.")) from None


@transaction.atomic
def resolve_report(report: PostReport, *, by, take_down: bool, reason: str = "") -> None:
    """An official dismisses a report, or takes the post down (rejected, with the reason, which
    its team sees). Every open report of the post is resolved together."""
    _require_reviewer(by)
    if take_down:
        reject_post(report.post, by=by, reason=reason)
    PostReport.objects.filter(post=report.post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


def review_queue() -> QuerySet[Post]:
    """Posts waiting for an official: submitted ones, oldest first, then published ones with
    open reports."""
    open_reports = Count("reports", filter=Q(reports__resolved_at__isnull=True))
    return (
        Post.objects.select_related("organisation")
        .annotate(open_reports=open_reports)
        .filter(Q(status=Status.SUBMITTED) | Q(open_reports__gt=0))
        .order_by("submitted_at", "pk")
    )


def posts_of(user, organisation: Organisation) -> QuerySet[Post]:
    """An organisation's posts for its own members (empty for others), newest first, with the
    number of expressions of interest waiting for an answer."""
    if not organisations_of(user).filter(pk=organisation.pk).exists():
        return Post.objects.none()
    pending = Count("interests", filter=Q(interests__status=Interest.Status.PENDING))
    return organisation.posts.annotate(pending=pending).order_by("-created_at")
