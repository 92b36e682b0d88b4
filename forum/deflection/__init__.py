"""Support journeys, tickets and the managers' deflection report.

The request path calls ``services.record_search``/``record_event``; everything else
(journey outcomes, daily aggregates, deliveries to the helpdesk) happens in background
jobs and management commands.
"""
