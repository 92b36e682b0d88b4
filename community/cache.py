"""A Redis cache backend on redis-py's public client, one client per process.

Django's own Redis backend builds a new ``redis.Redis`` for every cache call, and each
one copies redis-py's table of response callbacks (about 0.2 ms here); a signed-in
page makes several cache calls. Making it reuse a client meant reaching into the
backend's private attributes, which any Django upgrade may rename, so this backend is
written on the documented ``BaseCache`` API and ``redis.Redis.from_url`` instead. A
client holds no connection of its own (it borrows from its pool, which redis-py
renews after a fork), so one serves every call. Values are stored as Django's backend
stores them (integers as such, so ``incr`` works; anything else pickled), and the
key's version holds the release (``community.environment.cache_release``), so a new
deploy never unpickles an entry an older one wrote.
"""

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisSerializer


class RedisCache(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        servers = server.split(",") if isinstance(server, str) else server
        # One primary; Django's replica reads are not used here.
        self.client = redis.Redis.from_url(servers[0])
        self.serializer = RedisSerializer()

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else max(0, int(timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            return False  # stored and expired at once, as Django's backend does
        value = self.serializer.dumps(value)
        return bool(self.client.set(key, value, ex=timeout, nx=True))

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        value = self.client.get(key)
        return default if value is None else self.serializer.loads(value)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            self.client.delete(key)
        else:
            self.client.set(key, self.serializer.dumps(value), ex=timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return bool(self.client.persist(key))
        return bool(self.client.expire(key, timeout))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self.client.delete(key))

    def get_many(self, keys, version=None):
        keys_by_name = {
            self.make_and_validate_key(key, version=version): key for key in keys
        }
        if not keys_by_name:
            return {}
        values = self.client.mget(list(keys_by_name))
        return {
            keys_by_name[name]: self.serializer.loads(value)
            for name, value in zip(keys_by_name, values, strict=True)
            if value is not None
        }

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self.client.exists(key))

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        if not self.client.exists(key):
            raise ValueError(f"Key '{key}' not found.")
        return self.client.incr(key, delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        timeout = self.get_backend_timeout(timeout)
        values = {
            self.make_and_validate_key(key, version=version): self.serializer.dumps(
                value
            )
            for key, value in data.items()
        }
        if timeout == 0:
            self.client.delete(*values)
            return []
        pipeline = self.client.pipeline()
        pipeline.mset(values)
        if timeout is not None:
            for key in values:
                pipeline.expire(key, timeout)
        pipeline.execute()
        return []

    def delete_many(self, keys, version=None):
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        if keys:
            self.client.delete(*keys)

    def clear(self):
        return bool(self.client.flushdb())
