"""What the report pages, their API endpoints and the subscription page read:
``community`` and ``search`` for the reports, ``subscriptions`` for the summaries."""

from forum.reports.selectors.subscriptions import subscriptions_of

__all__ = ["subscriptions_of"]
