"""Pure normalisers, comparators and scorers: no database, no web."""
