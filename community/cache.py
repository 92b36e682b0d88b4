"""Django's Redis cache, with one redis-py client per connection pool.

Django builds a new ``redis.Redis`` for every cache call, and each one copies
redis-py's table of response callbacks; a signed-in page makes a dozen cache calls,
so that copying cost about a tenth of the page's time. Clients hold no connection of
their own (they borrow from the pool), so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
