"""The ``kafo`` command line: a thin Typer adapter over the services."""
