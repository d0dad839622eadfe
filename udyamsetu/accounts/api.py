"""API for the current user and their organisations (thin: rules live in services.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from udyamsetu.accounts import services
from udyamsetu.accounts.models import Membership
from udyamsetu.accounts.schemas import (
    ErrorOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MeOut,
    OrganisationIn,
    OrganisationOut,
)

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The authenticated user and their organisations")
def me(request: HttpRequest):
    user = request.user
    memberships = services.memberships_of(user)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "timezone": user.timezone,
        "memberships": list(memberships),
    }


@router.get("/organisations", response=list[OrganisationOut], summary="My organisations")
def organisation_list(request: HttpRequest):
    return services.organisations_of(request.user)


@router.post(
    "/organisations",
    response={201: OrganisationOut, 400: ErrorOut, 403: ErrorOut},
    summary="Create an organisation (you become its owner)",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    return Status(201, services.create_organisation(request.user, **payload.dict()))


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="One of my organisations",
)
def organisation_detail(request: HttpRequest, organisation_id: int):
    return services.visible_organisation(request.user, pk=organisation_id)


@router.get(
    "/organisations/{organisation_id}/members",
    response={200: list[MemberOut], 404: ErrorOut},
    summary="Members of one of my organisations",
)
def member_list(request: HttpRequest, organisation_id: int):
    organisation = services.visible_organisation(request.user, pk=organisation_id)
    return services.members_of(organisation)


@router.post(
    "/organisations/{organisation_id}/invitations",
    response={201: InvitationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Invite someone by e-mail (owners only)",
)
def member_invite(request: HttpRequest, organisation_id: int, payload: InvitationIn):
    organisation = services.visible_organisation(request.user, pk=organisation_id)
    invitation = services.invite_member(
        organisation,
        by=request.user,
        email=payload.email,
        role=payload.role,
        accept_url_builder=request.build_absolute_uri,
    )
    return Status(201, invitation)


@router.delete(
    "/organisations/{organisation_id}/members/{membership_id}",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a member (owners), or leave (yourself)",
)
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int):
    organisation = services.visible_organisation(request.user, pk=organisation_id)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    services.remove_member(organisation, by=request.user, membership=membership)
    return Status(204, None)
