"""Scale-out on real engines: a local PostgreSQL primary with a streaming replica
(``cluster``), the replica tests run against it (``replica_tests``), and
``make scale-check`` (``check``): two app servers behind HAProxy."""
