"""Opportunities and expressions of interest in the API (thin: rules live in services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from udyamsetu.accounts.schemas import ErrorOut
from udyamsetu.accounts.services import visible_organisation
from udyamsetu.enterprises.models import Term
from udyamsetu.marketplace import services
from udyamsetu.marketplace.models import Interest, Post
from udyamsetu.marketplace.schemas import (
    CloseIn,
    DeclineIn,
    InterestIn,
    InterestOut,
    PostIn,
    PostOut,
    RejectIn,
    RenewIn,
    ReportIn,
)

router = Router(tags=["opportunities"])
_TERM_KINDS = {
    "processes": "process",
    "technology_areas": "technology_area",
    "required_certifications": "certification",
    "preferred_certifications": "certification",
}


def _post_out(post: Post, user) -> dict:
    data = {f.name: getattr(post, f.name) for f in Post._meta.concrete_fields}
    for name in services.TERM_FIELDS:
        data[name] = [t.slug for t in getattr(post, name).all()]
    data["id"] = post.pk
    data["poster"] = post.organisation.name if services.shows_poster(post, user) else None
    if not services.is_member(user, post.organisation_id):
        data["rejection_reason"] = ""
    return data


def _acting(request: HttpRequest, organisation_id: int | None):
    return visible_organisation(request.user, pk=organisation_id) if organisation_id else None


@router.get("/opportunities", response=list[PostOut], summary="Open opportunities I may see")
@paginate(LimitOffsetPagination)
def post_list(request: HttpRequest, kind: str | None = None, as_organisation: int | None = None):
    # Category A licences are listed only when acting for an eligible organisation.
    organisation = _acting(request, as_organisation)
    posts = services.open_posts().filter(
        pk__in=services.visible_posts(request.user, organisation).values("pk")
    )
    if kind:
        posts = posts.filter(kind=kind)
    posts = posts.select_related("organisation").prefetch_related(*services.TERM_FIELDS)
    return [_post_out(p, request.user) for p in posts]


@router.get("/opportunities/{post_id}", response={200: PostOut, 404: ErrorOut},
            summary="One opportunity")  # fmt: skip
def post_detail(request: HttpRequest, post_id: int, as_organisation: int | None = None):
    post = services.visible_post(request.user, _acting(request, as_organisation), post_id)
    return _post_out(post, request.user)


def _split(payload: PostIn) -> tuple[dict, dict]:
    data = payload.dict(exclude={"organisation_id", "kind", "submit"})
    terms = {}
    for name, vocabulary in _TERM_KINDS.items():
        slugs = data.pop(name)
        found = list(Term.objects.filter(kind=vocabulary, slug__in=slugs))
        unknown = sorted(set(slugs) - {t.slug for t in found})
        if unknown:
            raise ValidationError({name: f"Unknown {vocabulary} terms: {', '.join(unknown)}"})
        terms[name] = found
    return data, terms


@router.post(
    "/opportunities",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Post an opportunity (a draft, or submitted for review with submit=true)",
)
def post_create(request: HttpRequest, payload: PostIn):
    organisation = visible_organisation(request.user, pk=payload.organisation_id)
    fields, terms = _split(payload)
    post = services.create_post(
        organisation, by=request.user, kind=payload.kind, fields=fields, terms=terms
    )
    if payload.submit:
        post = services.submit_post(post, by=request.user)
    return Status(201, _post_out(post, request.user))


@router.put(
    "/opportunities/{post_id}",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Edit my opportunity (a published one goes back to review)",
)
def post_update(request: HttpRequest, post_id: int, payload: PostIn):
    post = services.own_post(request.user, post_id)
    fields, terms = _split(payload)
    post = services.update_post(post, by=request.user, fields=fields, terms=terms)
    if payload.submit and post.status in (Post.Status.DRAFT, Post.Status.REJECTED):
        post = services.submit_post(post, by=request.user)
    return _post_out(post, request.user)


_ACTION = {200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post("/opportunities/{post_id}/submit", response=_ACTION, summary="Submit for review")
def post_submit(request: HttpRequest, post_id: int):
    post = services.submit_post(services.own_post(request.user, post_id), by=request.user)
    return _post_out(post, request.user)


@router.post("/opportunities/{post_id}/close", response=_ACTION,
             summary="Close my opportunity, or mark it awarded")  # fmt: skip
def post_close(request: HttpRequest, post_id: int, payload: CloseIn):
    post = services.own_post(request.user, post_id)
    return _post_out(
        services.close_post(post, by=request.user, awarded=payload.awarded), request.user
    )


@router.post("/opportunities/{post_id}/renew", response=_ACTION,
             summary="Keep my opportunity open longer (in its last days)")  # fmt: skip
def post_renew(request: HttpRequest, post_id: int, payload: RenewIn):
    post = services.own_post(request.user, post_id)
    return _post_out(services.renew_post(post, by=request.user, until=payload.until), request.user)


@router.post("/opportunities/{post_id}/publish", response=_ACTION,
             summary="Publish a submitted opportunity (officials who review)")  # fmt: skip
def post_publish(request: HttpRequest, post_id: int):
    post = services.post_for_review(request.user, post_id)
    return _post_out(services.publish_post(post, by=request.user), request.user)


@router.post("/opportunities/{post_id}/reject", response=_ACTION,
             summary="Reject an opportunity with a reason (officials who review)")  # fmt: skip
def post_reject(request: HttpRequest, post_id: int, payload: RejectIn):
    post = services.post_for_review(request.user, post_id)
    return _post_out(
        services.reject_post(post, by=request.user, reason=payload.reason), request.user
    )


@router.post("/opportunities/{post_id}/reports",
             response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Report an opportunity as spam or fake")  # fmt: skip
def post_report(request: HttpRequest, post_id: int, payload: ReportIn):
    post = services.visible_post(request.user, None, post_id)
    services.report_post(post, by=request.user, reason=payload.reason, note=payload.note)
    return Status(204, None)


def _interest_out(interest: Interest) -> dict:
    return {
        **{f.attname: getattr(interest, f.attname) for f in Interest._meta.concrete_fields},
        "post": interest.post_id,
        "organisation": interest.organisation.name,
        "attachments": [
            reverse("marketplace:interest_file", args=[interest.pk, f.pk])
            for f in interest.attachments.all()
        ],
    }


@router.post(
    "/opportunities/{post_id}/interests",
    response={201: InterestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Express interest in an opportunity (one per organisation)",
)
def interest_create(request: HttpRequest, post_id: int, payload: InterestIn):
    organisation = visible_organisation(request.user, pk=payload.organisation_id)
    post = services.visible_post(request.user, organisation, post_id)
    interest = services.send_interest(
        post, by=request.user, organisation=organisation, summary=payload.summary,
        proposal=payload.proposal,
    )  # fmt: skip
    return Status(201, _interest_out(interest))


@router.get("/opportunities/{post_id}/interests", response={200: list[InterestOut], 404: ErrorOut},
            summary="Expressions of interest in my opportunity")  # fmt: skip
def interest_list(request: HttpRequest, post_id: int):
    post = services.own_post(request.user, post_id)
    return [_interest_out(i) for i in services.interests_in(post, request.user)]


_ANSWER = {200: InterestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post("/interests/{interest_id}/accept", response=_ANSWER,
             summary="Accept an expression of interest (opens a conversation)")  # fmt: skip
def interest_accept(request: HttpRequest, interest_id: int):
    interest = services.visible_interest(request.user, interest_id)
    return _interest_out(services.accept_interest(interest, by=request.user))


@router.post("/interests/{interest_id}/decline", response=_ANSWER,
             summary="Decline an expression of interest")  # fmt: skip
def interest_decline(request: HttpRequest, interest_id: int, payload: DeclineIn):
    interest = services.visible_interest(request.user, interest_id)
    return _interest_out(
        services.decline_interest(interest, by=request.user, reason=payload.reason)
    )


@router.post("/interests/{interest_id}/withdraw", response=_ANSWER,
             summary="Withdraw my organisation's expression of interest")  # fmt: skip
def interest_withdraw(request: HttpRequest, interest_id: int):
    interest = services.visible_interest(request.user, interest_id)
    return _interest_out(services.withdraw_interest(interest, by=request.user))
