"""What each kind of organisation sees first after logging in."""

from __future__ import annotations

from datetime import timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udyamsetu.accounts.models import Membership, Organisation, User

TEMPLATES = {kind: f"core/dashboards/{kind}.html" for kind in Organisation.Kind.values}


def _checklist(user: User, organisation: Organisation, membership: Membership) -> list[dict]:
    """First steps, each with whether it is done."""
    team_size = organisation.memberships.count()
    steps = [
        {"label": _("Verify your e-mail address"), "done": True, "url": "account_email"},
        {
            "label": _("Create or join an organisation"),
            "done": True,
            "url": "accounts:organisation_list",
        },
        {
            "label": _("Invite a colleague"),
            "done": team_size > 1 or not membership.is_owner,
            "url_obj": organisation,
        },
        {
            "label": _("Protect your account with an authenticator app"),
            "done": is_mfa_enabled(user),
            "url": "mfa_index",
        },
        {
            "label": _("Choose your language and time zone"),
            "done": bool(user.language),
            "url": "accounts:preferences",
        },
    ]
    return steps


def _office_statistics() -> dict:
    week_ago = timezone.now() - timedelta(days=7)
    by_kind = dict(
        Organisation.objects.filter(is_active=True).values_list("kind").annotate(n=Count("id"))
    )
    return {
        "organisations_by_kind": [
            {"kind": label, "count": by_kind.get(value, 0)}
            for value, label in Organisation.Kind.choices
        ],
        "organisations_total": sum(by_kind.values()),
        "users_total": User.objects.filter(is_active=True).count(),
        "users_this_week": User.objects.filter(date_joined__gte=week_ago).count(),
        "recent_organisations": Organisation.objects.filter(is_active=True).order_by("-created_at")[
            :8
        ],
    }


def _recommendations(organisation: Organisation) -> dict | None:
    """Enterprises matching what the organisation's profile seeks, as result cards with their
    reasons and the team's verdicts; None while it has no profile."""
    from udyamsetu.matching.services import cached_recommendations, profile_of
    from udyamsetu.matching.views import match_cards

    seeker = profile_of(organisation)
    if seeker is None:
        return None
    matches = cached_recommendations(*seeker, limit=5)
    return {"cards": match_cards(matches, *seeker), "kind": seeker[0], "id": seeker[1]}


def _opportunities(user: User, organisation: Organisation) -> list:
    """The organisation's own posts, newest first, with the interest waiting in each."""
    from udyamsetu.marketplace.services import posts_of

    return list(posts_of(user, organisation)[:10])


def dashboard_context(user: User, organisation: Organisation | None, membership) -> dict:
    """The template and context for the user's dashboard."""
    if organisation is None:
        return {"template": "core/dashboards/no_organisation.html"}
    context = {
        "template": TEMPLATES[organisation.kind],
        "organisation": organisation,
        "membership": membership,
        "checklist": _checklist(user, organisation, membership),
        "team": organisation.memberships.select_related("user").order_by("role")[:6],
        "team_size": organisation.memberships.count(),
        "mfa_enabled": is_mfa_enabled(user),
    }
    if organisation.kind == Organisation.Kind.ENTERPRISE:
        from udyamsetu.enterprises.services import completeness, enterprise_for_organisation

        enterprise = enterprise_for_organisation(organisation)
        context["enterprise"] = enterprise
        context["completeness"] = completeness(enterprise) if enterprise else None
    if organisation.kind in (Organisation.Kind.ENTERPRISE, Organisation.Kind.FOREIGN_PARTNER):
        from udyamsetu.matching.opportunities import opportunities_for

        context["recommendations"] = _recommendations(organisation)
        context["opportunities"] = opportunities_for(organisation)
    context["posts"] = _opportunities(user, organisation)
    if organisation.kind == Organisation.Kind.FACILITY_OPERATOR:
        from udyamsetu.facilities.services import pending_requests

        context["facilities"] = list(organisation.facilities.all())
        if context["facilities"]:
            # Only what waits: the weekly figures are on their own page.
            context["booking_requests"] = list(pending_requests(user, organisation))
    from udyamsetu.events.services import upcoming_for

    context["my_events"] = upcoming_for(user)
    if not organisation.is_government_office:
        from udyamsetu.partnerships.services import pipeline_panel

        context["partnerships"] = pipeline_panel(user, organisation)
    if organisation.is_government_office:
        context["can_verify"] = user.has_perm("enterprises.verify_enterprise")
        context["can_import"] = user.has_perm("enterprises.import_registry")
        context["can_edit_vocabularies"] = user.has_perm("enterprises.manage_vocabularies")
        context["can_view_all"] = user.has_perm("accounts.view_all_organisations")
        context["can_review_posts"] = user.has_perm("marketplace.review_post")
        context["can_see_partnerships"] = user.has_perm("partnerships.view_partnership_summary")
        if context["can_review_posts"]:
            from udyamsetu.marketplace.services import review_queue

            context["posts_to_review"] = review_queue().count()
        if context["can_view_all"]:
            context.update(_office_statistics())
    return context
