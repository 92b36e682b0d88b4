"""Read replicas: the read-only work of GET requests goes to PostgreSQL streaming
replicas (``DATABASE_REPLICA_URLS``), everything else stays on the primary.

- ``config``: the replica aliases built from the environment, and what is wrong
  with a URL that cannot be one (reported by ``manage.py check --deploy``).
- ``state``: what the current request may read from where (a context variable).
- ``router``: the database router that applies it.
- ``health``: whether a replica may serve, measured on the replica itself (in
  recovery, streaming, lag under the bound), re-checked every few seconds.
- ``middleware``: opens the request's scope, keeps a visitor who just wrote on the
  primary for a while (read-your-writes), and retries a GET on the primary when
  its replica fails mid-request.
- ``backend``: the replica's database engine, which reports such failures.

docs/deploy.md, "Read replicas", is the operator's side of it.
"""
