"""The cache backend, session store and after-commit renewals, on public APIs."""

import os

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction

from community.cache import RedisCache
from community.sessions import SessionStore
from forum import caching

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(monkeypatch):
    def fail(*args, **kwargs):
        raise ConnectionError("cache down")

    cache = caches["default"]
    for method in ("get", "set", "delete", "add", "get_many", "set_many"):
        monkeypatch.setattr(cache, method, fail)


def test_a_session_is_read_from_its_cached_copy_and_then_from_the_row():
    store = SessionStore()
    store["member"] = 7
    store.save()

    assert SessionStore(store.session_key).load() == {"member": 7}  # cached at save
    Session.objects.filter(session_key=store.session_key).update(
        session_data=SessionStore().encode({"member": 8})
    )
    assert SessionStore(store.session_key).load() == {"member": 7}  # cached copy
    SessionStore(store.session_key).delete()
    assert SessionStore(store.session_key).load() == {}


def test_sessions_keep_working_while_the_cache_is_down(cache_down):
    store = SessionStore()
    store["member"] = 7
    store.save()

    assert SessionStore(store.session_key).load() == {"member": 7}
    SessionStore(store.session_key).delete()
    assert not Session.objects.filter(session_key=store.session_key).exists()


def test_a_transaction_of_many_writes_renews_its_generations_once_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    renewals = []
    monkeypatch.setattr(caching, "_renew", lambda keys: renewals.append(set(keys)))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        caching.forget_threads([1], [10])
        caching.forget_threads([2], [10])
        caching.forget_site()

    at_once, after_commit = renewals[:3], renewals[3:]
    assert len(at_once) == 3
    assert len(after_commit) == 1
    # Keys of an earlier rolled-back transaction (another test's) may ride along.
    assert {"gen:thread:1", "gen:thread:2", "gen:board:10", caching.SITE} <= (
        after_commit[0]
    )


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server")
def test_the_redis_backend_answers_as_django_s_own():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "backend-test"})
    cache.clear()

    cache.set("page", {"html": "<p>hi</p>"}, 60)
    assert cache.get("page") == {"html": "<p>hi</p>"}
    assert cache.add("page", "other") is False
    assert cache.add("count", 1) is True
    assert cache.incr("count", 2) == 3
    assert cache.get_many(["page", "count", "missing"]) == {
        "page": {"html": "<p>hi</p>"},
        "count": 3,
    }
    cache.set_many({"a": 1, "b": 2}, 60)
    cache.delete_many(["a", "page"])
    assert cache.get_many(["a", "b", "page"]) == {"b": 2}
    assert cache.touch("b", None) is True
    assert cache.delete("b") is True
    with pytest.raises(ValueError):
        cache.incr("missing")
