"""The seizure register: record, update, read and list seizures with their
items, people and vehicles."""

from kafo.services.register.query import SeizureFilter, get_seizure, list_seizures
from kafo.services.register.record import record_seizure, update_seizure

__all__ = ["SeizureFilter", "get_seizure", "list_seizures", "record_seizure", "update_seizure"]
