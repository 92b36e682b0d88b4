"""The full rebuild of journeys and daily aggregates, set-based.

``build_deflection_stats(full=True)`` recomputes every journey from all its events
and every day still within retention. Done journey by journey in Python (the
incremental path, outcomes.py) that is minutes of work at a million journeys, so the
full rebuild computes the very same fields with a few SQL statements instead:

1. the events, numbered in time order within their journey (one window pass);
2. per journey: counts, first and last times, who and which board, the ticket rule
   and the ``details`` facts, upserted into the journey table in one statement;
3. every day's aggregates from the journey rows: GROUP BY day and board (and query,
   or thread, read from each journey's ``details``).

The rules are those of ``outcomes.summarise_journey`` and ``aggregation.rebuild_day``;
tests/deflection/test_aggregation.py holds both paths to the same numbers on SQLite
and PostgreSQL. Only SQL that both databases understand is used, except for the few
JSON and date functions chosen in ``_Dialect``.

The package: ``dialect`` (the SQL the two databases differ on), ``journeys`` (step 2),
``daily`` (step 3) and ``rebuild`` (the whole run, step 1 included).
"""

from forum.deflection.services.full_rebuild.daily import board_totals
from forum.deflection.services.full_rebuild.rebuild import rebuild_everything

__all__ = ["board_totals", "rebuild_everything"]
