"""Services: one module per capability. Each receives a session and the
acting user, validates, authorises, writes the audit entry and returns typed
results. Adapters (API, CLI, web) call these and nothing below them."""

# Every process keeps the link graph current from a log that each flush
# writes: the listener is registered before any service writes.
import kafo.services.network.changes  # noqa: F401
