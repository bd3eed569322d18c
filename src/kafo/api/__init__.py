"""The HTTP API: thin FastAPI routers over the services."""

from kafo.api.app import create_app

__all__ = ["create_app"]
