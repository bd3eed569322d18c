"""Link analysis: the network of persons, firearms, vehicles, phones,
documents, seizures, places, watchlist entries and cases that the records
themselves draw, as each user may see it."""
