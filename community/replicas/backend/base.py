"""The replica's database engine: Django's PostgreSQL engine, plus a report of every
failed connection or query, so the replica is skipped until its next check and the
request that met the failure can be retried on the primary (``middleware``)."""

from django.db import InterfaceError, OperationalError
from django.db.backends.postgresql import base

from community.replicas import health, state

FAILURES = (OperationalError, InterfaceError)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._report_failed_query)

    def ensure_connection(self):
        try:
            super().ensure_connection()
        except FAILURES as error:
            self._report_failure(error)
            raise

    def _report_failed_query(self, execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except FAILURES as error:
            self._report_failure(error)
            raise

    def _report_failure(self, error: Exception) -> None:
        if health.is_checking():
            return
        health.mark_down(self.alias, type(error).__name__)
        state.note_replica_failure(self.alias)
