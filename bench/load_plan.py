"""What the load scenario visits, and as whom: run with the load settings before
gunicorn starts, it writes a JSON plan (pages, search queries, and signed-in session
cookies for many seeded customers, so per-member flood limits stay realistic).

    python -m bench.load_plan PLAN.json --customers 200
"""

import argparse
import json
import sys

SEARCH_QUERIES = [
    "modem restart",
    "nbn dropout evening",
    "esim transfer",
    "refund charge",
    "wifi slow",
    "roaming data plan",
    "voicemail sms",
    "firmware update router",
    "battery warranty repair",
    "international travel prepaid",
]


def _session_cookie_value(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def build_plan(*, customers: int, threads: int) -> dict:
    """Board and thread addresses, queries, and one session per seeded customer."""
    from django.conf import settings

    from accounts.models import Role, User
    from forum.models import Board, Thread

    members = User.objects.filter(
        role=Role.CUSTOMER, is_active=True, username__startswith="bulk"
    ).order_by("pk")[:customers]
    open_threads = Thread.objects.filter(
        is_hidden=False, is_approved=True, is_locked=False
    ).order_by("pk")
    ids = list(open_threads.values_list("pk", flat=True))
    # Every n-th thread: spread over boards, ages and sizes, the same on every run.
    chosen = ids[:: max(1, len(ids) // threads)][:threads]
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": [_session_cookie_value(member) for member in members],
        "boards": [board.get_absolute_url() for board in Board.objects.all()],
        "threads": [
            {"id": thread.pk, "path": thread.get_absolute_url()}
            for thread in open_threads.filter(pk__in=chosen)
        ],
        "searches": SEARCH_QUERIES,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan_file")
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--threads", type=int, default=300)
    args = parser.parse_args(argv)
    import django

    django.setup()
    plan = build_plan(customers=args.customers, threads=args.threads)
    if not plan["sessions"] or not plan["threads"]:
        raise SystemExit("The load database has no seeded customers or threads.")
    with open(args.plan_file, "w", encoding="utf-8") as out:
        json.dump(plan, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
