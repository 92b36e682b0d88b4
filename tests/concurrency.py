"""Two runs of a scheduled job at once, each in a thread with its own database
connection (PostgreSQL, in a `transaction=True` test)."""

import threading
from collections.abc import Callable

WAIT_SECONDS = 10


def in_thread(run: Callable, errors: list) -> threading.Thread:
    """Start ``run`` in a thread that records what it raises and closes its
    connection (the server would otherwise keep the session, and its locks)."""
    from django.db import connection

    def target():
        try:
            run()
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def run_twice_at_once(run: Callable, *, holding: tuple, monkeypatch) -> None:
    """Start ``run``, hold it inside ``holding`` (a module and the name of a step
    the job calls through it) while a second ``run`` starts and ends, then let the
    first finish. Raises the first error either run raised."""
    module, name = holding
    step = getattr(module, name)
    inside, release = threading.Event(), threading.Event()
    calls = []

    def held(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            inside.set()
            release.wait(WAIT_SECONDS)
        return step(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    errors: list = []
    first = in_thread(run, errors)
    try:
        assert inside.wait(WAIT_SECONDS), "the first run never reached its step"
        in_thread(run, errors).join(WAIT_SECONDS)
    finally:
        release.set()
        first.join(WAIT_SECONDS)
    if errors:
        raise errors[0]
