"""The open firearm reference and the reader of free-text descriptions.

Pure: no database, no web. The register, record checks, tracing and
statistics all describe a firearm the same way through this package:
category, make, model, calibre and country of manufacture, each with its
confidence and the words that support it.
"""
