"""Business rules for organisations, memberships, invitations and API tokens.

Views and the API call these functions; each one checks who may act, runs in a transaction and
raises `PermissionDenied`, `Http404` or `ValidationError` with a message meant for people.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from udyamsetu.accounts.models import ApiToken, Invitation, Membership, Organisation
from udyamsetu.core.services import send_email_later

User = get_user_model()

INVITATION_LIFETIME = timedelta(days=14)
SELF_SERVICE_KINDS = {
    Organisation.Kind.ENTERPRISE,
    Organisation.Kind.FOREIGN_PARTNER,
    Organisation.Kind.BUYER_AGENCY,
    Organisation.Kind.FACILITY_OPERATOR,
}


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# --- Organisations -------------------------------------------------------------------------


def organisations_of(user) -> QuerySet[Organisation]:
    """The active organisations the user belongs to."""
    return Organisation.objects.filter(memberships__user=user, is_active=True).order_by("name")


def is_member(user, organisation_id: int) -> bool:
    """Whether the user belongs to the organisation (an active one)."""
    return user.is_authenticated and organisations_of(user).filter(pk=organisation_id).exists()


def ordered_pair(a: Organisation, b: Organisation) -> tuple[Organisation, Organisation]:
    """Two organisations in id order: how a pair is stored once, whichever side acts
    (conversations, partnership pipelines)."""
    return (a, b) if a.pk < b.pk else (b, a)


def memberships_of(user) -> QuerySet[Membership]:
    """The user's memberships of active organisations, by organisation name."""
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__is_active=True)
        .order_by("organisation__name")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """An organisation's members, owners first."""
    return organisation.memberships.select_related("user").order_by("-role", "user__full_name")


def open_invitations_for(user) -> list[Invitation]:
    """Invitations to the user's address that can still be accepted."""
    invitations = Invitation.objects.select_related("organisation").filter(
        email__iexact=user.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        organisation__is_active=True,
    )
    return list(invitations)


def open_invitations_of(organisation: Organisation) -> list[Invitation]:
    """An organisation's invitations that are still waiting for an answer."""
    return list(
        organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
    )


def membership_to_act_as(user, organisation_id: int | None) -> Membership | None:
    """The membership the user acts through: the chosen one if still valid, else their first.

    A user removed from the chosen organisation falls back silently to another one.
    """
    memberships = memberships_of(user)
    if organisation_id:
        chosen = memberships.filter(organisation_id=organisation_id).first()
        if chosen:
            return chosen
    return memberships.first()


def visible_organisation(user, *, slug: str | None = None, pk: int | None = None) -> Organisation:
    """An organisation whose private pages the user may see, or 404.

    Members see their own; officials whose office grants `view_all_organisations` see all.
    Everyone else gets 404, never 403, so outsiders cannot even learn what exists.
    """
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    queryset = Organisation.objects.filter(**lookup)
    if not user.is_authenticated:
        raise Http404
    if not user.has_perm("accounts.view_all_organisations"):
        queryset = queryset.filter(memberships__user=user, is_active=True)
    organisation = queryset.first()
    if organisation is None:
        raise Http404
    return organisation


