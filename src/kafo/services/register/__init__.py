"""The seizure register: record, update, read and list seizures with their
items, people and vehicles."""

from kafo.services.register.query import SeizureFilter, get_seizure, list_seizures
from kafo.services.register.record import Recorded, record_seizure, update_seizure
from kafo.services.register.views import seizure_out

__all__ = [
    "Recorded",
    "SeizureFilter",
    "get_seizure",
    "list_seizures",
    "record_seizure",
    "seizure_out",
    "update_seizure",
]
