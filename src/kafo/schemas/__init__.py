"""Pydantic v2 schemas: the contract shared by the API, the importers and
the services. Inputs forbid unknown fields; every error names its field."""
