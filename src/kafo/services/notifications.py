"""Hit notifications: what the owner country of a matched record is told.

Only users of the recipient country see a notification. Marking one as
seen is audited; notifications are never deleted.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kafo.model.registry import HitNotification
from kafo.schemas.checks import NotificationOut
from kafo.services import audit
from kafo.services.actor import Actor
from kafo.services.checks.service import SOURCE_NAMES
from kafo.services.errors import NotFound
from kafo.timeutil import utcnow


def _out(n: HitNotification) -> NotificationOut:
    return NotificationOut(
        id=n.id,
        record_source=SOURCE_NAMES[n.record_source],
        record_id=n.record_id,
        querying_country=n.querying_country,
        querying_agency=n.querying_agency,
        querying_user=n.querying_user,
        query_serial=n.query_serial,
        context=n.context,
        match_kind=n.match_kind,
        score=n.score,
        created_at=n.created_at,
        seen_at=n.seen_at,
    )


def inbox(
    session: Session, actor: Actor, *, unseen: bool = False, limit: int = 100
) -> list[NotificationOut]:
    """The newest notifications addressed to the actor's country."""
    if actor.country is None:
        return []
    stmt = select(HitNotification).where(HitNotification.recipient_country == actor.country)
    if unseen:
        stmt = stmt.where(HitNotification.seen_at.is_(None))
    stmt = stmt.order_by(HitNotification.created_at.desc(), HitNotification.id.desc()).limit(limit)
    return [_out(n) for n in session.scalars(stmt)]


def mark_seen(session: Session, actor: Actor, notification_id: uuid.UUID) -> NotificationOut:
    n = session.get(HitNotification, notification_id)
    if n is None or n.recipient_country != actor.country:
        raise NotFound(f"no notification {notification_id}")
    if n.seen_at is None:
        n.seen_at = utcnow()
        session.add(audit.event(actor, "seen", "hit_notification", n.id, n.recipient_country))
        session.flush()
    return _out(n)
