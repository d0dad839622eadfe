"""`{% message_button organisation %}`: the "Message" form on an organisation's public pages."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError
from django.http import Http404

from udyamsetu.conversations import services
from udyamsetu.conversations.forms import StartForm

register = template.Library()


@register.inclusion_tag("conversations/partials/message_button.html", takes_context=True)
def message_button(context: template.Context, organisation) -> dict:
    """Offers to write to `organisation` for the organisation the reader acts for: a link to
    the conversation they already have, or a short form for the first message. Visitors are
    asked to log in; nothing is shown on one's own organisation's pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    acting = getattr(request, "organisation", None)
    shown: dict = {"organisation": organisation, "request": request, "mode": ""}
    if organisation is None or request is None:
        return shown
    if user is None or not user.is_authenticated:
        return {**shown, "mode": "login"}
    if acting is None or acting.pk == organisation.pk:
        return shown
    try:
        services.contactable_organisation(user, acting, pk=organisation.pk)
    except (Http404, ValidationError):
        return shown
    existing = services.existing_conversation(acting, organisation, by=user)
    if existing is not None:
        return {**shown, "mode": "existing", "existing": existing}
    return {**shown, "mode": "form", "acting": acting, "form": StartForm()}
