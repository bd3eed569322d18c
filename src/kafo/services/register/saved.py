"""What follows the recording or update of seizures, wherever they come from
(the API, the CLI, a spreadsheet import): their firearms are checked against
the registries and other seizures, their persons screened against the
watchlists, and their persons' blocking keys kept for identity resolution."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from kafo.model.seizure import Seizure
from kafo.services.actor import Actor
from kafo.services.checks import seized
from kafo.services.identities import keys, screening


def after_save(
    session: Session,
    actor: Actor,
    seizures: Iterable[Seizure],
    replaced: Iterable[uuid.UUID] = (),
) -> None:
    """Check and screen ``seizures``; ``replaced`` are the firearm ids an update dropped."""
    seizures = list(seizures)
    seized.after_save(session, actor, seizures, replaced)
    persons = [link.person for s in seizures for link in s.person_links]
    screening.screen_recorded(session, actor, persons)
    keys.index_persons(session, persons)
