"""Responsiveness: the share of enquiries an organisation answers and how fast.

An enquiry is an expression of interest in one of the organisation's posts (answered when
accepted or declined) or a message from the other side of one of its conversations that starts
a turn (answered by the organisation's next message there). Withdrawn expressions do not count;
one still waiting counts only after `RESPONSE_GRACE_DAYS`, so a team is not marked down for an
enquiry that came in this morning. The figures cover the last `RESPONSE_WINDOW_DAYS` and are
recomputed hourly into `Responsiveness` (profiles and the matcher read that row).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from udyamsetu.accounts.models import Organisation
from udyamsetu.marketplace.models import Responsiveness

# Fewer enquiries than this say nothing yet about an organisation.
MINIMUM_ENQUIRIES = 3

_INTERESTS = """
    SELECT p.organisation_id AS responder, i.created_at AS asked_at,
           CASE WHEN i.status IN ('accepted', 'declined') THEN i.decided_at END AS answered_at
    FROM marketplace_interest i JOIN marketplace_post p ON p.id = i.post_id
    WHERE i.created_at >= %(since)s AND i.status <> 'withdrawn'
"""
# A turn starts with a message whose previous message in the thread came from the other side
# (or with the thread's first message); the responder is the other organisation.
_MESSAGES = """
    SELECT t.responder, t.created_at AS asked_at,
           (SELECT min(r.created_at) FROM conversations_message r
            WHERE r.conversation_id = t.conversation_id AND r.sender_organisation_id = t.responder
              AND r.created_at > t.created_at) AS answered_at
    FROM (
        SELECT m.conversation_id, m.created_at, m.sender_organisation_id,
               CASE WHEN c.first_id = m.sender_organisation_id THEN c.second_id
                    ELSE c.first_id END AS responder,
               lag(m.sender_organisation_id) OVER (
                   PARTITION BY m.conversation_id ORDER BY m.created_at, m.id) AS previous
        FROM conversations_message m JOIN conversations_conversation c ON c.id = m.conversation_id
        WHERE m.created_at >= %(since)s
    ) t
    WHERE t.previous IS DISTINCT FROM t.sender_organisation_id
"""


def refresh_responsiveness(now: datetime) -> int:
    """Hourly: recompute every organisation's figures in one statement each way; returns how
    many organisations have figures."""
    enquiries = _INTERESTS
    if apps.is_installed("udyamsetu.conversations"):
        enquiries += " UNION ALL " + _MESSAGES
    params = {
        "since": now - timedelta(days=settings.RESPONSE_WINDOW_DAYS),
        "grace": now - timedelta(days=settings.RESPONSE_GRACE_DAYS),
        "now": now,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM marketplace_responsiveness")
        cursor.execute(
            f"""INSERT INTO marketplace_responsiveness
                    (organisation_id, enquiries, answered, median_seconds, computed_at)
                SELECT responder,
                       count(*) FILTER (WHERE answered_at IS NOT NULL OR asked_at < %(grace)s),
                       count(answered_at),
                       round(percentile_cont(0.5) WITHIN GROUP (
                           ORDER BY extract(epoch FROM answered_at - asked_at))),
                       %(now)s
                FROM ({enquiries}) e
                GROUP BY responder
                HAVING count(*) FILTER (WHERE answered_at IS NOT NULL OR asked_at < %(grace)s) > 0
            """,  # noqa: S608 -- our own fixed SQL fragments; values are parameters
            params,
        )
        return cursor.rowcount


def responsiveness_of(organisation: Organisation | int | None) -> Responsiveness | None:
    """The organisation's figures, or None while it has too few enquiries to judge."""
    if organisation is None:
        return None
    pk = organisation if isinstance(organisation, int) else organisation.pk
    found = Responsiveness.objects.filter(organisation_id=pk).first()
    return found if found and found.enquiries >= MINIMUM_ENQUIRIES else None


def describe(found: Responsiveness | None) -> str:
    """The figures in words: "Answers 9 in 10 enquiries, usually within 5 hours"."""
    if found is None:
        return _("Too few enquiries yet to say how quickly it answers.")
    in_ten = round(found.rate * 10)
    answers = _("Answers %(n)d in 10 enquiries") % {"n": in_ten}
    if not found.median_seconds:
        return answers
    return _("%(answers)s, usually within %(time)s") % {
        "answers": answers,
        "time": duration_words(found.median_seconds),
    }


def duration_words(seconds: int) -> str:
    """A rounded-up duration a person would say: "an hour", "5 hours", "2 days"."""
    hours = -(-seconds // 3600)
    if hours <= 1:
        return _("an hour")
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = -(-hours // 24)
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
