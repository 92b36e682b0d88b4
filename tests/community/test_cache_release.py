"""Cache keys carry the release, so a new deploy never unpickles an old entry."""

import environ
from django.core.cache.backends.locmem import LocMemCache

from community.environment import cache_release, cache_settings


def env_with(monkeypatch, **variables) -> environ.Env:
    for name in ("CACHE_RELEASE", "CACHE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return environ.Env()


def a_checkout(folder, model_source: str):
    (folder / "forum").mkdir(parents=True, exist_ok=True)
    (folder / "forum" / "models.py").write_text(model_source)
    (folder / "requirements.txt").write_text("Django==5.2.19\n")
    return folder


def test_the_release_set_by_the_deploy_wins(monkeypatch, tmp_path):
    env = env_with(monkeypatch, CACHE_RELEASE="a1b2c3")

    assert cache_release(env, a_checkout(tmp_path, "class Thread: ...")) == "a1b2c3"


def test_changed_code_is_a_new_release_and_the_same_code_the_same(
    monkeypatch, tmp_path
):
    env = env_with(monkeypatch)
    old = cache_release(env, a_checkout(tmp_path / "old", "class Thread: ..."))
    same = cache_release(env, a_checkout(tmp_path / "same", "class Thread: ..."))
    new = cache_release(env, a_checkout(tmp_path / "new", "class Thread: x = 1"))

    assert old == same
    assert new != old


def test_changed_requirements_are_a_new_release(monkeypatch, tmp_path):
    env = env_with(monkeypatch)
    checkout = a_checkout(tmp_path, "class Thread: ...")
    before = cache_release(env, checkout)
    (checkout / "requirements.txt").write_text("Django==6.0\n")

    assert cache_release(env, checkout) != before


def test_a_changed_template_is_a_new_release(monkeypatch, tmp_path):
    env = env_with(monkeypatch)
    checkout = a_checkout(tmp_path, "class Thread: ...")
    (checkout / "templates").mkdir()
    (checkout / "templates" / "base.html").write_text("<main></main>")
    before = cache_release(env, checkout)
    (checkout / "templates" / "base.html").write_text("<main id=content></main>")

    assert cache_release(env, checkout) != before


def test_every_cache_backend_s_keys_carry_the_release(monkeypatch):
    for variables in ({}, {"REDIS_URL": "redis://127.0.0.1:6379/1"}):
        caches = cache_settings(env_with(monkeypatch, **variables), release="r2")

        assert "r2" in caches["default"]["KEY_PREFIX"]


def test_a_new_release_does_not_read_what_the_old_one_stored():
    def cache_of(release: str) -> LocMemCache:
        settings = cache_settings(environ.Env(), release=release)["default"]
        return LocMemCache("shared-store", {"KEY_PREFIX": settings["KEY_PREFIX"]})

    cache_of("r1").set("page:thread:1", "an object pickled by release 1")

    assert cache_of("r2").get("page:thread:1") is None
    assert cache_of("r1").get("page:thread:1") == "an object pickled by release 1"
