"""Statistics: a country's IAFQ tables and SDG 16.4.2 figures, and an
operation's consolidated results."""
