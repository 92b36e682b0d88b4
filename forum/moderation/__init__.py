"""Moderation and response times: scope, flood control, flags, approval, curation,
suspensions, the audit log and first-response targets."""