def membership_of(user, organisation: Organisation) -> Membership | None:
    """The user's membership in the organisation, if any."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "organisation"
    slug = base
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


@transaction.atomic
def create_organisation(
    user,
    *,
    name: str,
    kind: str,
    country: str = "IN",
    city: str = "",
    website: str = "",
    description: str = "",
) -> Organisation:
    """Create an organisation with `user` as its first owner.

    Government offices carry official powers, so only staff may create them (in the admin).
    """
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")})
    if kind not in SELF_SERVICE_KINDS and not user.is_staff:
        raise PermissionDenied(_("Government offices are set up by the portal's administrators."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if kind == Organisation.Kind.FOREIGN_PARTNER and country.upper() == "IN":
        raise ValidationError({"country": _("A foreign partner is based outside India.")})
    if kind != Organisation.Kind.FOREIGN_PARTNER and country.upper() != "IN":
        raise ValidationError(
            {"country": _("Only foreign partners are based outside India; choose India.")}
        )
    organisation = Organisation(
        name=name,
        kind=kind,
        country=country.upper(),
        city=city.strip(),
        website=website,
        description=description.strip(),
        created_by=user,
        slug=_unique_slug(name),
    )
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return organisation


def _require_owner(user, organisation: Organisation) -> Membership:
    membership = membership_of(user, organisation)
    if membership is None:
        raise Http404
    if not membership.is_owner:
        raise PermissionDenied(_("Only an owner of %(org)s can do this.") % {"org": organisation})
    return membership


# --- Members and invitations ---------------------------------------------------------------


def invite_member(
    organisation: Organisation,
    *,
    by,
    email: str,
    role: str = Membership.Role.MEMBER,
    accept_url_builder=None,
) -> Invitation:
    """Invite an e-mail address to the organisation and send the link.

    `accept_url_builder(path)` turns the acceptance path into an absolute URL (the request's
    `build_absolute_uri`); the raw token exists only in that e-mail.
    """
    _require_owner(by, organisation)
    email = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose owner or member.")})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                invited_by=by,
                token_hash=_sha256(token),
                expires_at=timezone.now() + INVITATION_LIFETIME,
            )
    except IntegrityError:
        raise ValidationError(
            {"email": _("%(email)s has already been invited.") % {"email": email}}
        ) from None
    path = reverse("accounts:invitation_accept", args=[token])
    url = accept_url_builder(path) if accept_url_builder else path
    context = {"invitation": invitation, "organisation": organisation, "inviter": by, "url": url}
    send_email_later(
        subject=_("%(name)s invites you to %(org)s on Udyam Setu")
        % {"name": by.full_name or by.email, "org": organisation.name},
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[email],
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The open invitation for a raw token, or 404 (unknown, tampered, used, revoked or expired)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_sha256(token))
        .first()
    )
    if invitation is None or not invitation.is_open or not invitation.organisation.is_active:
        raise Http404
    return invitation


def accept_invitation(token: str, user) -> Membership:
    """Accept an invitation as `user`; only the invited e-mail address may accept it."""
    with transaction.atomic():
        invitation = invitation_from_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise Http404
        if invitation.email.lower() != user.email.lower():
            raise PermissionDenied(
                _("This invitation was sent to %(email)s. Log in with that address to accept it.")
                % {"email": invitation.email}
            )
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership


def revoke_invitation(invitation: Invitation, *, by) -> None:
    """Withdraw an open invitation; its link stops working."""
    _require_owner(by, invitation.organisation)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def remove_member(organisation: Organisation, *, by, membership: Membership) -> None:
    """Remove a member (owners), or leave (anyone, for themselves).

    An organisation always keeps at least one owner. The organisation row is locked so that two
    owners removing each other at the same moment cannot leave it with none.
    """
    if membership.organisation_id != organisation.pk:
        raise Http404
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if membership.user_id != by.pk:
            _require_owner(by, organisation)
        membership = Membership.objects.filter(pk=membership.pk).first()
        if membership is None:
            return  # already gone: removing twice is not an error
        owners = Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
        if membership.is_owner and owners.count() == 1:
            raise ValidationError(
                _("%(org)s needs at least one owner. Make someone else an owner first.")
                % {"org": organisation}
            )
        membership.delete()


def change_role(organisation: Organisation, *, by, membership: Membership, role: str) -> Membership:
    """Make a member an owner or an owner a member (owners only; one owner always remains)."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose owner or member.")})
    if membership.organisation_id != organisation.pk:
        raise Http404
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        _require_owner(by, organisation)
        membership.refresh_from_db()
        owners = Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER)
        if membership.is_owner and role != Membership.Role.OWNER and owners.count() == 1:
            raise ValidationError(_("%(org)s needs at least one owner.") % {"org": organisation})
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


# --- API tokens ----------------------------------------------------------------------------

MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "us"  # noqa: S105 -- a public marker, not a secret


def create_api_token(user, *, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw secret, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Use at most 100 characters.")})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    with transaction.atomic():
        # Lock the user's row so two requests at once cannot both pass the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You have %(n)d active tokens. Revoke one you no longer use.")
                % {"n": MAX_ACTIVE_TOKENS}
            )
        token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_sha256(raw))
    return token, raw


def revoke_api_token(user, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens; another user's token is 404."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def user_for_api_token(raw: str):
    """The active user a raw token belongs to, or None for unknown, revoked or tampered tokens."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not secrets.compare_digest(token.key_hash, _sha256(raw)):
        return None
    now = timezone.now()
    # Writing on every call would turn each API read into a write; a minute's precision is enough.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Preferences ---------------------------------------------------------------------------


def remember_language(user, language: str) -> None:
    """Store the user's chosen language so it follows them to every device."""
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
