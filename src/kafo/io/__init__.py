"""Formats in and out: spreadsheets and CSV for now."""
