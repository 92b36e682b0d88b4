import os

# The tests in streaming/ need a primary and a streaming replica of it: the test
# in test_streaming_replica.py starts both and runs them in a process of their own.
collect_ignore = [] if os.environ.get("REPLICA_TEST_ROOT") else ["streaming"]
