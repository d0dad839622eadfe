"""Who may see a post, its poster and its matches, and through which lookups the pages and the
API fetch posts (each 404s for those who may not see it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.services import is_member, organisations_of
from udyamsetu.enterprises.models import Enterprise
from udyamsetu.marketplace.models import Interest, Post

REVIEW = "marketplace.review_post"


def may_see_category_a(organisation: Organisation | None) -> bool:
    """Category A licences (military only) are offered to Indian enterprises alone, and only to
    those whose registration documents an official has checked: an unverified claim is not
    enough to learn that a military technology is on offer."""
    if organisation is None or organisation.kind != Organisation.Kind.ENTERPRISE:
        return False
    return Enterprise.objects.filter(
        organisation=organisation,
        verification_level__gte=Enterprise.Verification.DOCUMENTS_CHECKED,
    ).exists()


def open_posts(today=None) -> QuerySet[Post]:
    """Published posts that have not expired."""
    today = today or timezone.localdate()
    return Post.objects.filter(status=Post.Status.PUBLISHED).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def visible_posts(user, organisation: Organisation | None = None) -> QuerySet[Post]:
    """The posts a user may read: open ones (category A only when `organisation`, the one the
    user acts for, may see them), their own organisations' in any status, and every post for
    officials who review posts."""
    if user.is_authenticated and user.has_perm(REVIEW):
        return Post.objects.all()
    posts = open_posts()
    if not may_see_category_a(organisation):
        posts = posts.exclude(licence_category=Post.LicenceCategory.A)
    if user.is_authenticated:
        posts = posts | Post.objects.filter(organisation__in=organisations_of(user))
    return posts.distinct()


def visible_post(user, organisation: Organisation | None, pk: int) -> Post:
    """One post the user may read, or 404 (never 403: outsiders cannot learn what exists)."""
    post = visible_posts(user, organisation).select_related("organisation").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def post_for_matches(user, pk: int) -> Post:
    """A post whose matches the user may see: its own organisation's members and reviewing
    officials only; 404 for everyone else, whether or not the post is public."""
    if not user.is_authenticated:
        raise Http404
    posts = Post.objects.select_related("organisation")
    if not user.has_perm(REVIEW):
        posts = posts.filter(organisation__in=organisations_of(user))
    post = posts.filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def own_post(user, pk: int, *, for_update: bool = False) -> Post:
    """A post of one of the user's organisations (its team may edit, submit, close, renew it
    and answer interest in it); 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    posts = Post.objects.select_related("organisation").filter(
        organisation__in=organisations_of(user)
    )
    if for_update:
        posts = posts.select_for_update(of=("self",))
    post = posts.filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def post_for_review(user, pk: int) -> Post:
    """A post an official may review; 404 for those without the review permission."""
    if not (user.is_authenticated and user.has_perm(REVIEW)):
        raise Http404
    post = Post.objects.select_related("organisation").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def shows_poster(post: Post, user) -> bool:
    """Whether the reader may see who posted: always, unless the post is anonymous and the
    reader is neither of the poster's organisation, nor of an organisation whose interest the
    poster accepted, nor a reviewing official."""
    if not post.is_anonymous:
        return True
    if not user.is_authenticated:
        return False
    if user.has_perm(REVIEW) or is_member(user, post.organisation_id):
        return True
    return Interest.objects.filter(
        post=post, status=Interest.Status.ACCEPTED, organisation__in=organisations_of(user)
    ).exists()
