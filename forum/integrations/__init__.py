"""Outgoing webhooks for integrations (CRM, helpdesk, chat): administrators register
endpoints in the admin; events are delivered through the deflection module's outbox
(signed, retried with backoff, recorded)."""
