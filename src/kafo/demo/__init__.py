"""The synthetic operation: a deterministic KAFO-like week at real border
posts, with planted identities, networks and firearm batches whose ground
truth is written beside the database."""
