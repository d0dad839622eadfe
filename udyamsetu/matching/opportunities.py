"""Opportunities for a profile: the other side of matching. The open posts whose need the
profile's offers answer, and the offers it seeks, among those it may take up: a post's hard
requirements (certifications valid on the day, sizes, states, distance; category A licences
only for verified Indian enterprises) are checked against the profile, never relaxed.

Open posts are few next to profiles (thousands, not millions), so they are embedded when read
and compared exactly; nothing here needs an index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from udyamsetu.enterprises.models import Enterprise, PartnerProfile, Term
from udyamsetu.marketplace.models import Post
from udyamsetu.marketplace.services import may_see_category_a, open_posts
from udyamsetu.matching import services
from udyamsetu.matching.embeddings import embedder
from udyamsetu.matching.models import Aspect
from udyamsetu.search.facets import distance_km
from udyamsetu.search.models import PinCentroid

_POSTS_READ = 2_000  # the newest open posts considered
# Similarity below which a post is not shown at all: closer than the matcher's floor for
# profiles, because a dashboard shows five and each should be worth reading.
_MIN_SIMILARITY = 0.3


@dataclass
class OpportunityMatch:
    """One open post for a profile, its score and the reasons in words."""

    post: Post
    score: float
    reasons: list[str]
    missing: list[Term] = field(default_factory=list)  # processes it asks for that you lack


@dataclass
class _Profile:
    """What a post's requirements are checked against."""

    is_enterprise: bool
    processes: set[int]
    certificates: dict[int, date | None]  # valid today, by certification
    size: str = ""
    state: str = ""
    place: tuple[float, float] | None = None


def opportunities_for(organisation, limit: int = 5, today: date | None = None):
    """The open posts of other organisations that the organisation's profile may take up, best
    first: requests and demand close to what it offers, offers close to what it seeks."""
    today = today or timezone.localdate()
    seeker = services.profile_of(organisation)
    if seeker is None:
        return []
    kind, pk = seeker
    offers = services.stored_vectors(kind, [pk], Aspect.OFFERS).get(pk)
    seeks = services.stored_vectors(kind, [pk], Aspect.SEEKS).get(pk)
    if offers is None and seeks is None:
        return []
    profile = _profile(kind, pk, today)
    terms = Term.objects.only("pk", "kind", "name", "name_hi")
    posts = (
        open_posts(today)
        .exclude(organisation=organisation)
        .prefetch_related(
            Prefetch("processes", queryset=terms),
            Prefetch("required_certifications", queryset=terms),
        )
    )
    if not may_see_category_a(organisation):
        posts = posts.exclude(licence_category=Post.LicenceCategory.A)
    posts = [p for p in posts.order_by("-published_at", "-id")[:_POSTS_READ] if _meets(p, profile)]
    if not posts:
        return []
    vectors = embedder().embed([f"{p.title}. {p.description}" for p in posts])
    language = get_language() or "en"
    found = []
    for post, vector in zip(posts, vectors, strict=True):
        side = seeks if post.offers else offers
        if side is None or (similarity := float(vector @ side)) < _MIN_SIMILARITY:
            continue
        reasons = [_("Offers what you seek") if post.offers else _("Asks for what you offer")]
        wanted = list(post.processes.all())
        covered = [t for t in wanted if t.pk in profile.processes]
        if covered:
            reasons.append(_("Asks for %(what)s, which you do") % {
                "what": ", ".join(t.display_name(language) for t in covered)})  # fmt: skip
        for term in post.required_certifications.all():
            reasons.append(
                _("You hold the %(name)s it requires") % {"name": term.display_name(language)}
            )
        meaning = (similarity - _MIN_SIMILARITY) / (1 - _MIN_SIMILARITY)
        coverage = len(covered) / len(wanted) if wanted else 0.0
        missing = [t for t in wanted if t.pk not in profile.processes]
        found.append(
            OpportunityMatch(post, round(0.7 * meaning + 0.3 * coverage, 4), reasons, missing)
        )
    found.sort(key=lambda m: (-m.score, -m.post.pk))
    found = found[:limit]
    _suggest_facilities(found, profile, language)
    return found


def _suggest_facilities(found: list[OpportunityMatch], profile: _Profile, language: str) -> None:
    """Where an enterprise lacks a process a post needs, name the nearest shared facility that
    offers it (a common facility centre or tool room can do that step)."""
    from udyamsetu.facilities.services import nearest_offering

    missing = {t.pk: t for m in found for t in m.missing}
    if not profile.is_enterprise or not missing:
        return
    nearest = nearest_offering(missing, profile.place)
    for match in found:
        for term in match.missing:
            if term.pk in nearest:
                facility, km = nearest[term.pk]
                match.reasons.append(
                    _("%(facility)s, %(km)d km away, offers the %(process)s you lack")
                    % {"facility": facility.name, "km": round(km),
                       "process": term.display_name(language)}
                )  # fmt: skip


def _profile(kind: str, pk: int, today: date) -> _Profile:
    if kind == "partner":
        partner = PartnerProfile.objects.get(pk=pk)
        return _Profile(False, set(partner.processes.values_list("pk", flat=True)), {})
    enterprise = Enterprise.objects.get(pk=pk)
    held: dict[int, date | None] = {}
    for certificate in enterprise.certificates.all():
        valid = (certificate.valid_from is None or certificate.valid_from <= today) and (
            certificate.valid_until is None or certificate.valid_until >= today
        )
        if valid:
            held[certificate.certification_id] = certificate.valid_until
    centre = PinCentroid.objects.filter(pin=enterprise.pin_code).first()
    return _Profile(
        True, set(enterprise.processes.values_list("pk", flat=True)), held,
        enterprise.size_class, enterprise.state,
        (centre.latitude, centre.longitude) if centre else None,
    )  # fmt: skip


def _meets(post: Post, profile: _Profile) -> bool:
    """Whether the profile meets every hard requirement of the post. A foreign partner meets a
    post only when it asks nothing of Indian enterprises."""
    required = [t.pk for t in post.required_certifications.all()]
    asks_of_enterprises = required or post.size_classes or post.states or post.pin_code
    if not profile.is_enterprise:
        return not asks_of_enterprises
    if any(c not in profile.certificates for c in required):
        return False
    if post.size_classes and profile.size not in post.size_classes:
        return False
    if post.states and profile.state not in post.states:
        return False
    if post.pin_code:
        centre = PinCentroid.objects.filter(pin=post.pin_code).first()
        if centre is None or profile.place is None:
            return False
        km = distance_km(centre.latitude, centre.longitude, *profile.place)
        return km <= (post.radius_km or 100)
    return True
