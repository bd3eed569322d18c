"""Services: one module per capability. Each receives a session and the
acting user, validates, authorises, writes the audit entry and returns typed
results. Adapters (API, CLI, web) call these and nothing below them."""
