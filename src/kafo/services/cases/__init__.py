"""Case files (dossiers / affaires): an investigation and prosecution built
from seizures, with suspects, exhibits and their chain of custody,
investigation steps, charges, hearings and trace requests.

Opening and changing a case is for analysts and national administrators of
the owner country; reading goes through the access filter like every owned
record. The status moves through the table in :mod:`.workflow`.
"""

from kafo.services.cases.evidence import (
    add_custody,
    add_exhibit,
    add_suspect,
    link_trace_request,
)
from kafo.services.cases.loading import MAY_EDIT, case_key
from kafo.services.cases.opening import add_seizures, open_case
from kafo.services.cases.proceedings import add_charge, add_hearing, add_step, decide_charge
from kafo.services.cases.views import case_out, get_case, list_cases
from kafo.services.cases.workflow import TRANSITIONS, move_case

__all__ = [
    "MAY_EDIT",
    "TRANSITIONS",
    "add_charge",
    "add_custody",
    "add_exhibit",
    "add_hearing",
    "add_seizures",
    "add_step",
    "add_suspect",
    "case_key",
    "case_out",
    "decide_charge",
    "get_case",
    "link_trace_request",
    "list_cases",
    "move_case",
    "open_case",
]
