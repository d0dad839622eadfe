"""The partnership pipeline in the API: an organisation's pipelines, recording a step, the
other side's answer, and the officials' figures. Everything about a pair the caller is not part
of is 404."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Status

from udyamsetu.accounts.models import Organisation
from udyamsetu.accounts.schemas import ErrorOut
from udyamsetu.accounts.services import organisations_of, visible_organisation
from udyamsetu.partnerships import services
from udyamsetu.partnerships.models import Partnership, Step
from udyamsetu.partnerships.schemas import DeclineIn, PartnershipOut, StepIn, StepOut, SummaryOut

router = Router(tags=["partnerships"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _org(organisation: Organisation) -> dict:
    return {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug}


def _step(step: Step, partnership: Partnership) -> dict:
    pending = step.status == Step.Status.PENDING
    return {
        **{f: getattr(step, f) for f in ("id", "stage", "label", "occurred_on", "agreement_type",
                                         "value_rupees", "note", "status", "decline_reason",
                                         "created_at", "answered_at")},
        "recorded_for": _org(step.recorded_for),
        "awaiting": _org(partnership.other_than(step.recorded_for_id)) if pending else None,
    }  # fmt: skip


def _partnership(partnership: Partnership) -> dict:
    return {
        "id": partnership.pk,
        "organisations": [_org(partnership.first), _org(partnership.second)],
        "stage": partnership.stage,
        "stage_reached_on": partnership.stage_reached_on,
        "meeting_on": partnership.meeting_on,
        "steps": [_step(s, partnership) for s in services.steps_of(partnership)],
    }


@router.get("/partnerships", response=list[PartnershipOut], summary="My organisations' pipelines")
def partnership_list(request: HttpRequest, as_organisation: int | None = None):
    mine = (
        [visible_organisation(request.user, pk=as_organisation)]
        if as_organisation
        else list(organisations_of(request.user))
    )
    seen: dict[int, Partnership] = {}
    for organisation in mine:
        for partnership in services.partnerships_of(request.user, organisation)[:200]:
            seen.setdefault(partnership.pk, partnership)
    return [_partnership(p) for p in seen.values()]


@router.get("/partnerships/summary", response={200: SummaryOut, 403: ErrorOut},
            summary="Officials: partnership figures (confirmed steps only)")  # fmt: skip
def partnership_summary(request: HttpRequest, since: date | None = None):
    return services.summary(request.user, since=since)


@router.get("/partnerships/{int:partnership_id}", response={200: PartnershipOut, 404: ErrorOut},
            summary="One pipeline with its steps")  # fmt: skip
def partnership_detail(request: HttpRequest, partnership_id: int):
    return _partnership(services.visible_partnership(request.user, partnership_id))


@router.post(
    "/partnerships/steps",
    response={200: StepOut, 201: StepOut, **_ERRORS},
    summary="Record a step (201), or confirm the same step the other side recorded (200)",
)
def step_record(request: HttpRequest, payload: StepIn):
    organisation = visible_organisation(request.user, pk=payload.organisation_id)
    partner = Organisation.objects.filter(pk=payload.partner_id, is_active=True).first()
    if partner is None:
        raise Http404
    step = services.record_step(
        organisation, partner, by=request.user, stage=payload.stage,
        occurred_on=payload.occurred_on, agreement_type=payload.agreement_type,
        value_rupees=payload.value_rupees, note=payload.note,
    )  # fmt: skip
    partnership = step.partnership
    created = step.recorded_for_id == organisation.pk
    return Status(201 if created else 200, _step(step, partnership))


def _answer(request: HttpRequest, step_id: int, action, **kwargs) -> dict:
    step = action(services.visible_step(request.user, step_id), by=request.user, **kwargs)
    return _step(step, Partnership.objects.select_related("first", "second").get(
        pk=step.partnership_id))  # fmt: skip


@router.post("/partnerships/steps/{step_id}/confirm", response={200: StepOut, **_ERRORS},
             summary="Confirm a step the other side recorded")  # fmt: skip
def step_confirm(request: HttpRequest, step_id: int):
    return _answer(request, step_id, services.confirm_step)


@router.post("/partnerships/steps/{step_id}/decline", response={200: StepOut, **_ERRORS},
             summary="Say a step the other side recorded is not right")  # fmt: skip
def step_decline(request: HttpRequest, step_id: int, payload: DeclineIn):
    return _answer(request, step_id, services.decline_step, reason=payload.reason)


@router.post("/partnerships/steps/{step_id}/withdraw", response={200: StepOut, **_ERRORS},
             summary="Take back a step your side recorded, while it waits")  # fmt: skip
def step_withdraw(request: HttpRequest, step_id: int):
    return _answer(request, step_id, services.withdraw_step)
